import { monitorEventLoopDelay, PerformanceObserver, constants as perfConstants, type IntervalHistogram } from 'node:perf_hooks';
import { getHeapSpaceStatistics, getHeapStatistics } from 'node:v8';

/** Upper bounds (s) of the GC duration histogram: prom-client's default `gcDurationBuckets`. */
export const GC_BUCKETS_S: readonly number[] = [0.001, 0.01, 0.1, 1, 2, 5];

/** GC kinds as prom-client names them, by `perf_hooks.constants.NODE_PERFORMANCE_GC_*`. */
const GC_KINDS: readonly (readonly [number, string])[] = [
  [perfConstants.NODE_PERFORMANCE_GC_MAJOR, 'major'],
  [perfConstants.NODE_PERFORMANCE_GC_MINOR, 'minor'],
  [perfConstants.NODE_PERFORMANCE_GC_INCREMENTAL, 'incremental'],
  [perfConstants.NODE_PERFORMANCE_GC_WEAKCB, 'weakcb'],
];

/** Event-loop delay over a window (s): what `nodejs_eventloop_lag_*_seconds` show. NaN before any. */
export interface EventLoopDelayStats {
  readonly min: number;
  readonly max: number;
  readonly mean: number;
  readonly stddev: number;
  readonly p50: number;
  readonly p90: number;
  readonly p99: number;
}

/** The garbage collections of one kind since the sampler started (cumulative, as a histogram). */
export interface GcKindSample {
  readonly kind: string;
  /** Collections at most `GC_BUCKETS_S[k]` long, cumulative (Prometheus `le` buckets). */
  readonly buckets: readonly number[];
  readonly count: number;
  readonly sumSeconds: number;
}

/**
 * One thread's own runtime, as `/metrics` shows it under `thread="<thread>"`. Plain data:
 * structured-cloneable, so a thread can post it to the control server thread.
 */
export interface ThreadRuntimeSample {
  /** `main` (the embedding's thread), `control` (the server thread), ... */
  readonly thread: string;
  /** Wall-clock ms the sample was taken at. */
  readonly at: number;
  /** How long the last `setImmediate` probe waited (s), prom-client's `nodejs_eventloop_lag_seconds`; NaN before the first. */
  readonly lagSeconds: number;
  /** The delay histogram of the last completed window (see `ThreadRuntimeSampler`). */
  readonly delay: EventLoopDelayStats;
  /** This thread's V8 heap (each thread has its own isolate). */
  readonly heapTotalBytes: number;
  readonly heapUsedBytes: number;
  readonly externalBytes: number;
  readonly heapSpaces: readonly { readonly space: string; readonly totalBytes: number; readonly usedBytes: number; readonly availableBytes: number }[];
  readonly gc: readonly GcKindSample[];
  /** Resources keeping this thread's event loop alive, by type (`process.getActiveResourcesInfo()`). */
  readonly activeResources: Readonly<Record<string, number>>;
}

const NO_DELAY: EventLoopDelayStats = { min: NaN, max: NaN, mean: NaN, stddev: NaN, p50: NaN, p90: NaN, p99: NaN };

function delayStats(h: IntervalHistogram): EventLoopDelayStats {
  if (h.count === 0) return NO_DELAY;
  return { min: h.min / 1e9, max: h.max / 1e9, mean: h.mean / 1e9, stddev: h.stddev / 1e9, p50: h.percentile(50) / 1e9, p90: h.percentile(90) / 1e9, p99: h.percentile(99) / 1e9 };
}

