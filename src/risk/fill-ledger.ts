import { FillRing } from './fill-ring.js';
import type { InferredFills } from './inferred-fills.js';
import type { OrderTable } from './order-table.js';
import { SeqMode as SeqModeBinding } from './seq-mode.js';

// Hot-path constants as this module's own bindings (docs/conventions.md, "hot constants").
const SeqMode = SeqModeBinding;

export { SeqMode };

/** Cells of `FillLedger.est`, one per named result (also `FillLedger.EST_LO` etc.). */
const EST_LO = 0;
const EST_HI = 1;
const EXPLAINED_CONFIRMED = 2;
const EST_SLOTS = 3;

/**
 * The estimate half of the position model (docs/model.md): per instrument the last snapshot and
 * the unconfirmed fill entries since it (the fill ring, fill-ring.ts), and the estimate they
 * give, as an interval `[lo, hi]` that is a single point whenever the model is certain. How
 * snapshots are reconciled with these entries is `PositionLedger` (position-ledger.ts), which
 * extends this. A real fill that explains inferred lots replaces their entries
 * (`consumeInferred`): counted once.
 *
 * Sequence numbers and venue times are read where the caller points (`src[at]`: the event slot
 * the engine was handed) and time from the engine's time cell; results come back in `est`. A
 * double that is not a small integer passed or returned across a call V8 does not inline is
 * boxed: typed-array cells never are. Owned by the risk thread; allocation-free after construction.
 */
export class FillLedger {
  readonly seqMode: Uint8Array;
  /** The unconfirmed fill entries, their sums and their overflow aggregate (fill-ring.ts). */
  readonly ring: FillRing;
  /** Read-only views of the ring's arrays, for the readers of the ledger. */
  readonly liveCount: Int32Array;
  readonly aggCount: Int32Array;

  // --- per instrument
  readonly snapPos: Float64Array;
  readonly snapSeq: Float64Array;
  readonly hasSnap: Uint8Array;
  /** Engine time of the last accepted snapshot. */
  readonly snapAt: Float64Array;
  /**
   * Unsequenced only: the latest venue time (a SNAPSHOT slot's v2) of an accepted snapshot, NaN
   * before the first one that had a venue time. Snapshots older than it are stale
   * (position-ledger.ts).
   */
  readonly snapVenueTime: Float64Array;
  /** Unsequenced only: the base is a snapshot the fills did not explain. */
  readonly ambiguous: Uint8Array;
  /**
   * Unsequenced only: the ambiguity comes only from late fills of executions the engine did not
   * send (position-ledger.ts `lateFill`), not from a snapshot the fills failed to explain. The
   * interval still bounds the position, so the instrument is not dirty.
   */
  readonly lateOnly: Uint8Array;
  /**
   * Unsequenced only: the point base was taken from a snapshot as it stands (the first one, or
   * the collapse of an ambiguous base), so it may already hold executions whose fills have not
   * arrived. Cleared by a fill that provably executed after it (position-ledger.ts `lateFill`).
   */
  readonly baseOpen: Uint8Array;
  /**
   * Unsequenced: `OrderTable.approvals` when the current base snapshot was applied (an order with a
   * higher `gen` was approved, so executed, after it). Set by every applied snapshot, so it is
   * never earlier than when an open base was taken: reading it for `baseOpen` is the stricter test.
   */
  protected readonly baseGen: Float64Array;
  /** That base snapshot's venue time (NaN: none). */
  protected readonly baseVenueTime: Float64Array;
  protected readonly sufMin: Float64Array;
  protected readonly sufMax: Float64Array;
  // Contiguous sequence gap detection.
  protected readonly lastFillSeq: Float64Array;
  protected readonly hasFillSeq: Uint8Array;
  /**
   * Contiguous only: the highest sequence up to which every execution since the snapshot's
   * watermark has arrived as a real fill, with no gap (position-ledger.ts `confirmBySequence`);
   * the watermark itself when nothing has joined it yet.
   */
  protected readonly chainSeq: Float64Array;
  readonly gapUntil: Float64Array;
  readonly hasGap: Uint8Array;
  // Counters.
  readonly mismatches: Float64Array;
  readonly staleSnapshots: Float64Array;
  readonly gaps: Float64Array;
  readonly fillsInsideSnapshot: Float64Array;

