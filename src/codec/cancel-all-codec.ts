import { readHeader, writeHeader, type SlotHeader } from './slot-header.js';
import { SlotType } from './slot-type.js';

/**
 * CANCEL_ALL slot (risk thread → embedding): inst (-1 every instrument). `order` is the order
 * of the slot whose application queued it (so a scenario can print it after that step).
 */
export type CancelAllFields = SlotHeader;

/** @hot */
export function encodeCancelAll(i32: Int32Array, f64: Float64Array, off: number, order: number, at: number, inst: number): void {
  writeHeader(i32, f64, off, SlotType.CANCEL_ALL, inst, 0, order, at);
}

/** @hot */
export function decodeCancelAll(i32: Int32Array, f64: Float64Array, off: number, out: CancelAllFields): void {
  readHeader(i32, f64, off, out);
}
