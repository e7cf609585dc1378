import { readHeader, writeHeader, type SlotHeader } from './slot-header.js';
import { SlotType } from './slot-type.js';

/**
 * LANE_DOWN / LANE_UP slots. On the control ring (supervisor → risk thread): `inst` holds the
 * lane index of a feed whose worker died (down) or is back (up). On a feed's own ring (feed
 * worker → risk thread, `inst` -1: this lane): LANE_UP with `arg` 0 opens a new incarnation
 * (ends the dead-worker hold), with `arg` 1 (`LANE_LOSS_END`) marks the first slot after
 * events lost to a full ring (ends the loss hold), with `arg` 2 (`LANE_SILENCE_END`) the first
 * slot after a silence the risk thread held down (ends the silence hold).
 */
export type LaneStatusFields = SlotHeader;

/** `arg` of a LANE_UP that ends a loss hold (the first slot a producer publishes after drops). */
export const LANE_LOSS_END = 1;
/** `arg` of a LANE_UP that ends a silence hold (the first slot a producer publishes after the risk thread held its silence). */
export const LANE_SILENCE_END = 2;

/** @hot `reason` 0: worker death / incarnation; `LANE_LOSS_END`: end of a loss; `LANE_SILENCE_END`: end of a silence. */
export function encodeLaneStatus(i32: Int32Array, f64: Float64Array, off: number, lane: number, up: boolean, reason = 0): void {
  writeHeader(i32, f64, off, up ? SlotType.LANE_UP : SlotType.LANE_DOWN, lane, reason, -1, NaN);
}

/** @hot */
export function decodeLaneStatus(i32: Int32Array, f64: Float64Array, off: number, out: LaneStatusFields): void {
  readHeader(i32, f64, off, out);
}