  /** Prefix sums for the walk; capacity + 2 (aggregate + entries + the empty prefix). */
  protected readonly prefix: Float64Array;

  /**
   * Outputs, read right after the call: `[EST_LO]`/`[EST_HI]` from `estimate()`,
   * `[EXPLAINED_CONFIRMED]` from `consumeInferred()` (the explained lots already inside a snapshot).
   */
  readonly est = new Float64Array(EST_SLOTS);
  static readonly EST_LO = EST_LO;
  static readonly EST_HI = EST_HI;
  static readonly EXPLAINED_CONFIRMED = EXPLAINED_CONFIRMED;

  /** Cold convenience: the interval's ends after `estimate()`. */
  get lo(): number {
    return this.est[EST_LO]!;
  }

  get hi(): number {
    return this.est[EST_HI]!;
  }

  constructor(
    readonly instruments: number,
    capacity: number,
    seqModes: ArrayLike<number>,
    protected readonly orders: OrderTable,
    /** The orders' inferred lots (inferred-fills.ts): moved by the ledger through its methods. */
    protected readonly inferred: InferredFills,
    protected readonly clock: Float64Array,
  ) {
    const n = instruments;
    this.seqMode = Uint8Array.from(seqModes);
    this.ring = new FillRing(n, capacity, this.seqMode, orders, inferred, clock);
    this.liveCount = this.ring.liveCount;
    this.aggCount = this.ring.aggCount;
    this.snapPos = new Float64Array(n);
    this.snapSeq = new Float64Array(n);
    this.hasSnap = new Uint8Array(n);
    this.snapAt = new Float64Array(n);
    this.snapVenueTime = new Float64Array(n).fill(NaN);
    this.ambiguous = new Uint8Array(n);
    this.lateOnly = new Uint8Array(n);
    this.baseOpen = new Uint8Array(n);
    this.baseGen = new Float64Array(n);
    this.baseVenueTime = new Float64Array(n).fill(NaN);
    this.sufMin = new Float64Array(n);
    this.sufMax = new Float64Array(n);
    this.lastFillSeq = new Float64Array(n);
    this.hasFillSeq = new Uint8Array(n);
    this.chainSeq = new Float64Array(n);
    this.gapUntil = new Float64Array(n);
    this.hasGap = new Uint8Array(n);
    this.mismatches = new Float64Array(n);
    this.staleSnapshots = new Float64Array(n);
    this.gaps = new Float64Array(n);
    this.fillsInsideSnapshot = new Float64Array(n);
    this.prefix = new Float64Array(this.ring.capacity + 2);
  }

  /** @hot True when instrument i uses sequence numbers. */
  sequenced(i: number): boolean {
    return this.seqMode[i] !== SeqMode.NONE;
  }

  /** @hot Unconfirmed fills (entries plus folded ones). */
  unconfirmedCount(i: number): number {
    return this.ring.unconfirmedCount(i);
  }

  /** @hot Unconfirmed absolute lots. */
  unconfirmedQty(i: number): number {
    return this.ring.unconfirmedQty(i);
  }

  /** @hot True when the oldest unconfirmed fill arrived more than `ms` ago. */
  unconfirmedOlderThan(i: number, ms: number): boolean {
    return this.ring.unconfirmedOlderThan(i, ms);
  }

  /** Cold convenience: arrival time of the oldest unconfirmed fill, or +Infinity when none. */
  oldestUnconfirmedAt(i: number): number {
    return this.ring.oldestUnconfirmedAt(i);
  }

  /**
   * @hot Writes the arrival time of the oldest unconfirmed fill (+Infinity when none) to
   * `out[index]` (an epoch time returned would be boxed): the fill `unconfirmedOlderThan` judges.
   */
  oldestUnconfirmedInto(i: number, out: Float64Array, index: number): void {
    this.ring.oldestUnconfirmedInto(i, out, index);
  }

