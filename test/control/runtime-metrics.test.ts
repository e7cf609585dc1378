/**
 * `/metrics` beyond the engine: `riskgate_build_info`, the process's figures and each thread's
 * runtime under prom-client's names. Real HTTP against a control server on its own thread, fed
 * by a `StatePublisher` on this (the main) thread: `thread="control"` is the server's thread,
 * `thread="main"` this one.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { collectDefaultMetrics, Registry } from 'prom-client';
import { validateControlConfig } from '../../src/control/control-config.js';
import { startControlServerThread } from '../../src/control/control-server-thread.js';
import { JOURNAL_FORMAT_VERSION } from '../../src/journal/journal-layout.js';
import { EngineRig, http, TOKEN, waitFor } from './support/control-fixture.js';
import { parseMetrics, samplesOf, type MetricsText } from './support/metrics-text.js';
import { testServerKind } from '../server/support/test-server.js';

const root = new URL('../../../', import.meta.url);
const pkg = JSON.parse(readFileSync(new URL('package.json', root), 'utf8')) as { version: string };
const built = JSON.parse(readFileSync(new URL('dist/src/build-info.json', root), 'utf8')) as { commit?: string };

async function withServer(body: (metrics: () => Promise<MetricsText>) => Promise<void>): Promise<void> {
  const rig = new EngineRig();
  const server = await startControlServerThread({ config: validateControlConfig({ port: 0, token: TOKEN, streamIntervalMs: 20, server: testServerKind() }), source: rig.source, killSink: rig.killSink });
  try {
    await body(async () => {
      const r = await http(server.port, 'GET', '/metrics');
      assert.equal(r.status, 200);
      return parseMetrics(r.body);
    });
  } finally {
    assert.equal(await server.stop(), 0);
  }
}

test('when GET /metrics then riskgate_build_info names the package version, Node, the journal format and the commit the build recorded', async () => {
  await withServer(async (metrics) => {
    const info = samplesOf(await metrics(), 'riskgate_build_info');
    assert.equal(info.length, 1);
    assert.equal(info[0]!.value, 1);
    assert.deepEqual(info[0]!.labels, {
      version: pkg.version, node: process.version, journal_format: String(JOURNAL_FORMAT_VERSION),
      ...(built.commit !== undefined ? { commit: built.commit } : {}),
    });
  });
});

test('when GET /metrics then process figures carry no thread label and each thread\'s runtime carries its thread (main: the embedding, control: the server)', async () => {
  await withServer(async (metrics) => {
    // The first publish carries the main thread's sample; wait for it to reach the server.
    await waitFor(async () => samplesOf(await metrics(), 'nodejs_heap_size_used_bytes', { thread: 'main' }).length === 1, 'the main thread\'s runtime');
    const t = await metrics();
    for (const name of ['process_cpu_seconds_total', 'process_cpu_user_seconds_total', 'process_resident_memory_bytes', 'process_open_fds', 'process_max_fds', 'process_start_time_seconds']) {
      const s = samplesOf(t, name);
      assert.equal(s.length, 1, name);
      assert.deepEqual(s[0]!.labels, {}, `${name}: process-wide, no thread label`);
      assert.ok(s[0]!.value > 0, `${name} = ${s[0]!.value}`);
    }
    assert.ok(samplesOf(t, 'process_open_fds')[0]!.value <= samplesOf(t, 'process_max_fds')[0]!.value);
    for (const name of ['nodejs_eventloop_lag_seconds', 'nodejs_eventloop_lag_p99_seconds', 'nodejs_heap_size_used_bytes', 'nodejs_heap_size_total_bytes', 'nodejs_active_resources_total']) {
      assert.deepEqual(samplesOf(t, name).map((s) => s.labels['thread']).sort(), ['control', 'main'], name);
    }
    // Each thread has its own isolate: the heaps are different heaps.
    const used = (thread: string): number => samplesOf(t, 'nodejs_heap_size_used_bytes', { thread })[0]!.value;
    assert.ok(used('main') > 0 && used('control') > 0);
    assert.ok(samplesOf(t, 'nodejs_heap_space_size_used_bytes', { thread: 'main', space: 'old_space' }).length === 1);
    // GC: a histogram per thread and kind, cumulative buckets ending in the count.
    for (const thread of ['main', 'control']) {
      for (const kind of ['major', 'minor', 'incremental', 'weakcb']) {
        const buckets = samplesOf(t, 'nodejs_gc_duration_seconds_bucket', { thread, kind }).map((s) => s.value);
        const count = samplesOf(t, 'nodejs_gc_duration_seconds_count', { thread, kind })[0]!.value;
        assert.equal(buckets.length, 7, `${thread} ${kind}: 6 bounds and +Inf`);
        assert.deepEqual(buckets, [...buckets].sort((a, b) => a - b), 'cumulative');
        assert.equal(buckets.at(-1), count);
      }
    }
    assert.equal(t.types.get('nodejs_gc_duration_seconds'), 'histogram');
  });
});

test('when the main thread is blocked then the delay shows under thread="main", measured on that thread and relayed', async () => {
  await withServer(async (metrics) => {
    await waitFor(async () => samplesOf(await metrics(), 'nodejs_eventloop_lag_max_seconds', { thread: 'main' }).length === 1, 'the main thread\'s runtime');
    const end = Date.now() + 400;
    while (Date.now() < end) {
      // blocks this (the main) thread's event loop for 400 ms
    }
    // The next samples (one a second) carry the delay; the window that holds it is reported for 10 s at least.
    await waitFor(async () => (samplesOf(await metrics(), 'nodejs_eventloop_lag_max_seconds', { thread: 'main' })[0]?.value ?? 0) >= 0.3, 'a delay of at least 300 ms on the main thread', 25_000);
  });
});

test('when prom-client collects its default metrics then every process_ and nodejs_ family /metrics shows has its name and type', async () => {
  const reference = new Registry();
  collectDefaultMetrics({ register: reference });
  const theirs = new Map((await reference.getMetricsAsJSON()).map((m) => [m.name, String(m.type)]));
  await withServer(async (metrics) => {
    await waitFor(async () => samplesOf(await metrics(), 'nodejs_heap_size_used_bytes', { thread: 'main' }).length === 1, 'the main thread\'s runtime');
    const ours = [...(await metrics()).types].filter(([name]) => /^(process|nodejs)_/.test(name));
    assert.ok(ours.length >= 20, `only ${ours.length} runtime families`);
    for (const [name, type] of ours) assert.equal(theirs.get(name), type, `${name} (${type}) is not prom-client's`);
    const names = new Set(ours.map(([n]) => n));
    for (const name of ['process_cpu_seconds_total', 'process_resident_memory_bytes', 'nodejs_eventloop_lag_seconds', 'nodejs_eventloop_lag_p99_seconds', 'nodejs_heap_size_used_bytes', 'nodejs_gc_duration_seconds']) {
      assert.ok(names.has(name), `${name} missing`);
    }
  });
});
