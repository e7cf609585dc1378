/**
 * The order-entry protocol: JSON text messages on `ws://127.0.0.1:<port>/trade?apiKey=<key>`
 * (the API key selects the account; an unknown key is refused with HTTP 401 at the upgrade).
 *
 * Requests (client → exchange):
 * | message | effect |
 * | --- | --- |
 * | `{"op":"order","clientId":"s1-1","symbol":"BTCUSDT","side":"buy","qty":"0.010","price":"60000.1","tif":"IOC"}` | new limit order; `tif` GTC (rests) or IOC (remainder cancelled); `qty`/`price` decimal strings on the lot/tick grid |
 * | `{"op":"cancel","clientId":"s1-1"}` | cancel a live order by its client id |
 * | `{"op":"quotes","symbols":["BTCUSDT"]}` | push a `quote` after every market tick for these symbols |
 * | `{"op":"ping","reqId":"x"}` | `{"op":"pong","reqId":"x","t":<sim ms>}` |
 *
 * Replies (exchange → client), `t` is simulated ms:
 * | message | meaning |
 * | --- | --- |
 * | `{"op":"ack","clientId","orderId","symbol","status","cumQty","leavesQty","avgPrice","t"}` | accepted; the state right after matching (an IOC is already final: `filled` or `canceled`) |
 * | `{"op":"reject","clientId","request":"order"/"cancel","code","message","retryAfterMs"?,"t"}` | refused, with a stable `code` (see `RejectCode`) |
 * | `{"op":"canceled","clientId","orderId","cumQty","t"}` | the cancel took the order off the book |
 * | `{"op":"quote","symbol","bid","bidQty","ask","askQty","mid","t"}` | top of book after a market tick |
 *
 * Fills are not repeated here: they arrive on the account's private stream, in the venue's
 * framing and subject to the fault profile, as on a real venue. A "come back later" reject
 * (`RATE_LIMITED`, `OVERLOADED`) means the order never reached the book.
 */
import type { Side, TimeInForce } from '../scenario/scenario-types.js';

/** Stable reject codes (never renamed). */
export type RejectCode =
  | 'BAD_REQUEST' | 'UNKNOWN_SYMBOL' | 'BAD_QUANTITY' | 'BAD_PRICE' | 'DUPLICATE_CLIENT_ID'
  | 'UNKNOWN_ORDER' | 'RATE_LIMITED' | 'OVERLOADED';

export interface NewOrderRequest {
  readonly op: 'order';
  readonly clientId: string;
  readonly symbol: string;
  readonly side: Side;
  /** Decimal strings, checked against the instrument by the exchange. */
  readonly qty: string;
  readonly price: string;
  readonly tif: TimeInForce;
}

export interface CancelRequest { readonly op: 'cancel'; readonly clientId: string }
export interface QuotesRequest { readonly op: 'quotes'; readonly symbols: readonly string[] }
export interface PingRequest { readonly op: 'ping'; readonly reqId: string }

export type EntryRequest = NewOrderRequest | CancelRequest | QuotesRequest | PingRequest;

export type ParsedRequest =
  | { readonly ok: true; readonly request: EntryRequest }
  | { readonly ok: false; readonly clientId: string; readonly request: string; readonly message: string };

/** Parses one text message; shape errors become a `BAD_REQUEST` description (never throws). */
export function parseEntryRequest(text: string): ParsedRequest {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return bad('', 'unknown', 'message is not JSON');
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return bad('', 'unknown', 'message must be a JSON object');
  const r = v as Record<string, unknown>;
  const clientId = typeof r['clientId'] === 'string' ? r['clientId'] : '';
  switch (r['op']) {
    case 'order': {
      const problems: string[] = [];
      if (clientId === '') problems.push('clientId must be a non-empty string');
      if (typeof r['symbol'] !== 'string') problems.push('symbol must be a string');
      if (r['side'] !== 'buy' && r['side'] !== 'sell') problems.push('side must be "buy" or "sell"');
      if (typeof r['qty'] !== 'string') problems.push('qty must be a decimal string');
      if (typeof r['price'] !== 'string') problems.push('price must be a decimal string');
      if (r['tif'] !== 'GTC' && r['tif'] !== 'IOC') problems.push('tif must be "GTC" or "IOC"');
      if (problems.length > 0) return bad(clientId, 'order', problems.join('; '));
      return { ok: true, request: { op: 'order', clientId, symbol: r['symbol'] as string, side: r['side'] as Side, qty: r['qty'] as string, price: r['price'] as string, tif: r['tif'] as TimeInForce } };
    }
    case 'cancel':
      if (clientId === '') return bad('', 'cancel', 'clientId must be a non-empty string');
      return { ok: true, request: { op: 'cancel', clientId } };
    case 'quotes': {
      const symbols = r['symbols'];
      if (!Array.isArray(symbols) || !symbols.every((s) => typeof s === 'string')) return bad('', 'quotes', 'symbols must be an array of strings');
      return { ok: true, request: { op: 'quotes', symbols: symbols as string[] } };
    }
    case 'ping':
      return { ok: true, request: { op: 'ping', reqId: typeof r['reqId'] === 'string' ? r['reqId'] : '' } };
    default:
      return bad(clientId, 'unknown', `op must be order, cancel, quotes or ping, got ${JSON.stringify(r['op'])?.slice(0, 30)}`);
  }
}

function bad(clientId: string, request: string, message: string): ParsedRequest {
  return { ok: false, clientId, request, message };
}
