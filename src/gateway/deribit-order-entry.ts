/**
 * Deribit order entry over its JSON-RPC WebSocket (Deribit's order path: "WebSocket is the
 * preferred transport", https://docs.deribit.com/articles/order-management-best-practices), on one
 * socket logged in with `public/auth` (`client_signature`, as the private stream's):
 *
 * - `private/buy` / `private/sell` (https://docs.deribit.com/api-reference/trading/private-buy,
 *   …/private-sell) `{instrument_name, amount, type: "limit", price, label, time_in_force:
 *   "good_til_cancelled"|"immediate_or_cancel", reduce_only}`: `label` is the engine's client id
 *   (Deribit's user-defined order label, at most 64 characters: a longer id is refused here,
 *   unsent), `reduce_only: true` for reduce-only requests. `amount` and `price` are JSON numbers.
 *   Result `{order: {order_id, order_state, label, ...}, trades}`.
 * - Cancel by the client id: `private/cancel_by_label {label}`
 *   (https://docs.deribit.com/api-reference/trading/private-cancel_by_label), result the number of
 *   orders cancelled: 0 is refused (no open order carries that label).
 *
 * Answers → outcomes (error codes: https://docs.deribit.com/articles/errors):
 * - a `result` → accepted.
 * - error 10028 `too_many_requests` ("Rate limit exceeded") → rate limited (the account backs off).
 * - error 10047 `matching_engine_queue_full` and 10040 `retry` ("Request can't be processed right
 *   now and should be retried") → overloaded: refused before the matching engine took the order.
 * - error 11094 `internal_server_error`, 13028 `temporarily_unavailable`, 13888 `timed_out` →
 *   unknown: Deribit does not say whether the order reached the book.
 * - any other error → rejected.
 * - no reply within the REST timeout, or the socket closed while waiting → unknown.
 *
 * Dead-man switch: Deribit's is cancel-on-disconnect
 * (https://docs.deribit.com/api-reference/session-management/private-enable_cancel_on_disconnect):
 * enabled for this connection (`scope: "connection"`), "all orders created via this connection
 * will be automatically cancelled when the connection is closed" (closed, or found dead by the
 * heartbeat this socket sets with `public/set_heartbeat`, or idle for 10 minutes). It is no
 * countdown: `cancelAllAfter(timeoutMs)` enables it for any `timeoutMs` > 0 (the window is how
 * soon Deribit notices, not a setting) and disables it with 0; each refresh enables it again, so
 * a socket reopened after a drop is armed at the next refresh. Orders placed on another
 * connection are not covered: place through this entry.
 */
import type { Credentials } from '../feeds/credentials.js';
import { deribitAuthSignature } from '../feeds/deribit/deribit-protocol.js';
import type { FeedClock, FeedTimers } from '../feeds/feed-timers.js';
import { field } from '../feeds/rest-body.js';
import type { RestClient } from '../feeds/rest-client.js';
import type { VenueSymbolConfig } from '../venues/venue-decoder.js';
import type { EntryOutcome, OrderEntry, OrderEntryRequest } from './order-entry.js';
import { VenueEntryBase } from './venue-entry-base.js';
import { wsEntryCall, type WsAnswer } from './ws-entry-call.js';
import { WsEntryLink, type EntrySession } from './ws-entry-link.js';
import { randomBytes } from 'node:crypto';

const MAX_LABEL = 64;
const TOO_MANY_REQUESTS = 10028;
const OVERLOADED: ReadonlySet<unknown> = new Set([10047, 10040]);
const UNKNOWN_FATE: ReadonlySet<unknown> = new Set([11094, 13028, 13888]);
const AUTH_ID = 1_000_000_001;
const HEARTBEAT_ID = 1_000_000_002;
const TEST_ID = 1_000_000_003;

export interface DeribitEntryOptions {
  /** The JSON-RPC WebSocket (the venue config's `endpoint.ws`). */
  readonly wsUrl: string;
  readonly timers: FeedTimers;
  /** `public/set_heartbeat` interval (s, >= 10). */
  readonly heartbeatSec: number;
}

export class DeribitOrderEntry extends VenueEntryBase implements OrderEntry {
  readonly venue = 'deribit';
  readonly #link: WsEntryLink;
  #nextId = 0;

  constructor(client: RestClient, credentials: Credentials, instruments: readonly VenueSymbolConfig[], clock: FeedClock, options: DeribitEntryOptions) {
    super(client, credentials, instruments, clock);
    this.#link = new WsEntryLink(options.wsUrl, deribitSession(credentials, clock, options.heartbeatSec), options.timers, client.timeoutMs, credentials.sensitive());
  }

