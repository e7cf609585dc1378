import { V0_DWORD, V1_DWORD, V2_DWORD } from './event-slot-layout.js';
import { readHeader, writeHeader, type SlotHeader } from './slot-header.js';
import { SlotType } from './slot-type.js';

/** LEASE slot: inst; v0 long lots, v1 short lots, v2 ms it stays valid from when the risk thread applies it. */
export interface LeaseFields extends SlotHeader {
  long: number;
  short: number;
  forMs: number;
}

/** @hot */
export function encodeLease(i32: Int32Array, f64: Float64Array, off: number, order: number, at: number, inst: number, long: number, short: number, forMs: number): void {
  writeHeader(i32, f64, off, SlotType.LEASE, inst, 0, order, at);
  const d = off >> 3;
  f64[d + V0_DWORD] = long;
  f64[d + V1_DWORD] = short;
  f64[d + V2_DWORD] = forMs;
}

/** @hot */
export function decodeLease(i32: Int32Array, f64: Float64Array, off: number, out: LeaseFields): void {
  readHeader(i32, f64, off, out);
  const d = off >> 3;
  out.long = f64[d + V0_DWORD]!;
  out.short = f64[d + V1_DWORD]!;
  out.forMs = f64[d + V2_DWORD]!;
}
