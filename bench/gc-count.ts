import { getHeapStatistics } from 'node:v8';
import { GcCounter } from '../src/engine/gc-counter.js';

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
 * Counts this thread's GCs (`GcCounter`: complete when `stop` is called, nothing delivered late)
 * and heap growth between `start()` and `stop(ops)`. `start` collects first when `--expose-gc`
 * is on, so the stretch starts from a clean young generation.
 */
export function countGc(): { start(): void; stop(ops: number): Promise<GcCount> } {
  const counter = new GcCounter();
  let heap0 = 0;
  return {
    start(): void {
      globalThis.gc?.();
      heap0 = getHeapStatistics().used_heap_size;
      counter.start();
    },
    stop(ops: number): Promise<GcCount> {
      const gcCount = counter.stop();
      const growth = getHeapStatistics().used_heap_size - heap0;
      return Promise.resolve({ ops, gcCount, heapGrowthBytes: growth, gcPerMillion: (gcCount / ops) * 1e6, heapGrowthPerMillion: (growth / ops) * 1e6 });
    },
  };
}
