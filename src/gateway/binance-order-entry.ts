/**
 * Binance USD-M order entry over REST
 * (https://developers.binance.com/docs/derivatives/usds-margined-futures/trade/rest-api):
 * `POST /fapi/v1/order` (TRADE, SIGNED: `X-MBX-APIKEY`, `timestamp`, `signature` = hex HMAC-SHA256
 * of the query) with `symbol`, `side` BUY/SELL, `type` LIMIT, `timeInForce` GTC/IOC, `quantity`,
 * `price`, `newClientOrderId` (the engine's client id) and `reduceOnly=true` for reduce-only
 * requests; `DELETE /fapi/v1/order` by `origClientOrderId`. Binance also has a WebSocket API
 * (`order.place`), not used here: one REST door shares the position hook's budget and back-off.
 *
 * Answers: HTTP 200 accepted (`orderId`); HTTP 4xx `{code, msg}` rejected (e.g. -2022 "ReduceOnly
 * Order is rejected", -2011 unknown order on cancel); "come back later": HTTP 429 / 418 (request
 * weight, `Retry-After`) → rate limited (the generic rule: the request was refused before it was
 * processed). Every 5xx, -1008 "Server is currently overloaded with other requests" included, is
 * unknown: Binance says of HTTP 5XX "It is important to NOT treat this as a failure operation; the
 * execution status is UNKNOWN and could have been a success"
 * (https://developers.binance.com/docs/binance-spot-api-docs/rest-api/http-return-codes), so the
 * gate keeps the order's headroom until the private stream or a snapshot settles it.
 */
import { binanceSignature } from '../feeds/binance/binance-rest.js';
import { field, tryJson } from '../feeds/rest-body.js';
import type { EntryOutcome, OrderEntry, OrderEntryRequest } from './order-entry.js';
import { entryCall } from './rest-entry-call.js';
import { VenueEntryBase } from './venue-entry-base.js';

export class BinanceOrderEntry extends VenueEntryBase implements OrderEntry {
  readonly venue = 'binance-usdm';

  place(r: OrderEntryRequest): Promise<EntryOutcome> {
    const symbol = this.venueSymbol(r.symbol);
    if (symbol === undefined) return Promise.resolve(this.unlisted(r.clientId, r.symbol));
    const params = new URLSearchParams({ symbol, side: r.side === 'buy' ? 'BUY' : 'SELL', type: 'LIMIT', timeInForce: r.tif, quantity: r.qty, price: r.price, newClientOrderId: r.clientId });
    if (r.reduceOnly === true) params.set('reduceOnly', 'true');
    return this.#send('POST', params, r.clientId);
  }

  cancel(clientId: string, symbol: string): Promise<EntryOutcome> {
    const venueSymbol = this.venueSymbol(symbol);
    if (venueSymbol === undefined) return Promise.resolve(this.unlisted(clientId, symbol));
    return this.#send('DELETE', new URLSearchParams({ symbol: venueSymbol, origClientOrderId: clientId }), clientId);
  }

  /**
   * `POST /fapi/v1/countdownCancelAll` per symbol (TRADE, weight 10): "all your orders of the
   * specified symbol will be automatically canceled" unless called again within `countdownTime`
   * (https://developers.binance.com/docs/derivatives/usds-margined-futures/trade/rest-api/Auto-Cancel-All-Open-Orders).
   * Accepted only when every symbol's call was.
   */
  async cancelAllAfter(timeoutMs: number, symbols: readonly string[]): Promise<EntryOutcome> {
    for (const s of symbols) {
      const symbol = this.venueSymbol(s);
      if (symbol === undefined) return this.unlisted('', s);
      const o = await this.#send('POST', new URLSearchParams({ symbol, countdownTime: String(timeoutMs) }), '', '/fapi/v1/countdownCancelAll');
      if (o.kind !== 'accepted') return o;
    }
    return { kind: 'accepted', clientId: '', reason: `countdownCancelAll ${timeoutMs} ms on ${symbols.length} symbol(s)` };
  }

  #send(method: 'POST' | 'DELETE', params: URLSearchParams, clientId: string, endpoint = '/fapi/v1/order'): Promise<EntryOutcome> {
    params.set('timestamp', String(Math.floor(this.clock.nowMs())));
    const query = params.toString();
    const path = `${endpoint}?${query}&signature=${binanceSignature(this.credentials.secret, query)}`;
    return entryCall(this.client, method, path, { 'X-MBX-APIKEY': this.credentials.apiKey }, undefined, clientId, undefined, (res) => {
      const body = tryJson(res);
      if (res.status === 200) return { kind: 'accepted', clientId, venueOrderId: String(field(body, 'orderId')), reason: `HTTP 200 ${String(field(body, 'status'))}` };
      if (res.status >= 500) return { kind: 'unknown', clientId, reason: `HTTP ${res.status}` };
      return { kind: 'rejected', clientId, reason: `HTTP ${res.status} code ${String(field(body, 'code'))} ${String(field(body, 'msg')).slice(0, 80)}` };
    });
  }
}
