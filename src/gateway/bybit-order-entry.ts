/**
 * Bybit v5 order entry over REST (https://bybit-exchange.github.io/docs/v5/order/create-order,
 * https://bybit-exchange.github.io/docs/v5/order/cancel-order): `POST /v5/order/create` with the
 * JSON body `{category:"linear", symbol, side:"Buy"|"Sell", orderType:"Limit", qty, price,
 * timeInForce:"GTC"|"IOC", orderLinkId, reduceOnly}` (`orderLinkId`: the engine's client id;
 * `reduceOnly` true for reduce-only requests), `POST /v5/order/cancel` `{category, symbol,
 * orderLinkId}`; signed as every v5 private call (`X-BAPI-SIGN` = hex HMAC-SHA256 of timestamp +
 * apiKey + recvWindow + body). Bybit's WebSocket trade API (`order.create` on /v5/trade) is lower
 * latency; this entry uses REST so that one `RestClient` meters every call of the account.
 * Its dead-man switch (disconnection protection) is below, on a private socket of its own.
 *
 * Answers (https://bybit-exchange.github.io/docs/v5/error): `retCode` 0 accepted (`orderId`);
 * 10006 "Too many visits" (HTTP 200) and the IP's HTTP 403 → rate limited (`bybitComeBackLater`:
 * refused before processing); 10016 "Server error" / 10019 "service is restarting" and any 5xx →
 * unknown: Bybit does not document that such an order never reached the book, so the gate keeps
 * its headroom (no "overloaded" outcome on Bybit); any other `retCode` rejected (110017
 * reduce-only rule not satisfied, 110001 order does not exist on cancel).
 */
import { bybitWsSignature } from '../feeds/bybit/bybit-protocol.js';
import { bybitComeBackLater, bybitRestSignature } from '../feeds/bybit/bybit-rest.js';
import type { Credentials } from '../feeds/credentials.js';
import type { FeedClock, FeedTimers } from '../feeds/feed-timers.js';
import type { RestClient } from '../feeds/rest-client.js';
import type { VenueSymbolConfig } from '../venues/venue-decoder.js';
import { WsEntryLink, type EntrySession } from './ws-entry-link.js';
import { field, tryJson } from '../feeds/rest-body.js';
import type { EntryOutcome, OrderEntry, OrderEntryRequest } from './order-entry.js';
import { entryCall } from './rest-entry-call.js';
import { VenueEntryBase } from './venue-entry-base.js';

const RECV_WINDOW = '5000';
const DCP_PATH = '/v5/order/disconnected-cancel-all';
const DCP_TOPIC = 'dcp.future';
const DCP_MIN_S = 3;
const DCP_MAX_S = 300;
/** How far ahead the DCP socket's auth `expires` lies (ms). */
const AUTH_EXPIRES_AHEAD_MS = 10_000;
/** Bybit's "the server had trouble" codes: the order's fate is unknown. */
const UNKNOWN_FATE: ReadonlySet<unknown> = new Set([10016, 10019]);

export interface BybitEntryOptions {
  /** The private WebSocket (the venue config's `endpoint.ws`), for disconnection protection. */
  readonly wsUrl: string;
  readonly timers: FeedTimers;
  /** Ping period of the DCP socket (ms; Bybit recommends 20 s). */
  readonly pingIntervalMs: number;
}

export class BybitOrderEntry extends VenueEntryBase implements OrderEntry {
  readonly venue = 'bybit';
  readonly #ws: BybitEntryOptions;
  #dcp: WsEntryLink | undefined;
  #windowS: number | undefined;

  constructor(client: RestClient, credentials: Credentials, instruments: readonly VenueSymbolConfig[], clock: FeedClock, ws: BybitEntryOptions) {
    super(client, credentials, instruments, clock);
    this.#ws = ws;
  }

  place(r: OrderEntryRequest): Promise<EntryOutcome> {
    const symbol = this.venueSymbol(r.symbol);
    if (symbol === undefined) return Promise.resolve(this.unlisted(r.clientId, r.symbol));
    const body = { category: 'linear', symbol, side: r.side === 'buy' ? 'Buy' : 'Sell', orderType: 'Limit', qty: r.qty, price: r.price, timeInForce: r.tif, orderLinkId: r.clientId, reduceOnly: r.reduceOnly === true };
    return this.#send('/v5/order/create', body, r.clientId);
  }

  cancel(clientId: string, symbol: string): Promise<EntryOutcome> {
    const venueSymbol = this.venueSymbol(symbol);
    if (venueSymbol === undefined) return Promise.resolve(this.unlisted(clientId, symbol));
    return this.#send('/v5/order/cancel', { category: 'linear', symbol: venueSymbol, orderLinkId: clientId }, clientId);
  }

