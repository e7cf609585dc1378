/**
 * BitMEX order entry over REST (https://www.bitmex.com/api/explorer/#!/Order/Order_new,
 * #!/Order/Order_cancel): `POST /api/v1/order` with the JSON body `{symbol, side:"Buy"|"Sell",
 * orderQty (contracts), price, ordType:"Limit", timeInForce:"GoodTillCancel"|"ImmediateOrCancel",
 * clOrdID, execInst:"ReduceOnly"}` (`clOrdID`: the engine's client id; `execInst` only for
 * reduce-only requests), `DELETE /api/v1/order` `{clOrdID}`; signed as every private call
 * (`api-key`, `api-expires`, `api-signature` = hex HMAC-SHA256 of verb + path + expires + body).
 * BitMEX has no WebSocket order entry: REST is its only order API.
 *
 * Answers (https://www.bitmex.com/app/restAPI "Limits", "Overload"): HTTP 200 accepted
 * (`orderID`; a cancel answers the canceled rows); HTTP 429 rate limited and HTTP 503 "The
 * system is currently overloaded" overloaded ("the request will not have reached the engine"),
 * both through `bitmexComeBackLater`; other 4xx rejected; other 5xx unknown.
 */
import { bitmexComeBackLater } from '../feeds/bitmex/bitmex-rest.js';
import { bitmexSignature } from '../feeds/bitmex/bitmex-protocol.js';
import { field, tryJson } from '../feeds/rest-body.js';
import type { EntryOutcome, OrderEntry, OrderEntryRequest } from './order-entry.js';
import { entryCall } from './rest-entry-call.js';
import { VenueEntryBase } from './venue-entry-base.js';

const PATH = '/api/v1/order';
const EXPIRES_AHEAD_S = 10;

export class BitmexOrderEntry extends VenueEntryBase implements OrderEntry {
  readonly venue = 'bitmex';

  place(r: OrderEntryRequest): Promise<EntryOutcome> {
    const symbol = this.venueSymbol(r.symbol);
    if (symbol === undefined) return Promise.resolve(this.unlisted(r.clientId, r.symbol));
    const orderQty = Number(r.qty);
    if (!Number.isSafeInteger(orderQty) || orderQty <= 0) return Promise.resolve({ kind: 'rejected', clientId: r.clientId, reason: `qty ${r.qty} is not a whole number of contracts` });
    const body = {
      symbol, side: r.side === 'buy' ? 'Buy' : 'Sell', orderQty, price: Number(r.price), ordType: 'Limit',
      timeInForce: r.tif === 'IOC' ? 'ImmediateOrCancel' : 'GoodTillCancel', clOrdID: r.clientId, ...(r.reduceOnly === true ? { execInst: 'ReduceOnly' } : {}),
    };
    return this.#send('POST', body, r.clientId);
  }

  cancel(clientId: string, symbol: string): Promise<EntryOutcome> {
    if (this.venueSymbol(symbol) === undefined) return Promise.resolve(this.unlisted(clientId, symbol));
    return this.#send('DELETE', { clOrdID: clientId }, clientId);
  }

  /**
   * `POST /api/v1/order/cancelAllAfter {timeout}`: the account's dead-man switch ("useful as a
   * dead-man's switch to ensure your orders are canceled in case of an outage"), for every symbol
   * (`symbols` only checks that they are configured); 0 disarms.
   */
  cancelAllAfter(timeoutMs: number, symbols: readonly string[]): Promise<EntryOutcome> {
    const missing = symbols.find((s) => this.venueSymbol(s) === undefined);
    if (missing !== undefined) return Promise.resolve(this.unlisted('', missing));
    return this.#send('POST', { timeout: timeoutMs }, '', `${PATH}/cancelAllAfter`);
  }

  #send(method: 'POST' | 'DELETE', payload: Record<string, unknown>, clientId: string, path = PATH): Promise<EntryOutcome> {
    const body = JSON.stringify(payload);
    const expires = Math.floor(this.clock.nowMs() / 1000) + EXPIRES_AHEAD_S;
    const headers = {
      'Content-Type': 'application/json', 'api-key': this.credentials.apiKey, 'api-expires': String(expires),
      'api-signature': bitmexSignature(this.credentials.secret, method, path, expires, body),
    };
    return entryCall(this.client, method, path, headers, body, clientId, bitmexComeBackLater, (res) => {
      const json = tryJson(res);
      if (res.status === 200) {
        const row = Array.isArray(json) ? json[0] : json;
        return { kind: 'accepted', clientId, venueOrderId: String(field(row, 'orderID')), reason: `HTTP 200 ${String(field(row, 'ordStatus'))}` };
      }
      if (res.status >= 500) return { kind: 'unknown', clientId, reason: `HTTP ${res.status}` };
      return { kind: 'rejected', clientId, reason: `HTTP ${res.status} ${String(field(field(json, 'error'), 'message')).slice(0, 80)}` };
    });
  }
}
