import { readHeader, writeHeader, type SlotHeader } from './slot-header.js';
import { SlotType } from './slot-type.js';

/** FEED slot: inst (-1 every instrument); arg = 1 up, 0 down. No values. */
export type FeedStatusFields = SlotHeader;

/** @hot */
export function encodeFeedStatus(i32: Int32Array, f64: Float64Array, off: number, order: number, at: number, inst: number, up: boolean): void {
  writeHeader(i32, f64, off, SlotType.FEED, inst, up ? 1 : 0, order, at);
}

/** @hot Reads a FEED slot into `out` (`out.arg` 1 = up). */
export function decodeFeedStatus(i32: Int32Array, f64: Float64Array, off: number, out: FeedStatusFields): void {
  readHeader(i32, f64, off, out);
}
