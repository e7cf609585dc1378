import { V0_DWORD, V1_DWORD } from './event-slot-layout.js';
import { readHeader, writeHeader, type SlotHeader } from './slot-header.js';
import { SlotType } from './slot-type.js';

/** CANCEL slot (strategy → risk thread): v0 orderKey (-1: unknown id); v1 requestId. */
export interface CancelRequestFields extends SlotHeader {
  orderKey: number;
  requestId: number;
}

/** @hot */
export function encodeCancelRequest(i32: Int32Array, f64: Float64Array, off: number, order: number, at: number, requestId: number, orderKey: number): void {
  writeHeader(i32, f64, off, SlotType.CANCEL, 0, 0, order, at);
  const d = off >> 3;
  f64[d + V0_DWORD] = orderKey;
  f64[d + V1_DWORD] = requestId;
}

/** @hot */
export function decodeCancelRequest(i32: Int32Array, f64: Float64Array, off: number, out: CancelRequestFields): void {
  readHeader(i32, f64, off, out);
  const d = off >> 3;
  out.orderKey = f64[d + V0_DWORD]!;
  out.requestId = f64[d + V1_DWORD]!;
}