  place(r: OrderEntryRequest): Promise<EntryOutcome> {
    const instrument = this.venueSymbol(r.symbol);
    if (instrument === undefined) return Promise.resolve(this.unlisted(r.clientId, r.symbol));
    if (r.clientId.length === 0 || r.clientId.length > MAX_LABEL) return Promise.resolve({ kind: 'rejected', clientId: r.clientId, reason: `not sent: a Deribit label is 1-${MAX_LABEL} characters` });
    const amount = Number(r.qty);
    const price = Number(r.price);
    if (!(Number.isFinite(amount) && amount > 0 && Number.isFinite(price) && price > 0)) return Promise.resolve({ kind: 'rejected', clientId: r.clientId, reason: `not sent: qty ${r.qty} and price ${r.price} must be positive numbers` });
    const params = {
      instrument_name: instrument, amount, type: 'limit', price, label: r.clientId,
      time_in_force: r.tif === 'IOC' ? 'immediate_or_cancel' : 'good_til_cancelled', reduce_only: r.reduceOnly === true,
    };
    return this.#call(r.side === 'buy' ? 'private/buy' : 'private/sell', params, r.clientId, (result) => {
      const order = field(result, 'order');
      return { kind: 'accepted', clientId: r.clientId, venueOrderId: String(field(order, 'order_id')), reason: `order_state ${String(field(order, 'order_state'))}` };
    });
  }

  cancel(clientId: string, symbol: string): Promise<EntryOutcome> {
    if (this.venueSymbol(symbol) === undefined) return Promise.resolve(this.unlisted(clientId, symbol));
    return this.#call('private/cancel_by_label', { label: clientId }, clientId, (result) =>
      typeof result === 'number' && result > 0
        ? { kind: 'accepted', clientId, reason: `${result} order(s) cancelled` }
        : { kind: 'rejected', clientId, reason: 'no open order carries this label' });
  }

  /** Enables (any `timeoutMs` > 0) or disables (0) cancel-on-disconnect on the order socket (see the header). */
  cancelAllAfter(timeoutMs: number, symbols: readonly string[]): Promise<EntryOutcome> {
    const missing = symbols.find((s) => this.venueSymbol(s) === undefined);
    if (missing !== undefined) return Promise.resolve(this.unlisted('', missing));
    const method = timeoutMs > 0 ? 'private/enable_cancel_on_disconnect' : 'private/disable_cancel_on_disconnect';
    return this.#call(method, { scope: 'connection' }, '', (result) =>
      result === 'ok' ? { kind: 'accepted', clientId: '', reason: `${method} (connection)` } : { kind: 'rejected', clientId: '', reason: `${method} answered ${String(result).slice(0, 40)}` });
  }

  /** Closes the socket (pending requests end unknown; with cancel-on-disconnect enabled, Deribit cancels this socket's orders). */
  override close(): void {
    this.#link.close();
  }

  #call(method: string, params: Record<string, unknown>, clientId: string, accepted: (result: unknown) => EntryOutcome): Promise<EntryOutcome> {
    const id = ++this.#nextId;
    const text = JSON.stringify({ jsonrpc: '2.0', id, method, params });
    return wsEntryCall(this.client, this.#link, method, String(id), text, clientId, (reply) => readReply(reply, clientId, accepted));
  }
}

function readReply(reply: unknown, clientId: string, accepted: (result: unknown) => EntryOutcome): WsAnswer {
  const error = field(reply, 'error');
  if (error === undefined) return { outcome: accepted(field(reply, 'result')) };
  const code = field(error, 'code');
  const reason = `error ${String(code)} ${String(field(error, 'message')).slice(0, 80)}`;
  if (code === TOO_MANY_REQUESTS) return { outcome: { kind: 'rate-limited', clientId, reason }, later: { kind: 'rate-limited', afterMs: 0, reason } };
  if (OVERLOADED.has(code)) return { outcome: { kind: 'overloaded', clientId, reason }, later: { kind: 'overloaded', afterMs: 0, reason } };
  if (UNKNOWN_FATE.has(code)) return { outcome: { kind: 'unknown', clientId, reason } };
  return { outcome: { kind: 'rejected', clientId, reason } };
}

/** `public/auth`, then `public/set_heartbeat`; test_requests answered with `public/test`. */
function deribitSession(credentials: Credentials, clock: FeedClock, heartbeatSec: number): EntrySession {
  return {
    open: (link) => {
      const timestamp = clock.nowMs();
      const nonce = randomBytes(8).toString('hex');
      const signature = deribitAuthSignature(credentials.secret, timestamp, nonce, '');
      link.sensitive(signature);
      link.send(JSON.stringify({ jsonrpc: '2.0', id: AUTH_ID, method: 'public/auth', params: { grant_type: 'client_signature', client_id: credentials.apiKey, timestamp, signature, nonce, data: '' } }));
    },
    handshake: (frame, link) => {
      if (field(frame, 'id') !== AUTH_ID) return undefined;
      const error = field(frame, 'error');
      if (error !== undefined) return { failed: `auth refused: error ${String(field(error, 'code'))} ${String(field(error, 'message')).slice(0, 80)}` };
      const token = field(field(frame, 'result'), 'access_token');
      if (typeof token === 'string') link.sensitive(token);
      link.send(JSON.stringify({ jsonrpc: '2.0', id: HEARTBEAT_ID, method: 'public/set_heartbeat', params: { interval: heartbeatSec } }));
      return 'ready';
    },
    replyId: (frame) => {
      const id = field(frame, 'id');
      return typeof id === 'number' ? String(id) : undefined;
    },
    other: (frame, link) => {
      if (field(frame, 'method') === 'heartbeat' && field(field(frame, 'params'), 'type') === 'test_request') {
        link.send(JSON.stringify({ jsonrpc: '2.0', id: TEST_ID, method: 'public/test', params: {} }));
      }
    },
  };
}
