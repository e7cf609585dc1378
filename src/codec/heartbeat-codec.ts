import { readHeader, writeHeader, type SlotHeader } from './slot-header.js';
import { SlotType } from './slot-type.js';

/** HEARTBEAT slot: inst (-1 every instrument). No values. */
export type HeartbeatFields = SlotHeader;

/** @hot */
export function encodeHeartbeat(i32: Int32Array, f64: Float64Array, off: number, order: number, at: number, inst: number): void {
  writeHeader(i32, f64, off, SlotType.HEARTBEAT, inst, 0, order, at);
}

/** @hot */
export function decodeHeartbeat(i32: Int32Array, f64: Float64Array, off: number, out: HeartbeatFields): void {
  readHeader(i32, f64, off, out);
}
