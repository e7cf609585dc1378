/**
 * Binance USD-M order entry over REST, as the venue serves it to riskgate's gateway
 * (src/gateway/binance-order-entry.ts;
 * https://developers.binance.com/docs/derivatives/usds-margined-futures/trade/rest-api/New-Order,
 * …/Cancel-Order): `POST /fapi/v1/order` and `DELETE /fapi/v1/order`, TRADE endpoints signed as
 * `positionRisk` (`X-MBX-APIKEY`; `timestamp`, `signature` = hex HMAC-SHA256 of the query before
 * it; 401 -2015 / 400 -1102 / 400 -1022), each of weight 1 in the IP's request weight.
 *
 * `POST`: `symbol`, `side` BUY|SELL, `type` LIMIT, `timeInForce` GTC|IOC, `quantity`, `price`,
 * `newClientOrderId`, `reduceOnly` → the exchange's order entry under that client id; answered
 * when the exchange acknowledges (after the profile's latency). Accepted → HTTP 200 `{orderId,
 * clientOrderId, status, executedQty, …}`. Refused → HTTP 400 `{code, msg}`: -1121 unknown
 * symbol, -1013 quantity / price off the grid, -4116 client id in use, -2022 reduce-only refused
 * (`rest-order-entry.ts`). The order-entry faults answer as Binance does: `rateLimit` → HTTP 429
 * -1015 "Too many new orders" with `Retry-After`; `overload` → HTTP 503 -1008 "Server is currently
 * overloaded with other requests" (the order never reached the book).
 * `DELETE`: `symbol`, `origClientOrderId` → HTTP 200 with the order `CANCELED`, or 400 -2011
 * "Unknown order sent.".
 * `POST /fapi/v1/countdownCancelAll` (`symbol`, `countdownTime` ms; 0 stops it): the symbol's
 * dead-man switch (`dead-man-switch.ts`).
 */
import type { HttpRequest, HttpResponse, HttpApp } from '../server/index.js';
import { INVALID_KEY, takeWeight } from './binance-rest-session.js';
import { DeadManSwitches } from './dead-man-switch.js';
import type { BinanceWeightLimit } from './binance-weight-limit.js';
import { signatureMatches } from './hmac-signature.js';
import type { RestAnswer } from './rest-reply.js';
import { jsonAnswer, sendAnswer } from './rest-reply.js';
import { laterAnswer, reduceOnlyViolation } from './rest-order-entry.js';
import type { ServerContext } from './server-context.js';

const PATH = '/fapi/v1/order';
const CODES: Readonly<Record<string, readonly [number, string]>> = {
  UNKNOWN_SYMBOL: [-1121, 'Invalid symbol.'], BAD_QUANTITY: [-1013, 'Invalid quantity.'], BAD_PRICE: [-1013, 'Invalid price.'],
  DUPLICATE_CLIENT_ID: [-4116, 'ClientOrderId is duplicated.'], UNKNOWN_ORDER: [-2011, 'Unknown order sent.'], BAD_REQUEST: [-1102, 'A mandatory parameter was not sent, was empty/null, or malformed.'],
};

