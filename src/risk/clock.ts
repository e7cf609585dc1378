/** A source of engine time in milliseconds. Injected everywhere time is read. */
export interface Clock {
  nowMs(): number;
}

/** Wall-clock time (`Date.now()`). Note: on Node 20 a clock read may allocate; read once per batch. */
export const systemClock: Clock = Object.freeze({ nowMs: () => Date.now() });

/** A clock moved by hand: scenarios, tests and replays. */
export class ManualClock implements Clock {
  constructor(private now = 0) {}

  nowMs(): number {
    return this.now;
  }

  set(ms: number): void {
    this.now = ms;
  }

  advance(ms: number): void {
    this.now += ms;
  }
}
