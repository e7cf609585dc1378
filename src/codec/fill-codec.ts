import { V0_DWORD, V1_DWORD, V2_DWORD, V3_DWORD, V4_DWORD } from './event-slot-layout.js';
import { readHeader, writeHeader, type SlotHeader } from './slot-header.js';
import { SlotType } from './slot-type.js';

/**
 * FILL slot: one execution. inst; arg = side (±1); v0 orderKey (-1: not sent by the engine);
 * v1 execKey (`stringKey` of the exec id); v2 qty (lots); v3 price; v4 seq (NaN: none).
 *
 * v4 is the execution's place in the venue's order: its sequence where the venue numbers
 * executions; on a venue without (walk-back: Binance, BitMEX) the venue time of the execution
 * (Binance `T`, BitMEX `timestamp`, ms on the clock of the snapshot's v2; NaN: none), which tells
 * whether a late fill of a trade the engine did not send can be inside a snapshot
 * (walk-back-reconciler.ts `lateFill`). Which one it is follows from the instrument's
 * configured sequence mode; a decoder writes the venue time only for venues without sequences.
 */
export interface FillFields extends SlotHeader {
  orderKey: number;
  execKey: number;
  qty: number;
  price: number;
  seq: number;
}

/** @hot */
export function encodeFill(
  i32: Int32Array, f64: Float64Array, off: number, order: number, at: number,
  inst: number, orderKey: number, execKey: number, side: number, qty: number, price: number, seq: number,
): void {
  writeHeader(i32, f64, off, SlotType.FILL, inst, side, order, at);
  const d = off >> 3;
  f64[d + V0_DWORD] = orderKey;
  f64[d + V1_DWORD] = execKey;
  f64[d + V2_DWORD] = qty;
  f64[d + V3_DWORD] = price;
  f64[d + V4_DWORD] = seq;
}

/** @hot Reads a FILL slot into `out` (side in `out.arg`). */
export function decodeFill(i32: Int32Array, f64: Float64Array, off: number, out: FillFields): void {
  readHeader(i32, f64, off, out);
  const d = off >> 3;
  out.orderKey = f64[d + V0_DWORD]!;
  out.execKey = f64[d + V1_DWORD]!;
  out.qty = f64[d + V2_DWORD]!;
  out.price = f64[d + V3_DWORD]!;
  out.seq = f64[d + V4_DWORD]!;
}
