import type { BuildInfo } from './build-info.js';
import type { ProcessRuntimeSample } from './process-runtime.js';
import type { MetricLines } from './prometheus-text.js';
import { GC_BUCKETS_S, type ThreadRuntimeSample } from './thread-runtime-sampler.js';

/** What `/metrics` shows besides the engine's state: the build, the process, and each measured thread. */
export interface RuntimeMetrics {
  readonly build?: BuildInfo;
  readonly process?: ProcessRuntimeSample;
  /** One per thread, each thread once (`thread` label: `main`, `control`). */
  readonly threads?: readonly ThreadRuntimeSample[];
}

/**
 * Appends `riskgate_build_info` and the runtime families, named as prom-client's
 * `collectDefaultMetrics` names them (so its Node.js dashboards work unchanged):
 *
 * - process-wide (`process_*`, `nodejs_version_info`): no `thread` label, the same from any
 *   thread; read in the control server's thread at the scrape.
 * - per thread (`nodejs_eventloop_lag_*`, `nodejs_heap_*`, `nodejs_external_memory_bytes`,
 *   `nodejs_gc_duration_seconds`, `nodejs_active_resources*`): a `thread` label. `control`: the
 *   server thread, sampled at the scrape; `main`: the embedding's thread (where the engine was
 *   started and its control server with it), sampled there and posted with the state (at most
 *   ~1 s plus one publish interval old). The risk thread has no such series: its event loop
 *   does not turn while it polls; its stalls show as `riskgate_risk_loop_age_seconds`.
 */
export function renderRuntimeMetrics(m: MetricLines, r: RuntimeMetrics): void {
  if (r.build !== undefined) {
    const b = r.build;
    m.family('riskgate_build_info', 'gauge', 'The running build: package version, Node.js version, journal format written, and the git commit when the build knew it. Always 1.');
    m.sample('riskgate_build_info', { version: b.version, node: b.node, journal_format: String(b.journalFormat), ...(b.commit !== undefined ? { commit: b.commit } : {}) }, 1);
  }
  if (r.process !== undefined) renderProcess(m, r.process);
  if (r.threads !== undefined && r.threads.length > 0) renderThreads(m, r.threads);
}

function renderProcess(m: MetricLines, p: ProcessRuntimeSample): void {
  const one = (name: string, type: 'counter' | 'gauge', help: string, v: number): void => {
    if (Number.isNaN(v)) return; // not measured on this platform
    m.family(name, type, help).sample(name, {}, v);
  };
  one('process_cpu_user_seconds_total', 'counter', 'Total user CPU time spent in seconds.', p.cpuUserSeconds);
  one('process_cpu_system_seconds_total', 'counter', 'Total system CPU time spent in seconds.', p.cpuSystemSeconds);
  one('process_cpu_seconds_total', 'counter', 'Total user and system CPU time spent in seconds.', p.cpuUserSeconds + p.cpuSystemSeconds);
  one('process_start_time_seconds', 'gauge', 'Start time of the process since unix epoch in seconds.', p.startTimeSeconds);
  one('process_resident_memory_bytes', 'gauge', 'Resident memory size in bytes.', p.residentBytes);
  one('process_virtual_memory_bytes', 'gauge', 'Virtual memory size in bytes.', p.virtualBytes);
  one('process_heap_bytes', 'gauge', 'Process heap size in bytes.', p.heapBytes);
  one('process_open_fds', 'gauge', 'Number of open file descriptors.', p.openFds);
  one('process_max_fds', 'gauge', 'Maximum number of open file descriptors.', p.maxFds);
  const [major = '', minor = '', patch = ''] = process.versions.node.split('.');
  m.family('nodejs_version_info', 'gauge', 'Node.js version info.');
  m.sample('nodejs_version_info', { version: process.version, major, minor, patch }, 1);
}

