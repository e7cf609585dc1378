/**
 * The risk thread's wall clock allocates nothing: 1e6 `ClockReader.readInto` calls against a
 * live ticker thread, after warm-up, cause no GC and leave the heap flat (`Date.now()` would
 * allocate 16 B per call on Node 20: ~16 MB, several scavenges). Needs `node --expose-gc`.
 *
 * The measuring loop computes no double of its own. On V8 12+ (Node 22 and later) a function
 * entered a few times that spends its time in one long loop is never compiled from its entry:
 * each call starts in the interpreter and reaches optimized code by on-stack replacement, and
 * the interpreter boxes every double it computes. A running sum of the values read (epoch-size,
 * not a small integer) measured +0.3 to +1.3 MB per 1e6 reads on Node 24, none on Node 20:
 * garbage made by the test, not by the reader (the same loop without the sum: none). So the
 * warm-up makes many short calls first, and the loop keeps no double across iterations: it
 * counts the reads that saw time move forward or stand (a small integer), which also shows
 * the reads were not optimized away.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CLOCK_STATE_WORD, ClockState } from '../../src/engine/clock-block-layout.js';
import { ClockReader } from '../../src/engine/clock-reader.js';
import { ClockTicker } from '../../src/engine/clock-ticker.js';
import { measureAllocation } from './support/allocation-probe.js';

const READS = 1_000_000;
const gc = (globalThis as { gc?: () => void }).gc;

/** Reads `n` times, alternating the two cells; returns how many reads were >= the one before. */
function readMany(reader: ClockReader, cell: Float64Array, n: number): number {
  let monotone = 0;
  for (let k = 0; k < n; k++) {
    reader.readInto(cell, k & 1);
    if (cell[k & 1]! >= cell[(k & 1) ^ 1]!) monotone++;
  }
  return monotone;
}

test('when the risk thread reads the shared clock 1e6 times then nothing is allocated', { skip: gc === undefined ? 'needs node --expose-gc' : false, timeout: 20_000 }, async () => {
  const ticker = new ClockTicker(Date.now(), 250);
  await ticker.start(5000);
  try {
    const reader = new ClockReader(ticker.block);
    const cell = new Float64Array(2);
    // Warm-up, so that readMany runs optimized from its entry. First many short calls: V8 12+
    // compiles a function from its entry once calls made it hot, while a few long calls only
    // ever reach it by on-stack replacement (see the file's doc). Then long calls, with pauses
    // for the background compiler.
    for (let k = 0; k < 2000; k++) readMany(reader, cell, 200);
    for (let k = 0; k < 10; k++) {
      readMany(reader, cell, 100_000);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    // Up to three measured runs: garbage per read (16 MB a run) shows in every one; a compile
    // the background compiler finishes late (a busy 2-core host) lands in one run, not the next.
    const runs: string[] = [];
    for (let attempt = 1; attempt <= 3; attempt++) {
      const first = new Float64Array(1);
      let monotone = 0;
      const m = await measureAllocation(() => {
        reader.readInto(first, 0);
        cell[1] = first[0]!;
        monotone = readMany(reader, cell, READS);
      });
      assert.equal(Atomics.load(new Int32Array(ticker.block), CLOCK_STATE_WORD), ClockState.TICKING, 'read the ticker, not the fallback');
      assert.equal(monotone, READS, 'every read saw the clock, never behind the one before (and none was optimized away)');
      assert.ok(cell[0]! >= first[0]! && cell[1]! >= first[0]!, 'the last reads are not behind the first');
      runs.push(`run ${attempt}: ${m.gcs} GCs, heap delta ${m.heapDelta} bytes`);
      console.log(`clock reads: ${READS} in ${m.ms.toFixed(1)} ms (${((m.ms * 1e6) / READS).toFixed(1)} ns/read), ${runs.at(-1)}`);
      if (m.gcs === 0 && m.heapDelta < 64 * 1024) break;
      assert.ok(attempt < 3, `the reads allocated in every run: ${runs.join('; ')}`);
    }
  } finally {
    await ticker.stop(2000);
  }
});
