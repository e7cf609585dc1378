/**
 * The threaded engine's decision-latency histogram on the control side: the shared block read
 * in place (`SharedLatencyHistogram`), rendered by the one Prometheus renderer the HDR path
 * uses too, and handed to the server thread through a `StatePublisher` (port mode). A source
 * that measures nothing shows no histogram there (it used to show an empty one).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { validateControlConfig } from '../../src/control/control-config.js';
import { startControlServerThread } from '../../src/control/control-server-thread.js';
import { LATENCY_BUCKETS_NS, LATENCY_BUCKETS_S } from '../../src/control/latency-view.js';
import { renderMetrics } from '../../src/control/prometheus-metrics.js';
import { ServerStats } from '../../src/control/server-stats.js';
import { SHARED_LATENCY_HELP, SharedLatencyHistogram } from '../../src/control/shared-latency-histogram.js';
import type { StateSnapshot, StateSource } from '../../src/control/state-source.js';
import { createDecisionLatencyBlock, latencyBucket, latencyBucketUpperNs } from '../../src/engine/decision-latency-layout.js';
import { DecisionLatencyRecorder } from '../../src/engine/decision-latency-recorder.js';
import { latencyFamily } from './support/latency-family.js';
import { http, TOKEN, waitFor } from './support/control-fixture.js';
import { testServerKind } from '../server/support/test-server.js';

const EMPTY_STATE: StateSnapshot = { time: 0, globalKillMode: 'resume', instruments: [], counters: {}, decisionsByReason: {}, eventsByType: {} };

/** 50 ns, 1 µs, 1.001 µs, 2.5 µs, 2.501 µs, 7 ms, 2 s, 200 s. */
const SAMPLES = [50, 1000, 1001, 2500, 2501, 7e6, 2e9, 2e11];

function recorded(samples: readonly number[]): SharedArrayBuffer {
  const block = createDecisionLatencyBlock();
  const rec = new DecisionLatencyRecorder(block);
  for (const ns of samples) rec.record(ns);
  return block;
}

test('when the Prometheus bounds are compared with the block\'s buckets then each is a bucket boundary (exact le counts)', () => {
  assert.equal(LATENCY_BUCKETS_NS.length, LATENCY_BUCKETS_S.length);
  for (const le of LATENCY_BUCKETS_NS) assert.equal(latencyBucketUpperNs(latencyBucket(le)), le, `${le} ns`);
});

test('when samples sit on and just above Prometheus bounds then /metrics counts them exactly, cumulative, with +Inf == _count and the exact _sum', () => {
  const view = new SharedLatencyHistogram(recorded(SAMPLES));
  const f = latencyFamily(renderMetrics(EMPTY_STATE, new ServerStats(), view));
  assert.equal(f.type, 'histogram');
  assert.equal(f.help, SHARED_LATENCY_HELP);
  assert.deepEqual(f.buckets, [
    ['0.000001', 2], ['0.0000025', 4], ['0.000005', 5], ['0.00001', 5], ['0.000025', 5], ['0.00005', 5], ['0.0001', 5],
    ['0.00025', 5], ['0.0005', 5], ['0.001', 5], ['0.0025', 5], ['0.01', 6], ['0.1', 6], ['1', 6], ['+Inf', 8],
  ]);
  assert.equal(f.count, 8);
  assert.equal(f.sum, SAMPLES.reduce((a, b) => a + b, 0) / 1e9);
});

test('when the block is read then the summary reports each percentile as its bucket\'s upper bound, and null before any sample', () => {
  assert.equal(new SharedLatencyHistogram(createDecisionLatencyBlock()).summary(), null);
  const samples = Array.from({ length: 1000 }, (_, k) => 1000 + k * 10); // 1000 .. 10990 ns
  const s = new SharedLatencyHistogram(recorded(samples)).summary();
  // rank 500: 5990 ns → (5900, 6000]; rank 990: 10890 → (10000, 11000]; rank 999: 10980; max 10990.
  assert.deepEqual(s, { count: 1000, p50Ns: 6000, p99Ns: 11_000, p999Ns: 11_000, maxNs: 11_000 });
  assert.deepEqual(new SharedLatencyHistogram(recorded([5, 2e11])).summary(), { count: 2, p50Ns: 100, p99Ns: Infinity, p999Ns: Infinity, maxNs: Infinity });
});

test('when the view is refreshed then samples recorded after it was built appear; before a refresh they do not', () => {
  const block = recorded([1000]);
  const view = new SharedLatencyHistogram(block);
  new DecisionLatencyRecorder(block).record(3000);
  assert.equal(view.buckets().count, 1);
  view.refresh();
  assert.equal(view.buckets().count, 2);
  assert.equal(view.summary()?.maxNs, 3000);
});

test('when a source on the calling thread shares a latency block then the server thread reads it in place: /metrics and /state follow new samples', async () => {
  const block = createDecisionLatencyBlock();
  const recorder = new DecisionLatencyRecorder(block);
  const source: StateSource = { snapshot: () => EMPTY_STATE, decisionsSince: () => ({ decisions: [], missed: 0 }), latencyBlock: () => block };
  const server = await startControlServerThread({ config: validateControlConfig({ port: 0, token: TOKEN, streamIntervalMs: 10, server: testServerKind() }), source, killSink: { requestKill: () => true } });
  try {
    await waitFor(async () => latencyFamily((await http(server.port, 'GET', '/metrics')).body).count === 0, 'the empty histogram');
    for (const ns of SAMPLES) recorder.record(ns);
    const f = latencyFamily((await http(server.port, 'GET', '/metrics')).body);
    assert.equal(f.count, SAMPLES.length, 'read at the scrape, no publish interval in between');
    assert.equal(f.help, SHARED_LATENCY_HELP);
    assert.deepEqual(f.buckets.at(-1), ['+Inf', SAMPLES.length]);
    const st = JSON.parse((await http(server.port, 'GET', '/state')).body) as { latency: { count: number; p50Ns: number; maxNs: number | null } };
    assert.equal(st.latency.count, SAMPLES.length);
    assert.equal(st.latency.p50Ns, 2500);
    assert.equal(st.latency.maxNs, null, 'above 100 s: Infinity, null in JSON');
  } finally {
    assert.equal(await server.stop(), 0);
  }
});

test('when a source on the calling thread measures no latencies then the server thread shows no latency histogram', async () => {
  const source: StateSource = { snapshot: () => EMPTY_STATE, decisionsSince: () => ({ decisions: [], missed: 0 }) };
  const server = await startControlServerThread({ config: validateControlConfig({ port: 0, token: TOKEN, streamIntervalMs: 10, server: testServerKind() }), source, killSink: { requestKill: () => true } });
  try {
    const r = await http(server.port, 'GET', '/metrics');
    assert.equal(r.status, 200);
    assert.ok(!r.body.includes('riskgate_decision_latency_seconds'), 'no histogram for a source that times nothing');
    assert.equal(JSON.parse((await http(server.port, 'GET', '/state')).body).latency, null);
  } finally {
    assert.equal(await server.stop(), 0);
  }
});
