import { GCProfiler } from 'node:v8';

/**
 * Counts the calling thread's garbage collections between `start()` and `stop()`, exactly.
 *
 * V8 reports each collection to the profiler from inside the collection itself (a GC prologue
 * callback, recorded in native memory, not on the JS heap), and `stop()` returns what was
 * recorded synchronously: a collection that ran before `stop()` is always in its count. A
 * `PerformanceObserver` on 'gc' entries cannot promise that: it delivers on a later turn of the
 * event loop, so a read after a fixed wait can miss a collection and pass an allocation check
 * falsely.
 *
 * Allocation: `start()` and `stop()` allocate (call them outside the measured stretch); while
 * counting, nothing is added to the JS heap. One counter per stretch; not reusable.
 */
export class GcCounter {
  private readonly profiler = new GCProfiler();
  private running = false;

  start(): void {
    if (this.running) throw new Error('GcCounter.start: already counting');
    this.running = true;
    this.profiler.start();
  }

  /** Stops counting and returns the number of collections (of any kind) since `start()`. */
  stop(): number {
    if (!this.running) throw new Error('GcCounter.stop: not counting');
    this.running = false;
    return this.profiler.stop().statistics.length;
  }
}
