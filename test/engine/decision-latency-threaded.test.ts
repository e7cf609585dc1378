/**
 * The threaded engine's decision-latency histogram end to end: strategies decide requests
 * through `StrategyClient` (spin and Promise forms, on the embedding thread and in a worker),
 * each client records submit -> decision read into the engine's shared block, and the control
 * server thread reads the block for `/metrics` and `/state`. No timing thresholds: only counts
 * and the histogram's consistency.
 *
 *   main thread: StrategyClient ──┐                                  ┌─► decision rings
 *   worker:      StrategyClient ──┼─► request rings ─► risk thread ──┘
 *                      │ record   │
 *                      ▼          ▼
 *              [ latency block ] ◄── read in place ── control server thread ─► GET /metrics, /state
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Worker } from 'node:worker_threads';
import { LATENCY_BUCKETS_S } from '../../src/control/latency-view.js';
import { SHARED_LATENCY_HELP } from '../../src/control/shared-latency-histogram.js';
import { RiskGate } from '../../src/gate/index.js';
import { SCENARIO_FEED_SOURCE } from '../../src/engine/index.js';
import { DenyReason } from '../../src/risk/deny-reason.js';
import { http, TOKEN, waitFor } from '../control/support/control-fixture.js';
import { latencyFamily } from '../control/support/latency-family.js';
import { snapshotSlots } from './support/slots.js';
import { testServerKind } from '../server/support/test-server.js';

// A cancel request does not free headroom (only the exchange's confirmation does): room for every order.
const CONFIG = { instruments: [{ symbol: 'BTC', maxLong: 1000, maxShort: 1000 }] };
const ROUNDS = 25;

test('when N requests are decided through StrategyClients then /metrics shows riskgate_decision_latency_seconds_count N in consistent cumulative buckets', { timeout: 60_000 }, async () => {
  const gate = new RiskGate(CONFIG, { control: { port: 0, token: TOKEN, streamIntervalMs: 10, server: testServerKind() } });
  await gate.start();
  try {
    const port = gate.controlServer!.port;
    const metrics = async () => (await http(port, 'GET', '/metrics')).body;
    const empty = latencyFamily(await metrics());
    assert.equal(empty.type, 'histogram');
    assert.equal(empty.help, SHARED_LATENCY_HELP, 'HELP says what is timed');
    assert.equal(empty.count, 0, 'nothing timed yet');

    gate.attachFeed({ name: 'feed', source: { module: SCENARIO_FEED_SOURCE, options: { slots: snapshotSlots(0), stayOpen: true } } });
    await waitFor(() => gate.state()?.instruments[0]?.snapPos === 0, 'the flat snapshot applied');

    const client = gate.client(gate.createStrategy('main'));
    let n = 0;
    for (let k = 1; k <= ROUNDS; k++) {
      assert.equal(client.decideOrder(k, 0, 1, 1, 100), DenyReason.APPROVED, 'spin order');
      assert.equal(await client.cancelAsync(k), DenyReason.APPROVED, 'Promise cancel');
      assert.equal(await client.orderAsync(1000 + k, 0, -1, 1, 100), DenyReason.APPROVED, 'Promise order');
      assert.equal(client.decideCancel(1000 + k), DenyReason.APPROVED, 'spin cancel');
      n += 4;
    }
    assert.equal(client.decideOrder(5000, 0, 1, 2000, 100), DenyReason.POSITION_LIMIT, 'a denial is a decision too');
    assert.equal(await client.cancelAsync(5001), DenyReason.UNKNOWN_ORDER);
    n += 2;
    const worker = new Worker(new URL('./fixtures/strategy-worker.js', import.meta.url), { workerData: { channel: gate.createStrategy('worker') } });
    const codes = await new Promise<{ spin: number; promised: number; cancel: number }>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
    });
    // Worst long is 25 open buys (cancel requests free nothing) + 2, then + 50: far inside 1000.
    assert.deepEqual(codes, { spin: DenyReason.APPROVED, promised: DenyReason.APPROVED, cancel: DenyReason.APPROVED }, 'the worker\'s three requests were decided');
    n += 3;

    // Every decision the risk thread made came back to a timed call: the histogram counts them all.
    const decisionsTotal = (body: string): number => [...body.matchAll(/^riskgate_decisions_total\{reason="[A-Z_]+"\} (\d+)$/gm)].reduce((s, m) => s + Number(m[1]), 0);
    await waitFor(async () => decisionsTotal(await metrics()) === n, `${n} decisions in the published state`);
    const f = latencyFamily(await metrics());
    assert.equal(f.count, n);
    assert.deepEqual(f.buckets.map(([le]) => le), [...LATENCY_BUCKETS_S.map(String), '+Inf'], 'the Prometheus bounds, in order');
    for (let k = 1; k < f.buckets.length; k++) assert.ok(f.buckets[k]![1] >= f.buckets[k - 1]![1], `cumulative at le=${f.buckets[k]![0]}`);
    assert.equal(f.buckets.at(-1)![1], n, '+Inf == _count');
    assert.ok(f.buckets.every(([, v]) => Number.isInteger(v) && v >= 0));
    assert.ok(f.sum !== undefined && f.sum > 0 && Number.isFinite(f.sum), `_sum ${f.sum}`);

    const st = JSON.parse((await http(port, 'GET', '/state')).body) as { latency: { count: number; p50Ns: number; p99Ns: number; p999Ns: number; maxNs: number } | null };
    assert.ok(st.latency !== null, '/state carries the summary the dashboard shows');
    assert.equal(st.latency.count, n);
    assert.ok(st.latency.p50Ns > 0 && st.latency.p50Ns <= st.latency.p99Ns && st.latency.p99Ns <= st.latency.p999Ns && st.latency.p999Ns <= st.latency.maxNs, JSON.stringify(st.latency));
  } finally {
    const stop = await gate.stop();
    assert.equal(stop.cleanExit, true);
  }
});

test('when the engine runs without a control server then its strategy channels carry no latency block and nothing is timed', async () => {
  const gate = new RiskGate(CONFIG);
  await gate.start();
  try {
    const channel = gate.createStrategy('s');
    assert.equal(channel.latency, null);
    assert.ok(gate.client(channel).decideOrder(1, 0, 1, 1, 100) >= 0, 'decided (no snapshot: denied), untimed');
  } finally {
    await gate.stop();
  }
});
