import type { FillRing } from './fill-ring.js';
import { fillEntryIndex as fillEntryIndexBinding } from './fill-ring-layout.js';
import type { InferredFills } from './inferred-fills.js';
import type { OrderTable } from './order-table.js';
import { SeqMode as SeqModeBinding } from './seq-mode.js';
import { type SnapshotBase, SnapshotResult as SnapshotResultBinding } from './snapshot-base.js';

// Hot-path constants as this module's own bindings (docs/conventions.md, "hot constants").
const fillEntryIndex = fillEntryIndexBinding;
const SeqMode = SeqModeBinding;
const SnapshotResult = SnapshotResultBinding;

/**
 * How a snapshot is reconciled with the fills on an instrument whose venue numbers its
 * executions (docs/model.md, "Venues that number executions (`monotonic`, `contiguous`)"): one
 * of the ledger's two reconcilers (position-ledger.ts), the other being the walk-back
 * (walk-back-reconciler.ts). It owns the instruments' sequence state (watermark chain, gaps) and
 * writes their snapshot base (snapshot-base.ts); the entries are the fill ring's (fill-ring.ts),
 * the inferred lots the orders' (inferred-fills.ts).
 *
 * Sequenced instruments (`monotonic`, `contiguous`): real entries carry the venue's sequence;
 * a snapshot drops those at or below its watermark. Inferred entries have no sequence: each may
 * or may not be inside the snapshot, so positive ones widen `hi` and negative ones widen `lo`
 * until the real fill arrives. A snapshot's residual that equals the inferred lots proves
 * nothing (an outside trade of the same size explains it equally): it is counted as a mismatch.
 *
 * Owned by the risk thread; allocation-free after construction.
 */
export class SequencedReconciler {
  // Contiguous sequence gap detection.
  private readonly lastFillSeq: Float64Array;
  private readonly hasFillSeq: Uint8Array;
  /**
   * Contiguous only: the highest sequence up to which every execution since the snapshot's
   * watermark has arrived as a real fill, with no gap (`confirmBySequence`);
   * the watermark itself when nothing has joined it yet.
   */
  private readonly chainSeq: Float64Array;
  readonly gapUntil: Float64Array;
  readonly hasGap: Uint8Array;
  /** Gaps opened, per instrument (a counter). */
  readonly gaps: Float64Array;

  // Views of the owners' arrays (the same arrays, not copies) under the names this code has
  // always used: the snapshot base's (snapshot-base.ts) and the fill ring's (fill-ring-layout.ts).
  // One load from `this` per use; reaching through `this.base` / `this.ring` at every access made
  // a snapshot 5-15% slower (bench/risk applySnapshot cases, beside the inherited ledger). Writes
  // keep the owners' rules: entries leave through `ring.kill` / `ring.trim`, the base is written
  // only for this reconciler's instruments.
  private readonly hasSnap: Uint8Array;
  private readonly mismatches: Float64Array;
  private readonly seqMode: Uint8Array;
  private readonly snapAt: Float64Array;
  private readonly snapPos: Float64Array;
  private readonly snapSeq: Float64Array;
  private readonly len: Int32Array;
  private readonly eInf: Float64Array;
  private readonly eAlive: Uint8Array;
  private readonly aggCount: Int32Array;
  private readonly eSeq: Float64Array;
  private readonly eTent: Uint8Array;
  private readonly eQty: Float64Array;
  private readonly infPos: Float64Array;
  private readonly infNeg: Float64Array;
  private readonly tentCount: Int32Array;
  private readonly tentAbs: Float64Array;
  private readonly eSlot: Int32Array;
  private readonly eBound: Float64Array;
  private readonly aggQty: Float64Array;
  private readonly aggSplit: Uint8Array;
  private readonly aggInf: Float64Array;
  private readonly eGen: Float64Array;
  private readonly aggMinSeq: Float64Array;
  private readonly aggMaxSeq: Float64Array;
  private readonly capacity: number;
  private readonly mask: number;
  private readonly start: Int32Array;

