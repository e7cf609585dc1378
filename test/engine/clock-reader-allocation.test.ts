/**
 * The risk thread's wall clock allocates nothing: 1e6 `ClockReader.readInto` calls against a
 * live ticker thread, after warm-up, cause no GC and leave the heap flat (`Date.now()` would
 * allocate 16 B per call on Node 20: ~16 MB, several scavenges). Needs `node --expose-gc`.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PerformanceObserver } from 'node:perf_hooks';
import { getHeapStatistics } from 'node:v8';
import { CLOCK_STATE_WORD, ClockState } from '../../src/engine/clock-block-layout.js';
import { ClockReader } from '../../src/engine/clock-reader.js';
import { ClockTicker } from '../../src/engine/clock-ticker.js';

const READS = 1_000_000;
const gc = (globalThis as { gc?: () => void }).gc;

function readMany(reader: ClockReader, cell: Float64Array, n: number): number {
  let sum = 0;
  for (let k = 0; k < n; k++) {
    reader.readInto(cell, k & 1);
    sum += cell[k & 1]!;
  }
  return sum;
}

test('when the risk thread reads the shared clock 1e6 times then nothing is allocated', { skip: gc === undefined ? 'needs node --expose-gc' : false, timeout: 20_000 }, async () => {
  const ticker = new ClockTicker(Date.now(), 250);
  await ticker.start(5000);
  try {
    const reader = new ClockReader(ticker.block);
    const cell = new Float64Array(2);
    // Warm-up: several whole calls, so readMany runs optimized from its entry (not only on
    // stack replacement, whose first full call re-optimizes and allocates while compiling).
    for (let k = 0; k < 10; k++) readMany(reader, cell, 100_000);
    const gcs: number[] = [];
    const observer = new PerformanceObserver((list) => {
      for (const e of list.getEntries()) gcs.push(e.startTime);
    });
    observer.observe({ entryTypes: ['gc'] });
    gc!();
    const heapBefore = getHeapStatistics().used_heap_size;
    const t0 = performance.now();
    const first = new Float64Array(1);
    reader.readInto(first, 0);
    const sum = readMany(reader, cell, READS);
    const t1 = performance.now();
    const heapAfter = getHeapStatistics().used_heap_size;
    await new Promise((resolve) => setTimeout(resolve, 20)); // let the observer deliver
    observer.disconnect();
    const during = gcs.filter((t) => t >= t0 && t <= t1).length;
    assert.equal(Atomics.load(new Int32Array(ticker.block), CLOCK_STATE_WORD), ClockState.TICKING, 'read the ticker, not the fallback');
    assert.ok(sum >= first[0]! * READS, 'the reads saw the clock (and were not optimized away)');
    console.log(`clock reads: ${READS} in ${(t1 - t0).toFixed(1)} ms (${(((t1 - t0) * 1e6) / READS).toFixed(1)} ns/read), ${during} GCs, heap delta ${heapAfter - heapBefore} bytes`);
    assert.equal(during, 0, `${during} GC(s) during ${READS} reads`);
    assert.ok(heapAfter - heapBefore < 64 * 1024, `heap grew by ${heapAfter - heapBefore} bytes`);
  } finally {
    await ticker.stop(2000);
  }
});
