import { V0_DWORD, V1_DWORD, V2_DWORD, V3_DWORD, V4_DWORD } from './event-slot-layout.js';
import { readHeader, writeHeader, type SlotHeader } from './slot-header.js';
import { SlotType } from './slot-type.js';

/**
 * ORDER slot (strategy → risk thread): inst (-1 unknown symbol); arg = side ±1; v0 orderKey;
 * v1 requestId (echoed in the DECISION); v2 qty (lots); v3 limit price; v4 reduceOnly (1: the
 * order goes out with the venue's reduce-only flag, 0: it does not).
 */
export interface OrderRequestFields extends SlotHeader {
  orderKey: number;
  requestId: number;
  qty: number;
  price: number;
  reduceOnly: number;
}

/** @hot */
export function encodeOrderRequest(
  i32: Int32Array, f64: Float64Array, off: number, order: number, at: number,
  requestId: number, orderKey: number, inst: number, side: number, qty: number, price: number, reduceOnly: number,
): void {
  writeHeader(i32, f64, off, SlotType.ORDER, inst, side, order, at);
  const d = off >> 3;
  f64[d + V0_DWORD] = orderKey;
  f64[d + V1_DWORD] = requestId;
  f64[d + V2_DWORD] = qty;
  f64[d + V3_DWORD] = price;
  f64[d + V4_DWORD] = reduceOnly;
}

/** @hot Reads an ORDER slot into `out` (side in `out.arg`). */
export function decodeOrderRequest(i32: Int32Array, f64: Float64Array, off: number, out: OrderRequestFields): void {
  readHeader(i32, f64, off, out);
  const d = off >> 3;
  out.orderKey = f64[d + V0_DWORD]!;
  out.requestId = f64[d + V1_DWORD]!;
  out.qty = f64[d + V2_DWORD]!;
  out.price = f64[d + V3_DWORD]!;
  out.reduceOnly = f64[d + V4_DWORD]!;
}
