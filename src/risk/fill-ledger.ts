import { OrderTable } from './order-table.js';

/** Sequence modes as stored per instrument. */
export const SeqMode = { NONE: 0, MONOTONIC: 1, CONTIGUOUS: 2 } as const;

/** Cells of `FillLedger.est`, one per named result (also `FillLedger.EST_LO` etc.). */
const EST_LO = 0;
const EST_HI = 1;
const EXPLAINED_CONFIRMED = 2;
const EST_SLOTS = 3;

/**
 * The storage half of the position model (docs/model.md): per instrument the last
 * snapshot and a ring of the unconfirmed fill entries since it, and the estimate they give, as an
 * interval `[lo, hi]` that is a single point whenever the model is certain. How snapshots are
 * reconciled with these entries is `PositionLedger` (position-ledger.ts), which extends this.
 *
 * Entries are kept in arrival order in flat typed arrays, `capacity` per instrument at
 * `inst * capacity`. An entry is a real fill (`inf == 0`) or an inferred fill (`inf > 0`: lots an
 * order update reported before the fill arrived). When a ring is full the oldest entry is folded
 * into a per-instrument aggregate that only widens the interval (never narrows it), so a long
 * outage stays safe in bounded memory. A real fill that explains inferred lots replaces their
 * entries (`consumeInferred`): counted once.
 *
 * Sequence numbers and venue times are read where the caller points (`src[at]`: the event slot
 * the engine was handed) and time from the engine's time cell; results come back in `est`. A
 * double that is not a small integer passed or returned across a call V8 does not inline is
 * boxed: typed-array cells never are. Owned by the risk thread; allocation-free after construction.
 */
export class FillLedger {
  /** Entries per instrument: the configured capacity rounded up to a power of two (index by mask). */
  readonly capacity: number;
  protected readonly mask: number;
  readonly seqMode: Uint8Array;

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
  protected readonly start: Int32Array;
  protected readonly len: Int32Array;
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
   * snapshot with no gap open (position-ledger.ts `holdInferredInInterval`). Contiguous: real
   * fills whose sequence continues the watermark without a gap (`confirmBySequence`).
   */
  protected readonly tentCount: Int32Array;
  protected readonly tentAbs: Float64Array;
  /** Signed sums of the inferred entries, by sign (an inferred entry is inferred in full). */
  protected readonly infPos: Float64Array;
  protected readonly infNeg: Float64Array;
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
  // Aggregate of folded (overflowed) entries.
  readonly aggCount: Int32Array;
  protected readonly aggQty: Float64Array;
  protected readonly aggPos: Float64Array;
  protected readonly aggNeg: Float64Array;
  protected readonly aggMinSeq: Float64Array;
  protected readonly aggMaxSeq: Float64Array;
  protected readonly aggInf: Float64Array;
  protected readonly aggSplit: Uint8Array;
  protected readonly aggAt: Float64Array;
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

  // --- entries (inst * capacity + ring index)
  protected readonly eQty: Float64Array;
  protected readonly eInf: Float64Array;
  /** Sequenced: the venue's sequence (NaN for inferred). Unsequenced real fills: the execution's venue time (NaN: none). */
  protected readonly eSeq: Float64Array;
  protected readonly eSlot: Int32Array;
  protected readonly eAt: Float64Array;
  protected readonly eAlive: Uint8Array;
  protected readonly eTent: Uint8Array;
  /**
   * Inferred entries only: the orders approved when the update reporting them arrived
   * (`OrderTable.approvals`), and the lowest sequence of a real fill of an order approved after
   * that (`+Infinity` until one arrives). The inferred execution happened before that update was
   * sent, the later order's execution after the engine had read it: so the inferred execution's
   * sequence is below `eBound` (position-ledger.ts `boundInferred`).
   */
  protected readonly eGen: Float64Array;
  protected readonly eBound: Float64Array;
  /**
   * Arrival number of the entry (`arrivals` after it was appended): tells the entries that
   * arrived before the feed last came back up (position-ledger.ts `placeBase`).
   */
  protected readonly eArr: Float64Array;
  /** Entries appended so far, every instrument (numbers `eArr`; a double: never wraps). */
  protected arrivals = 0;
  /** Per instrument: `arrivals` when its feed last came back up (`noteReconnect`); -1 before any. */
  protected readonly upArrival: Float64Array;
  /** Per instrument: the largest `eArr` folded into the aggregate (-1: none). */
  protected readonly aggArr: Float64Array;

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

