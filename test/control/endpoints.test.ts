import { test } from 'node:test';
import assert from 'node:assert/strict';
import { KillMode } from '../../src/risk/codes.js';
import { tokenDigest } from '../../src/control/bearer-auth.js';
import { RecordingGate } from '../../src/control/recording-gate.js';
import { EngineRig, http, rawRequest, startRigServer, TOKEN, waitFor } from './support/control-fixture.js';

const AUTH = { authorization: `Bearer ${TOKEN}` };

/**
 * The negative check of a refused kill: a valid kill of another kind (ETHUSDT to reduce) goes
 * through the same queue after the refused requests, and once the engine applied it, any request
 * queued before it was applied too (the sink drains in order). So the log's kills must be exactly
 * this one, and the global mode still RESUME: a refused request never reached the engine.
 */
async function assertNoKillReachedTheEngine(rig: EngineRig, port: number): Promise<void> {
  const marker = await http(port, 'POST', '/kill', { headers: AUTH, body: '{"mode":"reduce","symbol":"ETHUSDT"}' });
  assert.equal(marker.status, 202);
  await waitFor(() => rig.log.since(0, 100).decisions.some((d) => d.kind === 'kill'), 'the marker kill applied');
  assert.deepEqual(rig.log.since(0, 100).decisions.filter((d) => d.kind === 'kill').map((d) => [d.mode, d.symbol]), [['reduce', 'ETHUSDT']], 'only the marker kill reached the engine');
  assert.equal(rig.engine.globalKillMode, KillMode.RESUME);
}

test('when GET /health then 200 with the engine time', async () => {
  const { rig, server } = await startRigServer();
  try {
    rig.snapshots(42);
    const r = await http(server.port, 'GET', '/health');
    assert.equal(r.status, 200);
    assert.match(String(r.headers['content-type']), /^application\/json/);
    assert.deepEqual(JSON.parse(r.body), {
      status: 'ok', failing: [], parts: [{ name: 'state', ok: true, detail: 'state readable' }], engineTime: 42, streamClients: 0,
    });
  } finally {
    server.stop();
  }
});

test('when GET /state then each instrument shows its estimate, snapshot, unconfirmed fills, open exposure, trading state and why', async () => {
  const { rig, server } = await startRigServer();
  try {
    const g = rig.gate;
    g.setTime(10);
    g.apply({ type: 'snapshot', symbol: 'BTCUSDT', position: 2 });
    assert.equal(rig.order(11, 'o1', 'buy', 1).decision, 'approve');
    assert.equal(rig.order(12, 'o2', 'sell', 2).decision, 'approve');
    g.setTime(13);
    g.apply({ type: 'orderUpdate', symbol: 'BTCUSDT', orderId: 'o1', status: 'filled', cumQty: 1, leavesQty: 0 });
    g.request({ type: 'kill', mode: 'reduce', symbol: 'ETHUSDT' });
    const r = await http(server.port, 'GET', '/state');
    assert.equal(r.status, 200);
    const s = JSON.parse(r.body);
    assert.equal(s.time, 13);
    assert.equal(s.globalKillMode, 'resume');
    const [btc, eth] = s.instruments;
    assert.deepEqual(btc, {
      symbol: 'BTCUSDT', estPosMin: 3, estPosMax: 3, snapPos: 2, snapSeq: null, unconfirmedCount: 1, unconfirmedQty: 1,
      openBuy: 0, openSell: 2, activeOrders: 1, maxLong: 5, maxShort: 5,
      // The inferred fill is unconfirmed and the budget is 0: only risk-reducing orders pass.
      tradingState: 'REDUCING', why: { killMode: 'resume', globalKillMode: 'resume', flipFlopHalted: false, health: 'UNCONFIRMED_FILLS', lossLimit: null },
      feed: { up: true, awaitingSnapshot: false, lastMessageAt: 13 },
      account: 'default', pnl: 0,
    });
    // One implicit account, no limits; ETH has no position yet, so the notional is unbounded (null).
    assert.deepEqual(s.accounts, [{
      name: 'default', grossNotional: null, netNotional: null, maxGrossNotional: null, maxNetNotional: null, pnl: 0, drawdown: 0, breach: null, halts: false,
    }]);
    assert.equal(eth.symbol, 'ETHUSDT');
    assert.equal(eth.estPosMin, null, 'no snapshot yet: no estimate');
    assert.equal(eth.snapPos, null);
    assert.equal(eth.tradingState, 'REDUCING');
    assert.equal(eth.why.killMode, 'reduce');
    assert.equal(s.decisionsByReason.APPROVED, 2, 'kills are not counted as order decisions by the engine');
    assert.equal(s.eventsByType.snapshot, 1);
    assert.equal(s.eventsByType.orderUpdate, 1);
    assert.equal(s.counters.INFERRED_FILLS, 1);
    assert.equal(s.rings, undefined);
    assert.equal(s.latency.count, 3, 'three requests were timed');

    g.request({ type: 'kill', mode: 'halt' });
    const halted = JSON.parse((await http(server.port, 'GET', '/state')).body);
    assert.equal(halted.globalKillMode, 'halt');
    assert.deepEqual(halted.instruments.map((i: { tradingState: string }) => i.tradingState), ['HALTED', 'HALTED']);
  } finally {
    server.stop();
  }
});

