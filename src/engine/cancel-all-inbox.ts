import { decodeCancelAll, type CancelAllFields } from '../codec/index.js';
import { RingConsumer } from '../ring/index.js';

/** A cancel-all request the risk thread emitted (kill switch halt, flip-flop trip). */
export interface CancelAllRecord {
  /** Instrument index, or -1 for every instrument. */
  readonly inst: number;
  /** The symbol, or '*' for every instrument. */
  readonly symbol: string;
  /** `order` of the slot whose application queued it (-1 in arrival-order use). */
  readonly order: number;
  readonly at: number;
}

/**
 * The embedding's end of the cancel-all ring (cancel-all-forwarder.ts is the risk thread's):
 * drains it into records, kept until taken. The ring's only consumer; embedding thread; cold.
 */
export class CancelAllInbox {
  private readonly ring: RingConsumer;
  private readonly out: CancelAllFields = { tag: 0, inst: 0, arg: 0, order: 0, at: 0 };
  private readonly seen: CancelAllRecord[] = [];

  constructor(readonly buffer: SharedArrayBuffer, private readonly symbols: readonly string[]) {
    this.ring = new RingConsumer(buffer);
  }

  /** Moves what the ring holds into the records. */
  drain(): void {
    const ring = this.ring;
    const n = ring.poll();
    for (let k = 0; k < n; k++) {
      decodeCancelAll(ring.i32, ring.f64, ring.slotOffset(k), this.out);
      const o = this.out;
      this.seen.push({ inst: o.inst, symbol: o.inst === -1 ? '*' : (this.symbols[o.inst] ?? String(o.inst)), order: o.order, at: o.at });
    }
    ring.release(n);
  }

  /** Cancel-alls emitted since the last call, oldest first. */
  take(): CancelAllRecord[] {
    this.drain();
    return this.seen.splice(0);
  }
}
