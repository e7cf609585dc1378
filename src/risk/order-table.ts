import type { InferredFills } from './inferred-fills.js';
import { IntHashMap } from './int-hash-map.js';

/** Order slot states. An order counts as open exposure while INFLIGHT, LIVE or PENDING_CANCEL. */
export const OrderState = {
  FREE: 0,
  /** Approved by the engine, not yet acknowledged by the venue. */
  INFLIGHT: 1,
  LIVE: 2,
  /** A cancel was requested; the order still counts until the venue confirms. */
  PENDING_CANCEL: 3,
  /** Filled, cancelled or rejected; kept only until every reported fill has been seen. */
  DONE: 4,
} as const;

/**
 * Every order the engine approved, and every order the venue reported that the engine did not
 * send (an *outside* order: another process, a person on the venue's screen), in preallocated
 * parallel arrays (structure of arrays), indexed by slot. Order keys (integer handles of client order ids) map to slots through an
 * `IntHashMap`. A slot is freed when the order is DONE and its real fills have caught up with
 * the quantity the venue reported (`realFilled >= reportedCum`); until then its inferred fills
 * (inferred-fills.ts, per slot, their own part) keep exposure from dropping when the order leaves
 * the book.
 *
 * Order keys and prices are read where the caller points (`src[at]`: the event slot the engine
 * was handed), time from the engine's time cell: a key above 2^30 or a fractional price passed
 * as a call argument would be boxed. Owned by the risk thread. Allocation-free after construction.
 */
export class OrderTable {
  readonly capacity: number;
  readonly key: Float64Array;
  readonly inst: Int32Array;
  /** +1 buy, -1 sell. */
  readonly side: Int8Array;
  readonly state: Uint8Array;
  readonly qty: Float64Array;
  readonly price: Float64Array;
  /** Quantity seen in real fills (lots). */
  readonly realFilled: Float64Array;
  /** Highest cumQty reported by order updates (lots). */
  readonly reportedCum: Float64Array;
  /** Engine time the slot was taken (ms); used to reclaim the oldest DONE slot when full. */
  readonly since: Float64Array;
  /** The order's approval number (`approvals` when it was approved): orders compare by it in time. */
  readonly gen: Float64Array;
  /**
   * 1: an outside order, taken at its first order update (`allocateOutside`). Its open exposure
   * is what the venue reports, not what the engine approved: `leaves` while it is on the book,
   * plus `pending`, executions its updates reported that no fill has shown yet. Its fills count
   * through the ledger like any fill of an order the engine did not send (no inferred fills: which
   * of its executions before the first update have arrived as fills is unknowable). Its `gen` is
   * 0: it was not approved after anything the engine read, so nothing is placed in time by it.
   */
  readonly outside: Uint8Array;
  /** Outside orders: the leaves quantity of the last update (lots). */
  readonly leaves: Float64Array;
  /** Outside orders: the cumQty of the first update seen (lots); its fills before that are not `realFilled`. */
  readonly firstCum: Float64Array;
  /** Outside orders: 1 when the venue reports it reduce-only (carried for the state and the journal). */
  readonly reduceOnly: Uint8Array;
  /**
   * The strategy that sent the order (its index in the config's `strategies`), -1 for none and
   * for outside orders. With `strategyOpen` and `strategyDone`, the lots of the order its
   * strategy's open exposure and position count now (risk-engine-core.ts `syncStrategy` moves
   * them to `open(slot)` and the order's executed lots whenever those change).
   */
  readonly strategy: Int32Array;
  readonly strategyOpen: Float64Array;
  readonly strategyDone: Float64Array;
  /** Orders approved so far (monotone). */
  approvals = 0;
  private readonly map: IntHashMap;
  private readonly freeList: Int32Array;
  private freeTop: number;
  /**
   * Keys of the orders whose slots were freed last (own and outside), oldest first, in a ring of a
   * quarter of the table, with a map for lookup: a late update of a finished order (a venue may
   * re-send a stale partial after the fill or cancel, e.g. a duplicated execution frame) is then
   * not taken for a new outside order that nothing would ever end (`finishedRecently`).
   */
  private readonly finishedKeys: Float64Array;
  private readonly finished: IntHashMap;
  private finishedHead = 0;
  private finishedLen = 0;