  /** @hot True while a contiguous-sequence gap is not yet covered by a snapshot's watermark. */
  gapOpen(i: number): boolean {
    return this.hasGap[i] === 1 && (this.hasSnap[i] === 0 || this.gapUntil[i]! > this.snapSeq[i]!);
  }

  /**
   * @hot The best point estimate (every unconfirmed fill counted as outside the snapshot);
   * NaN before the first snapshot. Used for the flip-flop guard's sign.
   */
  point(i: number): number {
    if (this.hasSnap[i] === 0) return NaN;
    return this.snapPos[i]! + this.ring.aggQty[i]! + this.ring.listSum[i]!;
  }

  /** @hot Computes the position interval of instrument i into `lo`/`hi` (±Infinity before any snapshot). */
  estimate(i: number): void {
    const out = this.est;
    if (this.hasSnap[i] === 0) {
      out[EST_LO] = -Infinity;
      out[EST_HI] = Infinity;
      return;
    }
    const base = this.snapPos[i]!;
    const agg = this.ring.aggCount[i]! > 0;
    if (this.seqMode[i] !== SeqMode.NONE) {
      const real = this.ring.listSum[i]! - this.ring.infPos[i]! - this.ring.infNeg[i]!;
      let lo = base + real + this.ring.infNeg[i]!;
      let hi = base + real + this.ring.infPos[i]!;
      if (agg) {
        const split = this.ring.aggSplit[i] === 1;
        lo += split ? this.ring.aggNeg[i]! : this.ring.aggQty[i]!;
        hi += split ? this.ring.aggPos[i]! : this.ring.aggQty[i]!;
      }
      out[EST_LO] = lo;
      out[EST_HI] = hi;
    } else if (this.ambiguous[i] === 1) {
      // Real fills: any suffix may be missing from the base. Inferred fills sit where their
      // update arrived, not where their execution is in the venue's order: each may or may not
      // be in the base, independently.
      out[EST_LO] = base + this.sufMin[i]! + this.ring.infNeg[i]! + (agg ? this.ring.aggNeg[i]! : 0);
      out[EST_HI] = base + this.sufMax[i]! + this.ring.infPos[i]! + (agg ? this.ring.aggPos[i]! : 0);
    } else {
      out[EST_LO] = out[EST_HI] = base + this.ring.aggQty[i]! + this.ring.listSum[i]!;
    }
  }

  /**
   * @hot Records a fill's sequence number (`src[seqAt]`) for gap detection (contiguous
   * instruments). Returns true when this fill opened a gap.
   */
  noteSeq(i: number, src: Float64Array, seqAt: number): boolean {
    if (this.seqMode[i] !== SeqMode.CONTIGUOUS) return false;
    const seq = src[seqAt]!;
    let expected = -Infinity;
    if (this.hasFillSeq[i] === 1) expected = this.lastFillSeq[i]! + 1;
    if (this.hasSnap[i] === 1 && this.snapSeq[i]! + 1 > expected) expected = this.snapSeq[i]! + 1;
    let opened = false;
    if (expected !== -Infinity && seq > expected) {
      if (this.hasGap[i] === 0 || seq - 1 > this.gapUntil[i]!) this.gapUntil[i] = seq - 1;
      this.hasGap[i] = 1;
      this.gaps[i]!++;
      opened = true;
    }
    if (this.hasFillSeq[i] === 0 || seq > this.lastFillSeq[i]!) this.lastFillSeq[i] = seq;
    this.hasFillSeq[i] = 1;
    return opened;
  }

  /** @hot The feed of instrument i came back up: every entry retained now arrived before the reconnect. */
  noteReconnect(i: number): void {
    this.ring.noteReconnect(i);
  }