  /** For the cold conveniences' results. */
  private readonly coldScratch = new Float64Array(1);

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
    protected readonly clock: Float64Array,
  ) {
    let cap = 4;
    while (cap < capacity) cap *= 2;
    this.capacity = cap;
    this.mask = cap - 1;
    capacity = cap;
    const n = instruments;
    this.seqMode = Uint8Array.from(seqModes);
    this.snapPos = new Float64Array(n);
    this.snapSeq = new Float64Array(n);
    this.hasSnap = new Uint8Array(n);
    this.snapAt = new Float64Array(n);
    this.snapVenueTime = new Float64Array(n).fill(NaN);
    this.start = new Int32Array(n);
    this.len = new Int32Array(n);
    this.listSum = new Float64Array(n);
    this.liveCount = new Int32Array(n);
    this.liveAbs = new Float64Array(n);
    this.tentCount = new Int32Array(n);
    this.tentAbs = new Float64Array(n);
    this.infPos = new Float64Array(n);
    this.infNeg = new Float64Array(n);
    this.ambiguous = new Uint8Array(n);
    this.lateOnly = new Uint8Array(n);
    this.baseOpen = new Uint8Array(n);
    this.baseGen = new Float64Array(n);
    this.baseVenueTime = new Float64Array(n).fill(NaN);
    this.sufMin = new Float64Array(n);
    this.sufMax = new Float64Array(n);
    this.aggCount = new Int32Array(n);
    this.aggQty = new Float64Array(n);
    this.aggPos = new Float64Array(n);
    this.aggNeg = new Float64Array(n);
    this.aggMinSeq = new Float64Array(n);
    this.aggMaxSeq = new Float64Array(n);
    this.aggInf = new Float64Array(n);
    this.aggSplit = new Uint8Array(n);
    this.aggAt = new Float64Array(n);
    this.lastFillSeq = new Float64Array(n);
    this.hasFillSeq = new Uint8Array(n);
    this.chainSeq = new Float64Array(n);
    this.gapUntil = new Float64Array(n);
    this.hasGap = new Uint8Array(n);
    this.mismatches = new Float64Array(n);
    this.staleSnapshots = new Float64Array(n);
    this.gaps = new Float64Array(n);
    this.fillsInsideSnapshot = new Float64Array(n);
    const total = n * capacity;
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
    this.upArrival = new Float64Array(n).fill(-1);
    this.aggArr = new Float64Array(n).fill(-1);
    this.prefix = new Float64Array(capacity + 2);
  }

  /** @hot Flat index of the k-th entry (0 = oldest) of instrument i. */
  protected at(i: number, k: number): number {
    return i * this.capacity + ((this.start[i]! + k) & this.mask);
  }

  /** @hot True when instrument i uses sequence numbers. */
  sequenced(i: number): boolean {
    return this.seqMode[i] !== SeqMode.NONE;
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
    return this.snapPos[i]! + this.aggQty[i]! + this.listSum[i]!;
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
    const agg = this.aggCount[i]! > 0;
    if (this.seqMode[i] !== SeqMode.NONE) {
      const real = this.listSum[i]! - this.infPos[i]! - this.infNeg[i]!;
      let lo = base + real + this.infNeg[i]!;
      let hi = base + real + this.infPos[i]!;
      if (agg) {
        const split = this.aggSplit[i] === 1;
        lo += split ? this.aggNeg[i]! : this.aggQty[i]!;
        hi += split ? this.aggPos[i]! : this.aggQty[i]!;
      }
      out[EST_LO] = lo;
      out[EST_HI] = hi;
    } else if (this.ambiguous[i] === 1) {
      // Real fills: any suffix may be missing from the base. Inferred fills sit where their
      // update arrived, not where their execution is in the venue's order: each may or may not
      // be in the base, independently.
      out[EST_LO] = base + this.sufMin[i]! + this.infNeg[i]! + (agg ? this.aggNeg[i]! : 0);
      out[EST_HI] = base + this.sufMax[i]! + this.infPos[i]! + (agg ? this.aggPos[i]! : 0);
    } else {
      out[EST_LO] = out[EST_HI] = base + this.aggQty[i]! + this.listSum[i]!;
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
    this.upArrival[i] = this.arrivals;
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
    } else if (this.ambiguous[i] === 1) {
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
    this.eSeq[this.at(i, this.len[i]! - 1)] = src[seqAt]!;
  }

  /** @hot Removes entry e of instrument i from the live set (its lots leave the sums). */
  protected kill(i: number, e: number): void {
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

  /** @hot Drops dead entries from the head of the ring. */
  protected trim(i: number): void {
    while (this.len[i]! > 0 && this.eAlive[this.at(i, 0)] === 0) {
      this.start[i] = (this.start[i]! + 1) & this.mask;
      this.len[i]!--;
    }
  }

  /** Rare path: packs live entries to the front of the ring, in order. */
  protected compact(i: number): void {
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
  protected foldOldest(i: number): void {
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
      if (slot >= 0) this.orders.infFolded[slot]! += this.eInf[e]!;
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

  protected clearAggregate(i: number): void {
    this.aggCount[i] = 0;
    this.aggQty[i] = 0;
    this.aggPos[i] = 0;
    this.aggNeg[i] = 0;
    this.aggInf[i] = 0;
    this.aggSplit[i] = 0;
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
    const o = this.orders;
    const conf = o.infConfirmed[slot]!;
    const out = o.infOutstanding[slot]!;
    const c = qty < conf + out ? qty : conf + out;
    this.est[EXPLAINED_CONFIRMED] = 0;
    if (c <= 0) return 0;
    const fromConf = c < conf ? c : conf;
    this.est[EXPLAINED_CONFIRMED] = fromConf;
    o.infConfirmed[slot] = conf - fromConf;
    let rest = c - fromConf;
    o.infOutstanding[slot] = out - rest;
    for (let k = 0; k < this.len[i]! && rest > 0; k++) {
      const e = this.at(i, k);
      if (this.eAlive[e] !== 1 || this.eSlot[e] !== slot || this.eInf[e]! <= 0) continue;
      const inf = this.eInf[e]!;
      const take = rest < inf ? rest : inf;
      rest -= take;
      if (take === inf) {
        this.kill(i, e);
      } else {
        const d = side * take;
        this.eInf[e] = inf - take;
        this.eQty[e]! -= d;
        this.listSum[i]! -= d;
        this.liveAbs[i]! -= take;
        if (this.eTent[e] === 1) this.tentAbs[i]! -= take;
        if (d > 0) this.infPos[i]! -= d;
        else this.infNeg[i]! -= d;
      }
    }
    if (rest > 0 && this.aggInf[i]! > 0) {
      // The rest was folded into the aggregate: take it out there.
      const take = rest < this.aggInf[i]! ? rest : this.aggInf[i]!;
      const d = side * take;
      this.aggInf[i]! -= take;
      o.infFolded[slot] = o.infFolded[slot]! > take ? o.infFolded[slot]! - take : 0;
      this.aggQty[i]! -= d;
      if (d > 0) this.aggPos[i]! -= d;
      else this.aggNeg[i]! -= d;
    }
    this.trim(i);
    return c;
  }
}
