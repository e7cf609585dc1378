/**
 * The floors `npm run bench:ci` enforces: ratios against baselines measured in the same run,
 * never absolute times (shared 2-core machines drift; ratios measured round by round hold).
 *
 * Methodology (what makes the ratios stable on 2 cores where each case runs two spinning
 * threads): every case runs once per round, rounds interleave the cases (riskgate and its
 * baselines minutes apart would see different machine load), each ratio is computed within a
 * round, and the floor is checked on the median of the per-round ratios (5 rounds in CI).
 *
 * `justification` is the measurement that set each floor (medians over rounds, this project's
 * 2-core machine, unpinned, other engineers' test runs on the same host: load average 3-6).
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
    justification: 'TBD',
  },
  {
    id: 'ring-throughput-vs-postMessage',
    description: 'riskgate ring throughput at least 10x worker.postMessage',
    riskgate: 'ring riskgate-ring-spin throughput',
    baseline: 'ring postMessage throughput',
    metric: 'throughputRatio',
    limit: 10,
    justification: 'TBD',
  },
  {
    id: 'ring-p50-vs-ringbuf.js',
    description: 'riskgate ring p50 not worse than ringbuf.js',
    riskgate: 'ring riskgate-ring-spin latency',
    baseline: 'ring ringbuf.js latency',
    metric: 'p50Ratio',
    limit: 1,
    justification: 'TBD',
  },
  {
    id: 'ring-throughput-vs-ringbuf.js',
    description: 'riskgate ring throughput not worse than ringbuf.js',
    riskgate: 'ring riskgate-ring-spin throughput',
    baseline: 'ring ringbuf.js throughput',
    metric: 'throughputRatio',
    limit: 1,
    justification: 'TBD',
  },
  {
    id: 'risk-thread-zero-gc',
    description: 'zero GC on the risk thread over every measured engine run (feed and strategy paths, both idle strategies)',
    riskgate: 'engine',
    metric: 'riskThreadGc',
    limit: 0,
    justification: 'TBD',
  },
];
