/**
 * The risk thread's wall clock allocates nothing: 1e6 `ClockReader.readInto` calls against a
 * live ticker thread, after warm-up, cause no GC and leave the heap flat (`Date.now()` would
 * allocate 16 B per call on Node 20: ~16 MB, several scavenges). Needs `node --expose-gc`.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CLOCK_STATE_WORD, ClockState } from '../../src/engine/clock-block-layout.js';
import { ClockReader } from '../../src/engine/clock-reader.js';
import { ClockTicker } from '../../src/engine/clock-ticker.js';
import { measureAllocation } from './support/allocation-probe.js';

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
    const first = new Float64Array(1);
    let sum = 0;
    const m = await measureAllocation(() => {
      reader.readInto(first, 0);
      sum = readMany(reader, cell, READS);
    });
    assert.equal(Atomics.load(new Int32Array(ticker.block), CLOCK_STATE_WORD), ClockState.TICKING, 'read the ticker, not the fallback');
    assert.ok(sum >= first[0]! * READS, 'the reads saw the clock (and were not optimized away)');
    console.log(`clock reads: ${READS} in ${m.ms.toFixed(1)} ms (${((m.ms * 1e6) / READS).toFixed(1)} ns/read), ${m.gcs} GCs, heap delta ${m.heapDelta} bytes`);
    assert.equal(m.gcs, 0, `${m.gcs} GC(s) during ${READS} reads`);
    assert.ok(m.heapDelta < 64 * 1024, `heap grew by ${m.heapDelta} bytes`);
  } finally {
    await ticker.stop(2000);
  }
});
