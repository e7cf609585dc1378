import { V0_DWORD, V1_DWORD, V2_DWORD, V3_DWORD } from './event-slot-layout.js';
import { readHeader, writeHeader, type SlotHeader } from './slot-header.js';
import { SlotType } from './slot-type.js';

/**
 * SNAPSHOT slot: inst; arg 1 when the snapshot is current (it shows the venue's state after the
 * feed last came up), 0 when that is not known (any other value: an invalid snapshot); v0
 * position (lots, signed); v1 seq watermark (NaN: none); v2 venue time (when the venue last
 * changed the position, its ms; NaN: none; walk-back-reconciler.ts); v3 as-of (the engine-clock ms
 * the snapshot shows the venue's state at, or later; NaN: not known; market-events.ts). Every
 * writer writes v2 and v3 for every snapshot (the default is NaN): a slot is the whole of the
 * engine's input, nothing carries over from the snapshot before.
 */
export interface SnapshotFields extends SlotHeader {
  position: number;
  seq: number;
  venueTime: number;
  asOf: number;
}

/** @hot */
export function encodeSnapshot(
  i32: Int32Array, f64: Float64Array, off: number, order: number, at: number,
  inst: number, position: number, seq: number, venueTime = NaN, current = 0, asOf = NaN,
): void {
  writeHeader(i32, f64, off, SlotType.SNAPSHOT, inst, current, order, at);
  const d = off >> 3;
  f64[d + V0_DWORD] = position;
  f64[d + V1_DWORD] = seq;
  f64[d + V2_DWORD] = venueTime;
  f64[d + V3_DWORD] = asOf;
}

/** @hot */
export function decodeSnapshot(i32: Int32Array, f64: Float64Array, off: number, out: SnapshotFields): void {
  readHeader(i32, f64, off, out);
  const d = off >> 3;
  out.position = f64[d + V0_DWORD]!;
  out.seq = f64[d + V1_DWORD]!;
  out.venueTime = f64[d + V2_DWORD]!; // `arg`: 1 current, 0 not known to be
  out.asOf = f64[d + V3_DWORD]!;
}
