import {
  fillEntryIndex as fillEntryIndexBinding,
  fillRingCapacity,
  NO_ARRIVAL,
} from './fill-ring-layout.js';
import type { InferredFills } from './inferred-fills.js';
import type { OrderTable } from './order-table.js';
import { SeqMode as SeqModeBinding } from './seq-mode.js';

// Hot-path constants as this module's own bindings (docs/conventions.md, "hot constants").
const fillEntryIndex = fillEntryIndexBinding;
const SeqMode = SeqModeBinding;

/**
 * The storage of the position model (docs/model.md): per instrument a ring of the unconfirmed
 * fill entries since the last snapshot, in arrival order, the running sums over its live
 * entries, and the aggregate that the oldest entry folds into when the ring is full. The array
 * layout, the index rule and the sentinels are in fill-ring-layout.ts.
 *
 * An entry is a real fill (`eInf == 0`) or an inferred fill (`eInf > 0`: lots an order update
 * reported before the fill arrived). When a ring is full the oldest entry is folded into a
 * per-instrument aggregate that only widens the interval (never narrows it), so a long outage
 * stays safe in bounded memory.
 *
 * The ring keeps its sums true: an entry leaves the live set through `kill`, is marked
 * tentative through `markTentative` (or in place by a reconciler that holds one), and the
 * aggregate changes through `foldOldest` / `clearAggregate`. Two more writes happen elsewhere,
 * on purpose and in place: the explanation of inferred lots by a real fill (`consumeInferred`)
 * shrinks a partly explained inferred entry and takes explained lots out of the aggregate, and
 * the sequenced reconciler bounds inferred entries (`eBound`) and marks an aggregate whose
 * sequence range a watermark splits (`aggSplit`). The reconcilers hold views of these arrays
 * (the same arrays) under these names. Which entries a snapshot confirms
 * is the reconcilers' business (sequenced-reconciler.ts, walk-back-reconciler.ts); the ring only
 * stores. Owned by the risk thread; allocation-free after construction.
 */
export class FillRing {
  /** Entries per instrument: the configured capacity rounded up to a power of two (index by mask). */
  readonly capacity: number;
  readonly mask: number;

  // --- per instrument
  readonly start: Int32Array;
  readonly len: Int32Array;
  /** Sum of the signed quantity of live entries (real and inferred). */
  readonly listSum: Float64Array;
  /** Live entries and their absolute lots: the unconfirmed budget (aggregate added on read). */
  readonly liveCount: Int32Array;
  readonly liveAbs: Float64Array;
  /**
   * Entries held in the estimate but off the unconfirmed budget and its staleness deadline.
   * Unsequenced: entries inside a zero-sum run that the last walk could count either way
   * (between its smallest and largest matching prefix). They stay in the walk, so a later
   * snapshot that splits the run is still explained. Sequenced: inferred entries after a
   * snapshot with no gap open (sequenced-reconciler.ts `holdInferredInInterval`). Contiguous: real
   * fills whose sequence continues the watermark without a gap (`confirmBySequence`).
   */
  readonly tentCount: Int32Array;
  readonly tentAbs: Float64Array;
  /** Signed sums of the inferred entries, by sign (an inferred entry is inferred in full). */
  readonly infPos: Float64Array;
  readonly infNeg: Float64Array;
  // Aggregate of folded (overflowed) entries.
  readonly aggCount: Int32Array;
  readonly aggQty: Float64Array;
  readonly aggPos: Float64Array;
  readonly aggNeg: Float64Array;
  readonly aggMinSeq: Float64Array;
  readonly aggMaxSeq: Float64Array;
  readonly aggInf: Float64Array;
  readonly aggSplit: Uint8Array;
  readonly aggAt: Float64Array;

