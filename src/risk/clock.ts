/**
 * A source of engine time in milliseconds. Injected everywhere time is read.
 *
 * `readInto`, when present, writes the time into a typed-array slot instead of returning it:
 * a returned epoch-size double is boxed at every call the optimizer does not inline (see
 * risk-engine-core.ts). The engine prefers it.
 */
export interface Clock {
  nowMs(): number;
  readInto?(cell: Float64Array, index: number): void;
}

/**
 * Wall-clock time (`Date.now()`). On Node 20 every read allocates a heap number (epoch ms is
 * not a small integer): read once per batch of events, never per event.
 */
export const systemClock: Clock = Object.freeze({ nowMs: () => Date.now() });

/** A clock moved by hand: scenarios, tests and replays. Allocation-free through `readInto`. */
export class ManualClock implements Clock {
  /** `[0]`: now (ms). A typed-array slot, never a boxed field. */
  private readonly cell = new Float64Array(1);

  constructor(start = 0) {
    this.cell[0] = start;
  }

  nowMs(): number {
    return this.cell[0]!;
  }

  readInto(cell: Float64Array, index: number): void {
    cell[index] = this.cell[0]!;
  }

  set(ms: number): void {
    this.cell[0] = ms;
  }

  /** Sets the time from a typed-array slot: no double crosses the call (risk-engine-core.ts). */
  setFrom(cell: Float64Array, index: number): void {
    this.cell[0] = cell[index]!;
  }

  advance(ms: number): void {
    this.cell[0]! += ms;
  }
}
