import type { FeedSink } from './feed-sink.js';

/**
 * A pluggable source of feed events, run inside a feed-handler worker. A source module exports
 * `createFeedSource(sink, options)`; the worker awaits it (connect, subscribe, ...) and only
 * then reports READY to its supervisor, so a source that fails to start is never trusted and
 * never respawned. `run()` then produces events until the feed ends (its promise resolves:
 * the worker reports DONE) or fails (rejects / throws: the worker dies and is restarted).
 * `stop()` asks it to end `run()` soon (the engine is stopping). While `run()` is in progress
 * the worker proves it is alive on a timer (feed-beat.ts): a source that blocks its thread in a
 * synchronous loop, or whose `run()` resolves, shows in `/health` as a failing feed.
 *
 * Venue live feeds come later; `scenario-feed-source.ts` replays pre-encoded slots.
 */
export interface FeedSource {
  run(): Promise<void>;
  stop(): void;
  /**
   * The silence its worker may keep before `/health` reports the feed failing (ms), when the
   * source knows one suited to its venue (a live feed: the venue's keep-alive period, which its
   * worker must keep anyway). Absent: `FeedSpec.heartbeatDeadlineMs`, else 2000.
   */
  readonly heartbeatDeadlineMs?: number;
}

export type CreateFeedSource = (sink: FeedSink, options: unknown) => FeedSource | Promise<FeedSource>;

/** What a feed is: a module URL (or absolute path) exporting `createFeedSource`, and its options. */
export interface FeedSourceSpec {
  readonly module: string;
  readonly options?: unknown;
}
