import { V0_DWORD } from './event-slot-layout.js';
import { readHeader, writeHeader, type SlotHeader } from './slot-header.js';
import { SlotType } from './slot-type.js';
import { Arg } from '../risk/hot-args.js';

/** MARK slot: inst; v0 reference price. */
export interface MarkFields extends SlotHeader {
  price: number;
}

/** @hot */
export function encodeMark(i32: Int32Array, f64: Float64Array, off: number, order: number, at: number, inst: number, price: number): void {
  writeHeader(i32, f64, off, SlotType.MARK, inst, 0, order, at);
  f64[(off >> 3) + V0_DWORD] = price;
}

/**
 * @hot `encodeMark` with its values read from an argument block at the core's `Arg` indices
 * (src/risk/hot-args.ts): no double crosses the call, so nothing is boxed whether or not V8
 * inlines it (the event-lane publisher's hot forms; V8 12+ may leave a callee out of line).
 */
export function encodeMarkArgs(i32: Int32Array, f64: Float64Array, off: number, order: number, at: number, a: Float64Array): void {
  writeHeader(i32, f64, off, SlotType.MARK, a[Arg.INST]!, 0, order, at);
  f64[(off >> 3) + V0_DWORD] = a[Arg.PRICE]!;
}

/** @hot */
export function decodeMark(i32: Int32Array, f64: Float64Array, off: number, out: MarkFields): void {
  readHeader(i32, f64, off, out);
  out.price = f64[(off >> 3) + V0_DWORD]!;
}