  constructor(
    capacity: number,
    private readonly clock: Float64Array,
    /** The slots' inferred fills: cleared here when a slot is freed or taken for an outside order. */
    private readonly inferred: InferredFills,
  ) {
    this.capacity = capacity;
    this.key = new Float64Array(capacity);
    this.inst = new Int32Array(capacity);
    this.side = new Int8Array(capacity);
    this.state = new Uint8Array(capacity);
    this.qty = new Float64Array(capacity);
    this.price = new Float64Array(capacity);
    this.realFilled = new Float64Array(capacity);
    this.reportedCum = new Float64Array(capacity);
    this.since = new Float64Array(capacity);
    this.gen = new Float64Array(capacity);
    this.outside = new Uint8Array(capacity);
    this.leaves = new Float64Array(capacity);
    this.firstCum = new Float64Array(capacity);
    this.reduceOnly = new Uint8Array(capacity);
    this.strategy = new Int32Array(capacity).fill(-1);
    this.strategyOpen = new Float64Array(capacity);
    this.strategyDone = new Float64Array(capacity);
    this.map = new IntHashMap(capacity);
    this.freeList = new Int32Array(capacity);
    for (let i = 0; i < capacity; i++) this.freeList[i] = capacity - 1 - i;
    this.freeTop = capacity;
    const remembered = Math.max(16, capacity >> 2);
    this.finishedKeys = new Float64Array(remembered);
    this.finished = new IntHashMap(remembered);
  }

  /** @hot Slot of the order whose key is `src[keyAt]`, or -1. */
  findAt(src: Float64Array, keyAt: number): number {
    return this.map.getAt(src, keyAt);
  }

  /** Cold convenience: slot of an order key, or -1. */
  find(key: number): number {
    return this.map.get(key);
  }

  /** @hot Number of slots in use (any state but FREE). */
  get used(): number {
    return this.capacity - this.freeTop;
  }

  /**
   * @hot Takes a slot for a new order (key `src[keyAt]`, price `src[priceAt]`) of `strategy` (-1:
   * none); -1 when every slot is taken.
   */
  allocate(inst: number, side: number, qty: number, src: Float64Array, keyAt: number, priceAt: number, strategy: number): number {
    if (this.freeTop === 0 && !this.reclaimOldestDone()) return -1;
    const slot = this.freeList[--this.freeTop]!;
    // The check has just looked this key up and missed: its insert reuses that probe.
    this.map.setAtAfterMiss(src, keyAt, slot);
    this.key[slot] = src[keyAt]!;
    this.inst[slot] = inst;
    this.side[slot] = side;
    this.state[slot] = OrderState.INFLIGHT;
    this.qty[slot] = qty;
    this.price[slot] = src[priceAt]!;
    // realFilled, reportedCum and the inferred lots are 0 here: zero at construction, zeroed
    // again when the slot is freed (`free`), and nothing writes a free slot's (its key is gone).
    this.since[slot] = this.clock[0]!;
    this.gen[slot] = ++this.approvals;
    this.outside[slot] = 0;
    this.leaves[slot] = 0;
    this.firstCum[slot] = 0;
    this.reduceOnly[slot] = 0;
    this.strategy[slot] = strategy;
    this.strategyOpen[slot] = 0;
    this.strategyDone[slot] = 0;
    return slot;
  }

  /**
   * @hot Takes a slot for an outside order at its first update (key `src[keyAt]`): LIVE, `leaves`
   * and `cum` as reported; -1 when every slot is taken.
   */
  allocateOutside(inst: number, side: number, leaves: number, cum: number, reduceOnly: number, src: Float64Array, keyAt: number): number {
    if (this.freeTop === 0 && !this.reclaimOldestDone()) return -1;
    const slot = this.freeList[--this.freeTop]!;
    this.map.setAt(src, keyAt, slot);
    this.key[slot] = src[keyAt]!;
    this.inst[slot] = inst;
    this.side[slot] = side;
    this.state[slot] = OrderState.LIVE;
    this.qty[slot] = cum + leaves;
    this.price[slot] = NaN;
    this.realFilled[slot] = 0;
    this.reportedCum[slot] = cum;
    this.inferred.clear(slot);
    this.since[slot] = this.clock[0]!;
    this.gen[slot] = 0;
    this.outside[slot] = 1;
    this.leaves[slot] = leaves;
    this.firstCum[slot] = cum;
    this.reduceOnly[slot] = reduceOnly;
    this.strategy[slot] = -1;
    return slot;
  }

