import {
  ARG_WORD, AT_DWORD, INST_WORD, ORDER_WORD, TAG_WORD,
} from './event-slot-layout.js';

/**
 * The header shared by every slot type (tag, inst, arg, order, at), and readers of single
 * fields by offset for the risk thread's switch.
 *
 * Views: `i32` and `f64` span the WHOLE buffer that holds the slot (a ring's `i32` / `f64`, or
 * a scratch buffer); `off` is the slot's absolute byte offset, a multiple of 64.
 * Ownership: the writer owns a slot between claim and publish; a reader between poll and
 * release. Allocation: none (every function here is @hot).
 */

/** The common fields of a decoded slot. */
export interface SlotHeader {
  tag: number;
  inst: number;
  arg: number;
  order: number;
  at: number;
}

/** @hot Writes the header words of a slot (plain stores; the ring's publish commits them). */
export function writeHeader(i32: Int32Array, f64: Float64Array, off: number, tag: number, inst: number, arg: number, order: number, at: number): void {
  const w = off >> 2;
  i32[w + TAG_WORD] = tag;
  i32[w + INST_WORD] = inst;
  i32[w + ARG_WORD] = arg;
  i32[w + ORDER_WORD] = order;
  f64[(off >> 3) + AT_DWORD] = at;
}

/** @hot Reads the header into `out`. */
export function readHeader(i32: Int32Array, f64: Float64Array, off: number, out: SlotHeader): void {
  const w = off >> 2;
  out.tag = i32[w + TAG_WORD]!;
  out.inst = i32[w + INST_WORD]!;
  out.arg = i32[w + ARG_WORD]!;
  out.order = i32[w + ORDER_WORD]!;
  out.at = f64[(off >> 3) + AT_DWORD]!;
}

/** @hot The slot's `SlotType`. */
export function slotTag(i32: Int32Array, off: number): number {
  return i32[(off >> 2) + TAG_WORD]!;
}

/** @hot The instrument index (or lane, for LANE_* slots). */
export function slotInst(i32: Int32Array, off: number): number {
  return i32[(off >> 2) + INST_WORD]!;
}

/** @hot The small enum argument (side, status, mode, feed up, deny code). */
export function slotArg(i32: Int32Array, off: number): number {
  return i32[(off >> 2) + ARG_WORD]!;
}

/** @hot The slot's position in the total order, or `ARRIVAL_ORDER` (-1). */
export function slotOrder(i32: Int32Array, off: number): number {
  return i32[(off >> 2) + ORDER_WORD]!;
}

/** @hot The slot's engine time (NaN: use the risk thread's clock). */
export function slotAt(f64: Float64Array, off: number): number {
  return f64[(off >> 3) + AT_DWORD]!;
}

/** @hot The 64-bit value `d` (V0_DWORD … V4_DWORD) of the slot. */
export function slotValue(f64: Float64Array, off: number, d: number): number {
  return f64[(off >> 3) + d]!;
}

/** @hot Copies one 64-byte slot (16 words) between buffers: replaying pre-encoded slots. */
export function copySlot(fromI32: Int32Array, fromOff: number, toI32: Int32Array, toOff: number): void {
  const a = fromOff >> 2;
  const b = toOff >> 2;
  for (let k = 0; k < 16; k++) toI32[b + k] = fromI32[a + k]!;
}