  constructor(
    private readonly base: SnapshotBase,
    private readonly ring: FillRing,
    private readonly inferred: InferredFills,
    private readonly orders: OrderTable,
    private readonly clock: Float64Array,
  ) {
    this.hasSnap = base.hasSnap;
    this.mismatches = base.mismatches;
    this.seqMode = base.seqMode;
    this.snapAt = base.snapAt;
    this.snapPos = base.snapPos;
    this.snapSeq = base.snapSeq;
    this.len = ring.len;
    this.eInf = ring.eInf;
    this.eAlive = ring.eAlive;
    this.aggCount = ring.aggCount;
    this.eSeq = ring.eSeq;
    this.eTent = ring.eTent;
    this.eQty = ring.eQty;
    this.infPos = ring.infPos;
    this.infNeg = ring.infNeg;
    this.tentCount = ring.tentCount;
    this.tentAbs = ring.tentAbs;
    this.eSlot = ring.eSlot;
    this.eBound = ring.eBound;
    this.aggQty = ring.aggQty;
    this.aggSplit = ring.aggSplit;
    this.aggInf = ring.aggInf;
    this.eGen = ring.eGen;
    this.aggMinSeq = ring.aggMinSeq;
    this.aggMaxSeq = ring.aggMaxSeq;
    this.capacity = ring.capacity;
    this.mask = ring.mask;
    this.start = ring.start;
    const n = base.instruments;
    this.lastFillSeq = new Float64Array(n);
    this.hasFillSeq = new Uint8Array(n);
    this.chainSeq = new Float64Array(n);
    this.gapUntil = new Float64Array(n);
    this.hasGap = new Uint8Array(n);
    this.gaps = new Float64Array(n);
  }


