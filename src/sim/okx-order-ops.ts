/**
 * OKX order entry on the private WebSocket, as the venue serves it to riskgate's gateway
 * (src/gateway/okx-order-entry.ts; https://www.okx.com/docs-v5/en/#order-book-trading-trade-ws-place-order,
 * …#order-book-trading-trade-ws-cancel-order), on a logged-in `/ws/v5/private` socket:
 *
 * - `{"id", "op": "order", "args": [{instId, tdMode, side, ordType: "limit"|"ioc", px, sz,
 *   clOrdId, reduceOnly?}]}` → the exchange's order entry under `clOrdId`, answered when the
 *   exchange acknowledges: `{"id", "op", "code", "msg", "data": [{clOrdId, ordId, tag, ts, sCode,
 *   sMsg}], "inTime", "outTime"}`, `code` "0" and `sCode` "0" on success, `code` "1" and the
 *   row's `sCode` otherwise: 51001 unknown instrument, 51000 parameter errors (side, ordType,
 *   quantity or price off the grid, `clOrdId` in use), 51169 reduce-only refused
 *   (`rest-order-entry.ts`: the simulator's strict rule; OKX's text: "you don't have any
 *   positions in this direction ... to reduce or close").
 * - `{"id", "op": "cancel-order", "args": [{instId, clOrdId}]}` → `sCode` "0", or 51400 "Order
 *   cancellation failed as the order has been filled, canceled or does not exist".
 * - Limits: 60 `order` requests per 2 s per account and instrument (OKX: per User ID and
 *   instrument, shared with REST placement), a rolling window here; beyond → `sCode` 50011
 *   "Rate limit reached" (not counted). Order-entry faults answer as OKX documents:
 *   `rateLimit` → `sCode` 50011; `overload` → `sCode` 50013 "Systems are busy. Please try again
 *   later.".
 * - Malformed requests (no id, `args` not one object) → `code` 60013 "Invalid args", no row.
 */
import { reduceOnlyViolation } from './rest-order-entry.js';
import { RollingWindow } from './rolling-window.js';
import type { ServerContext } from './server-context.js';
import { SIM_EPOCH_MS } from './venue-framer.js';

/** "60 requests per 2 seconds" per User ID and instrument. */
export const OKX_ORDER_LIMIT = Object.freeze({ requests: 60, windowMs: 2_000 });

/** Per-exchange order-rate windows (account + instrument). */
const windows = new WeakMap<object, Map<string, RollingWindow>>();

/** Serves one `order` / `cancel-order` op of `account`; `send` writes the reply on the socket. */
export function okxOrderOp(ctx: ServerContext, account: string, m: Readonly<Record<string, unknown>>, send: (reply: Record<string, unknown>) => void): void {
  const ex = ctx.exchange;
  const op = m['op'] as 'order' | 'cancel-order';
  const id = typeof m['id'] === 'string' ? m['id'] : '';
  const inTime = String((SIM_EPOCH_MS + ex.clock.nowMs()) * 1000);
  const reply = (code: string, msg: string, rows: Record<string, unknown>[]): void =>
    send({ id, op, code, msg, data: rows, inTime, outTime: String((SIM_EPOCH_MS + ex.clock.nowMs()) * 1000) });
  const args = m['args'];
  const a = Array.isArray(args) && args.length === 1 && typeof args[0] === 'object' && args[0] !== null ? (args[0] as Record<string, unknown>) : undefined;
  if (id === '' || a === undefined) return reply('60013', 'Invalid args', []);
  const clOrdId = typeof a['clOrdId'] === 'string' ? a['clOrdId'] : '';
  const row = (sCode: string, sMsg: string, ordId = ''): void =>
    reply(sCode === '0' ? '0' : '1', sCode === '0' ? '' : 'All operations failed', [{ clOrdId, ordId, tag: '', ts: String(SIM_EPOCH_MS + ex.clock.nowMs()), sCode, sMsg }]);
  const instId = typeof a['instId'] === 'string' ? a['instId'] : '';
  const inst = ex.instruments.get(instId);
  if (inst === undefined) return row('51001', 'Instrument ID does not exist.');
  if (clOrdId === '') return row('51000', 'Parameter clOrdId error');
  if (op === 'cancel-order') {
    return ex.cancel(account, { op: 'cancel', clientId: clOrdId }, (r) =>
      r['op'] === 'canceled' ? row('0', '', String(r['orderId'])) : row('51400', 'Order cancellation failed as the order has been filled, canceled or does not exist.'));
  }
  let byKey = windows.get(ex);
  if (byKey === undefined) windows.set(ex, (byKey = new Map()));
  const key = `${account}\n${instId}`;
  let window = byKey.get(key);
  if (window === undefined) byKey.set(key, (window = new RollingWindow(OKX_ORDER_LIMIT.requests, OKX_ORDER_LIMIT.windowMs)));
  const now = ex.clock.nowMs();
  if (window.remaining(now) === 0) return row('50011', 'Rate limit reached. Please refer to API documentation and throttle requests accordingly.');
  window.add(now);
  const side = a['side'] === 'buy' || a['side'] === 'sell' ? a['side'] : undefined;
  const tif = a['ordType'] === 'ioc' ? 'IOC' : a['ordType'] === 'limit' ? 'GTC' : undefined;
  const sz = a['sz'];
  const px = a['px'];
  if (side === undefined || tif === undefined || typeof sz !== 'string' || typeof px !== 'string') return row('51000', 'Parameter side, ordType, sz or px error');
  const qty = inst.parseQty(sz);
  if (a['reduceOnly'] === true && qty !== undefined) {
    const why = reduceOnlyViolation(ctx, account, instId, side, qty);
    if (why !== undefined) return row('51169', `Order failed because you don't have any positions in this direction for this contract to reduce or close (${why}).`);
  }
  ex.submit(account, { op: 'order', clientId: clOrdId, symbol: instId, side, qty: sz, price: px, tif }, (r) => {
    if (r['op'] === 'ack') return row('0', 'Order placed', String(r['orderId']));
    if (r['code'] === 'RATE_LIMITED') return row('50011', 'Rate limit reached. Please refer to API documentation and throttle requests accordingly.');
    if (r['code'] === 'OVERLOADED') return row('50013', 'Systems are busy. Please try again later.');
    row('51000', typeof r['message'] === 'string' ? r['message'] : String(r['code']));
  });
}
