import hdr from 'hdr-histogram-js';

/**
 * Percentile summary of an HDR histogram, in a form that crosses threads as plain numbers
 * (a Float64Array of `SUMMARY_LENGTH` in a SharedArrayBuffer, or a structured clone).
 *
 * Every cross-thread case records nanoseconds into `newHistogram()` (3 significant digits,
 * fixed range 1 ns .. 60 s, no resize: `recordValue` never allocates) and reports this summary.
 */
export const PLOT_PERCENTILES: readonly number[] = [0, 10, 25, 50, 75, 90, 95, 99, 99.5, 99.9, 99.95, 99.99, 99.999, 100];

export interface LatencySummary {
  readonly count: number;
  readonly p50: number;
  readonly p99: number;
  readonly p999: number;
  readonly p9999: number;
  readonly max: number;
  /** [percentile, ns] at each of `PLOT_PERCENTILES` (for the distribution plots). */
  readonly distribution: readonly (readonly [number, number])[];
}

export type Histogram = ReturnType<typeof hdr.build>;

/** The histograms' range ends at 60 s (ns). */
export const HIGHEST_NS = 60e9;

export function newHistogram(): Histogram {
  return hdr.build({ lowestDiscernibleValue: 1, highestTrackableValue: HIGHEST_NS, numberOfSignificantValueDigits: 3, autoResize: false });
}

/**
 * Records one latency in ms (a `performance.now()` difference) as integer ns, from 1 ns to
 * `HIGHEST_NS`. A paced run timed from each request's intended send time accumulates its lag
 * when the host cannot keep the rate (a heavily loaded CI machine): such a latency saturates at
 * 60 s, so the summary's max says so, instead of the histogram throwing and the run aborting.
 */
export function recordMs(h: Histogram, ms: number): void {
  h.recordValue(Math.min(HIGHEST_NS, Math.max(1, Math.round(ms * 1e6))));
}

export function summarize(h: Histogram): LatencySummary {
  const at = (p: number): number => (p >= 100 ? h.maxValue : h.getValueAtPercentile(p));
  return {
    count: h.totalCount,
    p50: at(50),
    p99: at(99),
    p999: at(99.9),
    p9999: at(99.99),
    max: h.maxValue,
    distribution: PLOT_PERCENTILES.map((p) => [p, p === 0 ? h.minNonZeroValue : at(p)] as const),
  };
}

/** Flat layout of a summary in a Float64Array: count, p50, p99, p999, p9999, max, distribution values. */
export const SUMMARY_LENGTH = 6 + PLOT_PERCENTILES.length;

export function writeSummary(out: Float64Array, at: number, s: LatencySummary): void {
  out[at] = s.count;
  out[at + 1] = s.p50;
  out[at + 2] = s.p99;
  out[at + 3] = s.p999;
  out[at + 4] = s.p9999;
  out[at + 5] = s.max;
  s.distribution.forEach(([, v], k) => (out[at + 6 + k] = v));
}

export function readSummary(src: Float64Array, at: number): LatencySummary {
  return {
    count: src[at]!,
    p50: src[at + 1]!,
    p99: src[at + 2]!,
    p999: src[at + 3]!,
    p9999: src[at + 4]!,
    max: src[at + 5]!,
    distribution: PLOT_PERCENTILES.map((p, k) => [p, src[at + 6 + k]!] as const),
  };
}
