/**
 * The Deribit JSON-RPC WebSocket on `/ws/api/v2`, as the venue documents it
 * (https://docs.deribit.com/api-reference/authentication/public-auth,
 * https://docs.deribit.com/api-reference/session-management/public-set_heartbeat,
 * https://docs.deribit.com/api-reference/subscription-management/private-subscribe):
 *
 * - `public/auth` with `grant_type` `client_signature`: `client_id`, `timestamp`, `nonce`, `data`,
 *   `signature` = hex(HMAC-SHA256(client_secret, timestamp + "\n" + nonce + "\n" + data)) →
 *   `result` {access_token, expires_in, refresh_token, scope, token_type}. Unknown client or wrong
 *   signature (checked when the account has an `apiSecret`) → `error` {13004,
 *   "invalid_credentials"}. The connection is authenticated from then on (private methods on it
 *   need no token). `timestamp` is not compared with the clock.
 * - `private/subscribe {channels}` → `result`: the channels subscribed. Served:
 *   `user.changes.<instrument>.raw` for a listed instrument (the channel riskgate subscribes);
 *   other channels are left out of the result, as Deribit leaves out what it cannot subscribe.
 *   Before auth → `error` {13009, "unauthorized"}.
 * - `public/set_heartbeat {interval}` (seconds, at least 10) → `result` "ok"; from then on the
 *   server sends `{"method":"heartbeat","params":{"type":"test_request"}}` every `interval`
 *   simulated seconds; a test_request not answered with `public/test` before the next one is due
 *   closes the connection (the documented consequence; Deribit does not publish the grace, so
 *   the simulator allows one interval). `public/test` → `result` {version}. An interval below 10
 *   → `error` {-32602, "Invalid params"}: Deribit documents the minimum, not its error code.
 * - Order entry and cancel-on-disconnect once authenticated: `deribit-order-methods.ts`.
 * - Any other method → `error` {-32601, "Method not found"}.
 *
 * Faults act on the connection: `positionDeath` silences its position notifications,
 * `disconnect` closes it without a close frame.
 */
import type { WebSocket, WebSocketBehavior } from '../server/index.js';
import { deribitChannel } from './deribit-framer.js';
import { deribitConnectionClosed, deribitOrderMethod, isDeribitOrderMethod, type DeribitOrderConnection } from './deribit-order-methods.js';
import { signatureMatches } from './hmac-signature.js';
import type { ServerContext } from './server-context.js';
import { textOf } from './server-context.js';
import { parseMessage, sendTo, socketConnection } from './session-connection.js';
import type { StreamConnection } from './stream-connection.js';

/** `public/set_heartbeat`'s documented minimum (s). */
export const DERIBIT_MIN_HEARTBEAT_S = 10;

interface DeribitData {
  open: boolean;
  account: string;
  connection?: StreamConnection;
  readonly channels: Set<string>;
  /** Heartbeat interval (ms), 0 while none is set; `generation` cancels an older schedule. */
  heartbeatMs: number;
  generation: number;
  /** A test_request is out and unanswered. */
  awaitingTest: boolean;
  /** Orders created through this connection, and its cancel-on-disconnect. */
  readonly orders: DeribitOrderConnection;
}