function renderThreads(m: MetricLines, threads: readonly ThreadRuntimeSample[]): void {
  const per = (name: string, help: string, get: (t: ThreadRuntimeSample) => number): void => {
    m.family(name, 'gauge', help);
    for (const t of threads) m.sample(name, { thread: t.thread }, get(t));
  };
  per('nodejs_eventloop_lag_seconds', 'Lag of event loop in seconds: how long a setImmediate waited at the thread\'s last sample.', (t) => t.lagSeconds);
  per('nodejs_eventloop_lag_min_seconds', 'The minimum recorded event loop delay (last window of at least 10 s).', (t) => t.delay.min);
  per('nodejs_eventloop_lag_max_seconds', 'The maximum recorded event loop delay (last window of at least 10 s).', (t) => t.delay.max);
  per('nodejs_eventloop_lag_mean_seconds', 'The mean of the recorded event loop delays (last window of at least 10 s).', (t) => t.delay.mean);
  per('nodejs_eventloop_lag_stddev_seconds', 'The standard deviation of the recorded event loop delays (last window of at least 10 s).', (t) => t.delay.stddev);
  per('nodejs_eventloop_lag_p50_seconds', 'The 50th percentile of the recorded event loop delays (last window of at least 10 s).', (t) => t.delay.p50);
  per('nodejs_eventloop_lag_p90_seconds', 'The 90th percentile of the recorded event loop delays (last window of at least 10 s).', (t) => t.delay.p90);
  per('nodejs_eventloop_lag_p99_seconds', 'The 99th percentile of the recorded event loop delays (last window of at least 10 s).', (t) => t.delay.p99);
  per('nodejs_heap_size_total_bytes', 'Process heap size from Node.js in bytes (the thread\'s own V8 heap).', (t) => t.heapTotalBytes);
  per('nodejs_heap_size_used_bytes', 'Process heap size used from Node.js in bytes (the thread\'s own V8 heap).', (t) => t.heapUsedBytes);
  per('nodejs_external_memory_bytes', 'Node.js external memory size in bytes (the thread\'s own V8 heap).', (t) => t.externalBytes);
  for (const [name, get] of [
    ['total', (s: ThreadRuntimeSample['heapSpaces'][number]) => s.totalBytes],
    ['used', (s: ThreadRuntimeSample['heapSpaces'][number]) => s.usedBytes],
    ['available', (s: ThreadRuntimeSample['heapSpaces'][number]) => s.availableBytes],
  ] as const) {
    const family = `nodejs_heap_space_size_${name}_bytes`;
    m.family(family, 'gauge', `Process heap space size ${name} from Node.js in bytes.`);
    for (const t of threads) for (const s of t.heapSpaces) m.sample(family, { thread: t.thread, space: s.space }, get(s));
  }
  m.family('nodejs_gc_duration_seconds', 'histogram', 'Garbage collection duration by kind, one of major, minor, incremental or weakcb.');
  for (const t of threads) {
    for (const g of t.gc) {
      const l = { thread: t.thread, kind: g.kind };
      GC_BUCKETS_S.forEach((le, k) => m.sample('nodejs_gc_duration_seconds_bucket', { ...l, le: String(le) }, g.buckets[k] ?? 0));
      m.sample('nodejs_gc_duration_seconds_bucket', { ...l, le: '+Inf' }, g.count);
      m.sample('nodejs_gc_duration_seconds_sum', l, g.sumSeconds);
      m.sample('nodejs_gc_duration_seconds_count', l, g.count);
    }
  }
  m.family('nodejs_active_resources', 'gauge', 'Number of active resources that are currently keeping the event loop alive, grouped by async resource type.');
  for (const t of threads) for (const [type, n] of Object.entries(t.activeResources)) m.sample('nodejs_active_resources', { thread: t.thread, type }, n);
  per('nodejs_active_resources_total', 'Total number of active resources.', (t) => Object.values(t.activeResources).reduce((a, b) => a + b, 0));
}
