/** Summarises an HDR histogram (ns) into percentiles and log-spaced buckets for the report. */
import type hdr from 'hdr-histogram-js';
import type { LatencyResult } from './demo-result.js';

export function latencyResult(h: hdr.Histogram): LatencyResult {
  if (h.totalCount === 0) return { count: 0, p50: 0, p99: 0, p999: 0, max: 0, buckets: [] };
  const max = h.maxValue;
  // Percentiles are the top of their HDR bucket, which can pass the exact max.
  const at = (p: number): number => Math.min(h.getValueAtPercentile(p), max);
  const buckets: [number, number][] = [];
  let prev = 0;
  let seen = 0;
  for (let upper = 1000; seen < h.totalCount; upper = Math.round(upper * Math.SQRT2)) {
    const below = countAtOrBelow(h, upper);
    buckets.push([upper, below - prev]);
    seen = below;
    prev = below;
    if (upper > 1e11) break;
  }
  return { count: h.totalCount, p50: at(50), p99: at(99), p999: at(99.9), max, buckets };
}

function countAtOrBelow(h: hdr.Histogram, value: number): number {
  // HDR gives percentiles, not ranks: bisect the percentile whose value reaches `value`.
  if (value >= h.maxValue) return h.totalCount;
  if (value < h.minNonZeroValue) return 0;
  let lo = 0;
  let hi = 100;
  for (let k = 0; k < 30; k++) {
    const mid = (lo + hi) / 2;
    if (h.getValueAtPercentile(mid) <= value) lo = mid;
    else hi = mid;
  }
  return Math.round((lo / 100) * h.totalCount);
}
