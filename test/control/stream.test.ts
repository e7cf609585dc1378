import { test } from 'node:test';
import assert from 'node:assert/strict';
import WebSocket from 'ws';
import { STREAM_CLOSE_SLOW } from '../../src/control/stream-hub.js';
import type { DecisionRecord } from '../../src/control/state-source.js';
import { decodeEnvelope } from '../../src/schema/decode-envelope.js';
import type { JournalRecord } from '../../src/schema/record-body.js';
import { http, startRigServer, TOKEN, waitFor } from './support/control-fixture.js';
import { RawWsClient } from './support/raw-ws-client.js';

interface Msg { type: string; [k: string]: unknown }

/** A ws client that keeps every message; `closed` resolves with the close code. */
function openClient(port: number, query = '?encoding=json', headers: Record<string, string> = {}): Promise<{ ws: WebSocket; messages: Msg[]; closed: Promise<number> }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/stream${query}`, { headers, handshakeTimeout: 5000 });
    const messages: Msg[] = [];
    const closed = new Promise<number>((r) => ws.once('close', (code) => r(code)));
    ws.on('message', (data) => messages.push(JSON.parse(String(data)) as Msg));
    ws.once('open', () => resolve({ ws, messages, closed }));
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.once('error', reject);
  });
}

const decisionsOf = (messages: Msg[]): DecisionRecord[] => messages.filter((m) => m.type === 'decisions').flatMap((m) => m['decisions'] as DecisionRecord[]);

test('when a client connects then it gets hello and the state, then each decision once and the state when it changes', async () => {
  const { rig, server } = await startRigServer();
  const c = await openClient(server.port);
  try {
    await waitFor(() => c.messages.length >= 2, 'hello and state');
    assert.equal(c.messages[0]!.type, 'hello');
    assert.equal(c.messages[0]!['encoding'], 'json');
    assert.equal(c.messages[1]!.type, 'state');
    rig.snapshots(5, 1, 0);
    rig.order(6, 'o1', 'buy', 2);
    rig.order(7, 'o2', 'buy', 9);
    await waitFor(() => decisionsOf(c.messages).length === 2, 'two decisions');
    const [d1, d2] = decisionsOf(c.messages);
    assert.deepEqual(d1, { seq: 1, at: 6, kind: 'order', orderId: 'o1', symbol: 'BTCUSDT', side: 'buy', qty: 2, price: 100, decision: 'approve', reason: 'APPROVED' });
    assert.equal(d2!.reason, 'POSITION_LIMIT');
    await waitFor(() => c.messages.some((m) => m.type === 'state' && (m['state'] as { time: number }).time === 7), 'the new state');
    const st = c.messages.filter((m) => m.type === 'state').at(-1)!;
    const btc = (st['state'] as { instruments: { estPosMin: number; openBuy: number }[] }).instruments[0]!;
    assert.equal(btc.estPosMin, 1);
    assert.equal(btc.openBuy, 2);
    assert.equal((st['latency'] as { count: number }).count, 2);
    assert.equal((await http(server.port, 'GET', '/health')).body.includes('"streamClients":1'), true);
  } finally {
    c.ws.close();
    await c.closed;
    server.stop();
  }
});

test('when a stream client asks for an unknown encoding or comes from another origin then the upgrade is refused', async () => {
  const { server } = await startRigServer();
  try {
    await assert.rejects(openClient(server.port, '?encoding=xml'), /HTTP 400/);
    await assert.rejects(openClient(server.port, '', { origin: 'http://evil.example' }), /HTTP 403/);
    const same = await openClient(server.port, '?encoding=json', { origin: `http://127.0.0.1:${server.port}` });
    same.ws.close();
    await same.closed;
  } finally {
    server.stop();
  }
});

