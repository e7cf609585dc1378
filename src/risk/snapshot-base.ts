/** What applying a snapshot did. Non-negative: accepted. */
export const SnapshotResult = {
  /** Accepted and explained by the fills (or the first snapshot on an empty ledger). */
  OK: 0,
  /** Accepted, but the fills did not explain it (counted; see docs/model.md "Reconciling a snapshot with the fills"). */
  MISMATCH: 1,
  /**
   * Below the current watermark, or (unsequenced) older by venue time than the last accepted
   * snapshot or not placeable at the same venue time: ignored and counted.
   */
  STALE: -1,
} as const;

// Hot-path constant as this module's own binding (docs/conventions.md, "hot constants").
const STALE = SnapshotResult.STALE;

/**
 * Per instrument, the snapshot the position estimate is built on (docs/model.md, "The position:
 * a snapshot plus the fills since it"), the instrument's sequence mode, and the counts of what
 * its snapshots and fills did. The base of instrument i is written by i's reconciler alone
 * (sequenced-reconciler.ts or walk-back-reconciler.ts, chosen by `seqMode[i]` for good), which
 * is what makes one owner per instrument; the ledger and the engine read it. Owned by the risk
 * thread; allocation-free after construction.
 */
export class SnapshotBase {
  /** `SeqMode` per instrument (seq-mode.ts): which reconciler owns the instrument. */
  readonly seqMode: Uint8Array;
  readonly snapPos: Float64Array;
  /** Sequenced: the watermark, the sequence of the last execution the snapshot includes. */
  readonly snapSeq: Float64Array;
  readonly hasSnap: Uint8Array;
  /** Engine time of the last accepted snapshot. */
  readonly snapAt: Float64Array;
  // Counters.
  readonly mismatches: Float64Array;
  readonly staleSnapshots: Float64Array;
  /** Sequenced: real fills that arrived at or below the watermark (dropped; counted by the engine). */
  readonly fillsInsideSnapshot: Float64Array;

  constructor(
    readonly instruments: number,
    seqModes: ArrayLike<number>,
  ) {
    const n = instruments;
    this.seqMode = Uint8Array.from(seqModes);
    this.snapPos = new Float64Array(n);
    this.snapSeq = new Float64Array(n);
    this.hasSnap = new Uint8Array(n);
    this.snapAt = new Float64Array(n);
    this.mismatches = new Float64Array(n);
    this.staleSnapshots = new Float64Array(n);
    this.fillsInsideSnapshot = new Float64Array(n);
  }

  /** @hot A snapshot of instrument i was ignored as stale: counted; returns `SnapshotResult.STALE`. */
  stale(i: number): number {
    this.staleSnapshots[i]!++;
    return STALE;
  }
}
