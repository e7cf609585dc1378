import { DecisionLatencyReader, type DecisionLatencyTotals } from '../engine/decision-latency-reader.js';
import { LATENCY_BUCKETS, latencyBucketUpperNs } from '../engine/decision-latency-layout.js';
import { LATENCY_BUCKETS_NS, type LatencyBuckets, type LatencySummary, type LatencyView } from './latency-view.js';

/** What the threaded engine's histogram times (its HELP line). */
export const SHARED_LATENCY_HELP = 'Time from a StrategyClient decide*() or *Async() call to the client reading its decision, on the strategy thread'
  + ' (request ring, risk thread, decision ring, the client\'s poll; Promise form: up to one event-loop turn);'
  + ' every strategy of the engine, since start; submit*()/pollDecision() are not timed.';

/**
 * The threaded engine's decision latencies as the control server shows them: a view over the
 * shared block its strategy clients record into (engine/decision-latency-layout.ts), read in
 * place on the server thread. `refresh()` reads the block (the server calls it on every state
 * read, which also keeps the reader's wrap extension valid); `buckets()` and `summary()` use the
 * last read.
 *
 * Exact at the Prometheus bounds: each of them is a boundary of the block's buckets. Percentiles
 * and max are the upper bound of their bucket (never faster than the samples; above 100 ns at
 * most 10% slower); above 100 s, Infinity (JSON null).
 */
export class SharedLatencyHistogram implements LatencyView {
  readonly help = SHARED_LATENCY_HELP;
  private readonly reader: DecisionLatencyReader;
  private last: DecisionLatencyTotals;

  constructor(block: SharedArrayBuffer) {
    this.reader = new DecisionLatencyReader(block);
    this.last = this.reader.read();
  }

  refresh(): void {
    this.last = this.reader.read();
  }

  buckets(): LatencyBuckets {
    const { counts, count, sumNs } = this.last;
    const cumulative: number[] = [];
    let cum = 0;
    let b = 0;
    for (const le of LATENCY_BUCKETS_NS) {
      for (; b < LATENCY_BUCKETS && latencyBucketUpperNs(b) <= le; b++) cum += counts[b]!;
      cumulative.push(cum);
    }
    return { cumulative, count, sumSeconds: sumNs / 1e9 };
  }

  summary(): LatencySummary | null {
    const { counts, count } = this.last;
    if (count === 0) return null;
    let top = LATENCY_BUCKETS - 1;
    while (counts[top] === 0) top--;
    return { count, p50Ns: this.percentile(50), p99Ns: this.percentile(99), p999Ns: this.percentile(99.9), maxNs: latencyBucketUpperNs(top) };
  }

  /** The upper bound of the bucket holding the sample of rank ceil(p% of count). */
  private percentile(p: number): number {
    const { counts, count } = this.last;
    const rank = Math.max(1, Math.ceil((p * count) / 100));
    let cum = 0;
    for (let b = 0; b < LATENCY_BUCKETS; b++) {
      cum += counts[b]!;
      if (cum >= rank) return latencyBucketUpperNs(b);
    }
    return Infinity;
  }
}