test('when GET /metrics then the Prometheus text format holds decisions by reason, events by type and the latency histogram', async () => {
  const { rig, server } = await startRigServer();
  try {
    rig.snapshots(1, 0, 0);
    for (let k = 0; k < 6; k++) rig.order(2 + k, `o${k}`, 'buy', 1);
    // Two updates of an order nobody tracks, with no side to start tracking it: counted and ignored.
    for (let k = 0; k < 2; k++) rig.gate.apply({ type: 'orderUpdate', symbol: 'ETHUSDT', orderId: 'elsewhere', status: 'canceled', cumQty: 0, leavesQty: 0 });
    await http(server.port, 'POST', '/kill', { body: '{"mode":"halt"}' });
    const r = await http(server.port, 'GET', '/metrics');
    assert.equal(r.status, 200);
    assert.equal(r.headers['content-type'], 'text/plain; version=0.0.4; charset=utf-8');
    const lines = r.body.trimEnd().split('\n');
    const typed = new Set<string>();
    const helped = new Set<string>();
    const values = new Map<string, number>();
    for (const line of lines) {
      let m = /^# HELP ([a-z_][a-z0-9_]*) .+$/.exec(line);
      if (m) { helped.add(m[1]!); continue; }
      m = /^# TYPE ([a-z_][a-z0-9_]*) (counter|gauge|histogram)$/.exec(line);
      if (m) { typed.add(m[1]!); continue; }
      m = /^([a-z_][a-z0-9_]*)(\{[a-z_]+="(?:[^"\\]|\\.)*"(?:,[a-z_]+="(?:[^"\\]|\\.)*")*\})? (-?[0-9.e+-]+|\+Inf|-Inf|NaN)$/.exec(line);
      assert.ok(m, `not a sample line: ${line}`);
      const family = m[1]!.replace(/_(bucket|sum|count)$/, '');
      assert.ok(typed.has(m[1]!) || typed.has(family), `sample before its TYPE: ${line}`);
      values.set(m[1]! + (m[2] ?? ''), Number(m[3]));
    }
    assert.deepEqual([...typed].sort(), [...helped].sort());
    // 5 fit under maxLong 5; the sixth is denied.
    assert.equal(values.get('riskgate_decisions_total{reason="APPROVED"}'), 5);
    assert.equal(values.get('riskgate_decisions_total{reason="POSITION_LIMIT"}'), 1);
    assert.equal(values.get('riskgate_events_total{type="snapshot"}'), 2);
    assert.equal(values.get('riskgate_events_total{type="fill"}'), 0);
    assert.equal(values.get('riskgate_open_buy_lots{symbol="BTCUSDT"}'), 5);
    assert.equal(values.get('riskgate_trading_state{symbol="BTCUSDT",state="ACTIVE"}'), 1);
    assert.equal(values.get('riskgate_control_kill_auth_failures_total'), 1);
    // The engine's other counters: one metric per family, members by label (sum() means something).
    assert.equal(values.get('riskgate_ignored_events_total{reason="unknown_order_update"}'), 2);
    assert.equal(values.get('riskgate_ignored_events_total{reason="duplicate_fill"}'), 0);
    assert.equal(values.get('riskgate_ignored_events_total{reason="stale_snapshot"}'), 0);
    assert.equal(values.get('riskgate_guard_trips_total{guard="flip_flop"}'), 0);
    assert.equal(values.get('riskgate_outside_orders_total{tracked="true"}'), 0);
    assert.ok(![...typed].some((n) => n === 'riskgate_engine_counter_total'), 'no catch-all counter metric');
    // The implicit account: its notional, PnL and loss-limit state.
    assert.equal(values.get('riskgate_account_loss_breach{account="default",reason="LOSS_LIMIT"}'), 0);
    assert.equal(values.get('riskgate_account_loss_breach{account="default",reason="DRAWDOWN_LIMIT"}'), 0);
    assert.match(r.body, /^riskgate_account_max_gross_notional\{account="default"\} \+Inf$/m, 'no limit: +Inf');
    assert.ok((values.get('riskgate_account_gross_notional{account="default"}') ?? 0) > 0, 'five open lots count at their limit price');
    assert.equal(values.get('riskgate_pnl{symbol="BTCUSDT",account="default"}'), 0);
    // Latency histogram: cumulative buckets, +Inf == count == requests timed.
    const buckets = [...values].filter(([k]) => k.startsWith('riskgate_decision_latency_seconds_bucket'));
    assert.ok(buckets.length > 2);
    for (let k = 1; k < buckets.length; k++) assert.ok(buckets[k]![1] >= buckets[k - 1]![1], 'buckets are cumulative');
    assert.equal(values.get('riskgate_decision_latency_seconds_bucket{le="+Inf"}'), 6);
    assert.equal(values.get('riskgate_decision_latency_seconds_count'), 6);
    // The single-threaded source has no rings and no feed reconnect count: those families are absent.
    assert.ok(!r.body.includes('riskgate_ring_'));
    assert.ok(!r.body.includes('riskgate_feed_reconnects_total'));
  } finally {
    server.stop();
  }
});