  /**
   * @hot Outside orders: lots its updates reported executed since the first one that no fill of
   * it has shown yet (they count as open until their fills arrive, as an approved order's
   * inferred fills keep exposure from dropping when it leaves the book). A fill that arrives
   * before the update reporting it does not shrink `leaves` (the update will): the open lots are
   * then high by it for that moment, never low, because such a fill cannot be told from one of an
   * execution before the first update, which `leaves` already excludes.
   */
  pending(slot: number): number {
    const p = this.reportedCum[slot]! - this.firstCum[slot]! - this.realFilled[slot]!;
    return p > 0 ? p : 0;
  }

  /** @hot Leaves quantity that still counts as open exposure. */
  open(slot: number): number {
    const s = this.state[slot]!;
    if (this.outside[slot] === 1) {
      if (s === OrderState.FREE) return 0;
      return (s === OrderState.DONE ? 0 : this.leaves[slot]!) + this.pending(slot);
    }
    if (s === OrderState.FREE || s === OrderState.DONE) return 0;
    const done = Math.max(this.realFilled[slot]!, this.reportedCum[slot]!);
    const left = this.qty[slot]! - done;
    return left > 0 ? left : 0;
  }

  /** @hot Lots of an own order known executed: real fills or the venue's reported cumQty, the higher. */
  executed(slot: number): number {
    const r = this.realFilled[slot]!;
    const c = this.reportedCum[slot]!;
    return r > c ? r : c;
  }

  /** @hot True while the order is live, in flight or pending cancel. */
  isActive(slot: number): boolean {
    const s = this.state[slot]!;
    return s === OrderState.INFLIGHT || s === OrderState.LIVE || s === OrderState.PENDING_CANCEL;
  }

  /** @hot Frees the slot when the order is DONE and nothing inferred (outside: pending) remains. */
  releaseIfSettled(slot: number): boolean {
    if (this.state[slot] !== OrderState.DONE) return false;
    if (this.inferred.awaitingFills(slot)) return false;
    if (this.outside[slot] === 1 && this.pending(slot) > 0) return false;
    this.free(slot);
    return true;
  }

  /** @hot True when the order whose key is `src[keyAt]` was among the last finished (see `finishedKeys`). */
  finishedRecently(src: Float64Array, keyAt: number): boolean {
    return this.finished.getAt(src, keyAt) >= 0;
  }

  /** @hot Remembers a freed slot's key in the finished ring, forgetting the oldest when full. */
  private rememberFinished(slot: number): void {
    const ring = this.finishedKeys;
    if (this.finishedLen === ring.length) {
      this.finished.deleteAt(ring, this.finishedHead);
      this.finishedHead = (this.finishedHead + 1) % ring.length;
      this.finishedLen--;
    }
    const at = (this.finishedHead + this.finishedLen) % ring.length;
    ring[at] = this.key[slot]!;
    this.finished.setAt(ring, at, 1);
    this.finishedLen++;
  }

  private free(slot: number): void {
    this.rememberFinished(slot);
    this.map.deleteAt(this.key, slot);
    this.state[slot] = OrderState.FREE;
    // Zeroed here rather than when the slot is taken: the order check's approval writes less.
    this.realFilled[slot] = 0;
    this.reportedCum[slot] = 0;
    this.inferred.clear(slot);
    this.freeList[this.freeTop++] = slot;
  }

  /**
   * Rare path (table full): frees the oldest DONE slot still waiting for real fills whose
   * inferred lots are already inside a snapshot (no `outstanding` inferred lots). Those fills, if they
   * ever come, are then treated as fills of an unknown order; with sequence numbers they fall
   * under the snapshot's watermark and are dropped, without they would count once more, which
   * errs on the side of a larger position. An outside order whose reported executions await
   * their fills is not reclaimed (they are its only trace). Returns false when no such slot exists.
   */
  private reclaimOldestDone(): boolean {
    let best = -1;
    for (let i = 0; i < this.capacity; i++) {
      if (this.state[i] === OrderState.DONE && this.inferred.outstanding[i] === 0 && !(this.outside[i] === 1 && this.pending(i) > 0) && (best < 0 || this.since[i]! < this.since[best]!)) best = i;
    }
    if (best < 0) return false;
    this.free(best);
    return true;
  }
}
