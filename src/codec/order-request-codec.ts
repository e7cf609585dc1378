import { V0_DWORD, V1_DWORD, V2_DWORD, V3_DWORD, V4_DWORD } from './event-slot-layout.js';
import { readHeader, writeHeader, type SlotHeader } from './slot-header.js';
import { SlotType } from './slot-type.js';

/** The strategy index of an order no configured strategy sent (limited by its instrument only). */
export const NO_STRATEGY = -1;
/** Highest strategy index an ORDER slot carries (the `strategies` list is at most this long + 1). */
export const MAX_STRATEGY = 0xffff;

/**
 * @hot The ORDER slot's arg word: the side in its low byte (a signed byte, ±1), the strategy index
 * + 1 above it (`(strategy + 1) * 256 + side`, 0 above the side: no strategy). A side that is not
 * ±1 is written as 0, so no other value can alias a valid side with a strategy. A slot of
 * format 7 and before (arg = side) reads as no strategy.
 */
export function orderArg(side: number, strategy: number): number {
  return ((strategy + 1) << 8) + (side === 1 || side === -1 ? side : 0);
}

/** @hot The side (±1; anything else invalid) of an ORDER slot's arg word. */
export function orderArgSide(arg: number): number {
  return (arg << 24) >> 24;
}

/** @hot The strategy index (`NO_STRATEGY` for none) of an ORDER slot's arg word. */
export function orderArgStrategy(arg: number): number {
  return ((arg - ((arg << 24) >> 24)) >> 8) - 1;
}

/**
 * ORDER slot (strategy → risk thread): inst (-1 unknown symbol); arg = side ±1 and strategy index
 * (`orderArg`: `(strategy + 1) * 256 + side`); v0 orderKey;
 * v1 requestId (echoed in the DECISION); v2 qty (lots); v3 limit price; v4 reduceOnly (1: the
 * order goes out with the venue's reduce-only flag, 0: it does not).
 */
export interface OrderRequestFields extends SlotHeader {
  orderKey: number;
  requestId: number;
  qty: number;
  price: number;
  reduceOnly: number;
}

/** @hot */
export function encodeOrderRequest(
  i32: Int32Array, f64: Float64Array, off: number, order: number, at: number,
  requestId: number, orderKey: number, inst: number, side: number, qty: number, price: number, reduceOnly: number,
  strategy: number = NO_STRATEGY,
): void {
  writeHeader(i32, f64, off, SlotType.ORDER, inst, orderArg(side, strategy), order, at);
  const d = off >> 3;
  f64[d + V0_DWORD] = orderKey;
  f64[d + V1_DWORD] = requestId;
  f64[d + V2_DWORD] = qty;
  f64[d + V3_DWORD] = price;
  f64[d + V4_DWORD] = reduceOnly;
}

/** @hot Reads an ORDER slot into `out` (side and strategy packed in `out.arg`: `orderArgSide`, `orderArgStrategy`). */
export function decodeOrderRequest(i32: Int32Array, f64: Float64Array, off: number, out: OrderRequestFields): void {
  readHeader(i32, f64, off, out);
  const d = off >> 3;
  out.orderKey = f64[d + V0_DWORD]!;
  out.requestId = f64[d + V1_DWORD]!;
  out.qty = f64[d + V2_DWORD]!;
  out.price = f64[d + V3_DWORD]!;
  out.reduceOnly = f64[d + V4_DWORD]!;
}
