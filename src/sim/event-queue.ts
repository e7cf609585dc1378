/**
 * The simulator's scheduler: actions due at a simulated time, run in (time, insertion) order.
 * Ties run in the order they were scheduled, so the event stream never depends on heap layout.
 * Allocates per scheduled action (edge code, not the risk thread's hot path).
 */
import type { SimClock } from './sim-clock.js';

interface Entry {
  readonly at: number;
  readonly order: number;
  readonly run: () => void;
}

export class EventQueue {
  readonly #heap: Entry[] = [];
  readonly #clock: SimClock;
  #order = 0;

  constructor(clock: SimClock) {
    this.#clock = clock;
  }

  get size(): number {
    return this.#heap.length;
  }

  /** Runs `run` at `now + delayMs` (a delay <= 0 runs at the current time, after what is already due). */
  after(delayMs: number, run: () => void): void {
    this.at(this.#clock.nowMs() + Math.max(0, delayMs), run);
  }

  at(at: number, run: () => void): void {
    const heap = this.#heap;
    heap.push({ at, order: this.#order++, run });
    let i = heap.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!before(heap[i]!, heap[p]!)) break;
      [heap[i], heap[p]] = [heap[p]!, heap[i]!];
      i = p;
    }
  }

  /** Runs every action due at or before `ms`, moving the clock to each one's time, then to `ms`. */
  runUntil(ms: number): void {
    for (;;) {
      const top = this.#heap[0];
      if (top === undefined || top.at > ms) break;
      this.#pop();
      this.#clock.advanceTo(top.at);
      top.run();
    }
    this.#clock.advanceTo(ms);
  }

  #pop(): void {
    const heap = this.#heap;
    const last = heap.pop()!;
    if (heap.length === 0) return;
    heap[0] = last;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < heap.length && before(heap[l]!, heap[m]!)) m = l;
      if (r < heap.length && before(heap[r]!, heap[m]!)) m = r;
      if (m === i) return;
      [heap[i], heap[m]] = [heap[m]!, heap[i]!];
      i = m;
    }
  }
}

function before(x: Entry, y: Entry): boolean {
  return x.at < y.at || (x.at === y.at && x.order < y.order);
}
