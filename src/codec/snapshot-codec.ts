import { V0_DWORD, V1_DWORD } from './event-slot-layout.js';
import { readHeader, writeHeader, type SlotHeader } from './slot-header.js';
import { SlotType } from './slot-type.js';

/** SNAPSHOT slot: inst; v0 position (lots, signed); v1 seq watermark (NaN: none). */
export interface SnapshotFields extends SlotHeader {
  position: number;
  seq: number;
}

/** @hot */
export function encodeSnapshot(
  i32: Int32Array, f64: Float64Array, off: number, order: number, at: number,
  inst: number, position: number, seq: number,
): void {
  writeHeader(i32, f64, off, SlotType.SNAPSHOT, inst, 0, order, at);
  const d = off >> 3;
  f64[d + V0_DWORD] = position;
  f64[d + V1_DWORD] = seq;
}

/** @hot */
export function decodeSnapshot(i32: Int32Array, f64: Float64Array, off: number, out: SnapshotFields): void {
  readHeader(i32, f64, off, out);
  const d = off >> 3;
  out.position = f64[d + V0_DWORD]!;
  out.seq = f64[d + V1_DWORD]!;
}