test('when POST /kill has no token or a wrong one then 401, the engine is untouched, and the attempts are counted', async () => {
  const { rig, server } = await startRigServer();
  try {
    const none = await http(server.port, 'POST', '/kill', { body: '{"mode":"halt"}' });
    const wrong = await http(server.port, 'POST', '/kill', { headers: { authorization: `Bearer ${TOKEN}x` }, body: '{"mode":"halt"}' });
    const basic = await http(server.port, 'POST', '/kill', { headers: { authorization: `Basic ${TOKEN}` }, body: '{"mode":"halt"}' });
    for (const r of [none, wrong, basic]) {
      assert.equal(r.status, 401);
      assert.equal(r.headers['www-authenticate'], 'Bearer realm="riskgate"');
      assert.equal(JSON.parse(r.body).error.code, 'UNAUTHORIZED');
    }
    await assertNoKillReachedTheEngine(rig, server.port);
    const metrics = (await http(server.port, 'GET', '/metrics')).body;
    assert.match(metrics, /^riskgate_control_kill_auth_failures_total 3$/m);
    assert.equal(server.stats.killAuthFailures, 3);
  } finally {
    server.stop();
  }
});

test('when POST /kill carries the token then the request is queued, the risk thread applies it, and orders are denied KILL_SWITCH', async () => {
  const { rig, server } = await startRigServer();
  try {
    rig.snapshots(1);
    const r = await http(server.port, 'POST', '/kill', { headers: { ...AUTH, 'content-type': 'application/json' }, body: '{"mode":"halt"}' });
    assert.equal(r.status, 202);
    assert.deepEqual(JSON.parse(r.body), { accepted: true, request: { mode: 'halt' } });
    await waitFor(() => rig.engine.globalKillMode === KillMode.HALT, 'the global halt');
    assert.deepEqual(rig.order(2, 'o1', 'buy', 1), { decision: 'deny', reason: 'KILL_SWITCH' });
    assert.deepEqual(rig.engineGate.takeCancelAll(), ['*']);

    const one = await http(server.port, 'POST', '/kill', { headers: AUTH, body: '{"mode":"reduce","symbol":"ETHUSDT"}' });
    assert.equal(one.status, 202);
    assert.equal((await http(server.port, 'POST', '/kill', { headers: AUTH, body: '{"mode":"resume"}' })).status, 202);
    await waitFor(() => rig.engine.globalKillMode === KillMode.RESUME, 'the resume');
    assert.match((await http(server.port, 'GET', '/metrics')).body, /^riskgate_control_kill_requests_total\{mode="halt",result="accepted"\} 1$/m);
    assert.ok(rig.log.since(0, 100).decisions.some((d) => d.kind === 'kill' && d.mode === 'halt' && d.decision === 'approve'), 'applied kills appear in the decision log');
  } finally {
    server.stop();
  }
});