test('when a client never reads then it is dropped with 4008 and counted, while the producer and a reading client carry on', async () => {
  const { rig, server } = await startRigServer({ streamMaxBufferedBytes: 64 * 1024 });
  const slow = await RawWsClient.open(server.port, '/stream?encoding=json');
  slow.socket.pause(); // never reads again (until the end, to see its close frame)
  const fast = await openClient(server.port);
  try {
    rig.snapshots(1);
    rig.gate.request({ type: 'kill', mode: 'halt' }); // every order below is denied: no order slot is used
    // At least 60,000 decisions (~400 bytes each: tens of MB, far past the socket buffers), and
    // more until the slow client is dropped: how much the kernel's loopback buffers absorb before
    // a client falls behind varies with load (bounded at ten times that).
    const total = 60_000;
    const pad = 'x'.repeat(200);
    let made = 0;
    while (made < total || (server.stats.streamDrops === 0 && made < 10 * total)) {
      for (let k = 0; k < 1000; k++, made++) rig.order(2, `order-${made}-${pad}`, 'buy', 1);
      await new Promise((r) => setImmediate(r)); // let the server tick between batches
    }
    assert.ok(made >= total, 'the producer was never held up');
    await waitFor(() => server.stats.streamDrops === 1, 'the slow client dropped', 10_000);
    const last = rig.log.lastSeq;
    await waitFor(() => decisionsOf(fast.messages).at(-1)?.seq === last, 'the reading client to get the last decision', 10_000);
    assert.equal(fast.ws.readyState, WebSocket.OPEN, 'the reading client is still connected');
    const metrics = (await http(server.port, 'GET', '/metrics')).body;
    assert.match(metrics, /^riskgate_stream_dropped_clients_total 1$/m);
    assert.match(metrics, /^riskgate_stream_clients 1$/m);
    // Read what was queued for the slow client: it ends with our close frame.
    slow.socket.resume();
    await waitFor(() => slow.closeCode !== undefined, 'the close frame', 10_000);
    assert.equal(slow.closeCode, STREAM_CLOSE_SLOW);
  } finally {
    slow.destroy();
    fast.ws.close();
    await fast.closed;
    server.stop();
  }
});

test('when the server stops then stream clients are closed with 1001', async () => {
  const { server } = await startRigServer();
  const c = await openClient(server.port);
  server.stop();
  assert.equal(await c.closed, 1001);
});

test('when a client asks for no encoding then it gets the schema\'s FlatBuffers envelopes, decoded by the generated code', async () => {
  const { rig, server } = await startRigServer();
  const records: JournalRecord[] = [];
  const ws = new WebSocket(`ws://127.0.0.1:${server.port}/stream`, { handshakeTimeout: 5000 });
  const closed = new Promise<void>((r) => ws.once('close', () => r()));
  ws.on('message', (data, isBinary) => {
    assert.equal(isBinary, true);
    records.push(decodeEnvelope(new Uint8Array(data as Buffer)));
  });
  try {
    await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
    await waitFor(() => records.length >= 2, 'hello and state');
    assert.equal(records[0]!.body.kind, 'header');
    assert.match((records[0]!.body as { writer: string }).writer, /^riskgate control stream/);
    assert.equal(records[1]!.body.kind, 'state');
    rig.snapshots(5, 2, 0);
    rig.order(6, 'o1', 'buy', 2);
    rig.order(7, 'o2', 'sell', 99);
    await waitFor(() => records.filter((r) => r.body.kind === 'decision').length === 2, 'two decisions');
    const tail = records.filter((r) => r.body.kind === 'request' || r.body.kind === 'decision');
    assert.deepEqual(tail.map((r) => [r.seq, r.at, r.body.kind]), [[1, 6, 'request'], [2, 6, 'decision'], [3, 7, 'request'], [4, 7, 'decision']]);
    assert.deepEqual(tail[0]!.body, { kind: 'request', request: { type: 'order', orderId: 'o1', symbol: 'BTCUSDT', side: 'buy', qty: 2, price: 100, tif: 'GTC' } });
    assert.deepEqual(tail[1]!.body, { kind: 'decision', requestSeq: 1, orderId: 'o1', decision: 'approve', reasonCode: 0 });
    assert.deepEqual(tail[3]!.body, { kind: 'decision', requestSeq: 3, orderId: 'o2', decision: 'deny', reasonCode: 15, reason: 'POSITION_LIMIT' });
    await waitFor(() => records.some((r) => r.body.kind === 'state' && r.at === 7), 'the new state');
    const st = records.filter((r) => r.body.kind === 'state').at(-1)!.body as unknown as { state: { globalKill: string; instruments: { symbol: string; estPosMin: number; openBuy: number; tradingState: string }[]; counters: Record<string, number> } };
    assert.equal(st.state.globalKill, 'resume');
    assert.deepEqual(st.state.instruments.map((i) => [i.symbol, i.estPosMin, i.openBuy, i.tradingState]), [['BTCUSDT', 2, 2, 'active'], ['ETHUSDT', 0, 0, 'active']]);
    assert.equal(st.state.counters['DECISIONS_POSITION_LIMIT'], 1);
    assert.equal(st.state.counters['SNAPSHOTS'], 2);
  } finally {
    ws.close();
    await closed;
    server.stop();
  }
});

