import { PerformanceObserver } from 'node:perf_hooks';
import { getHeapStatistics } from 'node:v8';

/** GCs and heap growth of one thread over a measured stretch of `ops` operations. */
export interface GcCount {
  readonly ops: number;
  readonly gcCount: number;
  /** Used-heap growth over the stretch, bytes (meaningful when gcCount is 0). */
  readonly heapGrowthBytes: number;
  readonly gcPerMillion: number;
  readonly heapGrowthPerMillion: number;
}

/**
 * Counts this thread's GCs (`PerformanceObserver` 'gc' entries, delivered asynchronously: `stop`
 * waits a turn for them) and heap growth between `start()` and `stop(ops)`. `start` collects
 * first when `--expose-gc` is on, so the stretch starts from a clean young generation.
 */
export function countGc(): { start(): void; stop(ops: number): Promise<GcCount> } {
  const starts: number[] = [];
  const observer = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) starts.push(e.startTime);
  });
  observer.observe({ entryTypes: ['gc'] });
  let t0 = Infinity;
  let heap0 = 0;
  return {
    start(): void {
      globalThis.gc?.();
      heap0 = getHeapStatistics().used_heap_size;
      t0 = performance.now();
    },
    async stop(ops: number): Promise<GcCount> {
      const t1 = performance.now();
      const heap1 = getHeapStatistics().used_heap_size;
      await new Promise((resolve) => setTimeout(resolve, 20));
      observer.disconnect();
      const gcCount = starts.filter((t) => t >= t0 && t <= t1).length;
      const growth = heap1 - heap0;
      return { ops, gcCount, heapGrowthBytes: growth, gcPerMillion: (gcCount / ops) * 1e6, heapGrowthPerMillion: (growth / ops) * 1e6 };
    },
  };
}
