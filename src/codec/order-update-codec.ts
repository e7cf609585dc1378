import { V0_DWORD, V1_DWORD, V2_DWORD } from './event-slot-layout.js';
import { readHeader, writeHeader, type SlotHeader } from './slot-header.js';
import { SlotType } from './slot-type.js';
import { Arg } from '../risk/hot-args.js';

/** ORDER_UPDATE slot: inst; arg = OrderStatusCode; v0 orderKey; v1 cumQty; v2 leavesQty. */
export interface OrderUpdateFields extends SlotHeader {
  orderKey: number;
  cumQty: number;
  leavesQty: number;
}

/** @hot */
export function encodeOrderUpdate(
  i32: Int32Array, f64: Float64Array, off: number, order: number, at: number,
  inst: number, orderKey: number, status: number, cumQty: number, leavesQty: number,
): void {
  writeHeader(i32, f64, off, SlotType.ORDER_UPDATE, inst, status, order, at);
  const d = off >> 3;
  f64[d + V0_DWORD] = orderKey;
  f64[d + V1_DWORD] = cumQty;
  f64[d + V2_DWORD] = leavesQty;
}

/**
 * @hot `encodeOrderUpdate` with its values read from an argument block at the core's `Arg` indices
 * (src/risk/hot-args.ts): no double crosses the call, so nothing is boxed whether or not V8
 * inlines it (the event-lane publisher's hot forms; V8 12+ may leave a callee out of line).
 */
export function encodeOrderUpdateArgs(i32: Int32Array, f64: Float64Array, off: number, order: number, at: number, a: Float64Array): void {
  writeHeader(i32, f64, off, SlotType.ORDER_UPDATE, a[Arg.INST]!, a[Arg.STATUS]!, order, at);
  const d = off >> 3;
  f64[d + V0_DWORD] = a[Arg.ORDER_KEY]!;
  f64[d + V1_DWORD] = a[Arg.CUM_QTY]!;
  f64[d + V2_DWORD] = a[Arg.LEAVES_QTY]!;
}

/** @hot Reads an ORDER_UPDATE slot into `out` (status in `out.arg`). */
export function decodeOrderUpdate(i32: Int32Array, f64: Float64Array, off: number, out: OrderUpdateFields): void {
  readHeader(i32, f64, off, out);
  const d = off >> 3;
  out.orderKey = f64[d + V0_DWORD]!;
  out.cumQty = f64[d + V1_DWORD]!;
  out.leavesQty = f64[d + V2_DWORD]!;
}