  /** @hot True when a real fill with sequence `src[seqAt]` is already inside the current snapshot. */
  insideSnapshot(i: number, src: Float64Array, seqAt: number): boolean {
    return this.seqMode[i] !== SeqMode.NONE && this.hasSnap[i] === 1 && src[seqAt]! <= this.snapSeq[i]!;
  }

  /**
   * @hot Appends an unconfirmed entry. `qty` is signed lots; `inf` the inferred part (abs lots,
   * equal to |qty| for an inferred entry, 0 for a real one); `slot` the order slot or -1. No
   * sequence (NaN) until `stampLast` gives it one. Arrival time: now.
   */
  append(i: number, qty: number, inf: number, slot: number): void {
    this.ring.append(i, qty, inf, slot);
    if (!(inf > 0) && this.ambiguous[i] === 1) {
      // Every suffix grows by qty, and the empty suffix (0) joins.
      const mn = this.sufMin[i]! + qty;
      const mx = this.sufMax[i]! + qty;
      this.sufMin[i] = mn < 0 ? mn : 0;
      this.sufMax[i] = mx > 0 ? mx : 0;
    }
  }

  /**
   * @hot Stamps the entry just appended with the fill's place in the venue's order, `src[seqAt]`:
   * its sequence on a sequenced instrument, its venue time on an unsequenced one (NaN when none;
   * position-ledger.ts `placeBase` reads it).
   */
  stampLast(i: number, src: Float64Array, seqAt: number): void {
    this.ring.stampLast(i, src, seqAt);
  }

  /**
   * @hot A real fill of order `slot` (side ±1) arrived for `qty` lots: the part the order's
   * updates had already reported is "explained" and must not count twice. Consumes the order's
   * inferred lots (those known inside the snapshot first, then the outstanding entries, oldest
   * first, which are removed) and returns the explained quantity; `explainedConfirmed` tells how
   * much of it was already inside a snapshot.
   *
   * The caller then places the real fill itself: by its sequence on sequenced instruments; on
   * unsequenced ones at the end of the walk (its true place in the venue's execution order),
   * for `qty - explainedConfirmed` lots, so the removed inferred entries are replaced, not doubled.
   */
  consumeInferred(i: number, slot: number, side: number, qty: number): number {
    const o = this.inferred;
    const conf = o.confirmed[slot]!;
    const out = o.outstanding[slot]!;
    const c = qty < conf + out ? qty : conf + out;
    this.est[EXPLAINED_CONFIRMED] = 0;
    if (c <= 0) return 0;
    const fromConf = c < conf ? c : conf;
    this.est[EXPLAINED_CONFIRMED] = fromConf;
    let rest = c - fromConf;
    o.explain(slot, fromConf, rest);
    for (let k = 0; k < this.ring.len[i]! && rest > 0; k++) {
      const e = this.ring.at(i, k);
      if (this.ring.eAlive[e] !== 1 || this.ring.eSlot[e] !== slot || this.ring.eInf[e]! <= 0) continue;
      const inf = this.ring.eInf[e]!;
      const take = rest < inf ? rest : inf;
      rest -= take;
      if (take === inf) {
        this.ring.kill(i, e);
      } else {
        const d = side * take;
        this.ring.eInf[e] = inf - take;
        this.ring.eQty[e]! -= d;
        this.ring.listSum[i]! -= d;
        this.ring.liveAbs[i]! -= take;
        if (this.ring.eTent[e] === 1) this.ring.tentAbs[i]! -= take;
        if (d > 0) this.ring.infPos[i]! -= d;
        else this.ring.infNeg[i]! -= d;
      }
    }
    if (rest > 0 && this.ring.aggInf[i]! > 0) {
      // The rest was folded into the aggregate: take it out there.
      const take = rest < this.ring.aggInf[i]! ? rest : this.ring.aggInf[i]!;
      const d = side * take;
      this.ring.aggInf[i]! -= take;
      o.unfold(slot, take);
      this.ring.aggQty[i]! -= d;
      if (d > 0) this.ring.aggPos[i]! -= d;
      else this.ring.aggNeg[i]! -= d;
    }
    this.ring.trim(i);
    return c;
  }
}
