import hdr from 'hdr-histogram-js';

/** Percentiles of the decision latency, in ns. */
export interface LatencySummary {
  readonly count: number;
  readonly p50: number;
  readonly p99: number;
  readonly p999: number;
  readonly max: number;
}

/** Upper bounds of the Prometheus buckets, in seconds (1 µs .. 1 s). */
export const LATENCY_BUCKETS_S: readonly number[] = [
  1e-6, 2.5e-6, 5e-6, 1e-5, 2.5e-5, 5e-5, 1e-4, 2.5e-4, 5e-4, 1e-3, 2.5e-3, 1e-2, 1e-1, 1,
];

/** Highest value tracked: 60 s in ns; larger samples are clamped to it. */
const HIGHEST_NS = 60e9;

/**
 * Decision latencies since the server started (cumulative, as Prometheus wants), in an HDR
 * histogram (3 significant digits, fixed size: `autoResize: false`). Lives on the server
 * thread; the JS build needs no initialisation in that thread.
 */
export class LatencyHistogram {
  private readonly h = hdr.build({
    bitBucketSize: 32,
    autoResize: false,
    lowestDiscernibleValue: 1,
    highestTrackableValue: HIGHEST_NS,
    numberOfSignificantValueDigits: 3,
  }) as hdr.JsHistogram;
  private sumNs = 0;

  record(ns: number): void {
    if (!(ns >= 0)) return;
    const v = Math.min(Math.round(ns), HIGHEST_NS);
    this.h.recordValue(v);
    this.sumNs += v;
  }

  get count(): number {
    return this.h.totalCount;
  }

  summary(): LatencySummary | null {
    if (this.h.totalCount === 0) return null;
    // Percentiles are reported as the top of their HDR bucket, which can pass the exact max.
    const max = this.h.maxValue;
    return {
      count: this.h.totalCount,
      p50: Math.min(this.h.getValueAtPercentile(50), max),
      p99: Math.min(this.h.getValueAtPercentile(99), max),
      p999: Math.min(this.h.getValueAtPercentile(99.9), max),
      max,
    };
  }

  /**
   * Prometheus histogram lines for `name` (seconds): cumulative `_bucket{le}` counts, `+Inf`,
   * `_sum` and `_count`. A recorded value counts in a bucket when the highest value of its HDR
   * bucket is within the bound (never reports a sample faster than it was).
   */
  prometheus(name: string): string[] {
    const counts = new Float64Array(LATENCY_BUCKETS_S.length);
    const it = this.h.recordedValuesIterator;
    it.reset();
    while (it.hasNext()) {
      const v = it.next();
      const s = v.valueIteratedTo / 1e9;
      for (let b = 0; b < LATENCY_BUCKETS_S.length; b++) {
        if (s <= LATENCY_BUCKETS_S[b]!) {
          counts[b]! += v.countAtValueIteratedTo;
          break;
        }
      }
    }
    const lines: string[] = [];
    let cum = 0;
    LATENCY_BUCKETS_S.forEach((le, b) => {
      cum += counts[b]!;
      lines.push(`${name}_bucket{le="${le}"} ${cum}`);
    });
    lines.push(`${name}_bucket{le="+Inf"} ${this.h.totalCount}`);
    lines.push(`${name}_sum ${this.sumNs / 1e9}`);
    lines.push(`${name}_count ${this.h.totalCount}`);
    return lines;
  }
}
