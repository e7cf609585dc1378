import type { FillRing } from './fill-ring.js';
import { fillEntryIndex as fillEntryIndexBinding, NO_ARRIVAL as NO_ARRIVAL_BINDING } from './fill-ring-layout.js';
import type { InferredFills } from './inferred-fills.js';
import type { OrderTable } from './order-table.js';
import { type SnapshotBase, SnapshotResult as SnapshotResultBinding } from './snapshot-base.js';
import { Match as MatchBinding, SuffixMatch } from './suffix-match.js';

// Hot-path constants as this module's own bindings (docs/conventions.md, "hot constants").
const fillEntryIndex = fillEntryIndexBinding;
const SnapshotResult = SnapshotResultBinding;
const Match = MatchBinding;
const NO_ARRIVAL = NO_ARRIVAL_BINDING;

/** `certainPrefix`'s answer when no explanation exists (every other answer is a count, >= 0). */
const NO_EXPLANATION = -1;

/**
 * How far engine time may lag the moment an event was applied (ms): the risk thread reads the
 * clock once per pass, from a ticker that writes it every tick (clock-block-layout.ts), so an
 * accepted snapshot's `snapAt` can be early by a pass, a tick and the ticker's wake-up on a loaded
 * host. A snapshot whose `asOf` is not later than `snapAt` by this much cannot be shown newer.
 */
export const AS_OF_SLACK_MS = 50;

/**
 * How a snapshot is reconciled with the fills on an instrument whose venue does not number its
 * executions (docs/model.md, "Venues without numbers (`none`): the walk-back"): one of the
 * ledger's two reconcilers (position-ledger.ts), the other being the sequenced one
 * (sequenced-reconciler.ts). It owns the instruments' walk state (ambiguity, the open base, the
 * venue times, the suffix bounds, the prefix-sum scratch) and writes their snapshot base
 * (snapshot-base.ts); the entries are the fill ring's (fill-ring.ts), the inferred lots the
 * orders' (inferred-fills.ts).
 *
 * Unsequenced instruments (`none`): a snapshot walks the entries in arrival order and confirms
 * the largest prefix whose running sum explains it; the point estimate is then
 * `previous snapshot + every fill`, whichever prefix matched. When no prefix explains it the
 * snapshot becomes the base and the position lies in `base + (sum of any suffix)` ("ambiguous")
 * until a later snapshot is explained from that base with a single answer that no order still
 * out can change: every such order approved after the base, on one side only, and no
 * execution within their leaves giving another answer (`liveOrdersExplainNothing`; with no
 * order out, any single answer). (A snapshot may include executions whose fills have not
 * arrived; the walk's point estimate, `previous base + every fill`, never depends on that, but
 * an ambiguous base does. Found by the property test.)
 *
 * A snapshot that ends a known loss is not walked (a lost execution is in no prefix): it becomes
 * the base as it stands, the fills it may lack an interval (`placeBase`), until a later snapshot
 * settles what every explanation of it includes (`certainPrefix`) or venue times place them.
 *
 * The walk is only sound for a snapshot taken no earlier than the base: an older one lacks
 * fills that the base confirmed and the ledger dropped, so no interval built from the retained
 * fills contains the truth. Unsequenced venues that stamp their position reports with the time
 * of the position's last change (a SNAPSHOT slot's v2; Binance `T` / `updateTime`, BitMEX
 * `timestamp`) let the ledger tell: a snapshot older than the last accepted one is stale,
 * ignored and counted, like one below a sequenced watermark. One at the *same* venue time may be
 * either side of it (times have a resolution; several changes can share one): it is applied
 * only where that cannot be wrong (`sameMoment`). A snapshot without a venue time (OKX lists
 * open positions only, so a REST answer that lacks the instrument is flat with no time) is
 * placed by its `asOf` instead: once a timed snapshot was accepted, it is walked only when it
 * shows the venue's state after the last accepted snapshot was applied (`asOf` later than
 * `snapAt` by `AS_OF_SLACK_MS`); otherwise it may be older than the base (a slow REST answer read
 * before the stream's last update), and walked, the base it made lacked fills the walk had
 * dropped: ignored and counted stale. It leaves the latest venue time as it is.
 *
 * Owned by the risk thread; allocation-free after construction.
 */
