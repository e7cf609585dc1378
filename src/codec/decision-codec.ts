import { V1_DWORD } from './event-slot-layout.js';
import { readHeader, writeHeader, type SlotHeader } from './slot-header.js';
import { SlotType } from './slot-type.js';

/**
 * DECISION slot (risk thread → the requesting strategy's decision ring): arg = deny code
 * (`DenyReason`, 0 approved); v1 requestId of the request; `order` and `at` echo the request's.
 */
export interface DecisionFields extends SlotHeader {
  requestId: number;
}

/** @hot */
export function encodeDecision(i32: Int32Array, f64: Float64Array, off: number, order: number, at: number, requestId: number, code: number): void {
  writeHeader(i32, f64, off, SlotType.DECISION, 0, code, order, at);
  f64[(off >> 3) + V1_DWORD] = requestId;
}

/** @hot Reads a DECISION slot into `out` (code in `out.arg`). */
export function decodeDecision(i32: Int32Array, f64: Float64Array, off: number, out: DecisionFields): void {
  readHeader(i32, f64, off, out);
  out.requestId = f64[(off >> 3) + V1_DWORD]!;
}

/** @hot The requestId of a DECISION slot. */
export function decisionRequestId(f64: Float64Array, off: number): number {
  return f64[(off >> 3) + V1_DWORD]!;
}
