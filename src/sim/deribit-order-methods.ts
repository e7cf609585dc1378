/**
 * Deribit order entry on the JSON-RPC WebSocket, as the venue serves it to riskgate's gateway
 * (src/gateway/deribit-order-entry.ts), on an authenticated `/ws/api/v2` connection:
 *
 * - `private/buy` / `private/sell` (https://docs.deribit.com/api-reference/trading/private-buy)
 *   `{instrument_name, amount, type: "limit", price, label, time_in_force:
 *   "good_til_cancelled"|"immediate_or_cancel", reduce_only?}` (`amount`, `price` numbers in the
 *   instrument's units) → the exchange's order entry under `label`, answered when the exchange
 *   acknowledges: `result` {order: {order_id, label, order_state, instrument_name, direction,
 *   amount, filled_amount, price, time_in_force, reduce_only}, trades: []} (the trades arrive on
 *   `user.changes`). Refused (https://docs.deribit.com/articles/errors): 10020
 *   invalid_or_unsupported_instrument; 11029 invalid_arguments (missing label, type, quantity or
 *   price off the grid, a label already live: the simulator's exchange files orders by label,
 *   where Deribit allows repeated labels); a reduce-only order that would not reduce (the
 *   simulator's strict rule, `rest-order-entry.ts`) → 11029 with the reason in `data` (Deribit
 *   publishes no code of its own for it). Order-entry faults: `rateLimit` → 10028
 *   too_many_requests; `overload` → 10047 matching_engine_queue_full.
 * - `private/cancel_by_label {label}`
 *   (https://docs.deribit.com/api-reference/trading/private-cancel_by_label) → `result`: how many
 *   live orders carried the label and were cancelled (0 when none).
 * - `private/enable_cancel_on_disconnect` / `private/disable_cancel_on_disconnect` `{scope}`
 *   (https://docs.deribit.com/api-reference/session-management/private-enable_cancel_on_disconnect)
 *   → "ok". Scope `connection` (the default): when this connection closes while enabled, every
 *   order created through it that is still live is cancelled through the exchange's own cancel
 *   (reported on the stream as any cancel). Scope `account` is not simulated (-32602).
 */
import { reduceOnlyViolation } from './rest-order-entry.js';
import type { ServerContext } from './server-context.js';

/** What cancel-on-disconnect needs to know of one connection. */
export interface DeribitOrderConnection {
  cancelOnDisconnect: boolean;
  /** Labels of the orders created through this connection. */
  readonly created: Set<string>;
}

const STATE: Readonly<Record<string, string>> = { new: 'open', partiallyFilled: 'open', filled: 'filled', canceled: 'cancelled', rejected: 'rejected' };

/** True when `method` is one served here. */
export function isDeribitOrderMethod(method: unknown): boolean {
  return method === 'private/buy' || method === 'private/sell' || method === 'private/cancel_by_label'
    || method === 'private/enable_cancel_on_disconnect' || method === 'private/disable_cancel_on_disconnect';
}

/** Serves one order method of `account` on connection `conn`. */
export function deribitOrderMethod(
  ctx: ServerContext, account: string, conn: DeribitOrderConnection, method: string, p: Readonly<Record<string, unknown>>,
  result: (r: unknown) => void, error: (code: number, message: string, data?: unknown) => void,
): void {
  const ex = ctx.exchange;
  switch (method) {
    case 'private/enable_cancel_on_disconnect':
    case 'private/disable_cancel_on_disconnect':
      if (p['scope'] !== undefined && p['scope'] !== 'connection') return error(-32602, 'Invalid params', { reason: 'the simulator implements scope connection only', param: 'scope' });
      conn.cancelOnDisconnect = method === 'private/enable_cancel_on_disconnect';
      return result('ok');
    case 'private/cancel_by_label': {
      const label = p['label'];
      if (typeof label !== 'string' || label === '') return error(11029, 'invalid_arguments', { param: 'label' });
      const live = ex.liveOrders(account).filter((o) => o.clientId === label);
      for (const o of live) ex.cancel(account, { op: 'cancel', clientId: o.clientId }, () => {});
      return result(live.length);
    }
  }
  const symbol = typeof p['instrument_name'] === 'string' ? p['instrument_name'] : '';
  const inst = ex.instruments.get(symbol);
  if (inst === undefined) return error(10020, 'invalid_or_unsupported_instrument', { param: 'instrument_name' });
  const label = p['label'];
  const tif = p['time_in_force'] === 'immediate_or_cancel' ? 'IOC' : p['time_in_force'] === 'good_til_cancelled' || p['time_in_force'] === undefined ? 'GTC' : undefined;
  const amount = p['amount'];
  const price = p['price'];
  if (typeof label !== 'string' || label === '' || p['type'] !== 'limit' || tif === undefined || typeof amount !== 'number' || typeof price !== 'number') {
    return error(11029, 'invalid_arguments', { reason: 'label, type limit, time_in_force, amount and price are required' });
  }
  const side = method === 'private/buy' ? 'buy' : 'sell';
  const qty = inst.parseQty(String(amount));
  if (p['reduce_only'] === true && qty !== undefined) {
    const why = reduceOnlyViolation(ctx, account, symbol, side, qty);
    if (why !== undefined) return error(11029, 'invalid_arguments', { reason: `reduce_only: ${why}`, param: 'reduce_only' });
  }
  ex.submit(account, { op: 'order', clientId: label, symbol, side, qty: String(amount), price: String(price), tif }, (r) => {
    if (r['op'] === 'ack') {
      conn.created.add(label);
      return result({
        order: {
          order_id: String(r['orderId']), label, order_state: STATE[String(r['status'])] ?? 'open', instrument_name: symbol, direction: side, amount,
          filled_amount: Number(r['cumQty']), price, time_in_force: p['time_in_force'] ?? 'good_til_cancelled', reduce_only: p['reduce_only'] === true,
        },
        trades: [],
      });
    }
    if (r['code'] === 'RATE_LIMITED') return error(10028, 'too_many_requests');
    if (r['code'] === 'OVERLOADED') return error(10047, 'matching_engine_queue_full');
    error(11029, 'invalid_arguments', { reason: typeof r['message'] === 'string' ? r['message'] : String(r['code']) });
  });
}

/** The connection closed: with cancel-on-disconnect enabled, its live orders are cancelled. */
export function deribitConnectionClosed(ctx: ServerContext, account: string, conn: DeribitOrderConnection): void {
  if (!conn.cancelOnDisconnect) return;
  const ex = ctx.exchange;
  for (const o of ex.liveOrders(account)) if (conn.created.has(o.clientId)) ex.cancel(account, { op: 'cancel', clientId: o.clientId }, () => {});
}
