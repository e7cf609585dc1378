/**
 * BitMEX order entry over REST, as the venue serves it to riskgate's gateway
 * (src/gateway/bitmex-order-entry.ts; https://www.bitmex.com/api/explorer/#!/Order/Order_new,
 * #!/Order/Order_cancel): `POST /api/v1/order` and `DELETE /api/v1/order`, JSON bodies, signed as
 * the position endpoint (`api-signature` = hex HMAC-SHA256 of verb + path + expires + body; 401
 * otherwise), metered by the same per-account token bucket (`x-ratelimit-*` on every answer).
 *
 * `POST {symbol, side, orderQty (contracts: one per lot), price, ordType:"Limit", timeInForce:
 * "GoodTillCancel"|"ImmediateOrCancel", clOrdID, execInst?:"ReduceOnly"}` → the exchange's order
 * entry under `clOrdID`, answered when the exchange acknowledges: HTTP 200 with the order row
 * (`orderID`, `ordStatus`, `cumQty`, `leavesQty`); refused → HTTP 400 `{error:{message,name}}`
 * (unknown symbol, quantity or price off the grid, `clOrdID` in use, reduce-only refused:
 * `rest-order-entry.ts`). Order-entry faults answer as BitMEX documents: `rateLimit` → HTTP 429
 * with `Retry-After`; `overload` → HTTP 503 "The system is currently overloaded. Please try again
 * later." (the request never reached the engine).
 * `DELETE {clOrdID}` → HTTP 200 `[row]` with `ordStatus` Canceled, or HTTP 404 when no such live
 * order (the simulator's choice: BitMEX answers a cancel of a finished order with the row and an
 * `error` field).
 * `POST /api/v1/order/cancelAllAfter {timeout}` (ms; 0 disarms): the account's dead-man switch
 * (`dead-man-switch.ts`).
 */
import type { HttpRequest, HttpResponse, HttpApp } from '../server/index.js';
import { DeadManSwitches } from './dead-man-switch.js';
import { signatureMatches } from './hmac-signature.js';
import { jsonAnswer } from './rest-reply.js';
import { laterAnswer, readBody, reduceOnlyViolation } from './rest-order-entry.js';
import type { ServerContext } from './server-context.js';
import type { TokenBucketLimit } from './token-bucket-limit.js';
import { SIM_EPOCH_MS } from './venue-framer.js';

const PATH = '/api/v1/order';