export function deribitBehavior(ctx: ServerContext): WebSocketBehavior<DeribitData> {
  return {
    upgrade: (res, req, context) => {
      res.upgrade<DeribitData>({ open: true, account: '', channels: new Set(), heartbeatMs: 0, generation: 0, awaitingTest: false, orders: { cancelOnDisconnect: false, created: new Set() } }, req.getHeader('sec-websocket-key'), req.getHeader('sec-websocket-protocol'), req.getHeader('sec-websocket-extensions'), context);
    },
    open: (ws) => {
      ctx.sync();
      const data = ws.getUserData();
      ctx.track(ws);
      data.connection = socketConnection(ctx, ws, () => data.channels.size > 0);
    },
    message: (ws, message) => {
      ctx.sync();
      const data = ws.getUserData();
      const m = parseMessage(textOf(message));
      if (typeof m !== 'object') return;
      const id = m['id'] ?? null;
      const now = ctx.exchange.clock.nowMs();
      const result = (r: unknown): void => sendTo(ws, { jsonrpc: '2.0', id, result: r, usIn: now * 1000, usOut: now * 1000, usDiff: 0, testnet: true });
      const error = (code: number, message: string, data?: unknown): void => sendTo(ws, { jsonrpc: '2.0', id, error: { code, message, ...(data === undefined ? {} : { data }) }, usIn: now * 1000, usOut: now * 1000, usDiff: 0, testnet: true });
      const params = typeof m['params'] === 'object' && m['params'] !== null ? (m['params'] as Record<string, unknown>) : {};
      if (isDeribitOrderMethod(m['method'])) {
        if (data.account === '') return error(13009, 'unauthorized');
        return deribitOrderMethod(ctx, data.account, data.orders, m['method'] as string, params, result, error);
      }
      switch (m['method']) {
        case 'public/auth': {
          const account = auth(ctx, params);
          if (account === undefined) return error(13004, 'invalid_credentials');
          if (data.account === '') {
            data.account = account;
            ctx.exchange.stream(account).attach(data.connection!);
          }
          return result({ access_token: `sim-token-${data.connection!.id}`, expires_in: 31_536_000, refresh_token: `sim-refresh-${data.connection!.id}`, scope: 'connection mainaccount session:sim trade:read_write', token_type: 'bearer' });
        }
        case 'private/subscribe': {
          if (data.account === '') return error(13009, 'unauthorized');
          const wanted = Array.isArray(params['channels']) ? params['channels'].filter((c): c is string => typeof c === 'string') : [];
          const served = new Set([...ctx.exchange.instruments.keys()].map(deribitChannel));
          const ok = wanted.filter((c) => served.has(c));
          for (const c of ok) data.channels.add(c);
          return result(ok);
        }
        case 'public/set_heartbeat': {
          const interval = params['interval'];
          if (typeof interval !== 'number' || !(interval >= DERIBIT_MIN_HEARTBEAT_S)) return error(-32602, 'Invalid params');
          data.heartbeatMs = interval * 1000;
          data.awaitingTest = false;
          scheduleHeartbeat(ctx, ws, ++data.generation);
          return result('ok');
        }
        case 'public/test':
          data.awaitingTest = false;
          return result({ version: '1.2.26' });
        default:
          return error(-32601, 'Method not found');
      }
    },
    close: (ws: WebSocket<DeribitData>) => {
      const data = ws.getUserData();
      data.open = false;
      if (data.account !== '' && data.connection !== undefined) ctx.exchange.stream(data.account).detach(data.connection);
      if (data.account !== '') deribitConnectionClosed(ctx, data.account, data.orders);
      ctx.untrack(ws);
    },
  };
}

/** Every heartbeat interval: close when the last test_request went unanswered, else send one. */
function scheduleHeartbeat(ctx: ServerContext, ws: WebSocket<DeribitData>, generation: number): void {
  const data = ws.getUserData();
  ctx.exchange.queue.after(data.heartbeatMs, () => {
    if (!data.open || data.generation !== generation) return;
    if (data.awaitingTest) {
      ws.close();
      return;
    }
    data.awaitingTest = true;
    sendTo(ws, { jsonrpc: '2.0', method: 'heartbeat', params: { type: 'test_request' } });
    scheduleHeartbeat(ctx, ws, generation);
  });
}

/** The account `public/auth` params authenticate, or undefined. */
function auth(ctx: ServerContext, p: Record<string, unknown>): string | undefined {
  if (p['grant_type'] !== 'client_signature' || typeof p['client_id'] !== 'string') return undefined;
  const account = ctx.exchange.accountByKey(p['client_id']);
  if (account === undefined) return undefined;
  if (account.apiSecret === undefined) return account.name;
  const { timestamp, nonce, signature } = p;
  const data = typeof p['data'] === 'string' ? p['data'] : '';
  if (typeof timestamp !== 'number' || typeof nonce !== 'string' || typeof signature !== 'string') return undefined;
  return signatureMatches(account.apiSecret, `${timestamp}\n${nonce}\n${data}`, signature) ? account.name : undefined;
}
