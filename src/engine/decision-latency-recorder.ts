import {
  LATENCY_BUCKETS_WORD, LATENCY_MAX_SAMPLE_NS, LATENCY_SUM_HI_WORD, LATENCY_SUM_LO_WORD,
  checkDecisionLatencyBlock, latencyBucket,
} from './decision-latency-layout.js';

const TWO_32 = 2 ** 32;

/**
 * A writer's end of a decision-latency block (decision-latency-layout.ts). Any number of
 * recorders, on any threads, share one block: each sample is `Atomics.add`s only, so none is
 * lost and none waits. Built once per `StrategyClient` (the constructor checks the block).
 */
export class DecisionLatencyRecorder {
  private readonly words: Int32Array;

  constructor(block: SharedArrayBuffer) {
    checkDecisionLatencyBlock(block);
    this.words = new Int32Array(block);
  }

  /**
   * Records one latency of `ns` nanoseconds (rounded; negative or NaN as 0, clamped to
   * `LATENCY_MAX_SAMPLE_NS`). @hot allocation-free, wait-free: 2 `Atomics.add` (3 on a carry).
   */
  record(ns: number): void {
    const v = ns > 0 ? Math.min(Math.round(ns), LATENCY_MAX_SAMPLE_NS) : 0;
    Atomics.add(this.words, LATENCY_BUCKETS_WORD + latencyBucket(v), 1); // count the sample
    const hi = Math.floor(v / TWO_32);
    const lo = v - hi * TWO_32;
    const before = Atomics.add(this.words, LATENCY_SUM_LO_WORD, lo | 0) >>> 0; // add the low 32 bits
    const carry = before + lo >= TWO_32 ? 1 : 0;
    if (hi + carry !== 0) Atomics.add(this.words, LATENCY_SUM_HI_WORD, hi + carry); // the carry (and high bits), after the low add
  }
}
