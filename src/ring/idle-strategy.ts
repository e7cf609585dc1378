/**
 * What a polling thread does when a poll found nothing. One instance per polling loop (it
 * holds that loop's spin count); not shared between threads.
 *
 * The loop calls `idle(workCount)` after every poll with the number of items it processed:
 * work > 0 resets the back-off, 0 backs off one step. Implementations: `BusySpinIdle`
 * (never sleeps: owns a core) and `ParkIdle` (spins, then sleeps in `Atomics.wait`). The
 * default is `ParkIdle`: machines here have 2 cores, and two spinning threads would take both.
 */
export interface IdleStrategy {
  /** @hot allocation-free. May block the thread (ParkIdle). */
  idle(workCount: number): void;
  /** Forget the back-off state (e.g. after the loop did other work). */
  reset(): void;
}

/**
 * Something a thread can sleep on until the other side has news. `RingConsumer` is one: it
 * sleeps on its ring's `head`, and its producer notifies only when it is parked.
 */
export interface ParkTarget {
  /** Sleep at most `timeoutMs`, returning early on news. @hot allocation-free. */
  park(timeoutMs: number): unknown;
}
