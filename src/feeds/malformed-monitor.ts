/**
 * Watches a feed's malformed frames: counts them per kind, logs the first of each kind once with
 * a short sample, and says when they persist: more than `maxPerWindow` within `windowMs` marks
 * the feed degraded. It recovers after a full window without a malformed frame.
 *
 * Malformed frames never throw: the decoder reports them in its result; this only keeps score.
 */
import type { FeedLogger } from './feed-logger.js';
import type { MalformedPolicy } from './venue-config.js';

const SAMPLE_CHARS = 160;

export class MalformedMonitor {
  readonly byKind = new Map<string, number>();
  total = 0;
  #times: number[] = [];
  #degraded = false;
  #lastAt = -Infinity;

  constructor(private readonly venue: string, private readonly policy: MalformedPolicy, private readonly log: FeedLogger) {}

  /** Records one malformed frame; returns true when this frame makes the feed degraded. */
  record(kind: string, error: string, frameText: string, now: number): boolean {
    this.total++;
    const n = (this.byKind.get(kind) ?? 0) + 1;
    this.byKind.set(kind, n);
    if (n === 1) this.log.warn(`${this.venue}: malformed ${kind} frame (logged once per kind): ${error.slice(0, SAMPLE_CHARS)}; sample: ${frameText.slice(0, SAMPLE_CHARS)}`);
    this.#lastAt = now;
    this.#times.push(now);
    while (this.#times.length > 0 && this.#times[0]! <= now - this.policy.windowMs) this.#times.shift();
    if (!this.#degraded && this.#times.length > this.policy.maxPerWindow) {
      this.#degraded = true;
      this.log.warn(`${this.venue}: ${this.#times.length} malformed frames within ${this.policy.windowMs} ms: feed degraded`);
      return true;
    }
    return false;
  }

  get degraded(): boolean {
    return this.#degraded;
  }

  /** After a good frame: true when a degraded feed has gone a full window without malformed frames. */
  recovered(now: number): boolean {
    if (!this.#degraded || now - this.#lastAt < this.policy.windowMs) return false;
    this.#degraded = false;
    this.#times = [];
    this.log.info(`${this.venue}: no malformed frame for ${this.policy.windowMs} ms: feed no longer degraded`);
    return true;
  }

  /** A new connection starts clean. */
  reset(): void {
    this.#degraded = false;
    this.#times = [];
  }
}
