import { V1_DWORD } from './event-slot-layout.js';
import { readHeader, writeHeader, type SlotHeader } from './slot-header.js';
import { SlotType } from './slot-type.js';

/** KILL slot (strategy or embedding → risk thread): inst (-1 every instrument); arg = KillMode; v1 requestId. */
export interface KillRequestFields extends SlotHeader {
  requestId: number;
}

/** @hot */
export function encodeKillRequest(i32: Int32Array, f64: Float64Array, off: number, order: number, at: number, requestId: number, mode: number, inst: number): void {
  writeHeader(i32, f64, off, SlotType.KILL, inst, mode, order, at);
  f64[(off >> 3) + V1_DWORD] = requestId;
}

/** @hot Reads a KILL slot into `out` (mode in `out.arg`). */
export function decodeKillRequest(i32: Int32Array, f64: Float64Array, off: number, out: KillRequestFields): void {
  readHeader(i32, f64, off, out);
  out.requestId = f64[(off >> 3) + V1_DWORD]!;
}