export class WalkBackReconciler {
  /**
   * Unsequenced only: the latest venue time (a SNAPSHOT slot's v2) of an accepted snapshot, NaN
   * before the first one that had a venue time. Snapshots older than it are stale
   * (`snapshotWalk`).
   */
  readonly snapVenueTime: Float64Array;
  /** Unsequenced only: the base is a snapshot the fills did not explain. */
  readonly ambiguous: Uint8Array;
  /**
   * Unsequenced only: the ambiguity comes only from late fills of executions the engine did not
   * send (`lateFill`), not from a snapshot the fills failed to explain. The
   * interval still bounds the position, so the instrument is not dirty.
   */
  readonly lateOnly: Uint8Array;
  /**
   * Unsequenced only: the point base was taken from a snapshot as it stands (the first one, or
   * the collapse of an ambiguous base), so it may already hold executions whose fills have not
   * arrived. Cleared by a fill that provably executed after it (`lateFill`).
   */
  readonly baseOpen: Uint8Array;
  /**
   * Unsequenced: `OrderTable.approvals` when the current base snapshot was applied (an order with a
   * higher `gen` was approved, so executed, after it). Set by every applied snapshot, so it is
   * never earlier than when an open base was taken: reading it for `baseOpen` is the stricter test.
   */
  readonly baseGen: Float64Array;
  /** That base snapshot's venue time (NaN: none). */
  readonly baseVenueTime: Float64Array;
  readonly sufMin: Float64Array;
  readonly sufMax: Float64Array;
  /** Prefix sums for the walk; capacity + 2 (aggregate + entries + the empty prefix). */
  private readonly prefix: Float64Array;
  /** The pair search of an ambiguous walk (p[0..n]: the aggregate, every entry, the empty prefix). */
  private readonly suffixMatch: SuffixMatch;