/**
 * Measures the runtime of the thread that creates it: its event loop's delay
 * (`perf_hooks.monitorEventLoopDelay`, which sees only the thread it runs on), its V8 heap, its
 * garbage collections (a `PerformanceObserver` on `gc` entries) and its active resources. The
 * names follow prom-client's `collectDefaultMetrics`, so Node dashboards read them as they are.
 *
 * Window: the delay statistics cover the last completed window of at least `windowMs`
 * (default 10 s), closed by the first `sample()` after it ends; until one has closed, the window
 * so far. A scrape every 15 s reads about what prom-client reports (the delay since the previous
 * scrape); a thread sampled more often (the embedding's, every publish) still reports a full
 * window rather than the few ms since its previous sample.
 *
 * Cost on the measured thread: a libuv timer every `resolutionMs` (default 10 ms, as
 * prom-client), a callback per GC, and at each `sample()` a `setImmediate` probe and a few V8
 * statistics calls. Not for the risk thread: its event loop does not turn while it polls.
 * `stop()` releases the timer and the observer.
 */
export class ThreadRuntimeSampler {
  private readonly delay: IntervalHistogram;
  private windowStart: number;
  private closed: EventLoopDelayStats | undefined;
  private lag = NaN;
  private probing = false;
  private readonly gcCounts = new Map<string, { buckets: Float64Array; count: number; sum: number }>();
  private readonly observer: PerformanceObserver;
  private stopped = false;

  constructor(
    readonly thread: string,
    private readonly windowMs = 10_000,
    resolutionMs = 10,
  ) {
    this.delay = monitorEventLoopDelay({ resolution: resolutionMs });
    this.delay.enable();
    this.windowStart = Date.now();
    for (const [, kind] of GC_KINDS) this.gcCounts.set(kind, { buckets: new Float64Array(GC_BUCKETS_S.length), count: 0, sum: 0 });
    this.observer = new PerformanceObserver((list) => {
      for (const e of list.getEntries()) this.countGc(e as unknown as { duration: number; detail?: { kind?: number } });
    });
    this.observer.observe({ entryTypes: ['gc'] });
  }

  private countGc(e: { duration: number; detail?: { kind?: number } }): void {
    const kind = GC_KINDS.find(([k]) => k === e.detail?.kind)?.[1];
    const c = kind === undefined ? undefined : this.gcCounts.get(kind);
    if (c === undefined) return;
    const s = e.duration / 1000;
    c.count++;
    c.sum += s;
    GC_BUCKETS_S.forEach((le, k) => { if (s <= le) c.buckets[k]!++; });
  }

  /** The thread's runtime now (call on the thread that created the sampler). */
  sample(nowMs = Date.now()): ThreadRuntimeSample {
    if (!this.stopped && nowMs - this.windowStart >= this.windowMs) {
      this.closed = delayStats(this.delay);
      this.delay.reset();
      this.windowStart = nowMs;
    }
    const delay = this.closed ?? delayStats(this.delay);
    this.probe();
    const heap = getHeapStatistics();
    const resources: Record<string, number> = {};
    for (const r of process.getActiveResourcesInfo()) resources[r] = (resources[r] ?? 0) + 1;
    return {
      thread: this.thread,
      at: nowMs,
      lagSeconds: this.lag,
      delay,
      heapTotalBytes: heap.total_heap_size,
      heapUsedBytes: heap.used_heap_size,
      externalBytes: (heap as { external_memory?: number }).external_memory ?? process.memoryUsage().external,
      heapSpaces: getHeapSpaceStatistics().map((s) => ({ space: s.space_name, totalBytes: s.space_size, usedBytes: s.space_used_size, availableBytes: s.space_available_size })),
      gc: [...this.gcCounts].map(([kind, c]) => ({ kind, buckets: Array.from(c.buckets), count: c.count, sumSeconds: c.sum })),
      activeResources: resources,
    };
  }

  /** How long a `setImmediate` waits now (read at the next sample), as prom-client's `nodejs_eventloop_lag_seconds`. */
  private probe(): void {
    if (this.probing || this.stopped) return;
    this.probing = true;
    const t0 = process.hrtime.bigint();
    setImmediate(() => {
      this.probing = false;
      this.lag = Number(process.hrtime.bigint() - t0) / 1e9;
    });
  }

  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    this.delay.disable();
    this.observer.disconnect();
  }
}