  // --- entries (inst * capacity + ring index)
  readonly eQty: Float64Array;
  readonly eInf: Float64Array;
  /** Sequenced: the venue's sequence (NaN for inferred). Unsequenced real fills: the execution's venue time (NaN: none). */
  readonly eSeq: Float64Array;
  readonly eSlot: Int32Array;
  readonly eAt: Float64Array;
  readonly eAlive: Uint8Array;
  readonly eTent: Uint8Array;
  /**
   * Inferred entries only: the orders approved when the update reporting them arrived
   * (`OrderTable.approvals`), and the lowest sequence of a real fill of an order approved after
   * that (`+Infinity` until one arrives). The inferred execution happened before that update was
   * sent, the later order's execution after the engine had read it: so the inferred execution's
   * sequence is below `eBound` (sequenced-reconciler.ts `boundInferred`).
   */
  readonly eGen: Float64Array;
  readonly eBound: Float64Array;
  /**
   * Arrival number of the entry (`arrivals` after it was appended): tells the entries that
   * arrived before the feed last came back up (walk-back-reconciler.ts `placeBase`).
   */
  readonly eArr: Float64Array;
  /** Entries appended so far, every instrument (numbers `eArr`; a double: never wraps). */
  arrivals = 0;
  /** Per instrument: `arrivals` when its feed last came back up (`noteReconnect`); NO_ARRIVAL before any. */
  readonly upArrival: Float64Array;
  /** Per instrument: the largest `eArr` folded into the aggregate (NO_ARRIVAL: none). */
  readonly aggArr: Float64Array;

  /** For the cold conveniences' results. */
  private readonly coldScratch = new Float64Array(1);

  constructor(
    readonly instruments: number,
    capacity: number,
    /** The instruments' sequence modes (the ledger's array): a folded inferred entry splits a sequenced aggregate. */
    private readonly seqMode: Uint8Array,
    private readonly orders: OrderTable,
    /** The orders' inferred lots: a folded inferred entry's lots are recorded there as folded. */
    private readonly inferred: InferredFills,
    private readonly clock: Float64Array,
  ) {
    const cap = fillRingCapacity(capacity);
    this.capacity = cap;
    this.mask = cap - 1;
    const n = instruments;
    this.start = new Int32Array(n);
    this.len = new Int32Array(n);
    this.listSum = new Float64Array(n);
    this.liveCount = new Int32Array(n);
    this.liveAbs = new Float64Array(n);
    this.tentCount = new Int32Array(n);
    this.tentAbs = new Float64Array(n);
    this.infPos = new Float64Array(n);
    this.infNeg = new Float64Array(n);
    this.aggCount = new Int32Array(n);
    this.aggQty = new Float64Array(n);
    this.aggPos = new Float64Array(n);
    this.aggNeg = new Float64Array(n);
    this.aggMinSeq = new Float64Array(n);
    this.aggMaxSeq = new Float64Array(n);
    this.aggInf = new Float64Array(n);
    this.aggSplit = new Uint8Array(n);
    this.aggAt = new Float64Array(n);
    const total = n * cap;
    this.eQty = new Float64Array(total);
    this.eInf = new Float64Array(total);
    this.eSeq = new Float64Array(total);
    this.eSlot = new Int32Array(total);
    this.eAt = new Float64Array(total);
    this.eAlive = new Uint8Array(total);
    this.eTent = new Uint8Array(total);
    this.eGen = new Float64Array(total);
    this.eBound = new Float64Array(total);
    this.eArr = new Float64Array(total);
    this.upArrival = new Float64Array(n).fill(NO_ARRIVAL);
    this.aggArr = new Float64Array(n).fill(NO_ARRIVAL);
  }

  /** @hot Flat index of the k-th entry (0 = oldest) of instrument i (fill-ring-layout.ts). */
  at(i: number, k: number): number {
    return fillEntryIndex(i, this.capacity, this.mask, this.start[i]!, k);
  }

  /** @hot Unconfirmed fills (entries plus folded ones). */
  unconfirmedCount(i: number): number {
    return this.liveCount[i]! - this.tentCount[i]! + this.aggCount[i]!;
  }

  /** @hot Unconfirmed absolute lots. */
  unconfirmedQty(i: number): number {
    return this.liveAbs[i]! - this.tentAbs[i]! + this.aggPos[i]! - this.aggNeg[i]!;
  }

