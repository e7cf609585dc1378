/**
 * The feed worker's step after a byte decoder: copies the frame's staged event slots
 * (src/venues/scan/decoded-slots.ts) into the feed ring, mapping the decoder's symbol index to
 * the instrument index of the engine config (`instOf`; -1, every instrument, stays -1) and
 * stamping the arrival time `at` (ms, the worker's wall clock), then publishes once per frame.
 *
 * `at` is read from `clock[0]`: the caller keeps it current (the live feed source ticks it every
 * millisecond from a timer); reading the time per frame would allocate (`Date.now()` and
 * `performance.now()` return a heap number on Node 20 in optimised code).
 *
 * A full ring is a drop, counted as `encodeFeedEvent` counts it (the risk thread holds the
 * feed's instruments down until a fresh snapshot): the frame's remaining events are dropped
 * too, each counted.
 *
 * @hot Allocation-free (test/venues/byte-decoder-allocation.test.ts): slot words are copied.
 */
import { AT_DWORD, EVENT_SLOT_BYTES, INST_WORD } from '../codec/event-slot-layout.js';
import { copySlot } from '../codec/slot-header.js';
import type { FeedSink } from '../engine/feed-sink.js';
import { RING_FULL } from '../ring/index.js';
import type { DecodedSlots } from '../venues/scan/decoded-slots.js';

/** Returns the number of events published (the others were dropped on a full ring). */
export function publishDecodedSlots(sink: FeedSink, slots: DecodedSlots, instOf: Int32Array, clock: Float64Array): number {
  const n = slots.count;
  if (n === 0) return 0;
  const from = slots.i32;
  let published = 0;
  for (let k = 0; k < n; k++) {
    const off = sink.tryClaim();
    if (off === RING_FULL) {
      sink.recordDrop();
      continue;
    }
    copySlot(from, k * EVENT_SLOT_BYTES, sink.i32, off);
    const w = (off >> 2) + INST_WORD;
    const inst = sink.i32[w]!;
    sink.i32[w] = inst < 0 ? inst : instOf[inst]!;
    sink.f64[(off >> 3) + AT_DWORD] = clock[0]!;
    published++;
  }
  sink.publish();
  return published;
}

/** The engine instrument index of each decoder symbol (`symbols` in the decoder's order); -2 when not in the config (the engine rejects it as unknown). */
export function instrumentMap(symbols: readonly string[], index: ReadonlyMap<string, number>): Int32Array {
  return Int32Array.from(symbols, (s) => index.get(s) ?? -2);
}
