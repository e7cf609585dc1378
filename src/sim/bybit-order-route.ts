/**
 * Bybit v5 order entry over REST, as the venue serves it to riskgate's gateway
 * (src/gateway/bybit-order-entry.ts; https://bybit-exchange.github.io/docs/v5/order/create-order,
 * …/cancel-order): `POST /v5/order/create` and `POST /v5/order/cancel`, JSON bodies, signed as
 * every v5 private call (`X-BAPI-SIGN` = hex HMAC-SHA256 of timestamp + apiKey + recvWindow + body;
 * 401 `retCode` 10003 / 10004), counted in the same per-IP and per-UID limits as the position
 * endpoint (`bybit-rest-limits.ts`; these two endpoints: 10 per second per account, Bybit's
 * default for order entry).
 *
 * Create `{category:"linear", symbol, side, orderType:"Limit", qty, price, timeInForce,
 * orderLinkId, reduceOnly}` → the exchange's order entry under `orderLinkId`, answered when the
 * exchange acknowledges. `retCode` 0 `{orderId, orderLinkId}`; refused: 10001 parameter errors
 * (symbol, qty, price), 110072 `orderLinkId` in use, 110017 reduce-only refused
 * (`rest-order-entry.ts`). Order-entry faults: `rateLimit` → `retCode` 10006 "Too many visits!"
 * (HTTP 200, refused before processing); `overload` → `retCode` 10016 "Server error." (Bybit has
 * no documented "not processed" busy code; riskgate's gateway reads this one as unknown).
 * Cancel `{category, symbol, orderLinkId}` → `retCode` 0, or 110001 "Order does not exist.".
 * `POST /v5/order/disconnected-cancel-all {product, timeWindow}` (seconds, 3..300; else 10001)
 * sets the account's disconnection-protection window (`bybit-dcp.ts`) → `retCode` 0.
 */
import type { HttpRequest, HttpResponse, HttpApp } from '../server/index.js';
import { bybitDcp } from './bybit-dcp.js';
import type { BybitRestLimits } from './bybit-rest-limits.js';
import { signatureMatches } from './hmac-signature.js';
import { jsonAnswer, remoteIp } from './rest-reply.js';
import { laterAnswer, readBody, reduceOnlyViolation } from './rest-order-entry.js';
import type { ServerContext } from './server-context.js';
import { SIM_EPOCH_MS } from './venue-framer.js';

/** Disconnection protection's window (`bybit-dcp.ts`). */
const DCP_PATH = '/v5/order/disconnected-cancel-all';

const CODES: Readonly<Record<string, readonly [number, string]>> = {
  UNKNOWN_SYMBOL: [10001, 'params error: symbol invalid'], BAD_QUANTITY: [10001, 'Qty invalid'], BAD_PRICE: [10001, 'Price invalid'],
  DUPLICATE_CLIENT_ID: [110072, 'OrderLinkedID is duplicate'], UNKNOWN_ORDER: [110001, 'Order does not exist.'], BAD_REQUEST: [10001, 'params error'],
};

/** Registers the two order routes on `app`, counted in `limits` (shared with the position route). */
export function addBybitOrderRoutes(app: HttpApp, ctx: ServerContext, limits: BybitRestLimits): void {
  const route = (path: string, res: HttpResponse, req: HttpRequest): void => {
    const key = req.getHeader('x-bapi-api-key');
    const timestamp = req.getHeader('x-bapi-timestamp');
    const sign = req.getHeader('x-bapi-sign');
    const recvWindow = req.getHeader('x-bapi-recv-window');
    const ip = remoteIp(res);
    const write = laterAnswer(res);
    readBody(res, (body) => {
      ctx.sync();
      const ex = ctx.exchange;
      const now = ex.clock.nowMs();
      const envelope = (retCode: number, retMsg: string, result: unknown = {}): Record<string, unknown> => ({ retCode, retMsg, result, retExtInfo: {}, time: SIM_EPOCH_MS + now });
      if (!limits.ipAllows(ip, now)) return write({ status: '403 Forbidden', headers: { 'Content-Type': 'text/plain' }, body: 'access too frequent' });
      const account = key === '' ? undefined : ex.accountByKey(key);
      if (account === undefined || timestamp === '' || sign === '') return write(jsonAnswer('401 Unauthorized', envelope(10003, 'API key is invalid.')));
      if (account.apiSecret !== undefined && !signatureMatches(account.apiSecret, timestamp + key + recvWindow + body, sign)) return write(jsonAnswer('200 OK', envelope(10004, 'Error sign, please check your signature generation algorithm.')));
      const limit = limits.uid(account.name, path, now);
      const answer = (retCode: number, retMsg: string, result: unknown = {}): void => write(jsonAnswer('200 OK', envelope(retCode, retMsg, result), limit.headers));
      if (!limit.ok) return answer(10006, 'Too many visits!');
      let b: Record<string, unknown>;
      try {
        b = JSON.parse(body) as Record<string, unknown>;
      } catch {
        return answer(10001, 'params error: body is not JSON');
      }
      const refuse = (code: string, message?: string): void => {
        const [c, msg] = CODES[code] ?? [10001, code];
        answer(c, message ?? msg);
      };
      if (path === DCP_PATH) {
        const w = b['timeWindow'];
        if (typeof w !== 'number' || !Number.isSafeInteger(w) || w < 3 || w > 300) return answer(10001, 'params error: timeWindow must be 3..300');
        bybitDcp(ctx).setWindow(account.name, w * 1000);
        return answer(0, 'success');
      }
      const clientId = typeof b['orderLinkId'] === 'string' ? b['orderLinkId'] : '';
      const symbol = typeof b['symbol'] === 'string' ? b['symbol'] : '';
      if (b['category'] !== 'linear' || clientId === '') return refuse('BAD_REQUEST');
      if (path.endsWith('/cancel')) {
        return ex.cancel(account.name, { op: 'cancel', clientId }, (r) => (r['op'] === 'canceled' ? answer(0, 'OK', { orderId: r['orderId'], orderLinkId: clientId }) : refuse(String(r['code']))));
      }
      const side = b['side'] === 'Buy' ? 'buy' : b['side'] === 'Sell' ? 'sell' : undefined;
      const tif = b['timeInForce'];
      if (side === undefined || (tif !== 'GTC' && tif !== 'IOC') || b['orderType'] !== 'Limit' || typeof b['qty'] !== 'string' || typeof b['price'] !== 'string') return refuse('BAD_REQUEST');
      const qty = ex.instruments.get(symbol)?.parseQty(b['qty']);
      if (b['reduceOnly'] === true && qty !== undefined) {
        const why = reduceOnlyViolation(ctx, account.name, symbol, side, qty);
        if (why !== undefined) return answer(110017, `Reduce-only rule not satisfied (${why})`);
      }
      ex.submit(account.name, { op: 'order', clientId, symbol, side, qty: b['qty'], price: b['price'], tif }, (r) => {
        if (r['op'] === 'ack') return answer(0, 'OK', { orderId: r['orderId'], orderLinkId: clientId });
        if (r['code'] === 'RATE_LIMITED') return answer(10006, 'Too many visits!');
        if (r['code'] === 'OVERLOADED') return answer(10016, 'Server error.');
        refuse(String(r['code']), typeof r['message'] === 'string' ? r['message'] : undefined);
      });
    });
  };
  for (const path of ['/v5/order/create', '/v5/order/cancel', DCP_PATH]) app.post(path, (res, req) => route(path, res, req));
}
