/**
 * The OKX v5 private WebSocket on `/ws/v5/private`, as the venue documents it
 * (https://www.okx.com/docs-v5/en/#overview-websocket-login,
 * https://www.okx.com/docs-v5/en/#overview-websocket-subscribe,
 * https://www.okx.com/docs-v5/en/#overview-websocket-connect):
 *
 * - `{"op":"login","args":[{apiKey, passphrase, timestamp, sign}]}` with `sign` =
 *   base64(HMAC-SHA256(secret, timestamp + "GET" + "/users/self/verify")) →
 *   `{"event":"login","code":"0","msg":"","connId"}`. Failure →
 *   `{"event":"error","code","msg","connId"}`: 60005 unknown API key, 60024 wrong passphrase,
 *   60007 wrong signature (checked when the account has an `apiSecret` / `passphrase`, as for the
 *   other venues), 60009 login twice. `timestamp` is not compared with the clock (simulated time
 *   is not wall time).
 * - `{"op":"subscribe","args":[{"channel":"orders"|"positions","instType":…}]}` → one
 *   `{"event":"subscribe","arg":{…},"connId"}` per argument; `positions` then pushes its initial
 *   image (every instrument, flat ones included, `eventType` snapshot). Before login: 60011
 *   "Please log in"; any other channel: 60018.
 * - Order entry once logged in: `order` and `cancel-order` ops (`okx-order-ops.ts`).
 * - Keep-alive: the text `ping` → the text `pong`. "If there's no message sent or received within
 *   30 seconds, the connection will be broken": the simulator closes a connection from which it
 *   received nothing for 30 simulated seconds (no close frame).
 * - Faults act on the connection: `positionDeath` silences its `positions` pushes, `disconnect`
 *   closes it without a close frame.
 */
import type { WebSocket, WebSocketBehavior } from '../server/index.js';
import { base64SignatureMatches } from './hmac-signature.js';
import type { OkxFramer } from './okx-framer.js';
import { okxOrderOp } from './okx-order-ops.js';
import type { FrameClass } from './private-report.js';
import type { ServerContext } from './server-context.js';
import { textOf } from './server-context.js';
import { parseMessage, sendTo, socketConnection } from './session-connection.js';
import type { StreamConnection } from './stream-connection.js';

/** "no message sent or received within 30 seconds" (simulated ms). */
export const OKX_IDLE_MS = 30_000;

interface OkxData {
  open: boolean;
  account: string;
  connId: string;
  lastHeardAt: number;
  connection?: StreamConnection;
  readonly channels: Set<string>;
}

const CHANNEL_CLASSES: Readonly<Record<string, readonly FrameClass[]>> = { orders: ['execution', 'order'], positions: ['position'] };

