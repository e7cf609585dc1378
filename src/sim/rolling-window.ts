/**
 * A rolling-window request counter on simulated time: at most `limit` requests in any `windowMs`
 * (a request at `t` leaves the window at `t + windowMs`). Bybit counts its REST limits this way
 * (`bybit-rest-limits.ts`). Keeps the times of the requests still inside the window.
 */
export class RollingWindow {
  readonly limit: number;
  readonly windowMs: number;
  readonly #times: number[] = [];

  constructor(limit: number, windowMs: number) {
    this.limit = limit;
    this.windowMs = windowMs;
  }

  /** Requests still allowed at `now`. */
  remaining(now: number): number {
    const t = this.#times;
    let drop = 0;
    while (drop < t.length && t[drop]! + this.windowMs <= now) drop++;
    if (drop > 0) t.splice(0, drop);
    return Math.max(0, this.limit - t.length);
  }

  /** Counts a request at `now` (whether or not it was allowed: the caller decides). */
  add(now: number): void {
    this.#times.push(now);
  }

  /** When the oldest request in the window leaves it (`now` when the window is empty). */
  nextFreeAt(now: number): number {
    const oldest = this.#times[0];
    return oldest === undefined ? now : oldest + this.windowMs;
  }
}
