import { getHeapStatistics } from 'node:v8';
import { GcCounter } from '../../../src/engine/gc-counter.js';

/** What one measured run cost on this thread. */
export interface AllocationSample {
  readonly ms: number;
  /** Garbage collections that ran during the run (counted synchronously: none can arrive late). */
  readonly gcs: number;
  /** `used_heap_size` after the run minus before it (after a forced GC), bytes. */
  readonly heapDelta: number;
}

/**
 * Runs `body` once, synchronously, between a forced full GC and a heap read, and counts the GCs
 * that ran while it ran (`GcCounter`: read when the run ends, not after a wait).
 * For allocation tests on the calling thread; needs `node --expose-gc`. Warm `body` up first:
 * the probe measures, it does not wait for the optimizer.
 */
export async function measureAllocation(body: () => void): Promise<AllocationSample> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) throw new Error('measureAllocation needs node --expose-gc');
  const counter = new GcCounter();
  gc();
  const heapBefore = getHeapStatistics().used_heap_size;
  counter.start();
  const t0 = performance.now();
  body();
  const t1 = performance.now();
  const gcs = counter.stop();
  const heapAfter = getHeapStatistics().used_heap_size;
  return { ms: t1 - t0, gcs, heapDelta: heapAfter - heapBefore };
}