/** Registers `POST` and `DELETE /fapi/v1/order` on `app`, counting weight in `weights`. */
export function addBinanceOrderRoutes(app: HttpApp, ctx: ServerContext, weights: BinanceWeightLimit): void {
  const route = (res: HttpResponse, req: HttpRequest, method: 'POST' | 'DELETE'): void => {
    ctx.sync();
    const ex = ctx.exchange;
    const { headers, refused } = takeWeight(res, ctx, weights, 1);
    if (refused !== undefined) return sendAnswer(res, refused, ex.queue);
    const answer = (status: string, body: unknown): RestAnswer => jsonAnswer(status, body, headers);
    const account = ex.accountByKey(req.getHeader('x-mbx-apikey'));
    if (account === undefined) return sendAnswer(res, answer('401 Unauthorized', INVALID_KEY), ex.queue);
    const query = req.getQuery() ?? '';
    const p = new URLSearchParams(query);
    const signature = p.get('signature');
    if (p.get('timestamp') === null || signature === null) return sendAnswer(res, answer('400 Bad Request', { code: -1102, msg: 'Mandatory parameter \'timestamp\' or \'signature\' was not sent.' }), ex.queue);
    const signed = query.split('&').filter((kv) => !kv.startsWith('signature=')).join('&');
    if (account.apiSecret !== undefined && !signatureMatches(account.apiSecret, signed, signature)) return sendAnswer(res, answer('400 Bad Request', { code: -1022, msg: 'Signature for this request is not valid.' }), ex.queue);
    const write = laterAnswer(res);
    const refuse = (code: string, message?: string): void => {
      const [c, msg] = CODES[code] ?? [-1102, code];
      write(answer('400 Bad Request', { code: c, msg: message ?? msg }));
    };
    const symbol = p.get('symbol') ?? '';
    const clientId = (method === 'POST' ? p.get('newClientOrderId') : p.get('origClientOrderId')) ?? '';
    if (method === 'DELETE') {
      return ex.cancel(account.name, { op: 'cancel', clientId }, (r) => {
        if (r['op'] !== 'canceled') return refuse(String(r['code']));
        write(answer('200 OK', { symbol, clientOrderId: clientId, orderId: r['orderId'], status: 'CANCELED', executedQty: r['cumQty'], updateTime: r['t'] }));
      });
    }
    const side = p.get('side') === 'BUY' ? 'buy' : p.get('side') === 'SELL' ? 'sell' : undefined;
    const tif = p.get('timeInForce');
    if (side === undefined || (tif !== 'GTC' && tif !== 'IOC') || p.get('type') !== 'LIMIT' || clientId === '') return refuse('BAD_REQUEST');
    const inst = ex.instruments.get(symbol);
    const qty = inst?.parseQty(p.get('quantity') ?? '');
    if (p.get('reduceOnly') === 'true' && inst !== undefined && qty !== undefined) {
      const why = reduceOnlyViolation(ctx, account.name, symbol, side, qty);
      if (why !== undefined) return write(answer('400 Bad Request', { code: -2022, msg: `ReduceOnly Order is rejected. (${why})` }));
    }
    ex.submit(account.name, { op: 'order', clientId, symbol, side, qty: p.get('quantity') ?? '', price: p.get('price') ?? '', tif }, (r) => {
      if (r['op'] === 'ack') return write(answer('200 OK', { orderId: r['orderId'], symbol, clientOrderId: clientId, status: String(r['status']).replace(/([A-Z])/g, '_$1').toUpperCase(), executedQty: r['cumQty'], avgPrice: r['avgPrice'], updateTime: r['t'] }));
      if (r['code'] === 'RATE_LIMITED') return write(jsonAnswer('429 Too Many Requests', { code: -1015, msg: 'Too many new orders; current limit is 300 orders per TEN_SECONDS.' }, { ...headers, 'Retry-After': String(Math.max(1, Math.ceil(Number(r['retryAfterMs']) / 1000))) }));
      if (r['code'] === 'OVERLOADED') return write(answer('503 Service Unavailable', { code: -1008, msg: 'Server is currently overloaded with other requests. Please try again in a few minutes.' }));
      refuse(String(r['code']), typeof r['message'] === 'string' ? r['message'] : undefined);
    });
  };
  app.post(PATH, (res, req) => route(res, req, 'POST'));
  app.del(PATH, (res, req) => route(res, req, 'DELETE'));
  // countdownCancelAll (TRADE, weight 10): `symbol`, `countdownTime` ms (0 stops it) → `{symbol, countdownTime}`.
  const switches = new DeadManSwitches(ctx);
  app.post('/fapi/v1/countdownCancelAll', (res, req) => {
    ctx.sync();
    const ex = ctx.exchange;
    const { headers, refused } = takeWeight(res, ctx, weights, 10);
    if (refused !== undefined) return sendAnswer(res, refused, ex.queue);
    const answer = (status: string, body: unknown): void => sendAnswer(res, jsonAnswer(status, body, headers), ex.queue);
    const account = ex.accountByKey(req.getHeader('x-mbx-apikey'));
    if (account === undefined) return answer('401 Unauthorized', INVALID_KEY);
    const query = req.getQuery() ?? '';
    const p = new URLSearchParams(query);
    const signature = p.get('signature') ?? '';
    const signed = query.split('&').filter((kv) => !kv.startsWith('signature=')).join('&');
    if (p.get('timestamp') === null || (account.apiSecret !== undefined && !signatureMatches(account.apiSecret, signed, signature))) return answer('400 Bad Request', { code: -1022, msg: 'Signature for this request is not valid.' });
    const symbol = p.get('symbol') ?? '';
    const countdown = Number(p.get('countdownTime'));
    if (!ex.instruments.has(symbol)) return answer('400 Bad Request', { code: -1121, msg: 'Invalid symbol.' });
    if (!Number.isSafeInteger(countdown) || countdown < 0) return answer('400 Bad Request', { code: -1102, msg: 'Mandatory parameter \'countdownTime\' was not sent, was empty/null, or malformed.' });
    switches.arm(account.name, symbol, countdown);
    answer('200 OK', { symbol, countdownTime: String(countdown) });
  });
}
