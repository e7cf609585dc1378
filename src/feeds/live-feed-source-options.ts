import type { VenueName } from './venue-name.js';

/**
 * The options of the feed worker module that runs one live venue feed in a `RiskGate` feed worker
 * (`LIVE_FEED_SOURCE`). Declared here, beside the feeds, so a user of `riskgate/feeds` gets the
 * type without the feeds depending on the module that bridges them to the engine.
 */
export interface LiveFeedSourceOptions {
  /** The feed config JSON: engine `instruments` plus a `venues` section naming `venue`. */
  readonly config: unknown;
  readonly venue: VenueName;
  /** Environment the credentials are read from (the variables the config's `credentials` names). */
  readonly env: Readonly<Record<string, string>>;
  /** Seed of the reconnect jitter. Default 1. */
  readonly seed?: number;
  /** Log connects, disconnects and back-offs to stderr. Default false. */
  readonly verbose?: boolean;
}