  /** @hot True when the oldest unconfirmed fill arrived more than `ms` ago. */
  unconfirmedOlderThan(i: number, ms: number): boolean {
    const cutoff = this.clock[0]! - ms;
    if (this.aggCount[i]! > 0) return this.aggAt[i]! < cutoff;
    for (let k = 0; k < this.len[i]!; k++) {
      const e = this.at(i, k);
      if (this.eAlive[e] === 1 && this.eTent[e] === 0) return this.eAt[e]! < cutoff;
    }
    return false;
  }

  /** Cold convenience: arrival time of the oldest unconfirmed fill, or +Infinity when none. */
  oldestUnconfirmedAt(i: number): number {
    this.oldestUnconfirmedInto(i, this.coldScratch, 0);
    return this.coldScratch[0]!;
  }

  /**
   * @hot Writes the arrival time of the oldest unconfirmed fill (+Infinity when none) to
   * `out[index]` (an epoch time returned would be boxed): the fill `unconfirmedOlderThan` judges.
   */
  oldestUnconfirmedInto(i: number, out: Float64Array, index: number): void {
    if (this.aggCount[i]! > 0) {
      out[index] = this.aggAt[i]!;
      return;
    }
    for (let k = 0; k < this.len[i]!; k++) {
      const e = this.at(i, k);
      if (this.eAlive[e] === 1 && this.eTent[e] === 0) {
        out[index] = this.eAt[e]!;
        return;
      }
    }
    out[index] = Infinity;
  }

  /** @hot The feed of instrument i came back up: every entry retained now arrived before the reconnect. */
  noteReconnect(i: number): void {
    this.upArrival[i] = this.arrivals;
  }

  /**
   * @hot Appends an unconfirmed entry. `qty` is signed lots; `inf` the inferred part (abs lots,
   * equal to |qty| for an inferred entry, 0 for a real one); `slot` the order slot or
   * NO_ORDER_SLOT. No sequence (NaN) until `stampLast` gives it one. Arrival time: now.
   */
  append(i: number, qty: number, inf: number, slot: number): void {
    if (this.len[i] === this.capacity) {
      this.compact(i);
      if (this.len[i] === this.capacity) this.foldOldest(i);
    }
    const e = this.at(i, this.len[i]!);
    this.len[i]!++;
    this.eQty[e] = qty;
    this.eInf[e] = inf;
    this.eSeq[e] = NaN;
    this.eArr[e] = ++this.arrivals;
    this.eSlot[e] = slot;
    this.eAt[e] = this.clock[0]!;
    this.eAlive[e] = 1;
    this.eTent[e] = 0;
    this.eGen[e] = this.orders.approvals;
    this.eBound[e] = Infinity;
    this.listSum[i]! += qty;
    this.liveCount[i]!++;
    this.liveAbs[i]! += qty < 0 ? -qty : qty;
    if (inf > 0) {
      if (qty > 0) this.infPos[i]! += qty;
      else this.infNeg[i]! += qty;
    }
  }

  /**
   * @hot Stamps the entry just appended with the fill's place in the venue's order, `src[seqAt]`:
   * its sequence on a sequenced instrument, its venue time on an unsequenced one (NaN when none;
   * walk-back-reconciler.ts `placeBase` reads it).
   */
  stampLast(i: number, src: Float64Array, seqAt: number): void {
    this.eSeq[this.at(i, this.len[i]! - 1)] = src[seqAt]!;
  }

  /** @hot Removes entry e of instrument i from the live set (its lots leave the sums). */
  kill(i: number, e: number): void {
    const q = this.eQty[e]!;
    this.listSum[i]! -= q;
    this.liveCount[i]!--;
    this.liveAbs[i]! -= q < 0 ? -q : q;
    if (this.eTent[e] === 1) {
      this.eTent[e] = 0;
      this.tentCount[i]!--;
      this.tentAbs[i]! -= q < 0 ? -q : q;
    }
    if (this.eInf[e]! > 0) {
      if (q > 0) this.infPos[i]! -= q;
      else this.infNeg[i]! -= q;
    }
    this.eAlive[e] = 0;
  }

