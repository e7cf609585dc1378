import { V0_DWORD, V1_DWORD, V2_DWORD } from './event-slot-layout.js';
import { readHeader, writeHeader, type SlotHeader } from './slot-header.js';
import { SlotType } from './slot-type.js';
import { Arg } from '../risk/hot-args.js';

/**
 * SNAPSHOT slot: inst; arg 1 when the snapshot is current (it shows the venue's state after the
 * feed last came up: `Arg.SNAP_CURRENT`), 0 when that is not known; v0 position (lots, signed);
 * v1 seq watermark (NaN: none); v2 venue time (when the venue last changed the position, its ms;
 * NaN: none; see `Arg.VENUE_TIME`).
 * v2 was unused before venue times: a slot written without one reads NaN only if its writer
 * wrote NaN, so every writer passes it (the default is NaN).
 */
export interface SnapshotFields extends SlotHeader {
  position: number;
  seq: number;
  venueTime: number;
}

/** @hot */
export function encodeSnapshot(
  i32: Int32Array, f64: Float64Array, off: number, order: number, at: number,
  inst: number, position: number, seq: number, venueTime = NaN, current = 0,
): void {
  writeHeader(i32, f64, off, SlotType.SNAPSHOT, inst, current, order, at);
  const d = off >> 3;
  f64[d + V0_DWORD] = position;
  f64[d + V1_DWORD] = seq;
  f64[d + V2_DWORD] = venueTime;
}

/**
 * @hot `encodeSnapshot` with its values read from an argument block at the core's `Arg` indices
 * (src/risk/hot-args.ts): no double crosses the call, so nothing is boxed whether or not V8
 * inlines it (the event-lane publisher's hot forms; V8 12+ may leave a callee out of line).
 */
export function encodeSnapshotArgs(i32: Int32Array, f64: Float64Array, off: number, order: number, at: number, a: Float64Array): void {
  writeHeader(i32, f64, off, SlotType.SNAPSHOT, a[Arg.INST]!, a[Arg.SNAP_CURRENT]!, order, at);
  const d = off >> 3;
  f64[d + V0_DWORD] = a[Arg.POSITION]!;
  f64[d + V1_DWORD] = a[Arg.SEQ]!;
  f64[d + V2_DWORD] = a[Arg.VENUE_TIME]!;
}

/** @hot */
export function decodeSnapshot(i32: Int32Array, f64: Float64Array, off: number, out: SnapshotFields): void {
  readHeader(i32, f64, off, out);
  const d = off >> 3;
  out.position = f64[d + V0_DWORD]!;
  out.seq = f64[d + V1_DWORD]!;
  out.venueTime = f64[d + V2_DWORD]!; // `arg`: 1 current, 0 not known to be
}
