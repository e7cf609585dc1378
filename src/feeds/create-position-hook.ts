/** Builds a venue's REST reconciliation hook from its resolved config and the engine config. */
import type { ResolvedConfig } from '../config/engine-config.js';
import { BinanceRest } from './binance/binance-rest.js';
import { BitmexRest } from './bitmex/bitmex-rest.js';
import { BybitRest } from './bybit/bybit-rest.js';
import { venueCredentials } from './create-live-feed.js';
import { DeribitRest } from './deribit/deribit-rest.js';
import { realTimers, type FeedClock } from './feed-timers.js';
import { OkxRest } from './okx/okx-rest.js';
import type { PositionHook } from './position-hook.js';
import { RestClient, type Send } from './rest-client.js';
import type { VenueFeedConfig } from './venue-config.js';

export interface PositionHookDeps {
  readonly clock?: FeedClock;
  readonly env?: NodeJS.ProcessEnv;
  readonly send?: Send;
  /** The account's REST door when it is shared (with its order entry: one budget, one back-off); otherwise a new one. */
  readonly client?: RestClient;
}

export function createPositionHook(venue: VenueFeedConfig, config: ResolvedConfig, deps: PositionHookDeps = {}): PositionHook {
  const clock = deps.clock ?? realTimers;
  const credentials = venueCredentials(venue, deps.env);
  const client = deps.client ?? new RestClient(venue.endpoint.rest, venue.rest, clock, deps.send);
  const sequenced = new Set(config.instruments.filter((i) => i.sequence !== 'none').map((i) => i.symbol));
  const inst = venue.instruments;
  switch (venue.venue) {
    case 'bybit': return new BybitRest(client, credentials, inst, venue.category, sequenced, clock);
    case 'okx': return new OkxRest(client, credentials, inst, sequenced, clock, venue.endpoint.network === 'testnet');
    case 'deribit': return new DeribitRest(client, credentials, inst, sequenced, clock);
    case 'binance-usdm': return new BinanceRest(client, credentials, inst, sequenced, clock);
    case 'bitmex': return new BitmexRest(client, credentials, inst, sequenced, clock);
  }
}
