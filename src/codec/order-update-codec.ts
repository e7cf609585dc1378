import { V0_DWORD, V1_DWORD, V2_DWORD, V3_DWORD, V4_DWORD } from './event-slot-layout.js';
import { readHeader, writeHeader, type SlotHeader } from './slot-header.js';
import { SlotType } from './slot-type.js';

/**
 * ORDER_UPDATE slot: inst; arg = OrderStatusCode; v0 orderKey; v1 cumQty; v2 leavesQty; v3 the
 * order's side as the venue reports it (+1 buy, -1 sell, 0 not given); v4 reduceOnly (1: the
 * venue reports the order reduce-only, 0: not, or not given). v3 and v4 let the engine count an
 * order it did not send as open exposure on its side; every writer writes
 * them (a zero side is the old behaviour: such an update of an unknown order is ignored).
 */
export interface OrderUpdateFields extends SlotHeader {
  orderKey: number;
  cumQty: number;
  leavesQty: number;
  side: number;
  reduceOnly: number;
}

/** @hot */
export function encodeOrderUpdate(
  i32: Int32Array, f64: Float64Array, off: number, order: number, at: number,
  inst: number, orderKey: number, status: number, cumQty: number, leavesQty: number, side = 0, reduceOnly = 0,
): void {
  writeHeader(i32, f64, off, SlotType.ORDER_UPDATE, inst, status, order, at);
  const d = off >> 3;
  f64[d + V0_DWORD] = orderKey;
  f64[d + V1_DWORD] = cumQty;
  f64[d + V2_DWORD] = leavesQty;
  f64[d + V3_DWORD] = side;
  f64[d + V4_DWORD] = reduceOnly;
}

/** @hot Reads an ORDER_UPDATE slot into `out` (status in `out.arg`). */
export function decodeOrderUpdate(i32: Int32Array, f64: Float64Array, off: number, out: OrderUpdateFields): void {
  readHeader(i32, f64, off, out);
  const d = off >> 3;
  out.orderKey = f64[d + V0_DWORD]!;
  out.cumQty = f64[d + V1_DWORD]!;
  out.leavesQty = f64[d + V2_DWORD]!;
  out.side = f64[d + V3_DWORD]!;
  out.reduceOnly = f64[d + V4_DWORD]!;
}
