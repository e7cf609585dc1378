import { ARRIVAL_ORDER, EVENT_SLOT_BYTES } from '../codec/event-slot-layout.js';
import { encodeCancelRequest } from '../codec/cancel-request-codec.js';
import { encodeFeedStatus } from '../codec/feed-status-codec.js';
import { encodeFill } from '../codec/fill-codec.js';
import { encodeHeartbeat } from '../codec/heartbeat-codec.js';
import { encodeKillRequest } from '../codec/kill-request-codec.js';
import { encodeLease } from '../codec/lease-codec.js';
import { encodeMark } from '../codec/mark-codec.js';
import { MAX_STRATEGY, encodeOrderRequest } from '../codec/order-request-codec.js';
import { encodeOrderUpdate } from '../codec/order-update-codec.js';
import { encodeSnapshot } from '../codec/snapshot-codec.js';
import { UNKNOWN_SYMBOL } from './codes.js';
import { RiskEngineCore } from './risk-engine-core.js';

/** A small enum argument as the slot's int32 word holds it: `bad` for anything that is not an int32 (NaN, 0.5, 2^32). */
function int32Or(v: number, bad: number): number {
  return (v | 0) === v ? v : bad;
}

/**
 * The risk core (`RiskEngineCore`: all state, the slot entry points `apply` / `decide`) plus
 * the single-threaded API taking the arguments as parameters. Each encodes its parameters into
 * the engine's own scratch slot with the slot codecs and hands it to the same entry point the
 * risk thread calls with a ring slot, so both paths give the engine the same bytes.
 *
 * The instrument index and the small enums (side, status, kill mode) are int32 words in a slot:
 * a value that is not an int32 is written as one the engine rejects (`UNKNOWN_SYMBOL` for an
 * instrument, 0 for a side, -1 for a status or mode), as it rejected it before the slot.
 *
 * A call with a time, hashed id, fractional price or large sequence as a parameter boxes it
 * whenever V8 does not inline the call: fine at the edge and in tests, not in a hot loop (write a
 * slot and call `apply` / `decide` there). Threading: the risk core's thread; not re-entrant
 * (one scratch slot).
 */
export class RiskEngine extends RiskEngineCore {
  private readonly scratchI32: Int32Array;
  private readonly scratchF64: Float64Array;

  constructor(...args: ConstructorParameters<typeof RiskEngineCore>) {
    super(...args);
    const slot = new ArrayBuffer(EVENT_SLOT_BYTES);
    this.scratchI32 = new Int32Array(slot);
    this.scratchF64 = new Float64Array(slot);
  }

  /**
   * `venueTime`: when the venue last changed the position, its ms (NaN: the snapshot has none);
   * `current` 1 when the snapshot is known to show the venue's state after the feed last came up,
   * 0 when that is not known; `asOf` the engine-clock ms it shows the venue's state at, or later
   * (NaN: not known).
   */
  applySnapshot(inst: number, position: number, seq: number, venueTime = NaN, current = 0, asOf = NaN): number {
    encodeSnapshot(this.scratchI32, this.scratchF64, 0, ARRIVAL_ORDER, NaN, int32Or(inst, UNKNOWN_SYMBOL), position, seq, venueTime, int32Or(current, -1), asOf);
    return this.apply(this.scratchI32, this.scratchF64, 0);
  }

  applyFill(inst: number, orderKey: number, execKey: number, side: number, qty: number, price: number, seq: number): number {
    encodeFill(this.scratchI32, this.scratchF64, 0, ARRIVAL_ORDER, NaN, int32Or(inst, UNKNOWN_SYMBOL), orderKey, execKey, int32Or(side, 0), qty, price, seq);
    return this.apply(this.scratchI32, this.scratchF64, 0);
  }

  /** `side` (±1, 0 not given) and `reduceOnly` (1/0): the order as the venue reports it. */
  applyOrderUpdate(inst: number, orderKey: number, status: number, cumQty: number, leavesQty: number, side = 0, reduceOnly = 0): number {
    encodeOrderUpdate(this.scratchI32, this.scratchF64, 0, ARRIVAL_ORDER, NaN, int32Or(inst, UNKNOWN_SYMBOL), orderKey, int32Or(status, -1), cumQty, leavesQty, side, reduceOnly);
    return this.apply(this.scratchI32, this.scratchF64, 0);
  }

  applyFeedStatus(inst: number, up: boolean): number {
    encodeFeedStatus(this.scratchI32, this.scratchF64, 0, ARRIVAL_ORDER, NaN, int32Or(inst, UNKNOWN_SYMBOL), up);
    return this.apply(this.scratchI32, this.scratchF64, 0);
  }

  applyHeartbeat(inst: number): number {
    encodeHeartbeat(this.scratchI32, this.scratchF64, 0, ARRIVAL_ORDER, NaN, int32Or(inst, UNKNOWN_SYMBOL));
    return this.apply(this.scratchI32, this.scratchF64, 0);
  }

  applyMark(inst: number, price: number): number {
    encodeMark(this.scratchI32, this.scratchF64, 0, ARRIVAL_ORDER, NaN, int32Or(inst, UNKNOWN_SYMBOL), price);
    return this.apply(this.scratchI32, this.scratchF64, 0);
  }

  applyLease(inst: number, long: number, short: number, forMs: number): number {
    encodeLease(this.scratchI32, this.scratchF64, 0, ARRIVAL_ORDER, NaN, int32Or(inst, UNKNOWN_SYMBOL), long, short, forMs);
    return this.apply(this.scratchI32, this.scratchF64, 0);
  }

  /**
   * `reduceOnly`: the order goes out with the venue's reduce-only flag (the venue caps it at the
   * true position). `strategy`: the index of the strategy that sends it in the config's
   * `strategies` (-1: none; any other value outside the list is `INVALID_ORDER`).
   */
  checkOrder(orderKey: number, inst: number, side: number, qty: number, price: number, reduceOnly = false, strategy = -1): number {
    const s = (strategy | 0) === strategy && strategy >= -1 && strategy <= MAX_STRATEGY ? strategy : MAX_STRATEGY;
    encodeOrderRequest(this.scratchI32, this.scratchF64, 0, ARRIVAL_ORDER, NaN, NaN, orderKey, int32Or(inst, UNKNOWN_SYMBOL), int32Or(side, 0), qty, price, reduceOnly ? 1 : 0, s);
    return this.decide(this.scratchI32, this.scratchF64, 0);
  }

  checkCancel(orderKey: number): number {
    encodeCancelRequest(this.scratchI32, this.scratchF64, 0, ARRIVAL_ORDER, NaN, NaN, orderKey);
    return this.decide(this.scratchI32, this.scratchF64, 0);
  }

  kill(mode: number, inst: number): number {
    encodeKillRequest(this.scratchI32, this.scratchF64, 0, ARRIVAL_ORDER, NaN, NaN, int32Or(mode, -1), int32Or(inst, UNKNOWN_SYMBOL));
    return this.decide(this.scratchI32, this.scratchF64, 0);
  }
}
