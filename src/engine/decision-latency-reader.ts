import {
  LATENCY_BUCKETS, LATENCY_BUCKETS_WORD, LATENCY_SUM_HI_WORD, LATENCY_SUM_LO_WORD, checkDecisionLatencyBlock,
} from './decision-latency-layout.js';

/** What a decision-latency block holds at one read. */
export interface DecisionLatencyTotals {
  /** Samples per bucket since the block was created (index: bucket, see `latencyBucketUpperNs`). */
  readonly counts: Float64Array;
  /** Samples in every bucket. */
  readonly count: number;
  /** Sum of the samples, ns (never lower than at a previous read). */
  readonly sumNs: number;
}

/** Tries to read sumHi, sumLo, sumHi without sumHi moving before keeping the previous sum. */
const SUM_TRIES = 100;

/**
 * The reader's end of a decision-latency block (decision-latency-layout.ts), on any thread (the
 * control server's). Never waits for a writer. Extends the block's wrapping 32-bit words to
 * float64 totals: call `read()` more often than every 2^32 samples into one bucket (the control
 * server reads every stream interval). One reader per consumer: the extension is its own state.
 * Cold: about 800 loads per read; `read()` returns this reader's own arrays, overwritten by the
 * next read.
 */
export class DecisionLatencyReader {
  private readonly words: Int32Array;
  private readonly seen = new Float64Array(LATENCY_BUCKETS);
  private readonly counts = new Float64Array(LATENCY_BUCKETS);
  private sumNs = 0;

  constructor(block: SharedArrayBuffer) {
    checkDecisionLatencyBlock(block);
    this.words = new Int32Array(block);
  }

  read(): DecisionLatencyTotals {
    let count = 0;
    for (let b = 0; b < LATENCY_BUCKETS; b++) {
      const now = Atomics.load(this.words, LATENCY_BUCKETS_WORD + b) >>> 0; // the bucket's count, mod 2^32
      this.counts[b]! += (now - this.seen[b]!) >>> 0;
      this.seen[b] = now;
      count += this.counts[b]!;
    }
    for (let t = 0; t < SUM_TRIES; t++) {
      const hi = Atomics.load(this.words, LATENCY_SUM_HI_WORD) >>> 0; // carries first
      const lo = Atomics.load(this.words, LATENCY_SUM_LO_WORD) >>> 0;
      if (Atomics.load(this.words, LATENCY_SUM_HI_WORD) >>> 0 !== hi) continue; // a carry landed meanwhile
      // A carry still pending (low word wrapped, high word not yet added) reads 2^32 ns short: keep the larger.
      this.sumNs = Math.max(this.sumNs, hi * 2 ** 32 + lo);
      break;
    }
    return { counts: this.counts, count, sumNs: this.sumNs };
  }
}
