import { readHeader, writeHeader, type SlotHeader } from './slot-header.js';
import { SlotType } from './slot-type.js';

/**
 * LANE_DOWN / LANE_UP slots (supervisor → risk thread, on the control ring): `inst` holds the
 * lane index of a feed whose worker died (down) or became READY again (up).
 */
export type LaneStatusFields = SlotHeader;

/** @hot */
export function encodeLaneStatus(i32: Int32Array, f64: Float64Array, off: number, lane: number, up: boolean): void {
  writeHeader(i32, f64, off, up ? SlotType.LANE_UP : SlotType.LANE_DOWN, lane, 0, -1, NaN);
}

/** @hot */
export function decodeLaneStatus(i32: Int32Array, f64: Float64Array, off: number, out: LaneStatusFields): void {
  readHeader(i32, f64, off, out);
}
