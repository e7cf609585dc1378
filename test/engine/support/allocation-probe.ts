import { PerformanceObserver } from 'node:perf_hooks';
import { getHeapStatistics } from 'node:v8';

/** What one measured run cost on this thread. */
export interface AllocationSample {
  readonly ms: number;
  /** Garbage collections that started during the run. */
  readonly gcs: number;
  /** `used_heap_size` after the run minus before it (after a forced GC), bytes. */
  readonly heapDelta: number;
}

/**
 * Runs `body` once, synchronously, between a forced full GC and a heap read, and counts the GCs
 * that started while it ran (`PerformanceObserver` 'gc' entries, delivered after a short wait).
 * For allocation tests on the calling thread; needs `node --expose-gc`. Warm `body` up first:
 * the probe measures, it does not wait for the optimizer.
 */
export async function measureAllocation(body: () => void): Promise<AllocationSample> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) throw new Error('measureAllocation needs node --expose-gc');
  const starts: number[] = [];
  const observer = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) starts.push(e.startTime);
  });
  observer.observe({ entryTypes: ['gc'] });
  gc();
  const heapBefore = getHeapStatistics().used_heap_size;
  const t0 = performance.now();
  body();
  const t1 = performance.now();
  const heapAfter = getHeapStatistics().used_heap_size;
  await new Promise((resolve) => setTimeout(resolve, 20)); // let the observer deliver
  observer.disconnect();
  return { ms: t1 - t0, gcs: starts.filter((t) => t >= t0 && t <= t1).length, heapDelta: heapAfter - heapBefore };
}