export function okxBehavior(ctx: ServerContext): WebSocketBehavior<OkxData> {
  return {
    upgrade: (res, req, context) => {
      res.upgrade<OkxData>({ open: true, account: '', connId: '', lastHeardAt: 0, channels: new Set() }, req.getHeader('sec-websocket-key'), req.getHeader('sec-websocket-protocol'), req.getHeader('sec-websocket-extensions'), context);
    },
    open: (ws) => {
      ctx.sync();
      const data = ws.getUserData();
      ctx.track(ws);
      data.connection = socketConnection(ctx, ws, (cls) => [...data.channels].some((c) => CHANNEL_CLASSES[c]?.includes(cls) === true));
      data.connId = `sim-${data.connection.id}`;
      data.lastHeardAt = ctx.exchange.clock.nowMs();
      watchIdle(ctx, ws);
    },
    message: (ws, message) => {
      ctx.sync();
      const data = ws.getUserData();
      data.lastHeardAt = ctx.exchange.clock.nowMs();
      const m = parseMessage(textOf(message));
      if (m === 'ping') return sendTo(ws, 'pong');
      if (typeof m !== 'object') return sendTo(ws, { event: 'error', code: '60012', msg: 'Invalid request', connId: data.connId });
      const error = (code: string, msg: string): void => sendTo(ws, { event: 'error', code, msg, connId: data.connId });
      const args = Array.isArray(m['args']) ? (m['args'] as unknown[]) : [];
      switch (m['op']) {
        case 'login': {
          if (data.account !== '') return error('60009', 'Login failed.');
          const refused = login(ctx, args[0]);
          if (typeof refused !== 'object') return error(refused, refused === '60005' ? 'Invalid apiKey' : refused === '60024' ? 'Wrong passphrase' : 'Invalid sign');
          data.account = refused.account;
          ctx.exchange.stream(data.account).attach(data.connection!);
          return sendTo(ws, { event: 'login', code: '0', msg: '', connId: data.connId });
        }
        case 'subscribe':
        case 'unsubscribe': {
          if (data.account === '') return error('60011', 'Please log in');
          for (const a of args) {
            const channel = typeof a === 'object' && a !== null ? (a as Record<string, unknown>)['channel'] : undefined;
            if (typeof channel !== 'string' || CHANNEL_CLASSES[channel] === undefined) return error('60018', `Wrong URL or channel:${String(channel)} doesn't exist.`);
          }
          for (const a of args as Record<string, unknown>[]) {
            const channel = a['channel'] as string;
            if (m['op'] === 'subscribe') data.channels.add(channel);
            else data.channels.delete(channel);
            sendTo(ws, { event: m['op'], arg: a, connId: data.connId });
            if (m['op'] === 'subscribe' && channel === 'positions') sendTo(ws, positionsImage(ctx, data.account));
          }
          return;
        }
        case 'order':
        case 'cancel-order':
          if (data.account === '') return error('60011', 'Please log in');
          return okxOrderOp(ctx, data.account, m, (reply) => sendTo(ws, reply));
        default:
          return error('60012', `Invalid request: ${String(m['op']).slice(0, 40)}`);
      }
    },
    close: (ws: WebSocket<OkxData>) => {
      const data = ws.getUserData();
      data.open = false;
      if (data.account !== '' && data.connection !== undefined) ctx.exchange.stream(data.account).detach(data.connection);
      ctx.untrack(ws);
    },
  };
}

/** The `positions` initial image: every instrument's position now. */
function positionsImage(ctx: ServerContext, account: string): Record<string, unknown> {
  const ex = ctx.exchange;
  const now = ex.clock.nowMs();
  const framer = ex.stream(account).framer as OkxFramer;
  return framer.positions([...ex.instruments.keys()].map((s) => ex.positionAt(account, s, now)), 'snapshot');
}

/** Closes the socket once nothing was heard from it for `OKX_IDLE_MS` (checked on the simulated clock). */
function watchIdle(ctx: ServerContext, ws: WebSocket<OkxData>): void {
  const data = ws.getUserData();
  const check = (): void => {
    if (!data.open) return;
    const quiet = ctx.exchange.clock.nowMs() - data.lastHeardAt;
    if (quiet >= OKX_IDLE_MS) ws.close();
    else ctx.exchange.queue.after(OKX_IDLE_MS - quiet, check);
  };
  ctx.exchange.queue.after(OKX_IDLE_MS, check);
}

/** The account a login argument authenticates, or the OKX error code refusing it. */
function login(ctx: ServerContext, arg: unknown): { account: string } | '60005' | '60024' | '60007' {
  const a = typeof arg === 'object' && arg !== null ? (arg as Record<string, unknown>) : {};
  const account = typeof a['apiKey'] === 'string' ? ctx.exchange.accountByKey(a['apiKey']) : undefined;
  if (account === undefined) return '60005';
  if (account.passphrase !== undefined && a['passphrase'] !== account.passphrase) return '60024';
  if (account.apiSecret === undefined) return { account: account.name };
  const { timestamp, sign } = a;
  if (typeof timestamp !== 'string' || typeof sign !== 'string') return '60007';
  return base64SignatureMatches(account.apiSecret, `${timestamp}GET/users/self/verify`, sign) ? { account: account.name } : '60007';
}
