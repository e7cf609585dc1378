import hdr from 'hdr-histogram-js';
import { LATENCY_BUCKETS_S, type LatencyBuckets, type LatencySummary, type LatencyView } from './latency-view.js';

/** Highest value tracked: 60 s in ns; larger samples are clamped to it. */
const HIGHEST_NS = 60e9;

/**
 * Decision latencies since the server started (cumulative, as Prometheus wants), in an HDR
 * histogram (3 significant digits, fixed size: `autoResize: false`). Lives on the server
 * thread; the JS build needs no initialisation in that thread. Fed with the samples a
 * single-threaded source hands over (`StateSource.takeLatencies`, timed by `RecordingGate`).
 */
export class LatencyHistogram implements LatencyView {
  readonly help = 'Time to decide an order, cancel or kill request (HDR histogram, since start).';
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
      p50Ns: Math.min(this.h.getValueAtPercentile(50), max),
      p99Ns: Math.min(this.h.getValueAtPercentile(99), max),
      p999Ns: Math.min(this.h.getValueAtPercentile(99.9), max),
      maxNs: max,
    };
  }

  /**
   * Cumulative counts at the Prometheus bounds. A recorded value counts in a bucket when the
   * highest value of its HDR bucket is within the bound (never reports a sample faster than it was).
   */
  buckets(): LatencyBuckets {
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
    let cum = 0;
    const cumulative = Array.from(counts, (c) => (cum += c));
    return { cumulative, count: this.h.totalCount, sumSeconds: this.sumNs / 1e9 };
  }
}