/** Registers `POST` and `DELETE /api/v1/order` on `app`, metered by `bucket` (shared with the position route). */
export function addBitmexOrderRoutes(app: HttpApp, ctx: ServerContext, bucket: TokenBucketLimit, limit: number): void {
  const route = (method: 'POST' | 'DELETE', res: HttpResponse, req: HttpRequest): void => {
    const key = req.getHeader('api-key');
    const expires = req.getHeader('api-expires');
    const signature = req.getHeader('api-signature');
    const write = laterAnswer(res);
    readBody(res, (body) => {
      ctx.sync();
      const ex = ctx.exchange;
      const now = ex.clock.nowMs();
      const date = new Date(SIM_EPOCH_MS + now).toUTCString();
      let headers: Record<string, string> = { Date: date };
      const fail = (status: string, message: string, name = 'HTTPError', extra: Record<string, string> = {}): void => write(jsonAnswer(status, { error: { message, name } }, { ...headers, ...extra }));
      const account = ex.accountByKey(key);
      if (account === undefined) return fail('401 Unauthorized', 'Invalid API Key.');
      if (account.apiSecret !== undefined && !signatureMatches(account.apiSecret, `${method}${PATH}${expires}${body}`, signature)) return fail('401 Unauthorized', 'Signature not valid.');
      const v = bucket.take(account.name, 1, now);
      headers = { ...headers, 'x-ratelimit-limit': String(limit), 'x-ratelimit-remaining': String(v.remaining), 'x-ratelimit-reset': String(Math.ceil((SIM_EPOCH_MS + v.fullAt) / 1000)) };
      if (!v.ok) return fail('429 Too Many Requests', 'Rate limit exceeded', 'RateLimitError', { 'Retry-After': String(Math.max(1, Math.ceil(v.retryAfterMs / 1000))) });
      let b: Record<string, unknown>;
      try {
        b = JSON.parse(body) as Record<string, unknown>;
      } catch {
        return fail('400 Bad Request', 'Request body is not JSON.');
      }
      const clientId = typeof b['clOrdID'] === 'string' ? b['clOrdID'] : '';
      if (clientId === '') return fail('400 Bad Request', 'clOrdID is required.');
      if (method === 'DELETE') {
        return ex.cancel(account.name, { op: 'cancel', clientId }, (r) => {
          if (r['op'] !== 'canceled') return fail('404 Not Found', 'Not Found');
          write(jsonAnswer('200 OK', [{ orderID: r['orderId'], clOrdID: clientId, ordStatus: 'Canceled', leavesQty: 0 }], headers));
        });
      }
      const symbol = typeof b['symbol'] === 'string' ? b['symbol'] : '';
      const side = b['side'] === 'Buy' ? 'buy' : b['side'] === 'Sell' ? 'sell' : undefined;
      const tif = b['timeInForce'] === 'ImmediateOrCancel' ? 'IOC' : b['timeInForce'] === 'GoodTillCancel' ? 'GTC' : undefined;
      const orderQty = b['orderQty'];
      const inst = ex.instruments.get(symbol);
      if (inst === undefined) return fail('400 Bad Request', 'Invalid symbol.');
      if (side === undefined || tif === undefined || b['ordType'] !== 'Limit' || typeof orderQty !== 'number' || !Number.isSafeInteger(orderQty) || orderQty <= 0 || typeof b['price'] !== 'number') {
        return fail('400 Bad Request', 'Invalid side, timeInForce, ordType, orderQty or price.');
      }
      if (b['execInst'] === 'ReduceOnly') {
        const why = reduceOnlyViolation(ctx, account.name, symbol, side, orderQty);
        if (why !== undefined) return fail('400 Bad Request', `Order had execInst of ReduceOnly but ${why}.`);
      }
      ex.submit(account.name, { op: 'order', clientId, symbol, side, qty: inst.qtyText(orderQty), price: String(b['price']), tif }, (r) => {
        if (r['op'] === 'ack') {
          const cum = inst.parseQty(String(r['cumQty'])) ?? 0;
          return write(jsonAnswer('200 OK', { orderID: r['orderId'], clOrdID: clientId, symbol, side: b['side'], orderQty, price: b['price'], ordStatus: String(r['status']).replace(/^./, (c) => c.toUpperCase()), cumQty: cum, leavesQty: inst.parseQty(String(r['leavesQty'])) ?? 0, timestamp: new Date(SIM_EPOCH_MS + Number(r['t'])).toISOString() }, headers));
        }
        if (r['code'] === 'RATE_LIMITED') return fail('429 Too Many Requests', 'Rate limit exceeded', 'RateLimitError', { 'Retry-After': String(Math.max(1, Math.ceil(Number(r['retryAfterMs']) / 1000))) });
        if (r['code'] === 'OVERLOADED') return fail('503 Service Unavailable', 'The system is currently overloaded. Please try again later.');
        fail('400 Bad Request', typeof r['message'] === 'string' ? r['message'] : String(r['code']));
      });
    });
  };
  app.post(PATH, (res, req) => route('POST', res, req));
  app.del(PATH, (res, req) => route('DELETE', res, req));
  // cancelAllAfter `{timeout}` (ms, 0 disarms) → `{now, cancelTime}`, signed and metered as order entry.
  const switches = new DeadManSwitches(ctx);
  const CAA = `${PATH}/cancelAllAfter`;
  app.post(CAA, (res, req) => {
    const key = req.getHeader('api-key');
    const expires = req.getHeader('api-expires');
    const signature = req.getHeader('api-signature');
    const write = laterAnswer(res);
    readBody(res, (body) => {
      ctx.sync();
      const ex = ctx.exchange;
      const now = ex.clock.nowMs();
      const fail = (status: string, message: string): void => write(jsonAnswer(status, { error: { message, name: 'HTTPError' } }));
      const account = ex.accountByKey(key);
      if (account === undefined) return fail('401 Unauthorized', 'Invalid API Key.');
      if (account.apiSecret !== undefined && !signatureMatches(account.apiSecret, `POST${CAA}${expires}${body}`, signature)) return fail('401 Unauthorized', 'Signature not valid.');
      if (!bucket.take(account.name, 1, now).ok) return fail('429 Too Many Requests', 'Rate limit exceeded');
      let timeout: unknown;
      try {
        timeout = (JSON.parse(body) as Record<string, unknown>)['timeout'];
      } catch {
        timeout = undefined;
      }
      if (typeof timeout !== 'number' || !Number.isSafeInteger(timeout) || timeout < 0) return fail('400 Bad Request', 'timeout must be a whole number of ms.');
      switches.arm(account.name, undefined, timeout);
      write(jsonAnswer('200 OK', { now: new Date(SIM_EPOCH_MS + now).toISOString(), cancelTime: timeout === 0 ? null : new Date(SIM_EPOCH_MS + now + timeout).toISOString() }));
    });
  });
}