test('when the kill body is malformed or names an unknown mode, symbol or key then 400 with a stable code', async () => {
  const { rig, server } = await startRigServer();
  try {
    const cases: [string, string][] = [
      ['{"mode":', 'MALFORMED_JSON'],
      ['', 'MALFORMED_JSON'],
      ['[]', 'BAD_REQUEST'],
      ['{"mode":"stop"}', 'BAD_REQUEST'],
      ['{"mode":"halt","symbol":"SOLUSDT"}', 'UNKNOWN_SYMBOL'],
      ['{"mode":"halt","symbol":5}', 'UNKNOWN_SYMBOL'],
      ['{"mode":"halt","why":"x"}', 'BAD_REQUEST'],
    ];
    for (const [body, code] of cases) {
      const r = await http(server.port, 'POST', '/kill', { headers: AUTH, body });
      assert.equal(r.status, 400, body);
      assert.equal(JSON.parse(r.body).error.code, code, body);
    }
    await assertNoKillReachedTheEngine(rig, server.port);
  } finally {
    server.stop();
  }
});

test('when a kill body is larger than maxBodyBytes then 413 and the server stops reading (declared, chunked, or lying length)', async () => {
  const { rig, server } = await startRigServer({ maxBodyBytes: 256 });
  try {
    const big = 64 * 1024 * 1024;
    const head = (extra: string): string => `POST /kill HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${TOKEN}\r\n${extra}\r\n`;
    const declared = await rawRequest(server.port, head(`Content-Length: ${big}\r\n`), big);
    assert.match(declared.response, /^HTTP\/1\.1 413 /);
    assert.ok(declared.sentBeforeResponse < big / 4, `answered after ${declared.sentBeforeResponse} bytes: it did not wait for the body`);
    const chunked = await rawRequest(server.port, head('Transfer-Encoding: chunked\r\n'), big, true);
    assert.match(chunked.response, /^HTTP\/1\.1 413 /);
    assert.ok(chunked.sentBeforeResponse < big / 4);
    // Exactly at the limit passes the size check (and then fails as JSON).
    const atLimit = await http(server.port, 'POST', '/kill', { headers: AUTH, body: ' '.repeat(256) });
    assert.equal(atLimit.status, 400);
    const over = await http(server.port, 'POST', '/kill', { headers: AUTH, body: `{"mode":"halt"}${' '.repeat(256)}` });
    assert.equal(over.status, 413);
    assert.equal(JSON.parse(over.body).error.code, 'TOO_LARGE');
    // Without a token, nothing is read: 401 first.
    const anon = await rawRequest(server.port, `POST /kill HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: ${big}\r\n\r\n`, big);
    assert.match(anon.response, /^HTTP\/1\.1 401 /);
    assert.match((await http(server.port, 'GET', '/metrics')).body, /^riskgate_control_refused_total\{reason="too_large"\} 3$/m);
    await assertNoKillReachedTheEngine(rig, server.port);
  } finally {
    server.stop();
  }
});

test('when no token is configured then the kill switch is off: 403 KILL_DISABLED', async () => {
  const { server } = await startRigServer({ token: undefined });
  try {
    const r = await http(server.port, 'POST', '/kill', { headers: { authorization: 'Bearer anything-anything' }, body: '{"mode":"halt"}' });
    assert.equal(r.status, 403);
    assert.equal(JSON.parse(r.body).error.code, 'KILL_DISABLED');
  } finally {
    server.stop();
  }
});

test('when the Host header is not a loopback name then 403 BAD_HOST (DNS rebinding), and unknown paths are 404', async () => {
  const { server } = await startRigServer();
  try {
    const r = await http(server.port, 'GET', '/state', { headers: { host: 'evil.example:80' } });
    assert.equal(r.status, 403);
    assert.equal(JSON.parse(r.body).error.code, 'BAD_HOST');
    for (const host of [`localhost:${server.port}`, `127.0.0.1:${server.port}`, 'localhost']) {
      assert.equal((await http(server.port, 'GET', '/health', { headers: { host } })).status, 200, host);
    }
    const nf = await http(server.port, 'GET', '/nope');
    assert.equal(nf.status, 404);
    assert.equal(JSON.parse(nf.body).error.code, 'NOT_FOUND');
    assert.equal((await http(server.port, 'GET', '/kill')).status, 404);
  } finally {
    server.stop();
  }
});