  /** Clears every tentative mark, then marks the first `count` live entries tentative. */
  markTentative(i: number, count: number): void {
    this.tentCount[i] = 0;
    this.tentAbs[i] = 0;
    let left = count;
    for (let k = 0; k < this.len[i]!; k++) {
      const e = this.at(i, k);
      if (this.eAlive[e] !== 1) continue;
      if (left > 0) {
        const q = this.eQty[e]!;
        this.eTent[e] = 1;
        this.tentCount[i]!++;
        this.tentAbs[i]! += q < 0 ? -q : q;
        left--;
      } else {
        this.eTent[e] = 0;
      }
    }
  }

  /** @hot Drops dead entries from the head of the ring. */
  trim(i: number): void {
    while (this.len[i]! > 0 && this.eAlive[this.at(i, 0)] === 0) {
      this.start[i] = (this.start[i]! + 1) & this.mask;
      this.len[i]!--;
    }
  }

  /** Rare path: packs live entries to the front of the ring, in order. */
  private compact(i: number): void {
    const n = this.len[i]!;
    let w = 0;
    for (let k = 0; k < n; k++) {
      const src = this.at(i, k);
      if (this.eAlive[src] !== 1) continue;
      if (w !== k) {
        const dst = this.at(i, w);
        this.eQty[dst] = this.eQty[src]!;
        this.eInf[dst] = this.eInf[src]!;
        this.eSeq[dst] = this.eSeq[src]!;
        this.eSlot[dst] = this.eSlot[src]!;
        this.eAt[dst] = this.eAt[src]!;
        this.eTent[dst] = this.eTent[src]!;
        this.eGen[dst] = this.eGen[src]!;
        this.eArr[dst] = this.eArr[src]!;
        this.eBound[dst] = this.eBound[src]!;
        this.eAlive[dst] = 1;
        this.eAlive[src] = 0;
        this.eTent[src] = 0;
      }
      w++;
    }
    this.len[i] = w;
  }

  /** Rare path (ring full of live entries): folds the oldest entry into the aggregate. */
  private foldOldest(i: number): void {
    const e = this.at(i, 0);
    const q = this.eQty[e]!;
    const seq = this.eSeq[e]!;
    this.aggArr[i] = this.eArr[e]!; // folded oldest first: the newest so far
    if (this.aggCount[i] === 0) {
      this.aggAt[i] = this.eAt[e]!;
      this.aggMinSeq[i] = Infinity;
      this.aggMaxSeq[i] = -Infinity;
    }
    this.aggCount[i]!++;
    this.aggQty[i]! += q;
    if (q > 0) this.aggPos[i]! += q;
    else this.aggNeg[i]! += q;
    if (this.eInf[e]! > 0) {
      this.aggInf[i]! += this.eInf[e]!;
      const slot = this.eSlot[e]!;
      if (slot >= 0) this.inferred.fold(slot, this.eInf[e]!);
      // An inferred fill may or may not be in a snapshot: the aggregate can no longer be a point.
      if (this.seqMode[i] !== SeqMode.NONE) this.aggSplit[i] = 1;
    } else if (this.seqMode[i] !== SeqMode.NONE) {
      if (seq < this.aggMinSeq[i]!) this.aggMinSeq[i] = seq;
      if (seq > this.aggMaxSeq[i]!) this.aggMaxSeq[i] = seq;
    }
    // Leaves the live set without being confirmed: the aggregate now holds its lots.
    const inf = this.eInf[e]!;
    this.eInf[e] = 0;
    if (inf > 0) {
      if (q > 0) this.infPos[i]! -= q;
      else this.infNeg[i]! -= q;
    }
    this.kill(i, e);
    this.trim(i);
  }

  clearAggregate(i: number): void {
    this.aggCount[i] = 0;
    this.aggQty[i] = 0;
    this.aggPos[i] = 0;
    this.aggNeg[i] = 0;
    this.aggInf[i] = 0;
    this.aggSplit[i] = 0;
  }
}