  /** @hot Flat index of the k-th entry (0 = oldest) of instrument i (fill-ring-layout.ts). */
  private at(i: number, k: number): number {
    return fillEntryIndex(i, this.capacity, this.mask, this.start[i]!, k);
  }
  /** @hot True while a contiguous-sequence gap is not yet covered by a snapshot's watermark. */
  gapOpen(i: number): boolean {
    return this.hasGap[i] === 1 && (this.hasSnap[i] === 0 || this.gapUntil[i]! > this.snapSeq[i]!);
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

  /** @hot True when a real fill with sequence `src[seqAt]` is already inside the current snapshot. */
  insideSnapshot(i: number, src: Float64Array, seqAt: number): boolean {
    return this.seqMode[i] !== SeqMode.NONE && this.hasSnap[i] === 1 && src[seqAt]! <= this.snapSeq[i]!;
  }

  /** @hot Applies a snapshot (watermark `src[seqAt]`) to a sequenced instrument. */
  snapshotSequenced(i: number, pos: number, src: Float64Array, seqAt: number): number {
    const seq = src[seqAt]!;
    if (this.hasSnap[i] === 1 && seq < this.snapSeq[i]!) return this.base.stale(i);
    // Real fills the snapshot now includes.
    let delta = 0;
    for (let k = 0; k < this.len[i]!; k++) {
      const e = this.at(i, k);
      if (this.eAlive[e] === 1 && this.eInf[e] === 0 && this.eSeq[e]! <= seq) delta += this.eQty[e]!;
    }
    let checkable = true;
    if (this.aggCount[i]! > 0) {
      if (this.aggInf[i] === 0 && seq >= this.aggMaxSeq[i]!) {
        // Split: part of the aggregate is already inside the previous snapshot, so the
        // residual cannot be checked; otherwise all of it is new to this snapshot.
        if (this.aggSplit[i] === 1) checkable = false;
        else delta += this.aggQty[i]!;
        this.ring.clearAggregate(i);
      } else if (seq >= this.aggMinSeq[i]!) {
        this.aggSplit[i] = 1;
        checkable = false;
      }
    }
    let result: number = SnapshotResult.OK;
    // A residual is counted, never read as "the inferred lots are inside": an outside trade of
    // the same size explains it equally, so the inferred lots stay an interval until their real
    // fills arrive and their sequence decides.
    if (this.hasSnap[i] === 1 && checkable && pos !== this.snapPos[i]! + delta) {
      this.mismatches[i]!++;
      result = SnapshotResult.MISMATCH;
    }
    for (let k = 0; k < this.len[i]!; k++) {
      const e = this.at(i, k);
      if (this.eAlive[e] === 1 && this.eInf[e] === 0 && this.eSeq[e]! <= seq) this.ring.kill(i, e);
    }
    this.ring.trim(i);
    this.snapPos[i] = pos;
    this.snapSeq[i] = seq;
    this.hasSnap[i] = 1;
    this.snapAt[i] = this.clock[0]!;
    if (this.hasGap[i] === 1 && this.gapUntil[i]! <= seq) this.hasGap[i] = 0;
    this.settleBoundedInferred(i);
    if (this.hasGap[i] === 0) this.holdInferredInInterval(i);
    this.ring.trim(i);
    this.chainSeq[i] = seq;
    this.confirmBySequence(i);
    return result;
  }

  /**
   * @hot Contiguous instruments: confirms the real fills whose sequence numbers continue the
   * snapshot's watermark without a gap (W+1, W+2, ...): every execution up to the last of them
   * has arrived, so the watermark's snapshot plus those fills is the position a snapshot at that
   * sequence would report, and waiting for one would learn nothing. They leave the unconfirmed
   * budget and its staleness deadline (held tentative) and stay in the estimate, as fills, until
   * a snapshot's watermark covers them. Nothing is confirmed while a gap is open (a fill after it
   * says an execution before it is missing) or with folded entries, and the chain stops at the
   * first number it has not seen (a sequence seen twice stays unconfirmed). Inferred entries
   * have no sequence yet and are not touched. Called after every snapshot and every appended
   * fill; O(n) per call in arrival order (a pass more per fill that arrived out of turn).
   */
  confirmBySequence(i: number): void {
    if (this.seqMode[i] !== SeqMode.CONTIGUOUS || this.hasSnap[i] === 0 || this.gapOpen(i) || this.aggCount[i]! > 0) return;
    let next = this.chainSeq[i]! + 1;
    let progress = true;
    while (progress) {
      progress = false;
      for (let k = 0; k < this.len[i]!; k++) {
        const e = this.at(i, k);
        if (this.eAlive[e] !== 1 || this.eInf[e]! > 0 || this.eSeq[e] !== next) continue;
        if (this.eTent[e] === 0) {
          const q = this.eQty[e]!;
          this.eTent[e] = 1;
          this.tentCount[i]!++;
          this.tentAbs[i]! += q < 0 ? -q : q;
        }
        next++;
        progress = true;
      }
    }
    this.chainSeq[i] = next - 1;
  }

  /**
   * @hot After a sequenced snapshot with no gap left open, the inferred entries still outstanding
   * are a question of placement only (their executions were reported; whether this snapshot holds
   * them is open), which the interval already answers with both cases: they leave the unconfirmed
   * budget and its staleness deadline (held tentative) and keep widening the interval until their
   * real fill arrives or a later fill bounds them (`boundInferred`). Otherwise one whose execution
   * the stream lost would block risk-increasing orders for good, and with them the very orders
   * whose fills would place it.
   */
  private holdInferredInInterval(i: number): void {
    if (this.infPos[i] === 0 && this.infNeg[i] === 0) return;
    for (let k = 0; k < this.len[i]!; k++) {
      const e = this.at(i, k);
      if (this.eAlive[e] !== 1 || this.eInf[e]! <= 0 || this.eTent[e] === 1) continue;
      const q = this.eQty[e]!;
      this.eTent[e] = 1;
      this.tentCount[i]!++;
      this.tentAbs[i]! += q < 0 ? -q : q;
    }
  }

  /**
   * @hot Sequenced instruments: a real fill (sequence `src[seqAt]`) of order `slot` bounds
   * the sequence of every inferred entry reported before that order was approved: the venue
   * executed those before it sent the update, and this order only after the engine had read the
   * update. An entry whose bound is at or below the snapshot's watermark is inside the snapshot
   * (`settleBoundedInferred`), even if its own fill never comes (an execution the stream lost).
   * Without this such an entry would stay unconfirmed forever: no watermark could place it.
   */
  boundInferred(i: number, slot: number, src: Float64Array, seqAt: number): void {
    if (this.seqMode[i] === SeqMode.NONE || this.infPos[i] === 0 && this.infNeg[i] === 0) return;
    const seq = src[seqAt]!;
    const gen = this.orders.gen[slot]!;
    for (let k = 0; k < this.len[i]!; k++) {
      const e = this.at(i, k);
      if (this.eAlive[e] === 1 && this.eInf[e]! > 0 && this.eGen[e]! < gen && seq < this.eBound[e]!) this.eBound[e] = seq;
    }
    this.settleBoundedInferred(i);
    this.ring.trim(i);
  }

  /** @hot Confirms inside the snapshot every inferred entry whose bound is at or below its watermark. */
  private settleBoundedInferred(i: number): void {
    if (this.hasSnap[i] === 0 || this.infPos[i] === 0 && this.infNeg[i] === 0) return;
    const w = this.snapSeq[i]!;
    const o = this.inferred;
    for (let k = 0; k < this.len[i]!; k++) {
      const e = this.at(i, k);
      if (this.eAlive[e] !== 1 || this.eInf[e]! <= 0 || this.eBound[e]! > w) continue;
      const slot = this.eSlot[e]!;
      const inf = this.eInf[e]!;
      o.confirm(slot, inf);
      this.ring.kill(i, e);
    }
  }
}
