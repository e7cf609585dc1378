/**
 * The inferred fills of every order the engine approved, per order slot (docs/model.md, "Fills
 * and order updates"): lots an order update reported executed (`cumQty` ahead of the real fills
 * seen) whose real fill has not arrived yet. They keep exposure from dropping when the order
 * leaves the book, and a real fill that arrives later explains them instead of counting again.
 *
 * Per slot, in lots (integers in doubles):
 *
 * - `outstanding`: inferred lots whose place relative to the snapshot is unknown. Each has an
 *   entry in the fill ring (fill-ring.ts, `eInf > 0`, `eSlot` this slot) or was folded into the
 *   ring's aggregate (`folded`);
 * - `confirmed`: inferred lots known to be inside the current snapshot (their entries are gone);
 * - `folded`: the part of `outstanding` folded into the ring's overflow aggregate (no entry of
 *   its own).
 *
 * A lot moves report → outstanding → (confirmed, by a reconciler) → explained by its real fill,
 * through this object's methods only: the engine reports (an order update), the ring folds, the
 * reconcilers confirm, the ledger explains (`consumeInferred`), the order table clears a freed
 * slot. Everyone else reads. Owned by the risk thread; allocation-free after construction.
 */
export class InferredFills {
  readonly outstanding: Float64Array;
  readonly confirmed: Float64Array;
  readonly folded: Float64Array;

  constructor(readonly capacity: number) {
    this.outstanding = new Float64Array(capacity);
    this.confirmed = new Float64Array(capacity);
    this.folded = new Float64Array(capacity);
  }

  /** @hot An order update reported `lots` more executed than the real fills and inferred lots so far. */
  report(slot: number, lots: number): void {
    this.outstanding[slot]! += lots;
  }

  /** @hot `lots` of the slot's outstanding lots are inside the snapshot. */
  confirm(slot: number, lots: number): void {
    this.outstanding[slot]! -= lots;
    this.confirmed[slot]! += lots;
  }

  /** @hot A real fill explained `fromConfirmed` confirmed and `fromOutstanding` outstanding lots: they are gone. */
  explain(slot: number, fromConfirmed: number, fromOutstanding: number): void {
    this.confirmed[slot] = this.confirmed[slot]! - fromConfirmed;
    this.outstanding[slot] = this.outstanding[slot]! - fromOutstanding;
  }

  /** Rare path: the ring folded an entry of `lots` inferred lots of the slot into its aggregate. */
  fold(slot: number, lots: number): void {
    this.folded[slot]! += lots;
  }

  /** @hot A real fill explained `lots` that were folded into the aggregate (never below 0). */
  unfold(slot: number, lots: number): void {
    this.folded[slot] = this.folded[slot]! > lots ? this.folded[slot]! - lots : 0;
  }

  /**
   * Rare path: instrument `inst`'s aggregate is inside the snapshot, so are the inferred lots
   * folded into it: a scan of every slot (`instOf`: the order table's instrument per slot).
   */
  confirmFolded(inst: number, instOf: Int32Array): void {
    for (let s = 0; s < this.capacity; s++) {
      if (this.folded[s]! > 0 && instOf[s] === inst) {
        this.outstanding[s]! -= this.folded[s]!;
        this.confirmed[s]! += this.folded[s]!;
        this.folded[s] = 0;
      }
    }
  }

  /** @hot True while inferred lots of the slot (outstanding or confirmed) await their real fill. */
  awaitingFills(slot: number): boolean {
    return this.outstanding[slot]! > 0 || this.confirmed[slot]! > 0;
  }

  /** @hot Zeroes a slot that is freed or taken afresh. */
  clear(slot: number): void {
    this.outstanding[slot] = 0;
    this.confirmed[slot] = 0;
    this.folded[slot] = 0;
  }
}
