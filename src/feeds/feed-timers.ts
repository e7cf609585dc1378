/**
 * Time for the feed layer: a clock and one-shot timers, injected so that tests and replays
 * control them. Feeds never read `Date.now()` or call `setTimeout` directly.
 * (Structurally compatible with the risk layer's `Clock`; feeds do not import risk/.)
 */
export interface FeedClock {
  nowMs(): number;
}

export interface TimerHandle {
  cancel(): void;
}

export interface FeedTimers extends FeedClock {
  /** Runs `fn` once after `ms`. Real timers are unref'd: a feed never keeps a process alive by itself. */
  after(ms: number, fn: () => void): TimerHandle;
}

export const realTimers: FeedTimers = Object.freeze({
  nowMs: () => Date.now(),
  after(ms: number, fn: () => void): TimerHandle {
    const t = setTimeout(fn, Math.max(0, ms));
    t.unref();
    return { cancel: () => clearTimeout(t) };
  },
});
