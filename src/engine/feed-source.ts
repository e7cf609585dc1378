import type { FeedSink } from './feed-sink.js';

/**
 * A pluggable source of feed events, run inside a feed-handler worker. A source module exports
 * `createFeedSource(sink, options)`; the worker awaits it (connect, subscribe, ...) and only
 * then reports READY to its supervisor, so a source that fails to start is never trusted and
 * never respawned. `run()` then produces events until the feed ends (its promise resolves:
 * the worker reports DONE) or fails (rejects / throws: the worker dies and is restarted).
 * `stop()` asks it to end `run()` soon (the engine is stopping).
 *
 * Venue live feeds come later; `scenario-feed-source.ts` replays pre-encoded slots.
 */
export interface FeedSource {
  run(): Promise<void>;
  stop(): void;
}

export type CreateFeedSource = (sink: FeedSink, options: unknown) => FeedSource | Promise<FeedSource>;

/** What a feed is: a module URL (or absolute path) exporting `createFeedSource`, and its options. */
export interface FeedSourceSpec {
  readonly module: string;
  readonly options?: unknown;
}
