/**
 * Builds a venue's live feed from its resolved config: credentials loaded (env or file), the
 * decoder over the venue's symbol table, the venue's protocol, and a `LiveFeed` around them.
 *
 * Plugging into a feed-handler worker (src/engine/feed-source.ts): a source module's
 * `createFeedSource(sink, options)` calls `startLiveFeed(...)` with `onEvent` encoding each event
 * into a ring slot (instrument index, interned order id, hashed exec id, as the scenario feed
 * source's compiler does) and `onStatus` for metrics; `run()` returns `feed.done`, `stop()`
 * calls `feed.stop()`. One feed per worker, one worker per venue connection.
 */
import type { FeedEvent, VenueEvent } from '../events/market-events.js';
import { BinanceListenKey } from './binance/binance-listen-key.js';
import { BinanceProtocol } from './binance/binance-protocol.js';
import { BitmexProtocol } from './bitmex/bitmex-protocol.js';
import { BybitProtocol } from './bybit/bybit-protocol.js';
import { loadCredentials, type Credentials } from './credentials.js';
import { createByteDecoder, createDecoder } from './decoder-factory.js';
import type { ByteDecoder } from '../venues/scan/byte-decoder.js';
import { DeribitProtocol } from './deribit/deribit-protocol.js';
import { FeedError } from './feed-error.js';
import type { FeedLogger } from './feed-logger.js';
import { realTimers, type FeedTimers } from './feed-timers.js';
import { LiveFeed, type FeedStatus } from './live-feed.js';
import { OkxProtocol } from './okx/okx-protocol.js';
import type { Random } from './random.js';
import { RestClient, type Send } from './rest-client.js';
import type { VenueFeedConfig } from './venue-config.js';
import type { VenueProtocol } from './venue-protocol.js';

export interface LiveFeedDeps {
  readonly onEvent: (event: VenueEvent | FeedEvent) => void;
  /**
   * Where the byte decoder's events go (ring slots, see src/venues/scan/decoded-slots.ts). Given,
   * the feed reads frames with the venue's byte decoder (`createByteDecoder`, every venue has
   * one), and `onEvent` carries only up/down; absent, frames go through the reference decoder.
   */
  readonly onDecoded?: (decoder: ByteDecoder) => void;
  readonly onStatus?: (status: FeedStatus, reason: string) => void;
  readonly timers?: FeedTimers;
  readonly random?: Random;
  readonly logger?: FeedLogger;
  /** Environment to read credentials from (default `process.env`). */
  readonly env?: NodeJS.ProcessEnv;
  /** HTTP transport for REST calls (Binance listen keys); default node:http(s). */
  readonly send?: Send;
  /** Override of the Binance listen-key keep-alive period (ms; default 30 min). */
  readonly listenKeyKeepAliveMs?: number;
}

/** Loads the credentials the venue's config names; throws `FeedError` (ERR_RISKGATE_FEED_CREDENTIALS) naming the source only. */
export function venueCredentials(config: VenueFeedConfig, env: NodeJS.ProcessEnv = process.env): Credentials {
  if (config.credentials === undefined) throw new FeedError('ERR_RISKGATE_FEED_CREDENTIALS', `venues.${config.venue}.credentials is required for a live feed`);
  return loadCredentials(config.credentials, config.venue, config.venue === 'okx', env);
}

export function createProtocol(config: VenueFeedConfig, credentials: Credentials, deps: Pick<LiveFeedDeps, 'timers' | 'send' | 'listenKeyKeepAliveMs'> = {}): VenueProtocol {
  const ws = config.endpoint.ws;
  switch (config.venue) {
    case 'bybit': return new BybitProtocol(ws, credentials);
    case 'okx': return new OkxProtocol(ws, credentials);
    case 'deribit': return new DeribitProtocol(ws, credentials, config.instruments.map((i) => i.venueSymbol ?? i.symbol), Math.max(10, Math.round(config.pingIntervalMs / 1000)));
    case 'binance-usdm': {
      const rest = new RestClient(config.endpoint.rest, config.rest, deps.timers ?? realTimers, deps.send);
      return new BinanceProtocol(ws, new BinanceListenKey(rest, credentials), deps.listenKeyKeepAliveMs);
    }
    case 'bitmex': return new BitmexProtocol(ws, credentials);
  }
}

/** Creates the venue's live feed (not started). */
export function createLiveFeed(config: VenueFeedConfig, deps: LiveFeedDeps): LiveFeed {
  const credentials = venueCredentials(config, deps.env);
  return new LiveFeed({
    ...(deps.onDecoded !== undefined ? { byteDecoder: { decoder: createByteDecoder(config.venue, config.instruments), onDecoded: deps.onDecoded } } : {}),
    protocol: createProtocol(config, credentials, deps),
    decoder: createDecoder(config.venue, config.instruments),
    config,
    onEvent: deps.onEvent,
    secrets: credentials.sensitive(),
    ...(deps.onStatus !== undefined ? { onStatus: deps.onStatus } : {}),
    ...(deps.timers !== undefined ? { timers: deps.timers } : {}),
    ...(deps.random !== undefined ? { random: deps.random } : {}),
    ...(deps.logger !== undefined ? { logger: deps.logger } : {}),
  });
}

/** `createLiveFeed` then `start()`. */
export function startLiveFeed(config: VenueFeedConfig, deps: LiveFeedDeps): LiveFeed {
  const feed = createLiveFeed(config, deps);
  feed.start();
  return feed;
}