test('when more clients than streamMaxClients connect then the extra upgrade is refused with 503 STREAM_FULL and counted', async () => {
  const { server } = await startRigServer({ streamMaxClients: 2 });
  const a = await openClient(server.port);
  const b = await openClient(server.port);
  try {
    await assert.rejects(openClient(server.port), /HTTP 503/);
    assert.match((await http(server.port, 'GET', '/metrics')).body, /^riskgate_control_refused_total\{reason="stream_full"\} 1$/m);
    a.ws.close();
    await a.closed;
    const c = await openClient(server.port); // a place freed: accepted again
    c.ws.close();
    await c.closed;
  } finally {
    b.ws.close();
    await b.closed;
    server.stop();
  }
});

test('when several clients never read then the furthest behind are dropped to hold all unsent bytes under streamMaxTotalBytes, and a reading client stays', async () => {
  const cap = 256 * 1024;
  const { rig, server } = await startRigServer({ streamMaxBufferedBytes: 64 << 20, streamMaxTotalBytes: cap });
  const slow = await Promise.all([0, 1, 2].map(() => RawWsClient.open(server.port, '/stream?encoding=json')));
  for (const s of slow) s.socket.pause();
  const fast = await openClient(server.port);
  try {
    rig.snapshots(1);
    rig.gate.request({ type: 'kill', mode: 'halt' });
    const pad = 'x'.repeat(200);
    let peak = 0;
    // How much the kernel's socket buffers absorb before a paused client falls behind varies
    // (loopback buffers grow with load): keep deciding until all three are dropped, up to a bound.
    // A batch between two yields stays well under the cap (100 decisions of ~300 bytes): the
    // reading client reads only at the yields, and a batch above the cap would put it, too,
    // furthest behind on a busy host.
    for (let made = 0; made < 600_000 && (made < 60_000 || server.stats.streamTotalCapDrops < 3);) {
      for (let k = 0; k < 100; k++, made++) rig.order(2, `order-${made}-${pad}`, 'buy', 1);
      await new Promise((r) => setImmediate(r));
      peak = Math.max(peak, server.stats.streamBufferedBytes);
    }
    await waitFor(() => server.stats.streamTotalCapDrops === 3, 'every client that never reads dropped by the total cap', 10_000);
    assert.ok(peak <= cap, `unsent bytes after each publish stayed under the cap (peak ${peak})`);
    const last = rig.log.lastSeq;
    await waitFor(() => decisionsOf(fast.messages).at(-1)?.seq === last, 'the reading client to get the last decision', 10_000);
    assert.equal(fast.ws.readyState, WebSocket.OPEN);
    assert.match((await http(server.port, 'GET', '/metrics')).body, /^riskgate_stream_total_cap_drops_total 3$/m);
  } finally {
    for (const s of slow) s.destroy();
    fast.ws.close();
    await fast.closed;
    server.stop();
  }
});

test('when the stream requires the token then an upgrade without it is refused with 401 and one with it is accepted', async () => {
  const { server } = await startRigServer({ streamRequiresToken: true });
  try {
    await assert.rejects(openClient(server.port), /HTTP 401/);
    await assert.rejects(openClient(server.port, '?encoding=json', { authorization: 'Bearer not-the-token-at-all' }), /HTTP 401/);
    const ok = await openClient(server.port, '?encoding=json', { authorization: `Bearer ${TOKEN}` });
    ok.ws.close();
    await ok.closed;
  } finally {
    server.stop();
  }
});
