import { encodeCancelAll } from '../codec/index.js';
import { NO_CANCEL_ALL } from '../risk/codes.js';
import type { RiskEngine } from '../risk/risk-engine.js';
import { RING_FULL, type RingProducer } from '../ring/index.js';
import type { JournalTap } from './journal-tap.js';

/** Cancel-alls kept when the cancel-all ring is full (then counted as lost). */
const CANCEL_ALL_OVERFLOW = 64;

/**
 * Moves the cancel-alls the core queues (kill switch halt, flip-flop trip) into the cancel-all
 * ring to the embedding, each journaled. Back-pressure: the risk thread never waits for the
 * embedding; a full ring parks cancel-alls in a bounded overflow, retried oldest first at the end
 * of every pass (`flush`), and one beyond the overflow is counted as lost (`lost`, the state
 * block). Order is kept: while the overflow holds any, new ones queue behind it.
 *
 * One producer: the risk thread. Allocation: none after construction.
 */
export class CancelAllForwarder {
  /** Cancel-alls the core emitted. */
  forwarded = 0;
  /** Cancel-alls dropped because the ring and the overflow were full. */
  lost = 0;
  private readonly overflowInst = new Int32Array(CANCEL_ALL_OVERFLOW);
  private readonly overflowOrder = new Int32Array(CANCEL_ALL_OVERFLOW);
  private readonly overflowAt = new Float64Array(CANCEL_ALL_OVERFLOW);
  private overflowLen = 0;

  /** `now`: the loop's engine-time cell (loop-clock.ts). */
  constructor(
    private readonly engine: RiskEngine,
    private readonly ring: RingProducer,
    private readonly journal: JournalTap,
    private readonly now: Float64Array,
  ) {}

  /** @hot Forwards what the core queued while applying the slot of total-order position `order`. */
  forward(order: number): void {
    const e = this.engine;
    for (let v = e.takeCancelAll(); v !== NO_CANCEL_ALL; v = e.takeCancelAll()) {
      this.forwarded++;
      this.journal.cancelAll(order, v);
      if (this.overflowLen === 0) {
        const off = this.ring.tryClaim();
        if (off !== RING_FULL) {
          encodeCancelAll(this.ring.i32, this.ring.f64, off, order, this.now[0]!, v);
          continue;
        }
      }
      if (this.overflowLen === CANCEL_ALL_OVERFLOW) {
        this.lost++;
        continue;
      }
      this.overflowInst[this.overflowLen] = v;
      this.overflowOrder[this.overflowLen] = order;
      this.overflowAt[this.overflowLen] = this.now[0]!;
      this.overflowLen++;
    }
    this.ring.publish();
  }

  /** @hot Retries the cancel-alls that found the ring full, oldest first (once per pass). */
  flush(): void {
    if (this.overflowLen === 0) return;
    let k = 0;
    for (; k < this.overflowLen; k++) {
      const off = this.ring.tryClaim();
      if (off === RING_FULL) break;
      encodeCancelAll(this.ring.i32, this.ring.f64, off, this.overflowOrder[k]!, this.overflowAt[k]!, this.overflowInst[k]!);
    }
    this.ring.publish();
    if (k === 0) return;
    this.overflowInst.copyWithin(0, k, this.overflowLen);
    this.overflowOrder.copyWithin(0, k, this.overflowLen);
    this.overflowAt.copyWithin(0, k, this.overflowLen);
    this.overflowLen -= k;
  }
}