test('no endpoint ever returns the token or its digest', async () => {
  const { rig, server } = await startRigServer();
  try {
    rig.snapshots(1);
    rig.order(2, 'o1', 'buy', 1);
    const digest = Buffer.from(tokenDigest(TOKEN));
    const secrets = [TOKEN, digest.toString('hex'), digest.toString('base64')];
    const bodies: string[] = [];
    for (const p of ['/', '/health', '/state', '/metrics', '/nope']) bodies.push((await http(server.port, 'GET', p)).body);
    for (const auth of [undefined, `Bearer ${TOKEN}`, `Bearer ${TOKEN.slice(0, -1)}`]) {
      for (const body of ['{"mode":"reduce"}', '{"mode":', `{"mode":"${TOKEN}"}`, `{"${TOKEN}":1}`]) {
        const r = await http(server.port, 'POST', '/kill', { headers: auth === undefined ? {} : { authorization: auth }, body });
        bodies.push(r.body, JSON.stringify(r.headers));
      }
    }
    for (const b of bodies) for (const s of secrets) assert.ok(!b.includes(s), `a response contains a secret: ${b.slice(0, 200)}`);
  } finally {
    server.stop();
  }
});

test('when GET / then the dashboard page is self-contained with a restrictive CSP', async () => {
  const { server } = await startRigServer();
  try {
    const r = await http(server.port, 'GET', '/');
    assert.equal(r.status, 200);
    assert.match(String(r.headers['content-type']), /^text\/html/);
    const csp = String(r.headers['content-security-policy']);
    assert.match(csp, /default-src 'none'/);
    assert.match(csp, /script-src 'sha256-/);
    assert.ok(!/(src|href)=["']?(https?:)?\/\//i.test(r.body), 'no external resource');
    for (const id of ['kill-button', 'kill-token', 'instruments', 'reasons', 'lat-p99']) assert.ok(r.body.includes(`id="${id}"`), id);
  } finally {
    server.stop();
  }
});

test('when GET /decisions then the most recent ones the stream has passed come oldest first, limit bounds them, and a bad limit is 400', async () => {
  const rig = new EngineRig();
  const gate = new RecordingGate(rig.engineGate, rig.log, 'gateway');
  const { server } = await startRigServer({}, rig);
  try {
    gate.setTime(1);
    gate.apply({ type: 'snapshot', symbol: 'BTCUSDT', position: 0 });
    for (let k = 0; k < 7; k++) {
      gate.setTime(10 + k);
      gate.request({ type: 'order', orderId: `o${k}`, symbol: 'BTCUSDT', side: 'buy', qty: 1, price: 100, tif: 'GTC' });
    }
    const get = async (q: string) => {
      const r = await http(server.port, 'GET', `/decisions${q}`);
      return { status: r.status, body: JSON.parse(r.body) as { decisions: { seq: number; at: number; orderId: string; reason: string; lane?: string }[]; lastSeq: number; error?: { code: string } } };
    };
    await waitFor(async () => (await get('')).body.lastSeq === 7, 'the stream cursor past the seven decisions');
    const all = await get('');
    assert.equal(all.status, 200);
    assert.deepEqual(all.body.decisions.map((d) => [d.seq, d.at, d.orderId, d.reason, d.lane]), [
      [1, 10, 'o0', 'APPROVED', 'gateway'], [2, 11, 'o1', 'APPROVED', 'gateway'], [3, 12, 'o2', 'APPROVED', 'gateway'], [4, 13, 'o3', 'APPROVED', 'gateway'],
      [5, 14, 'o4', 'APPROVED', 'gateway'], [6, 15, 'o5', 'POSITION_LIMIT', 'gateway'], [7, 16, 'o6', 'POSITION_LIMIT', 'gateway'],
    ]);
    assert.deepEqual((await get('?limit=2')).body.decisions.map((d) => d.seq), [6, 7]);
    for (const bad of ['?limit=0', '?limit=1001', '?limit=x', '?limit=2.5']) {
      const r = await get(bad);
      assert.equal(r.status, 400, bad);
      assert.equal(r.body.error?.code, 'BAD_LIMIT', bad);
    }
  } finally {
    server.stop();
  }
});
