/**
 * OKX v5 order entry over the private WebSocket, OKX's lower-latency order path
 * (https://www.okx.com/docs-v5/en/#order-book-trading-trade-ws-place-order,
 * https://www.okx.com/docs-v5/en/#order-book-trading-trade-ws-cancel-order): after the login
 * every private socket takes (`op: "login"`, https://www.okx.com/docs-v5/en/#overview-websocket-login),
 * `{"id", "op": "order", "args": [{instId, tdMode: "cross", side, ordType: "limit"|"ioc", px, sz,
 * clOrdId, reduceOnly}]}` places (`clOrdId`: the engine's client id, which OKX wants as 1-32
 * letters and digits: any other id is refused here, unsent; `reduceOnly: true` for reduce-only
 * requests; `ordType` "ioc" is OKX's immediate-or-cancel limit order) and `{"id", "op":
 * "cancel-order", "args": [{instId, clOrdId}]}` cancels. Each reply echoes `id` with a top-level
 * `code` and one `data` row per order whose `sCode` is that order's result ("0" success).
 *
 * Answers → outcomes. OKX reports each order's result in its row: a non-zero `sCode` means that
 * order was not placed, so every such answer frees the headroom:
 * - `sCode` "0" → accepted (`ordId`).
 * - `sCode` "50011" "Rate limit reached" (https://www.okx.com/docs-v5/en/#error-code-rest-api-general;
 *   order placement is limited per User ID and instrument, 60 requests per 2 s shared with REST)
 *   → rate limited, the account backs off the 2 s window.
 * - `sCode` "50013" "Systems are busy. Please try again later." → overloaded.
 * - any other `sCode` (51008 insufficient margin, 51169 nothing to reduce, 51400 cancel of a
 *   finished order, ...) → rejected.
 * - no row, top-level `code` "50011" → rate limited; any other non-zero `code` (60013 invalid
 *   args, ...) → rejected: the request as a whole was refused.
 * - no reply within the REST timeout, or the socket closed while waiting → unknown.
 *
 * Dead-man switch: `POST /api/v5/trade/cancel-all-after {"timeOut": "<seconds>"}`
 * (https://www.okx.com/docs-v5/en/#order-book-trading-trade-post-cancel-all-after): "Cancel all
 * pending orders after the countdown timeout", 0 or 10..120 seconds ("0" disables it), signed as
 * every REST call (`OK-ACCESS-SIGN` over timestamp + "POST" + path + body), through the account's
 * `RestClient`.
 */
import type { Credentials } from '../feeds/credentials.js';
import type { FeedClock, FeedTimers } from '../feeds/feed-timers.js';
import { okxLoginSignature } from '../feeds/okx/okx-protocol.js';
import { okxComeBackLater, okxRestSignature } from '../feeds/okx/okx-rest.js';
import { field, tryJson } from '../feeds/rest-body.js';
import type { RestClient } from '../feeds/rest-client.js';
import type { VenueSymbolConfig } from '../venues/venue-decoder.js';
import type { EntryOutcome, OrderEntry, OrderEntryRequest } from './order-entry.js';
import { entryCall } from './rest-entry-call.js';
import { VenueEntryBase } from './venue-entry-base.js';
import { wsEntryCall, type WsAnswer } from './ws-entry-call.js';
import { WsEntryLink, type EntrySession } from './ws-entry-link.js';

const CLIENT_ID = /^[A-Za-z0-9]{1,32}$/;
const RATE_LIMIT_REACHED = '50011';
const SYSTEM_BUSY = '50013';
/** Order placement: "60 requests per 2 seconds" per User ID and instrument. */
const ORDER_WINDOW_MS = 2_000;
const CANCEL_ALL_AFTER = '/api/v5/trade/cancel-all-after';
/** cancel-all-after's documented range (s), besides 0. */
const MIN_TIMEOUT_S = 10;
const MAX_TIMEOUT_S = 120;

export interface OkxEntryOptions {
  /** The private WebSocket (the venue config's `endpoint.ws`). */
  readonly wsUrl: string;
  readonly timers: FeedTimers;
  /** Keep-alive period (ms, < 30 s: OKX drops a socket silent for 30 s). */
  readonly pingIntervalMs: number;
  /** Demo trading: the `x-simulated-trading: 1` REST header. */
  readonly simulated: boolean;
}

export class OkxOrderEntry extends VenueEntryBase implements OrderEntry {
  readonly venue = 'okx';
  readonly #link: WsEntryLink;
  readonly #simulated: boolean;
  #nextId = 0;

  constructor(client: RestClient, credentials: Credentials, instruments: readonly VenueSymbolConfig[], clock: FeedClock, options: OkxEntryOptions) {
    super(client, credentials, instruments, clock);
    this.#simulated = options.simulated;
    this.#link = new WsEntryLink(options.wsUrl, okxSession(credentials, clock, options.pingIntervalMs), options.timers, client.timeoutMs, credentials.sensitive());
  }

  place(r: OrderEntryRequest): Promise<EntryOutcome> {
    const instId = this.venueSymbol(r.symbol);
    if (instId === undefined) return Promise.resolve(this.unlisted(r.clientId, r.symbol));
    if (!CLIENT_ID.test(r.clientId)) return Promise.resolve({ kind: 'rejected', clientId: r.clientId, reason: 'not sent: OKX clOrdId must be 1-32 letters and digits' });
    const arg = {
      instId, tdMode: 'cross', side: r.side, ordType: r.tif === 'IOC' ? 'ioc' : 'limit', px: r.price, sz: r.qty, clOrdId: r.clientId,
      ...(r.reduceOnly === true ? { reduceOnly: true } : {}),
    };
    return this.#op('order', arg, r.clientId);
  }

