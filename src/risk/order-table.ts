import { Arg as ArgBinding } from './hot-args.js';
import { IntHashMap } from './int-hash-map.js';

// Hot-path constants as this module's own bindings (docs/conventions.md, "hot constants").
const Arg = ArgBinding;

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
 * Every order the engine approved, in preallocated parallel arrays (structure of arrays),
 * indexed by slot. Order keys (integer handles of client order ids) map to slots through an
 * `IntHashMap`. A slot is freed when the order is DONE and its real fills have caught up with
 * the quantity the venue reported (`realFilled >= reportedCum`); until then it carries the
 * inferred fills that keep exposure from dropping when the order leaves the book.
 *
 * Order keys and prices are read from the engine's argument block and time from its time cell
 * (see hot-args.ts). Owned by the risk thread. Allocation-free after construction.
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
  /** Inferred lots (reported, not yet seen as fills) whose place relative to the snapshot is unknown. */
  readonly infOutstanding: Float64Array;
  /** Inferred lots known to be inside the current snapshot. */
  readonly infConfirmed: Float64Array;
  /** The part of `infOutstanding` folded into the ledger's overflow aggregate (no entry of its own). */
  readonly infFolded: Float64Array;
  /** Engine time the slot was taken (ms); used to reclaim the oldest DONE slot when full. */
  readonly since: Float64Array;
  /** The order's approval number (`approvals` when it was approved): orders compare by it in time. */
  readonly gen: Float64Array;
  /** Orders approved so far (monotone). */
  approvals = 0;
  private readonly map: IntHashMap;
  private readonly freeList: Int32Array;
  private freeTop: number;

  constructor(
    capacity: number,
    private readonly clock: Float64Array,
    private readonly args: Float64Array,
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
    this.infOutstanding = new Float64Array(capacity);
    this.infConfirmed = new Float64Array(capacity);
    this.infFolded = new Float64Array(capacity);
    this.since = new Float64Array(capacity);
    this.gen = new Float64Array(capacity);
    this.map = new IntHashMap(capacity);
    this.freeList = new Int32Array(capacity);
    for (let i = 0; i < capacity; i++) this.freeList[i] = capacity - 1 - i;
    this.freeTop = capacity;
  }

  /** @hot Slot of the order whose key is in `args[Arg.ORDER_KEY]`, or -1. */
  findArgs(): number {
    return this.map.getAt(this.args, Arg.ORDER_KEY);
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
   * @hot Takes a slot for a new order (key and price in `args`); -1 when every slot is taken.
   */
  allocate(inst: number, side: number, qty: number): number {
    if (this.freeTop === 0 && !this.reclaimOldestDone()) return -1;
    const slot = this.freeList[--this.freeTop]!;
    // The check has just looked this key up and missed: its insert reuses that probe.
    this.map.setAtAfterMiss(this.args, Arg.ORDER_KEY, slot);
    this.key[slot] = this.args[Arg.ORDER_KEY]!;
    this.inst[slot] = inst;
    this.side[slot] = side;
    this.state[slot] = OrderState.INFLIGHT;
    this.qty[slot] = qty;
    this.price[slot] = this.args[Arg.PRICE]!;
    // realFilled, reportedCum and the inferred lots are 0 here: zero at construction, zeroed
    // again when the slot is freed (`free`), and nothing writes a free slot's (its key is gone).
    this.since[slot] = this.clock[0]!;
    this.gen[slot] = ++this.approvals;
    return slot;
  }

  /** @hot Leaves quantity that still counts as open exposure. */
  open(slot: number): number {
    const s = this.state[slot]!;
    if (s === OrderState.FREE || s === OrderState.DONE) return 0;
    const done = Math.max(this.realFilled[slot]!, this.reportedCum[slot]!);
    const left = this.qty[slot]! - done;
    return left > 0 ? left : 0;
  }

  /** @hot True while the order is live, in flight or pending cancel. */
  isActive(slot: number): boolean {
    const s = this.state[slot]!;
    return s === OrderState.INFLIGHT || s === OrderState.LIVE || s === OrderState.PENDING_CANCEL;
  }

  /** @hot Frees the slot when the order is DONE and nothing inferred remains. */
  releaseIfSettled(slot: number): boolean {
    if (this.state[slot] !== OrderState.DONE) return false;
    if (this.infOutstanding[slot]! > 0 || this.infConfirmed[slot]! > 0) return false;
    this.free(slot);
    return true;
  }

  private free(slot: number): void {
    this.map.deleteAt(this.key, slot);
    this.state[slot] = OrderState.FREE;
    // Zeroed here rather than when the slot is taken: the order check's approval writes less.
    this.realFilled[slot] = 0;
    this.reportedCum[slot] = 0;
    this.infOutstanding[slot] = 0;
    this.infConfirmed[slot] = 0;
    this.infFolded[slot] = 0;
    this.freeList[this.freeTop++] = slot;
  }

  /**
   * Rare path (table full): frees the oldest DONE slot still waiting for real fills whose
   * inferred lots are already inside a snapshot (`infOutstanding == 0`). Those fills, if they
   * ever come, are then treated as fills of an unknown order; with sequence numbers they fall
   * under the snapshot's watermark and are dropped, without they would count once more, which
   * errs on the side of a larger position. Returns false when no such slot exists.
   */
  private reclaimOldestDone(): boolean {
    let best = -1;
    for (let i = 0; i < this.capacity; i++) {
      if (this.state[i] === OrderState.DONE && this.infOutstanding[i] === 0 && (best < 0 || this.since[i]! < this.since[best]!)) best = i;
    }
    if (best < 0) return false;
    this.free(best);
    return true;
  }
}
