/**
 * The floors `npm run bench:ci` enforces: ratios against baselines measured in the same run,
 * never absolute times (shared 2-core machines drift; ratios measured round by round hold).
 *
 * Methodology (what makes the ratios stable on 2 cores where each case runs two spinning
 * threads): every case runs once per round, rounds interleave the cases (riskgate and its
 * baselines minutes apart would see different machine load), each ratio is computed within a
 * round, and the floor is checked on the median of the per-round ratios (3 rounds in CI).
 *
 * CI (the last step of `npm test`): a broken ratio floor is measured again on fresh rounds, up to
 * 5 attempts; it fails when no attempt holds and one broke on a quiet host, and is inconclusive
 * (warned, not failed) when it broke only while other processes took 10% or more of the CPUs
 * (floor-check.ts; the load of each round: host-load.ts).
 *
 * `justification` is the measurement that set each floor: medians over 5 rounds on this project's
 * 2-core VM (AMD EPYC, Node 20.20.2, unpinned), "idle" = nothing else running (load 0.6),
 * "loaded" = other engineers' test runs on the same host (load 3-6).
 */
export interface Floor {
  readonly id: string;
  readonly description: string;
  readonly riskgate: string;
  /** Baseline case name, or undefined for an absolute count (GC). */
  readonly baseline?: string;
  readonly metric: 'p50Ratio' | 'throughputRatio' | 'riskThreadGc';
  /** p50Ratio: at most; throughputRatio: at least; riskThreadGc: at most (count). */
  readonly limit: number;
  readonly justification: string;
}

export const FLOORS: readonly Floor[] = [
  {
    id: 'ring-p50-vs-postMessage',
    description: 'riskgate ring p50 at least 10x better than worker.postMessage (20k msg/s, from the intended send time)',
    riskgate: 'ring riskgate-ring-spin latency',
    baseline: 'ring postMessage latency',
    metric: 'p50Ratio',
    limit: 0.1,
    justification:
      'fresh-clone .ci/run (2026-11-25, others 0-1% CPU): 401 ns vs 38.5 us = 0.010; idle: 317 ns vs 37.6 us = 0.009; loaded: 0.022 (416 ns vs 32.6 us). Earlier loaded run (load 4.3): per-round 0.010, 0.025, 156, 30, 26 = median 26, broken: when a third runnable process preempts one of the two spinning threads, the spin ring p50 becomes a scheduler slice (1-8 ms) while postMessage sleeps and is not hurt. Re-measuring a broken attempt (floor-check.ts) exists for that',
  },
  {
    id: 'ring-throughput-vs-postMessage',
    description: 'riskgate ring throughput at least 10x worker.postMessage',
    riskgate: 'ring riskgate-ring-spin throughput',
    baseline: 'ring postMessage throughput',
    metric: 'throughputRatio',
    limit: 10,
    justification:
      'fresh-clone .ci/run: 20.7 (12.7M/s vs 554k/s); idle: 15.4 (10.9M/s vs 613k/s); loaded: attempt 1 broke at 4.2 while other processes used 46% of the CPUs, attempt 2 held at 17.0 (0-3% other CPU)',
  },
  {
    id: 'ring-p50-vs-ringbuf.js',
    description: 'riskgate ring p50 not worse than ringbuf.js',
    riskgate: 'ring riskgate-ring-spin latency',
    baseline: 'ring ringbuf.js latency',
    metric: 'p50Ratio',
    limit: 1,
    justification:
      'fresh-clone .ci/run: 0.400 (401 ns vs 938 ns); idle: 0.485 (317 ns vs 715 ns); loaded: 0.491 (per round 0.3-2.2 in an earlier loaded run, median 0.89)',
  },
  {
    id: 'ring-throughput-vs-ringbuf.js',
    description: 'riskgate ring throughput not worse than ringbuf.js',
    riskgate: 'ring riskgate-ring-spin throughput',
    baseline: 'ring ringbuf.js throughput',
    metric: 'throughputRatio',
    limit: 1,
    justification:
      'fresh-clone .ci/run: 1.87 (12.7M/s vs 4.20M/s); idle: 1.93 (10.9M/s vs 4.76M/s); loaded: 2.73 (2.07M/s vs 1.02M/s)',
  },
  {
    id: 'strategy-p50-vs-postMessage-round-trip',
    description: 'a strategy\'s decision round trip (StrategyClient.decideOrder, spinning risk thread) at least 4x faster at p50 than the same request answered over postMessage by a worker running the same risk core',
    riskgate: 'engine strategy round trip spin decide latency',
    baseline: 'request-reply postMessage latency',
    metric: 'p50Ratio',
    limit: 0.25,
    justification:
      'fresh-clone .ci/run: 0.028 (5.7 us vs 165 us); quiet rounds: 0.018-0.051 (spin decide 1.2-3.0 us vs postMessage round trip 22-127 us, which itself moves 4x from round to round, hence the wide margin); loaded: medians 2.2 and 136 (both spinning sides must run at once; a backlog builds from the intended send times). Not worse than a ringbuf.js round trip is not floored: quiet rounds measured 0.74-1.40',
  },
  {
    id: 'risk-thread-zero-gc',
    description: 'zero GC on the risk thread over every measured engine run (feed and strategy paths, both idle strategies)',
    riskgate: 'engine',
    metric: 'riskThreadGc',
    limit: 0,
    justification:
      'idle and loaded (2026-11-25): 0 GC in every engine run (feed 5 x 10k events and 5 x 200k back to back per idle strategy, strategy 5 x 2.5k requests per idle strategy). The first CI run (before the risk loop stopped boxing fractional slot times) saw 2 scavenges over 1M slots with a full feed ring, none in any run since; the allocation tests in test/engine prove the same at 1M slots',
  },
];
