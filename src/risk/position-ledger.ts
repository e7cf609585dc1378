import { FillRing } from './fill-ring.js';
import type { InferredFills } from './inferred-fills.js';
import type { OrderTable } from './order-table.js';
import { SequencedReconciler } from './sequenced-reconciler.js';
import { SeqMode as SeqModeBinding } from './seq-mode.js';
import { SnapshotBase, SnapshotResult } from './snapshot-base.js';
import { WalkBackReconciler } from './walk-back-reconciler.js';

// Hot-path constants as this module's own bindings (docs/conventions.md, "hot constants").
const SeqMode = SeqModeBinding;

export { SeqMode, SnapshotResult };

/** Cells of `PositionLedger.est`, one per named result (also `PositionLedger.EST_LO` etc.). */
const EST_LO = 0;
const EST_HI = 1;
const EXPLAINED_CONFIRMED = 2;
const EST_SLOTS = 3;

/**
 * The position model of docs/model.md for every instrument, composed of parts with one owner
 * each (docs/architecture.md, "The position model"):
 *
 * - `base` (snapshot-base.ts): per instrument the last snapshot, the sequence mode and counters;
 * - `ring` (fill-ring.ts, layout in fill-ring-layout.ts): the unconfirmed fill entries since the
 *   snapshot, their sums and the aggregate a full ring folds into;
 * - `inferred` (inferred-fills.ts, per order slot, shared with the order table): lots order
 *   updates reported before their fills;
 * - two reconcilers, one per kind of venue, chosen per instrument by its `SeqMode` for good:
 *   `bySequence` (sequenced-reconciler.ts: `monotonic`, `contiguous`) and `walkBack`
 *   (walk-back-reconciler.ts: `none`). Each writes the base of its instruments only and owns
 *   its own per-instrument state. The engine calls them through these two fields, each call site
 *   on one class (monomorphic), after testing `sequenced(i)`.
 *
 * The ledger itself appends fills, explains inferred lots by real fills (`consumeInferred`) and
 * gives the estimate, as an interval `[lo, hi]` that is a single point whenever the model is
 * certain. Sequence numbers and venue times are read where the caller points (`src[at]`: the
 * event slot the engine was handed) and time from the engine's time cell; results come back in
 * `est`. A double that is not a small integer passed or returned across a call V8 does not
 * inline is boxed: typed-array cells never are. Owned by the risk thread; allocation-free after
 * construction.
 */
export class PositionLedger {
  readonly base: SnapshotBase;
  readonly ring: FillRing;
  readonly bySequence: SequencedReconciler;
  readonly walkBack: WalkBackReconciler;

  // Read-only views of the parts' arrays, for the readers of the ledger (state, replay, tests).
  readonly seqMode: Uint8Array;
  readonly snapPos: Float64Array;
  readonly snapSeq: Float64Array;
  readonly hasSnap: Uint8Array;
  readonly snapAt: Float64Array;
  readonly mismatches: Float64Array;
  readonly staleSnapshots: Float64Array;
  readonly fillsInsideSnapshot: Float64Array;
  readonly liveCount: Int32Array;
  readonly aggCount: Int32Array;
  readonly gapUntil: Float64Array;
  readonly hasGap: Uint8Array;
  readonly gaps: Float64Array;
  readonly snapVenueTime: Float64Array;
  readonly ambiguous: Uint8Array;
  readonly lateOnly: Uint8Array;
  readonly baseOpen: Uint8Array;

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
    orders: OrderTable,
    /** The orders' inferred lots (inferred-fills.ts): moved by the ledger through its methods. */
    private readonly inferred: InferredFills,
    clock: Float64Array,
  ) {
    const base = new SnapshotBase(instruments, seqModes);
    this.base = base;
    this.ring = new FillRing(instruments, capacity, base.seqMode, orders, inferred, clock);
    this.bySequence = new SequencedReconciler(base, this.ring, inferred, orders, clock);
    this.walkBack = new WalkBackReconciler(base, this.ring, inferred, orders, clock);
    this.seqMode = base.seqMode;
    this.snapPos = base.snapPos;
    this.snapSeq = base.snapSeq;
    this.hasSnap = base.hasSnap;
    this.snapAt = base.snapAt;
    this.mismatches = base.mismatches;
    this.staleSnapshots = base.staleSnapshots;
    this.fillsInsideSnapshot = base.fillsInsideSnapshot;
    this.liveCount = this.ring.liveCount;
    this.aggCount = this.ring.aggCount;
    this.gapUntil = this.bySequence.gapUntil;
    this.hasGap = this.bySequence.hasGap;
    this.gaps = this.bySequence.gaps;
    this.snapVenueTime = this.walkBack.snapVenueTime;
    this.ambiguous = this.walkBack.ambiguous;
    this.lateOnly = this.walkBack.lateOnly;
    this.baseOpen = this.walkBack.baseOpen;
  }

  /** @hot True when instrument i uses sequence numbers (its reconciler is `bySequence`). */
  sequenced(i: number): boolean {
    return this.base.seqMode[i] !== SeqMode.NONE;
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
    return this.bySequence.gapOpen(i);
  }

  /**
   * @hot The best point estimate (every unconfirmed fill counted as outside the snapshot);
   * NaN before the first snapshot. Used for the flip-flop guard's sign.
   */
  point(i: number): number {
    if (this.base.hasSnap[i] === 0) return NaN;
    return this.base.snapPos[i]! + this.ring.aggQty[i]! + this.ring.listSum[i]!;
  }

  /** @hot Computes the position interval of instrument i into `lo`/`hi` (±Infinity before any snapshot). */
  estimate(i: number): void {
    const out = this.est;
    if (this.base.hasSnap[i] === 0) {
      out[EST_LO] = -Infinity;
      out[EST_HI] = Infinity;
      return;
    }
    const base = this.base.snapPos[i]!;
    const agg = this.ring.aggCount[i]! > 0;
    if (this.base.seqMode[i] !== SeqMode.NONE) {
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
    } else if (this.walkBack.ambiguous[i] === 1) {
      // Real fills: any suffix may be missing from the base. Inferred fills sit where their
      // update arrived, not where their execution is in the venue's order: each may or may not
      // be in the base, independently.
      out[EST_LO] = base + this.walkBack.sufMin[i]! + this.ring.infNeg[i]! + (agg ? this.ring.aggNeg[i]! : 0);
      out[EST_HI] = base + this.walkBack.sufMax[i]! + this.ring.infPos[i]! + (agg ? this.ring.aggPos[i]! : 0);
    } else {
      out[EST_LO] = out[EST_HI] = base + this.ring.aggQty[i]! + this.ring.listSum[i]!;
    }
  }

  /** @hot The feed of instrument i came back up: every entry retained now arrived before the reconnect. */
  noteReconnect(i: number): void {
    this.ring.noteReconnect(i);
  }

  /**
   * @hot Appends an unconfirmed entry. `qty` is signed lots; `inf` the inferred part (abs lots,
   * equal to |qty| for an inferred entry, 0 for a real one); `slot` the order slot or -1. No
   * sequence (NaN) until `stampLast` gives it one. Arrival time: now.
   */
  append(i: number, qty: number, inf: number, slot: number): void {
    this.ring.append(i, qty, inf, slot);
    if (!(inf > 0)) this.walkBack.noteRealFill(i, qty);
  }

  /**
   * @hot Stamps the entry just appended with the fill's place in the venue's order, `src[seqAt]`:
   * its sequence on a sequenced instrument, its venue time on an unsequenced one (NaN when none;
   * walk-back-reconciler.ts `placeBase` reads it).
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
