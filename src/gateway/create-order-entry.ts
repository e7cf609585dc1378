/**
 * Builds a venue's order entry from its resolved venue config (endpoint, credentials, symbols,
 * REST policy). Pass the `RestClient` the account's position hook uses (`createPositionHook`'s
 * `client`) to share one budget and one back-off between order entry and reconciliation.
 *
 * Venues: Bybit, Binance USD-M and BitMEX over REST. OKX and Deribit document order entry on
 * their private WebSockets (OKX `op: "order"`, Deribit `private/buy` / `private/sell`), which this
 * gateway does not speak yet: asking for them throws `ERR_RISKGATE_GATEWAY_VENUE`.
 */
import { venueCredentials } from '../feeds/create-live-feed.js';
import { realTimers, type FeedClock } from '../feeds/feed-timers.js';
import { RestClient, type Send } from '../feeds/rest-client.js';
import type { VenueFeedConfig } from '../feeds/venue-config.js';
import { BinanceOrderEntry } from './binance-order-entry.js';
import { BitmexOrderEntry } from './bitmex-order-entry.js';
import { BybitOrderEntry } from './bybit-order-entry.js';
import type { OrderEntry } from './order-entry.js';

export interface OrderEntryDeps {
  readonly clock?: FeedClock;
  readonly env?: NodeJS.ProcessEnv;
  readonly send?: Send;
  readonly client?: RestClient;
}

export class GatewayError extends Error {
  readonly code = 'ERR_RISKGATE_GATEWAY_VENUE';
}

export function createOrderEntry(venue: VenueFeedConfig, deps: OrderEntryDeps = {}): OrderEntry {
  const clock = deps.clock ?? realTimers;
  const credentials = venueCredentials(venue, deps.env);
  const client = deps.client ?? new RestClient(venue.endpoint.rest, venue.rest, clock, deps.send);
  switch (venue.venue) {
    case 'bybit': return new BybitOrderEntry(client, credentials, venue.instruments, clock);
    case 'binance-usdm': return new BinanceOrderEntry(client, credentials, venue.instruments, clock);
    case 'bitmex': return new BitmexOrderEntry(client, credentials, venue.instruments, clock);
    case 'okx':
    case 'deribit':
      throw new GatewayError(`${venue.venue}: order entry over its WebSocket order API is not built; this gateway speaks Bybit, Binance USD-M and BitMEX`);
  }
}
