/**
 * `riskgate/feeds`: the live venue feeds and the `Reconciler` (named exports only).
 *
 * A `LiveFeed` keeps one venue's private WebSocket up (back-off, credentials from the
 * environment, heartbeats) and hands its decoded events on; `startLiveFeed` builds and starts one
 * from a venue's config section. A `Reconciler` asks the venue's REST position hook
 * (`createPositionHook`) for snapshots while an instrument stays unhealthy. `LIVE_FEED_SOURCE`
 * is the feed-source module that runs a live feed inside a `RiskGate` feed worker
 * (`gate.attachFeed({ name, source: { module: LIVE_FEED_SOURCE, options } })`).
 *
 * This module never imports the risk engine: feeds and risk meet only in the ring and slot layouts.
 */
export { LiveFeed } from './live-feed.js';
export type { LiveFeedOptions, LiveFeedStats, FeedStatus } from './live-feed.js';
export { createLiveFeed, startLiveFeed, venueCredentials } from './create-live-feed.js';
export type { LiveFeedDeps } from './create-live-feed.js';
export { Reconciler } from './reconciler.js';
export type { ReconcilerOptions, ReconcilerStats } from './reconciler.js';
export { createPositionHook } from './create-position-hook.js';
export type { PositionHookDeps } from './create-position-hook.js';
export type { PositionHook } from './position-hook.js';
export { loadFeedConfig, validateVenues, venueConfigOf, VENUE_DEFAULTS } from './venue-config.js';
export type { VenueFeedConfig, VenuesConfig, MalformedPolicy, RestPolicy, ReconcilePolicy } from './venue-config.js';
export { VENUE_NAMES, isVenueName } from './venue-name.js';
export type { VenueName } from './venue-name.js';
export { DEFAULT_ENDPOINTS } from './endpoints.js';
export type { Endpoint, Network } from './endpoints.js';
export { Credentials, loadCredentials } from './credentials.js';
export type { CredentialSpec } from './credentials.js';
export { FeedError } from './feed-error.js';
export type { FeedErrorCode } from './feed-error.js';
export { realTimers } from './feed-timers.js';
export type { FeedClock, FeedTimers, TimerHandle } from './feed-timers.js';
export { silentLogger, stderrLogger, redactingLogger } from './feed-logger.js';
export type { FeedLogger } from './feed-logger.js';
export { seededRandom } from './random.js';
export type { Random } from './random.js';
export type { Send } from './rest-client.js';

/** Module URL of the feed source that runs a live venue feed in a `RiskGate` feed worker (options: `LiveFeedSourceOptions`). */
export type { LiveFeedSourceOptions } from './live-feed-source-options.js';

export const LIVE_FEED_SOURCE = new URL('../venue-bridge/live-feed-source.js', import.meta.url).href;