  // Views of the owners' arrays (the same arrays, not copies) under the names this code has
  // always used: the snapshot base's (snapshot-base.ts) and the fill ring's (fill-ring-layout.ts).
  // One load from `this` per use; reaching through `this.base` / `this.ring` at every access made
  // a snapshot 5-15% slower (bench/risk applySnapshot cases, beside the inherited ledger). Writes
  // keep the owners' rules: entries leave through `ring.kill` / `ring.trim`, the base is written
  // only for this reconciler's instruments.
  private readonly hasSnap: Uint8Array;
  private readonly mismatches: Float64Array;
  private readonly snapAt: Float64Array;
  private readonly snapPos: Float64Array;
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
  private readonly aggQty: Float64Array;
  private readonly eArr: Float64Array;
  private readonly aggInf: Float64Array;
  private readonly upArrival: Float64Array;
  private readonly aggArr: Float64Array;
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
    this.snapAt = base.snapAt;
    this.snapPos = base.snapPos;
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
    this.aggQty = ring.aggQty;
    this.eArr = ring.eArr;
    this.aggInf = ring.aggInf;
    this.upArrival = ring.upArrival;
    this.aggArr = ring.aggArr;
    this.capacity = ring.capacity;
    this.mask = ring.mask;
    this.start = ring.start;
    const n = base.instruments;
    this.snapVenueTime = new Float64Array(n).fill(NaN);
    this.ambiguous = new Uint8Array(n);
    this.lateOnly = new Uint8Array(n);
    this.baseOpen = new Uint8Array(n);
    this.baseGen = new Float64Array(n);
    this.baseVenueTime = new Float64Array(n).fill(NaN);
    this.sufMin = new Float64Array(n);
    this.sufMax = new Float64Array(n);
    this.prefix = new Float64Array(ring.capacity + 2);
    this.suffixMatch = new SuffixMatch(this.prefix.length);
  }


  /** @hot Flat index of the k-th entry (0 = oldest) of instrument i (fill-ring-layout.ts). */
  private at(i: number, k: number): number {
    return fillEntryIndex(i, this.capacity, this.mask, this.start[i]!, k);
  }
  /**
   * @hot A real fill of `qty` signed lots just joined instrument i's walk (the ring's `append`):
   * on an ambiguous base every suffix grows by it.
   */
  noteRealFill(i: number, qty: number): void {
    if (this.ambiguous[i] === 1) {
      // Every suffix grows by qty, and the empty suffix (0) joins.
      const mn = this.sufMin[i]! + qty;
      const mx = this.sufMax[i]! + qty;
      this.sufMin[i] = mn < 0 ? mn : 0;
      this.sufMax[i] = mx > 0 ? mx : 0;
    }
  }

  /**
   * @hot Applies a snapshot to an unsequenced instrument by walking the fills back
   * (docs/model.md: largest matching k; mismatch makes the snapshot the base of an interval).
   * Cost O(n) (n = unconfirmed entries, bounded by capacity; the ambiguous case: suffix-match.ts).
   * `quiescent`: no order of the instrument live, in flight or pending cancel; `liveBuy` /
   * `liveSell`: the leaves of those orders per side (open exposure); `src[asOfAt]`: the engine
   * time the snapshot shows the venue's state at, or later (NaN: not known); `lost`: events may be
   * missing (the feed is down, or up again and not re-snapshotted) and this snapshot is known to
   * show the state after the feed last came up (the SNAPSHOT slot's arg word): it ends the loss; `afterUp`:
   * the feed is up (entries before its reconnect are inside such a snapshot).
   *
   * A snapshot that ends a known loss is never walked: the walk's estimate is `base + every
   * fill` whichever prefix matched, so a lost execution and a later fill that offsets it (lost
   * +1, then a -1 whose fill arrived, under a snapshot equal to the base) would be explained by
   * the wrong prefix and the -1 counted on a base that holds it. It becomes the base as it stands
   * (`placeBase`).
   */
  snapshotWalk(i: number, pos: number, quiescent: boolean, liveBuy: number, liveSell: number, lost: boolean, afterUp: boolean, src: Float64Array, venueTimeAt: number, asOfAt: number): number {
    const venueTime = src[venueTimeAt]!;
    const latest = this.snapVenueTime[i]!;
    // Comparisons with NaN (no venue time on either side) are false: walked as before.
    if (venueTime < latest) return this.base.stale(i);
    // No venue time where the accepted snapshots had one: only its as-of can show it newer than
    // the base (NaN, not known: never).
    if (venueTime !== venueTime && latest === latest && !(src[asOfAt]! >= this.snapAt[i]! + AS_OF_SLACK_MS)) return this.base.stale(i);
    // A snapshot that ends a known loss (the caller passes `lost` only for one known current)
    // shows the state after the feed came back, whatever moment its venue time names: at the
    // latest venue time too it becomes the base (below).
    const endsLoss = lost && afterUp && this.hasSnap[i] === 1;
    if (venueTime === latest && !endsLoss && (this.ambiguous[i] === 0 || pos !== this.snapPos[i])) return this.sameMoment(i, pos);
    const n = this.prefixSums(i);
    const p = this.prefix;
    let result: number = SnapshotResult.OK;
    if (lost && this.hasSnap[i] === 1) {
      // A snapshot that ends a known loss: see `placeBase` and the class comment. A new base:
      // no run of the old walk is held tentative any more.
      this.ring.markTentative(i, 0);
      this.placeBase(i, afterUp, 0, false, src, venueTimeAt);
    } else if (this.hasSnap[i] === 0) {
      if (n > 0 || !quiescent) {
        // Fills arrived before any snapshot, or orders are out that may have filled: which
      // executions the first snapshot includes is unknown.
        this.ambiguous[i] = 1;
        this.lateOnly[i] = 0;
        this.suffixBounds(i);
      }
    } else if (this.ambiguous[i] === 0) {
      const d = pos - this.snapPos[i]!;
      let kMax = n;
      while (kMax >= 0 && p[kMax] !== d) kMax--;
      if (kMax >= 0) {
        let kMin = 0;
        while (p[kMin] !== d) kMin++;
        // Every k in [kMin, kMax] explains the snapshot equally (the fills between sum to zero):
        // confirm the certain part, hold the rest as tentative (docs/model.md takes the largest k so
        // that a round trip does not stay unconfirmed; keeping the run lets a later snapshot
        // that splits it still be explained).
        this.confirmPrefix(i, kMin);
        this.ring.markTentative(i, kMax - kMin - (kMin === 0 && this.aggCount[i]! > 0 ? 1 : 0));
      } else if (venueTime === venueTime && quiescent) {
        this.mismatches[i]!++;
        this.baseAsItStands(i, src, venueTimeAt);
        result = SnapshotResult.MISMATCH;
      } else {
        this.mismatches[i]!++;
        this.ambiguous[i] = 1;
        this.lateOnly[i] = 0;
        this.ring.markTentative(i, 0);
        this.suffixBounds(i);
        result = SnapshotResult.MISMATCH;
      }
    } else {
      // Ambiguous base: the old base lacked the suffix from some j; the new snapshot adds p[k]-p[j].
      const m = this.suffixMatch;
      m.find(p, n, pos - this.snapPos[i]!);
      const bestK = m.out[Match.K]!;
      const minJ = m.out[Match.MIN_J]!;
      const maxJ = m.out[Match.MAX_J]!;
      // Collapse only on a single answer, and only when the list of fills is complete up to the
      // snapshot: it may already include executions whose fills have not arrived yet. Reported
      // lots awaiting their fill (inferred) could be anywhere; live and in-flight orders could
      // have executed up to their leaves unreported, so the answer must also be the only one
      // with any such lots inside the snapshot (`liveOrdersExplainNothing`).
      if (bestK >= 0 && minJ === maxJ && this.infPos[i] === 0 && this.infNeg[i] === 0
        && (quiescent || this.liveOrdersExplainNothing(i, n, pos - this.snapPos[i]!, liveBuy, liveSell))) {
        this.ambiguous[i] = 0;
        this.lateOnly[i] = 0;
        this.confirmPrefix(i, bestK);
        this.ring.markTentative(i, 0);
        // The snapshot is now the base as it stands: it may hold executions the engine did not
        // send whose fills are still on the way (their inclusion is decided as they arrive).
        this.openBase(i, src, venueTimeAt);
        if (this.len[i]! > 0 || this.aggCount[i]! > 0) {
          // Fills kept after the pair are outside the snapshot only if that pair is the true
          // one; an outside execution it already holds, its fill still on the way, can make a
          // wrong pair the only one (found by the adversarial test). Whatever the pair, the
          // fills the snapshot lacks are a suffix of them: they widen, they do not add.
          this.ambiguous[i] = 1;
          this.lateOnly[i] = 1;
          this.suffixBounds(i);
        }
      } else if (this.lateOnly[i] === 1 && bestK >= 0) {
        // Explained, though not by a single answer: the fills may or may not be inside it. The
        // snapshot is the new base, any suffix of the fills still missing from it; not a mismatch.
        // What every explanation includes, and what venue times place, is settled (a point
        // again once nothing is left undecided): without it a base left ambiguous by fills
        // that carry no venue time would stay so, its fills on the budget, while orders rest
        // on both sides.
        const k = this.certainPrefix(i, n, pos - this.snapPos[i]!, liveBuy, liveSell);
        this.snapPos[i] = pos;
        this.placeBase(i, false, k > 0 ? k : 0, false, src, venueTimeAt);
      } else if (venueTime === venueTime && quiescent) {
        this.mismatches[i]!++;
        this.baseAsItStands(i, src, venueTimeAt);
        result = SnapshotResult.MISMATCH;
      } else {
        this.mismatches[i]!++;
        this.lateOnly[i] = 0;
        this.suffixBounds(i);
        result = SnapshotResult.MISMATCH;
      }
    }
    this.snapPos[i] = pos;
    this.hasSnap[i] = 1;
    this.snapAt[i] = this.clock[0]!;
    this.baseGen[i] = this.orders.approvals;
    if (venueTime === venueTime) this.snapVenueTime[i] = venueTime; // later than `latest`, or the first
    return result;
  }

  /** Fills the prefix-sum scratch; element 0 is the aggregate when present. Returns the element count. */
  private prefixSums(i: number): number {
    const p = this.prefix;
    p[0] = 0;
    let n = 0;
    if (this.aggCount[i]! > 0) {
      p[1] = this.aggQty[i]!;
      n = 1;
    }
    for (let k = 0; k < this.len[i]!; k++) {
      const e = this.at(i, k);
      if (this.eAlive[e] !== 1) continue;
      p[n + 1] = p[n]! + this.eQty[e]!;
      n++;
    }
    return n;
  }

  /**
   * Sets the suffix-sum bounds over the real entries (the aggregate, if any, counted as one), the
   * empty suffix included. Inferred entries are left to `infPos`/`infNeg` (see `estimate`).
   */
  private suffixBounds(i: number): void {
    let suffix = 0;
    let mn = 0;
    let mx = 0;
    for (let k = this.len[i]! - 1; k >= 0; k--) {
      const e = this.at(i, k);
      if (this.eAlive[e] !== 1 || this.eInf[e]! > 0) continue;
      suffix += this.eQty[e]!;
      if (suffix < mn) mn = suffix;
      if (suffix > mx) mx = suffix;
    }
    if (this.aggCount[i]! > 0) {
      suffix += this.aggQty[i]!;
      if (suffix < mn) mn = suffix;
      if (suffix > mx) mx = suffix;
    }
    this.sufMin[i] = mn;
    this.sufMax[i] = mx;
  }

  /** Confirms the first k elements (aggregate first), moving inferred lots to "inside the snapshot". */
  private confirmPrefix(i: number, k: number): void {
    let left = k;
    const o = this.inferred;
    if (left > 0 && this.aggCount[i]! > 0) {
      // Inferred lots folded into the aggregate are now inside the snapshot (rare path: scan).
      if (this.aggInf[i]! > 0) o.confirmFolded(i, this.orders.inst);
      this.ring.clearAggregate(i);
      left--;
    }
    for (let idx = 0; idx < this.len[i]! && left > 0; idx++) {
      const e = this.at(i, idx);
      if (this.eAlive[e] !== 1) continue;
      const inf = this.eInf[e]!;
      if (inf > 0) o.confirm(this.eSlot[e]!, inf);
      this.ring.kill(i, e);
      left--;
    }
    this.ring.trim(i);
  }

  /**
   * @hot A snapshot the fills do not explain (from a point base, or not by a single answer from a
   * dirty ambiguous one), stamped with the venue time of the position's last change and applied
   * with no order of the instrument live, in flight or pending cancel (`quiescent`). It is the
   * venue's position at that time, every execution up to it included (the one the engine missed
   * too), so it becomes the base as it stands and what venue times place is settled
   * (`placeBase`); not dirty: the fills it may lack are a suffix of those left, so the interval
   * holds the truth. Left dirty, a base whose position then stayed unchanged was never resolved
   * (every later report repeats its venue time and position, and a snapshot equal to an
   * ambiguous base is explained by any suffix), and the desk was blocked for good.
   *
   * A fill's stamp places it only when it is no earlier than the last accepted snapshot's venue
   * time: a fill executed between the two reports. One stamped earlier and still retained stays
   * undecided (the interval holds it either way), and so does every fill of a feed whose fill
   * stamps are not venue times at all: OKX fills carry their trade id in that field (small
   * numbers, "earlier" than any epoch time), and placing by those would drop fills that are
   * outside the report.
   *
   * Only quiescent: an order out may have executions inside the snapshot whose fills and order
   * updates are still to come, and counting those on a base that holds them overstates the
   * position, which lets a sell through on a long that is not there (the property test finds it:
   * a buy in flight, its execution in the report before its update). Such a mismatch stays
   * dirty until a snapshot applied while nothing is out.
   */
  private baseAsItStands(i: number, src: Float64Array, venueTimeAt: number): void {
    this.ring.markTentative(i, 0);
    this.placeBase(i, false, 0, true, src, venueTimeAt);
  }

  /**
   * @hot Takes the snapshot just applied (`snapPos`, venue time `src[venueTimeAt]`) as the base *as it
   * stands* and places the retained elements (the aggregate first, then the entries) against it:
   * whatever cannot be placed keeps the base ambiguous (`lateOnly`: the interval still bounds the
   * position), nothing is ever guessed inside or outside. Inside it (confirmed and dropped):
   *
   * - the first `k` elements (the caller's proof: every explanation of the snapshot includes them);
   * - with `afterUp` (the feed is up), every entry that arrived before the feed last came back
   *   up (`upArrival`): a snapshot that ends a known loss is taken after the reconnect;
   * - a real fill stamped earlier than the snapshot's venue time (the venue time of the
   *   position's last change, which the snapshot includes), and every real fill before it:
   *   real fills arrive in the venue's execution order, so those inside form a prefix.
   *
   * Everything else is undecided: the real fills after those (a later or the same venue time, or
   * none: a fill stamped later is not taken as proof that it is outside, a position report
   * stamped early by a slow or skewed clock must not make the engine count a fill it holds),
   * inferred entries not known inside that way (their update, not their execution, fixed their
   * place), and an aggregate not known inside. With none undecided the base is a point
   * (`openBase`: fills still on the way may be inside it; `lateFill` decides them as before);
   * otherwise the position lies in `base + (any suffix of what is left)` (`suffixBounds`,
   * inferred entries independently), the interval this ledger keeps for an ambiguous base, which
   * holds the truth: the fills missing from the snapshot are a suffix of the real fills.
   */
  private placeBase(i: number, afterUp: boolean, k: number, sincePrev: boolean, src: Float64Array, venueTimeAt: number): void {
    const venueTime = src[venueTimeAt]!;
    const up = afterUp ? this.upArrival[i]! : NO_ARRIVAL;
    // `sincePrev`: only a fill stamped at or after the last accepted snapshot's venue time (still
    // the previous one here) is placed by its stamp; NaN (none before): none is.
    const floor = sincePrev ? this.snapVenueTime[i]! : -Infinity;
    const o = this.inferred;
    const agg = this.aggCount[i]! > 0 ? 1 : 0;
    const aggInside = agg === 1 && (k >= 1 || this.aggArr[i]! <= up);
    // The last element known inside (element index: the aggregate is 0 when present).
    let lastIn = aggInside ? 0 : -1;
    if (k - 1 > lastIn) lastIn = k - 1;
    let idx = agg;
    for (let q = 0; q < this.len[i]!; q++) {
      const e = this.at(i, q);
      if (this.eAlive[e] !== 1) continue;
      if (this.eInf[e] === 0 && (this.eArr[e]! <= up || (this.eSeq[e]! < venueTime && this.eSeq[e]! >= floor))) lastIn = idx;
      idx++;
    }
    if (aggInside) this.confirmPrefix(i, 1);
    let open = agg === 1 && !aggInside;
    idx = agg;
    for (let q = 0; q < this.len[i]!; q++) {
      const e = this.at(i, q);
      if (this.eAlive[e] !== 1) continue;
      const inf = this.eInf[e]!;
      if (inf > 0) {
        if (this.eArr[e]! <= up || idx < k) {
          o.confirm(this.eSlot[e]!, inf);
          this.ring.kill(i, e);
        } else {
          open = true;
        }
      } else if (idx <= lastIn) {
        this.ring.kill(i, e);
      } else {
        open = true;
        // Stamped at the snapshot's own venue time: executed no later than the change the
        // snapshot reports, so inside it unless another change shared that millisecond after the
        // report was taken. Which of the two is a question of placement only, which the interval
        // answers with both: off the budget (tentative), in the interval. Otherwise no report
        // could ever settle it while the position stays as it is (each repeats that venue time).
        if (this.eInf[e] === 0 && this.eSeq[e] === venueTime && this.eSeq[e]! >= floor && this.eTent[e] === 0) {
          const q = this.eQty[e]!;
          this.eTent[e] = 1;
          this.tentCount[i]!++;
          this.tentAbs[i]! += q < 0 ? -q : q;
        }
      }
      idx++;
    }
    // Tentative marks stay (off the budget, in the interval): clearing them on a later snapshot
    // put a fill that no snapshot can place (the last change before a quiet spell, stamped at the
    // reports' venue time) back on the budget, where it aged into FEED_STALE for good.
    this.ring.trim(i);
    if (open) {
      this.ambiguous[i] = 1;
      this.lateOnly[i] = 1;
      this.baseOpen[i] = 0;
      this.suffixBounds(i);
    } else {
      this.ambiguous[i] = 0;
      this.lateOnly[i] = 0;
      this.openBase(i, src, venueTimeAt);
    }
  }

  /**
   * @hot On an ambiguous base (`snapPos`), the new snapshot is `base + p[k] - p[j] + x`: it
   * includes the fills from j to k that the base lacked (j <= k), plus x, the executions of the
   * orders still out that it includes and no fill has reported yet, at most their leaves: x in
   * [-liveSell, liveBuy]. Returns the smallest k of any such explanation (NO_EXPLANATION: none):
   * the first k elements are inside the snapshot whichever explanation is the true one. Only
   * without inferred entries and aggregate (each of those may sit anywhere, so no prefix sum is
   * the truth's) and with finite leaves; otherwise 0 (nothing proven). Cost O(n^2) at worst (n
   * retained fills), only for a snapshot on an ambiguous base.
   */
  private certainPrefix(i: number, n: number, d: number, liveBuy: number, liveSell: number): number {
    if (this.infPos[i] !== 0 || this.infNeg[i] !== 0 || this.aggCount[i]! > 0) return 0;
    if (!(liveBuy >= 0 && liveSell >= 0 && liveBuy !== Infinity && liveSell !== Infinity)) return 0;
    const p = this.prefix;
    const lo = d - liveBuy;
    const hi = d + liveSell;
    for (let k = 0; k <= n; k++) {
      const pk = p[k]!;
      for (let j = 0; j <= k; j++) {
        const diff = pk - p[j]!;
        if (diff >= lo && diff <= hi) return k;
      }
    }
    return NO_EXPLANATION;
  }

  /**
   * Takes the current snapshot (venue time `src[venueTimeAt]`) as a point base that may hold
   * executions whose fills have not arrived.
   */
  private openBase(i: number, src: Float64Array, venueTimeAt: number): void {
    this.baseOpen[i] = 1;
    this.baseGen[i] = this.orders.approvals;
    this.baseVenueTime[i] = src[venueTimeAt]!;
  }

  /**
   * @hot Unsequenced instruments: a real fill of order `slot` (-1: not an order of this
   * instrument the engine sent) is about to join the walk, its execution venue time in
   * `src[seqAt]` (an unsequenced fill's place in the venue's order; NaN: none). Executions the engine did not send have no order to wait
   * for: when the point base was taken from a snapshot as it stands (`baseOpen`), such a fill
   * arriving after it may already be inside it, and counting it on top would count it twice
   * (the point estimate `base + every fill` is only right when the base holds none of the fills
   * still to come). So its inclusion stays open: the base becomes ambiguous, the position lies in
   * `base + (sum of any suffix of the fills)`, which holds both answers (the fills arrive in the
   * venue's execution order, so those the base lacks are a suffix), `lateOnly` (not dirty: the
   * interval still bounds the position), until a later snapshot is explained from the base with a
   * single answer.
   *
   * The base stops being open on proof that every fill still to come executed after it: a fill
   * whose venue time is later than the base snapshot's (both stamped by the venue), or a fill of
   * an order approved after the base was taken (it executed after the engine had read that
   * snapshot; fills arrive in execution order). A fill stamped at or before the base's time is
   * inside it, but dropping it would be wrong too: the walk may have kept, outside the base,
   * fills that are inside it and that this one offsets; the open inclusion covers both.
   */
  lateFill(i: number, slot: number, src: Float64Array, seqAt: number): void {
    if (this.baseOpen[i] === 0) return;
    if (src[seqAt]! > this.baseVenueTime[i]! || (slot >= 0 && this.orders.gen[slot]! > this.baseGen[i]!)) {
      this.baseOpen[i] = 0;
      return;
    }
    if (this.ambiguous[i] === 1) return; // any suffix already: the fill joins it (append)
    this.ambiguous[i] = 1;
    this.lateOnly[i] = 1;
    this.ring.markTentative(i, 0);
    this.suffixBounds(i);
  }

  /**
   * @hot Whether the orders still out can be ruled out of the snapshot on an ambiguous base.
   * First, none of them may be inside the *base*: each must have been approved after the base
   * was applied (so it executed after the venue made it); an order out since before may have
   * executions inside both, which cancel in `d` while their fills, still to come, would be
   * counted on top of the new base. (Orders of that time that are done have every fill in, as
   * no reported lots await their fill.) Then their unreported executions are at most their
   * leaves, `liveBuy` lots bought and `liveSell` lots sold, so the snapshot is
   * `base + p[k] - p[j] + x` for some x in [-liveSell, liveBuy]. The answer found for x = 0
   * (d = snapshot - base) stands alone when no pair explains any other x in that range: then
   * nothing of theirs is inside the snapshot and the fills are complete up to it, as when no
   * order is out. With orders out on both sides x = 0 is also a buy and a sell of the same size
   * inside, whose fills would be counted again: not ruled out, the base stays ambiguous.
   * Cost: a scan of the order table and O(n^2) compares (n retained fills), only for a
   * snapshot on an ambiguous base with orders out on one side.
   */
  private liveOrdersExplainNothing(i: number, n: number, d: number, liveBuy: number, liveSell: number): boolean {
    if (liveBuy > 0 && liveSell > 0) return false;
    if (!(liveBuy >= 0 && liveSell >= 0 && liveBuy !== Infinity && liveSell !== Infinity)) return false;
    const o = this.orders;
    const since = this.baseGen[i]!;
    for (let s = 0; s < o.capacity; s++) {
      if (o.inst[s] === i && o.isActive(s) && !(o.gen[s]! > since)) return false;
    }
    const p = this.prefix;
    const lo = d - liveBuy;
    const hi = d + liveSell;
    for (let k = 0; k <= n; k++) {
      const pk = p[k]!;
      for (let j = 0; j <= k; j++) {
        const diff = pk - p[j]!;
        if (diff !== d && diff >= lo && diff <= hi) return false;
      }
    }
    return true;
  }

  /**
   * @hot A snapshot at the venue time of the latest accepted one, with another position or on an
   * ambiguous base. Several changes can share one venue time, so it may be the state just before
   * the base as well as just after it; neither the walk nor the ambiguous search may take it as
   * a base (a stale one would drop or leave out fills, the bug this guards). What holds either
   * way: when a prefix of the retained fills explains it from the base, those fills may be
   * inside a snapshot, so they are held *tentative* (in the walk and the estimate, off the
   * budget) and the base stays; the snapshot is accepted. Otherwise it is ignored and counted
   * stale: its place is unknown. Liveness: a later snapshot of the same state (a REST answer
   * keeps the time of the last change) is explained once the fills have arrived.
   */
  private sameMoment(i: number, pos: number): number {
    if (this.ambiguous[i] === 1) return this.base.stale(i);
    const n = this.prefixSums(i);
    const p = this.prefix;
    const d = pos - this.snapPos[i]!;
    let k = n;
    while (k >= 0 && p[k] !== d) k--;
    if (k < 0) return this.base.stale(i);
    this.ring.markTentative(i, k - (k > 0 && this.aggCount[i]! > 0 ? 1 : 0));
    this.snapAt[i] = this.clock[0]!;
    return SnapshotResult.OK;
  }
}
