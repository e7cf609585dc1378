/**
 * Writes the event slots of a byte decoder into its `DecodedSlots`, in the ring's slot format
 * (src/codec/event-slot-layout.ts) with `order` ARRIVAL_ORDER and `at` NaN (the feed worker sets
 * both its clock and the instrument mapping when it copies the slot into the ring).
 *
 * @hot The wide values (keys, prices, sequence numbers, lots) are passed through the scratch
 * cells `W` rather than as arguments: a double argument of a call V8 does not inline is boxed.
 */
import { ARRIVAL_ORDER, V0_DWORD, V1_DWORD, V2_DWORD, V3_DWORD, V4_DWORD } from '../../codec/event-slot-layout.js';
import { writeHeader } from '../../codec/slot-header.js';
import { SlotType } from '../../codec/slot-type.js';
import type { DecodedSlots } from './decoded-slots.js';

/** Cells of a slot's values: V0..V4 in slot order (see each writer for their meaning). */
export const W = new Float64Array(5);

/** @hot FILL: W = [orderKey (-1: none), execKey, qty, price, seq (NaN: none)]; arg = side (±1). */
export function writeFill(out: DecodedSlots, inst: number, side: number): void {
  write(out, SlotType.FILL, inst, side);
}

/**
 * @hot ORDER_UPDATE: W = [orderKey, cumQty, leavesQty]; arg = status code; `side` the order's
 * side (±1, 0 not given), `reduceOnly` 1/0 (order-update-codec.ts).
 */
export function writeOrderUpdate(out: DecodedSlots, inst: number, status: number, side: number, reduceOnly: number): void {
  W[3] = side;
  W[4] = reduceOnly;
  write(out, SlotType.ORDER_UPDATE, inst, status);
}

/** @hot SNAPSHOT: W = [position, seq (NaN: none), venueTime (NaN: none)]; a stream push has no as-of (v3 NaN). */
export function writeSnapshot(out: DecodedSlots, inst: number): void {
  W[3] = NaN;
  W[4] = 0;
  write(out, SlotType.SNAPSHOT, inst, 0);
}

/** @hot HEARTBEAT for `inst` (-1: every instrument). */
export function writeHeartbeat(out: DecodedSlots, inst: number): void {
  const off = out.claim();
  writeHeader(out.i32, out.f64, off, SlotType.HEARTBEAT, inst, 0, ARRIVAL_ORDER, NaN);
}

function write(out: DecodedSlots, tag: number, inst: number, arg: number): void {
  const off = out.claim();
  const f64 = out.f64;
  writeHeader(out.i32, f64, off, tag, inst, arg, ARRIVAL_ORDER, NaN);
  const d = off >> 3;
  f64[d + V0_DWORD] = W[0]!;
  f64[d + V1_DWORD] = W[1]!;
  f64[d + V2_DWORD] = W[2]!;
  f64[d + V3_DWORD] = W[3]!;
  f64[d + V4_DWORD] = W[4]!;
}
