import { AT_DWORD, copySlot, encodeCancelAll, encodeFeedStatus } from '../codec/index.js';
import { RING_FULL, type RingProducer } from '../ring/index.js';
import { JOURNAL_CODE_DWORD, JOURNAL_LOST_WORD } from './journal-slot-layout.js';

/**
 * The risk loop's side of the journal ring (journal-slot-layout.ts): every engine call that
 * changes state or answers becomes one journal slot, stamped with the engine time it was made
 * and the loss count at its claim.
 *
 * The loop never waits for the journal: a claim on a full ring is a counted loss (`lost`, the
 * ring's drop counter, the state block), and every slot carries the loss count at its claim, so
 * the journal thread writes each hole where it is. Without a ring (no journal) every call is a
 * no-op. One producer: the risk thread. Allocation: none.
 */
export class JournalTap {
  /** Slots handed to the journal ring. */
  records = 0;
  /** Slots lost because the ring was full (never waited for). */
  lost = 0;
  private ring: RingProducer | null = null;

  /** `now`: the loop's engine-time cell (loop-clock.ts), stamped into every slot. */
  constructor(private readonly now: Float64Array) {}

  /** Hands every engine call from now on to `ring`. Start-up only. */
  attach(ring: RingProducer): void {
    this.ring = ring;
  }

  /** @hot A journal slot's byte offset, or -1 (no journal, or the ring is full: counted as a loss). */
  private claim(): number {
    const j = this.ring;
    if (j === null) return -1;
    const off = j.tryClaim();
    if (off === RING_FULL) {
      this.lost++;
      j.recordDrop();
      return -1;
    }
    this.records++;
    return off;
  }

  /** @hot Writes the loss stamp into a written slot (journal-slot-layout.ts): the count at its claim. */
  private stamp(jo: number): void {
    this.ring!.i32[(jo >> 2) + JOURNAL_LOST_WORD] = this.lost;
  }

  /** @hot Journals the input slot at byte `off` of `i32` as applied now; returns the journal slot or -1. */
  copy(i32: Int32Array, off: number): number {
    const jo = this.claim();
    if (jo < 0) return jo;
    const j = this.ring!;
    copySlot(i32, off, j.i32, jo);
    j.f64[(jo >> 3) + AT_DWORD] = this.now[0]!;
    this.stamp(jo);
    return jo;
  }

  /** @hot Journals a request slot with its decision `code` in place of its requestId. */
  request(i32: Int32Array, off: number, code: number): void {
    const jo = this.copy(i32, off);
    if (jo >= 0) this.ring!.f64[(jo >> 3) + JOURNAL_CODE_DWORD] = code;
  }

  /** @hot Journals one `applyFeedStatus(inst, up)` call. */
  feed(inst: number, up: boolean): void {
    const jo = this.claim();
    if (jo < 0) return;
    const j = this.ring!;
    encodeFeedStatus(j.i32, j.f64, jo, -1, this.now[0]!, inst, up);
    this.stamp(jo);
  }

  /** @hot Journals one cancel-all the engine queued while applying the slot of `order`. */
  cancelAll(order: number, inst: number): void {
    const jo = this.claim();
    if (jo < 0) return;
    const j = this.ring!;
    encodeCancelAll(j.i32, j.f64, jo, order, this.now[0]!, inst);
    this.stamp(jo);
  }

  /** @hot Publishes the slots claimed this pass (one release store for the whole pass). */
  publish(): void {
    if (this.ring !== null) this.ring.publish();
  }
}
