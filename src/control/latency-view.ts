/**
 * What the control server shows of decision latencies, whoever measures them: `/metrics`
 * renders `buckets()` as the `riskgate_decision_latency_seconds` histogram with `help` as its
 * HELP line; `/state`, `/stream` and the dashboard show `summary()`.
 *
 * Implementations: `LatencyHistogram` (latency-histogram.ts: samples a single-threaded source
 * hands over, in an HDR histogram on the server thread) and `SharedLatencyHistogram`
 * (shared-latency-histogram.ts: the threaded engine's strategy clients' shared block).
 */

/** Percentiles of the decision latency: `/state`'s `latency`, each figure with its unit in its name. */
export interface LatencySummary {
  readonly count: number;
  readonly p50Ns: number;
  readonly p99Ns: number;
  readonly p999Ns: number;
  readonly maxNs: number;
}

/** Upper bounds of the Prometheus buckets, in seconds (1 µs .. 1 s). */
export const LATENCY_BUCKETS_S: readonly number[] = [
  1e-6, 2.5e-6, 5e-6, 1e-5, 2.5e-5, 5e-5, 1e-4, 2.5e-4, 5e-4, 1e-3, 2.5e-3, 1e-2, 1e-1, 1,
];

/** The same bounds in integer ns (exact, for comparisons with integer samples). */
export const LATENCY_BUCKETS_NS: readonly number[] = LATENCY_BUCKETS_S.map((s) => Math.round(s * 1e9));

/** A Prometheus histogram's numbers: cumulative counts at `LATENCY_BUCKETS_S`, total, sum. */
export interface LatencyBuckets {
  /** Samples at or below each bound of `LATENCY_BUCKETS_S` (cumulative, same length). */
  readonly cumulative: readonly number[];
  readonly count: number;
  readonly sumSeconds: number;
}

export interface LatencyView {
  /** The HELP text of the histogram: exactly what is timed, and where. One line. */
  readonly help: string;
  buckets(): LatencyBuckets;
  /** Null before the first sample. */
  summary(): LatencySummary | null;
}
