/**
 * Builds a venue's order entry from its resolved venue config (endpoint, credentials, symbols,
 * REST policy). Pass the `RestClient` the account's position hook uses (`createPositionHook`'s
 * `client`) to share one budget and one back-off between order entry and reconciliation.
 *
 * Venues: Bybit, Binance USD-M and BitMEX over REST; OKX and Deribit over their WebSocket order
 * APIs (OKX `op: "order"` on the private socket, Deribit `private/buy` / `private/sell`), which
 * draw on the same `RestClient` budget. `timers` time the WebSocket requests and keep-alives
 * (default real timers).
 */
import { venueCredentials } from '../feeds/create-live-feed.js';
import { realTimers, type FeedClock, type FeedTimers } from '../feeds/feed-timers.js';
import { RestClient, type Send } from '../feeds/rest-client.js';
import type { VenueFeedConfig } from '../feeds/venue-config.js';
import { BinanceOrderEntry } from './binance-order-entry.js';
import { BitmexOrderEntry } from './bitmex-order-entry.js';
import { BybitOrderEntry } from './bybit-order-entry.js';
import { DeribitOrderEntry } from './deribit-order-entry.js';
import { OkxOrderEntry } from './okx-order-entry.js';
import type { OrderEntry } from './order-entry.js';

export interface OrderEntryDeps {
  readonly clock?: FeedClock;
  readonly timers?: FeedTimers;
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
  const timers = deps.timers ?? realTimers;
  const client = deps.client ?? new RestClient(venue.endpoint.rest, venue.rest, clock, deps.send);
  switch (venue.venue) {
    case 'bybit': return new BybitOrderEntry(client, credentials, venue.instruments, clock, { wsUrl: venue.endpoint.ws, timers, pingIntervalMs: venue.pingIntervalMs });
    case 'binance-usdm': return new BinanceOrderEntry(client, credentials, venue.instruments, clock);
    case 'bitmex': return new BitmexOrderEntry(client, credentials, venue.instruments, clock);
    case 'okx': return new OkxOrderEntry(client, credentials, venue.instruments, clock, { wsUrl: venue.endpoint.ws, timers, pingIntervalMs: venue.pingIntervalMs, simulated: venue.endpoint.network === 'testnet' });
    case 'deribit': return new DeribitOrderEntry(client, credentials, venue.instruments, clock, { wsUrl: venue.endpoint.ws, timers, heartbeatSec: Math.max(10, Math.round(venue.pingIntervalMs / 1000)) });
  }
}
