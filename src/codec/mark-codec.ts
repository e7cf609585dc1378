import { V0_DWORD } from './event-slot-layout.js';
import { readHeader, writeHeader, type SlotHeader } from './slot-header.js';
import { SlotType } from './slot-type.js';

/** MARK slot: inst; v0 reference price. */
export interface MarkFields extends SlotHeader {
  price: number;
}

/** @hot */
export function encodeMark(i32: Int32Array, f64: Float64Array, off: number, order: number, at: number, inst: number, price: number): void {
  writeHeader(i32, f64, off, SlotType.MARK, inst, 0, order, at);
  f64[(off >> 3) + V0_DWORD] = price;
}

/** @hot */
export function decodeMark(i32: Int32Array, f64: Float64Array, off: number, out: MarkFields): void {
  readHeader(i32, f64, off, out);
  out.price = f64[(off >> 3) + V0_DWORD]!;
}
