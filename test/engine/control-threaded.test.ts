/**
 * The control server for the threaded engine (`options.control`): `/state` reads the risk
 * thread's state block (a position change driven by a feed worker shows up), `POST /kill` with
 * the token reaches the control lane (the next order is denied KILL_SWITCH), `/stream` carries
 * the decisions the journal thread relays from the journal ring.
 */
import { test } from 'node:test';
import { assertPlacement } from '../support/thread-status.js';
import assert from 'node:assert/strict';
import WebSocket from 'ws';
import { EVENT_SLOT_BYTES, encodeSnapshot } from '../../src/codec/index.js';
import { RiskGate } from '../../src/gate/index.js';
import { SCENARIO_FEED_SOURCE } from '../../src/engine/index.js';
import { DenyReason } from '../../src/risk/deny-reason.js';
import { http, TOKEN, waitFor } from '../control/support/control-fixture.js';
import { testServerKind } from '../server/support/test-server.js';

const CONFIG = { instruments: [{ symbol: 'BTC', maxLong: 10, maxShort: 10 }] };

function snapshotSlots(position: number): Int32Array {
  const buf = new ArrayBuffer(EVENT_SLOT_BYTES);
  encodeSnapshot(new Int32Array(buf), new Float64Array(buf), 0, -1, NaN, 0, position, NaN);
  return new Int32Array(buf);
}

test('when the threaded engine runs with a control server then /state shows a feed-driven position, /kill halts it and /stream delivers decisions', async () => {
  const gate = new RiskGate(CONFIG, { control: { port: 0, token: TOKEN, streamIntervalMs: 10, server: testServerKind() }, cpuMap: { risk: 1, feeds: [0], control: 0 } });
  await gate.start();
  const port = gate.controlServer!.port;
  const placement = gate.controlServer!.placement;
  assertPlacement('control thread', placement, [0]);
  const messages: { type: string; decisions?: { orderId?: string; reason: string }[] }[] = [];
  const ws = new WebSocket(`ws://127.0.0.1:${port}/stream?encoding=json`, { handshakeTimeout: 5000 });
  try {
    await new Promise<void>((resolve, reject) => { ws.once('open', () => resolve()); ws.once('error', reject); });
    ws.on('message', (d) => messages.push(JSON.parse(String(d)) as (typeof messages)[number]));
    const state = async (): Promise<{ instruments: { estPosMin: number | null; snapPos: number | null; feed: { lastMessageAt: number | null } }[]; globalKillMode: string }> =>
      JSON.parse((await http(port, 'GET', '/state')).body);
    assert.equal((await state()).instruments[0]!.snapPos, null, 'no snapshot yet');

    gate.attachFeed({ name: 'feed', source: { module: SCENARIO_FEED_SOURCE, options: { slots: snapshotSlots(3), stayOpen: true } } });
    await waitFor(async () => (await state()).instruments[0]!.estPosMin === 3, 'the snapshot from the feed worker in /state');
    const s = await state();
    assert.equal(s.instruments[0]!.snapPos, 3);
    assert.notEqual(s.instruments[0]!.feed.lastMessageAt, null);

    const metrics = (await http(port, 'GET', '/metrics')).body;
    assert.match(metrics, /^riskgate_ring_used_slots\{ring="feed:input"\} \d+$/m, 'ring occupancy of the feed lane');
    assert.match(metrics, /^riskgate_ring_drops_total\{ring="feed:input"\} 0$/m, 'no full-ring losses');
    assert.match(metrics, /^riskgate_feed_reconnects_total\{feed="feed"\} 0$/m, 'feed restarts, per feed');

    const client = gate.client(gate.createStrategy('s'));
    assert.equal(client.decideOrder(1, 0, 1, 1, 100), DenyReason.APPROVED);
    assert.equal((await http(port, 'POST', '/kill', { body: '{"mode":"halt"}' })).status, 401, 'no token: refused');
    assert.equal(client.decideOrder(2, 0, 1, 1, 100), DenyReason.APPROVED, 'a refused kill changes nothing');
    const r = await http(port, 'POST', '/kill', { headers: { authorization: `Bearer ${TOKEN}` }, body: '{"mode":"halt"}' });
    assert.equal(r.status, 202);
    await waitFor(() => gate.state()?.globalKill === 2, 'the halt applied by the risk thread');
    assert.equal(client.decideOrder(3, 0, 1, 1, 100), DenyReason.KILL_SWITCH);
    // /state is the server thread's copy, republished every interval: wait for it, do not race it.
    await waitFor(async () => (await state()).globalKillMode === 'halt', 'the halt in /state');
    assert.ok(gate.takeCancelAlls().some((c) => c.symbol === '*'), 'the halt emitted a cancel-all');

    const streamed = () => messages.filter((m) => m.type === 'decisions').flatMap((m) => m.decisions ?? []);
    await waitFor(() => streamed().length >= 4, 'two approvals, the kill and the denial on /stream');
    assert.deepEqual(streamed().map((d) => `${d.orderId ?? 'kill'} ${d.reason}`), ['#1 APPROVED', '#2 APPROVED', 'kill APPROVED', '#3 KILL_SWITCH']);
  } finally {
    ws.close();
    const stop = await gate.stop();
    assert.equal(stop.cleanExit, true);
    assert.equal(stop.journalLost, 0);
  }
});
