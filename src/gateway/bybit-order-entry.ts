/**
 * Bybit v5 order entry over REST (https://bybit-exchange.github.io/docs/v5/order/create-order,
 * https://bybit-exchange.github.io/docs/v5/order/cancel-order): `POST /v5/order/create` with the
 * JSON body `{category:"linear", symbol, side:"Buy"|"Sell", orderType:"Limit", qty, price,
 * timeInForce:"GTC"|"IOC", orderLinkId, reduceOnly}` (`orderLinkId`: the engine's client id;
 * `reduceOnly` true for reduce-only requests), `POST /v5/order/cancel` `{category, symbol,
 * orderLinkId}`; signed as every v5 private call (`X-BAPI-SIGN` = hex HMAC-SHA256 of timestamp +
 * apiKey + recvWindow + body). Bybit's WebSocket trade API (`order.create` on /v5/trade) is lower
 * latency; this entry uses REST so that one `RestClient` meters every call of the account.
 *
 * Answers (https://bybit-exchange.github.io/docs/v5/error): `retCode` 0 accepted (`orderId`);
 * 10006 "Too many visits" (HTTP 200) and the IP's HTTP 403 → rate limited (`bybitComeBackLater`:
 * refused before processing); 10016 "Server error" / 10019 "service is restarting" and any 5xx →
 * unknown: Bybit does not document that such an order never reached the book, so the gate keeps
 * its headroom (no "overloaded" outcome on Bybit); any other `retCode` rejected (110017
 * reduce-only rule not satisfied, 110001 order does not exist on cancel).
 */
import { bybitComeBackLater, bybitRestSignature } from '../feeds/bybit/bybit-rest.js';
import { field, tryJson } from '../feeds/rest-body.js';
import type { EntryOutcome, OrderEntry, OrderEntryRequest } from './order-entry.js';
import { entryCall } from './rest-entry-call.js';
import { VenueEntryBase } from './venue-entry-base.js';

const RECV_WINDOW = '5000';
/** Bybit's "the server had trouble" codes: the order's fate is unknown. */
const UNKNOWN_FATE: ReadonlySet<unknown> = new Set([10016, 10019]);

export class BybitOrderEntry extends VenueEntryBase implements OrderEntry {
  readonly venue = 'bybit';

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
   * Bybit's dead-man switch is disconnection protection (DCP): the private WebSocket must
   * subscribe the `dcp` topic and keep pinging, and the window is set by
   * `POST /v5/order/disconnected-cancel-all` (https://bybit-exchange.github.io/docs/v5/order/dcp).
   * Not built here: refused, so a caller never believes it is armed.
   */
  cancelAllAfter(): Promise<EntryOutcome> {
    return Promise.resolve({ kind: 'rejected', clientId: '', reason: 'Bybit disconnection protection (dcp topic on the private WebSocket) is not built' });
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