  /**
   * Bybit's dead-man switch is disconnection protection (DCP,
   * https://bybit-exchange.github.io/docs/v5/order/dcp and
   * https://bybit-exchange.github.io/docs/v5/websocket/private/dcp): once the account's private
   * connections that subscribe the `dcp.future` topic are all dead for the account's time window,
   * Bybit cancels its orders. Arming: `POST /v5/order/disconnected-cancel-all {product:
   * "DERIVATIVES", timeWindow}` (seconds, 3..300; sent again only when the window changes), then a
   * private socket of this entry's own (the venue config's `endpoint.ws`: auth as the stream's,
   * subscribe `dcp.future`). Each refresh pings that socket (the heartbeat DCP watches) or, when
   * it dropped, opens and subscribes a new one. The feed's own socket does not subscribe `dcp`, so
   * a feed reconnect never triggers it. 0 disarms: unsubscribe, then close the socket (a
   * connection no longer subscribed triggers nothing). Bybit enables DCP per account on request
   * ("contact your client manager"); an account without it answers the window call with an error,
   * reported here as rejected.
   */
  async cancelAllAfter(timeoutMs: number, symbols: readonly string[]): Promise<EntryOutcome> {
    const missing = symbols.find((s) => this.venueSymbol(s) === undefined);
    if (missing !== undefined) return this.unlisted('', missing);
    if (timeoutMs === 0) {
      const link = this.#dcp;
      this.#dcp = undefined;
      this.#windowS = undefined;
      link?.send(JSON.stringify({ op: 'unsubscribe', args: [DCP_TOPIC] }));
      link?.close();
      return { kind: 'accepted', clientId: '', reason: `${DCP_TOPIC} unsubscribed, socket closed` };
    }
    const seconds = timeoutMs / 1000;
    if (!(Number.isInteger(seconds) && seconds >= DCP_MIN_S && seconds <= DCP_MAX_S)) {
      return { kind: 'rejected', clientId: '', reason: `not sent: Bybit's DCP timeWindow is whole seconds from ${DCP_MIN_S} to ${DCP_MAX_S} (got ${timeoutMs} ms)` };
    }
    if (this.#windowS !== seconds) {
      const o = await this.#send(DCP_PATH, { product: 'DERIVATIVES', timeWindow: seconds }, '');
      if (o.kind !== 'accepted') return o;
      this.#windowS = seconds;
    }
    const link = (this.#dcp ??= new WsEntryLink(this.#ws.wsUrl, bybitDcpSession(this.credentials, this.clock, this.#ws.pingIntervalMs), this.#ws.timers, this.client.timeoutMs, this.credentials.sensitive()));
    if (link.isReady && link.send(JSON.stringify({ op: 'ping' }))) return { kind: 'accepted', clientId: '', reason: `${DCP_TOPIC} alive (ping), timeWindow ${seconds} s` };
    try {
      await link.ready();
    } catch (e) {
      return { kind: 'rejected', clientId: '', reason: `${DCP_TOPIC} socket: ${(e as Error).message}` };
    }
    return { kind: 'accepted', clientId: '', reason: `${DCP_TOPIC} subscribed, timeWindow ${seconds} s` };
  }

  override close(): void {
    this.#dcp?.close();
    this.#dcp = undefined;
  }

  #send(path: string, payload: Record<string, unknown>, clientId: string): Promise<EntryOutcome> {
    const body = JSON.stringify(payload);
    const ts = String(Math.floor(this.clock.nowMs()));
    const c = this.credentials;
    const headers = {
      'Content-Type': 'application/json', 'X-BAPI-API-KEY': c.apiKey, 'X-BAPI-TIMESTAMP': ts, 'X-BAPI-RECV-WINDOW': RECV_WINDOW,
      'X-BAPI-SIGN': bybitRestSignature(c.secret, ts, c.apiKey, RECV_WINDOW, body),
    };
    return entryCall(this.client, 'POST', path, headers, body, clientId, bybitComeBackLater, (res) => {
      const json = tryJson(res);
      const code = field(json, 'retCode');
      if (code === 0) return { kind: 'accepted', clientId, venueOrderId: String(field(field(json, 'result'), 'orderId')), reason: 'retCode 0' };
      if (res.status >= 500 || code === undefined || UNKNOWN_FATE.has(code)) return { kind: 'unknown', clientId, reason: `HTTP ${res.status}` };
      return { kind: 'rejected', clientId, reason: `retCode ${String(code)} ${String(field(json, 'retMsg')).slice(0, 80)}` };
    });
  }
}

/** The DCP socket: auth as the private stream's, then subscribe `dcp.future`; ready once subscribed; pings as keep-alive. */
function bybitDcpSession(credentials: Credentials, clock: FeedClock, pingIntervalMs: number): EntrySession {
  return {
    open: (link) => {
      const expires = Math.floor(clock.nowMs()) + AUTH_EXPIRES_AHEAD_MS;
      const signature = bybitWsSignature(credentials.secret, expires);
      link.sensitive(signature);
      link.send(JSON.stringify({ op: 'auth', args: [credentials.apiKey, expires, signature] }));
    },
    handshake: (frame, link) => {
      const op = field(frame, 'op');
      if (op !== 'auth' && op !== 'subscribe') return undefined;
      if (field(frame, 'success') !== true) return { failed: `${String(op)} refused: ${String(field(frame, 'ret_msg')).slice(0, 80)}` };
      if (op === 'subscribe') return 'ready';
      link.send(JSON.stringify({ op: 'subscribe', args: [DCP_TOPIC] }));
      return undefined;
    },
    replyId: () => undefined,
    keepAlive: { text: () => JSON.stringify({ op: 'ping' }), everyMs: pingIntervalMs },
  };
}