  cancel(clientId: string, symbol: string): Promise<EntryOutcome> {
    const instId = this.venueSymbol(symbol);
    if (instId === undefined) return Promise.resolve(this.unlisted(clientId, symbol));
    return this.#op('cancel-order', { instId, clOrdId: clientId }, clientId);
  }

  /** Arms (or refreshes) cancel-all-after for the whole account; `timeoutMs` whole seconds in 10..120 s, or 0 to disarm. */
  cancelAllAfter(timeoutMs: number, symbols: readonly string[]): Promise<EntryOutcome> {
    const missing = symbols.find((s) => this.venueSymbol(s) === undefined);
    if (missing !== undefined) return Promise.resolve(this.unlisted('', missing));
    const seconds = timeoutMs / 1000;
    if (!(timeoutMs === 0 || (Number.isInteger(seconds) && seconds >= MIN_TIMEOUT_S && seconds <= MAX_TIMEOUT_S))) {
      return Promise.resolve({ kind: 'rejected', clientId: '', reason: `not sent: OKX cancel-all-after takes 0 or whole seconds from ${MIN_TIMEOUT_S} to ${MAX_TIMEOUT_S} (got ${timeoutMs} ms)` });
    }
    const body = JSON.stringify({ timeOut: String(seconds) });
    const ts = new Date(this.clock.nowMs()).toISOString();
    const c = this.credentials;
    const headers: Record<string, string> = {
      'Content-Type': 'application/json', 'OK-ACCESS-KEY': c.apiKey, 'OK-ACCESS-PASSPHRASE': c.passphrase, 'OK-ACCESS-TIMESTAMP': ts,
      'OK-ACCESS-SIGN': okxRestSignature(c.secret, ts, 'POST', CANCEL_ALL_AFTER, body),
    };
    if (this.#simulated) headers['x-simulated-trading'] = '1';
    return entryCall(this.client, 'POST', CANCEL_ALL_AFTER, headers, body, '', okxComeBackLater, (res) => {
      const json = tryJson(res);
      const code = field(json, 'code');
      const data = field(json, 'data');
      if (code === '0') return { kind: 'accepted', clientId: '', reason: `cancel-all-after ${seconds} s, triggerTime ${String(field(Array.isArray(data) ? data[0] : undefined, 'triggerTime'))}` };
      if (res.status >= 500) return { kind: 'unknown', clientId: '', reason: `HTTP ${res.status}` };
      return { kind: 'rejected', clientId: '', reason: `HTTP ${res.status} code ${String(code)} ${String(field(json, 'msg')).slice(0, 80)}` };
    });
  }

  /** Closes the socket (pending requests end unknown). */
  override close(): void {
    this.#link.close();
  }

  #op(op: 'order' | 'cancel-order', arg: Record<string, unknown>, clientId: string): Promise<EntryOutcome> {
    const id = String(++this.#nextId);
    return wsEntryCall(this.client, this.#link, `ws ${op}`, id, JSON.stringify({ id, op, args: [arg] }), clientId, (reply) => readReply(reply, clientId));
  }
}

/** One `order` / `cancel-order` reply → outcome (see the header). */
function readReply(reply: unknown, clientId: string): WsAnswer {
  const code = field(reply, 'code');
  const data = field(reply, 'data');
  const row: unknown = Array.isArray(data) ? data[0] : undefined;
  const sCode = field(row, 'sCode');
  const said = (c: unknown, msg: unknown): string => `code ${String(c)} ${String(msg ?? '').slice(0, 80)}`;
  if (sCode === '0' && code === '0') return { outcome: { kind: 'accepted', clientId, venueOrderId: String(field(row, 'ordId')), reason: 'sCode 0' } };
  const c = typeof sCode === 'string' ? sCode : code;
  const reason = typeof sCode === 'string' ? `s${said(sCode, field(row, 'sMsg'))}` : said(code, field(reply, 'msg'));
  if (c === RATE_LIMIT_REACHED) return { outcome: { kind: 'rate-limited', clientId, reason }, later: { kind: 'rate-limited', afterMs: ORDER_WINDOW_MS, reason } };
  if (c === SYSTEM_BUSY) return { outcome: { kind: 'overloaded', clientId, reason }, later: { kind: 'overloaded', afterMs: 0, reason } };
  return { outcome: { kind: 'rejected', clientId, reason } };
}

/** The login and keep-alive of the order socket (the same login as the private stream's). */
function okxSession(credentials: Credentials, clock: FeedClock, pingIntervalMs: number): EntrySession {
  return {
    open: (link) => {
      const timestamp = String(Math.floor(clock.nowMs() / 1000));
      const sign = okxLoginSignature(credentials.secret, timestamp);
      link.sensitive(sign);
      link.send(JSON.stringify({ op: 'login', args: [{ apiKey: credentials.apiKey, passphrase: credentials.passphrase, timestamp, sign }] }));
    },
    handshake: (frame) => {
      const event = field(frame, 'event');
      if (event === 'login') return field(frame, 'code') === '0' ? 'ready' : { failed: `login refused: code ${String(field(frame, 'code'))}` };
      if (event === 'error') return { failed: `login refused: code ${String(field(frame, 'code'))} ${String(field(frame, 'msg')).slice(0, 80)}` };
      return undefined;
    },
    replyId: (frame) => {
      const id = field(frame, 'id');
      return typeof id === 'string' && field(frame, 'op') !== undefined ? id : undefined;
    },
    keepAlive: { text: () => 'ping', everyMs: pingIntervalMs },
  };
}
