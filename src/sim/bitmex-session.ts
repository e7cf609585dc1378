/**
 * The BitMEX realtime WebSocket on `/realtime`, as the venue documents it
 * (https://www.bitmex.com/app/wsAPI: "Authentication", "Subscriptions", "Response Format",
 * "Heartbeats"):
 *
 * - On connect: `{"info":"Welcome to the BitMEX Realtime API.",…}`.
 * - `{"op":"authKeyExpires","args":[apiKey, expires, signature]}` with `signature` =
 *   hex(HMAC-SHA256(secret, "GET/realtime" + expires)) → `{"success":true,"request":{…}}`; an
 *   unknown key or a wrong signature (checked when the account has an `apiSecret`) →
 *   `{"status":401,"error":…,"meta":{},"request":{…}}`. `expires` is not compared with the clock.
 * - `{"op":"subscribe","args":["execution","order","position"]}` (a `table:SYMBOL` filter is
 *   accepted and read as the whole table: the simulator's accounts are small) → per table
 *   `{"success":true,"subscribe":"<table>","request":{…}}` then the table's `partial`: `order`
 *   the account's live orders, `position` a row per instrument (flat ones included, stamped now:
 *   a real row's `timestamp` moves with the mark price), `execution`
 *   none (BitMEX's image lists recent executions that the position already contains; riskgate
 *   ignores it, and the simulator keeps none). Private tables before auth → status 401; an
 *   unknown table → status 400.
 * - Heartbeats: the text `ping` → the text `pong`. BitMEX documents the client's side (ping when
 *   nothing arrived for 5 s), not a server-side idle close: the simulator closes nothing for
 *   silence.
 *
 * Faults act on the connection: `positionDeath` silences its `position` rows, `disconnect`
 * closes it without a close frame.
 */
import type { WebSocket, WebSocketBehavior } from '../server/index.js';
import { bitmexTime, table, type BitmexFramer } from './bitmex-framer.js';
import { signatureMatches } from './hmac-signature.js';
import type { FrameClass } from './private-report.js';
import type { ServerContext } from './server-context.js';
import { textOf } from './server-context.js';
import { parseMessage, sendTo, socketConnection } from './session-connection.js';
import type { StreamConnection } from './stream-connection.js';

interface BitmexData {
  open: boolean;
  account: string;
  connection?: StreamConnection;
  readonly tables: Set<FrameClass>;
}

const TABLES: ReadonlySet<string> = new Set(['execution', 'order', 'position']);

export function bitmexBehavior(ctx: ServerContext): WebSocketBehavior<BitmexData> {
  return {
    upgrade: (res, req, context) => {
      res.upgrade<BitmexData>({ open: true, account: '', tables: new Set() }, req.getHeader('sec-websocket-key'), req.getHeader('sec-websocket-protocol'), req.getHeader('sec-websocket-extensions'), context);
    },
    open: (ws) => {
      ctx.sync();
      const data = ws.getUserData();
      ctx.track(ws);
      data.connection = socketConnection(ctx, ws, (cls) => data.tables.has(cls));
      sendTo(ws, { info: 'Welcome to the BitMEX Realtime API.', version: 'sim', timestamp: bitmexTime(ctx.exchange.clock.nowMs()), docs: 'https://www.bitmex.com/app/wsAPI', heartbeatEnabled: false });
    },
    message: (ws, message) => {
      ctx.sync();
      const data = ws.getUserData();
      const m = parseMessage(textOf(message));
      if (m === 'ping') return sendTo(ws, 'pong');
      if (typeof m !== 'object') return sendTo(ws, { status: 400, error: 'Unable to parse request', meta: {} });
      const fail = (status: number, error: string): void => sendTo(ws, { status, error, meta: {}, request: m });
      const args = Array.isArray(m['args']) ? (m['args'] as unknown[]) : [];
      switch (m['op']) {
        case 'authKeyExpires': {
          const account = auth(ctx, args);
          if (account === undefined) return fail(401, 'Signature not valid.');
          if (data.account === '') {
            data.account = account;
            ctx.exchange.stream(account).attach(data.connection!);
          }
          return sendTo(ws, { success: true, request: m });
        }
        case 'subscribe': {
          const names = args.map((a) => (typeof a === 'string' ? a.split(':')[0] ?? '' : ''));
          const unknown = names.find((n) => !TABLES.has(n));
          if (unknown !== undefined || names.length === 0) return fail(400, `Unknown table: ${String(unknown ?? '')}`);
          if (data.account === '') return fail(401, 'User requested an account-locked subscription but no authorization was provided.');
          for (const name of names) {
            data.tables.add(name as FrameClass);
            sendTo(ws, { success: true, subscribe: name, request: m });
            sendTo(ws, partial(ctx, data.account, name as FrameClass));
          }
          return;
        }
        default:
          return fail(400, `Unknown or unsupported operation: ${String(m['op']).slice(0, 40)}`);
      }
    },
    close: (ws: WebSocket<BitmexData>) => {
      const data = ws.getUserData();
      data.open = false;
      if (data.account !== '' && data.connection !== undefined) ctx.exchange.stream(data.account).detach(data.connection);
      ctx.untrack(ws);
    },
  };
}

/** The `partial` image of one table for `account`, now. */
function partial(ctx: ServerContext, account: string, name: FrameClass): Record<string, unknown> {
  const ex = ctx.exchange;
  const framer = ex.stream(account).framer as BitmexFramer;
  const filter = { account: framer.account };
  const now = ex.clock.nowMs();
  const meta = { execution: { keys: ['execID'] }, order: { keys: ['orderID'] }, position: { keys: ['account', 'symbol', 'currency'] } }[name];
  const data = name === 'order' ? ex.liveOrders(account).map((o) => framer.orderRow(o))
    : name === 'position' ? [...ex.instruments.keys()].map((s) => framer.positionRow(ex.positionAt(account, s, now), now))
    : [];
  return { ...table(name, 'partial', data, filter), ...meta, types: {}, foreignKeys: {}, attributes: {} };
}

/** The account `authKeyExpires` args authenticate, or undefined. */
function auth(ctx: ServerContext, args: readonly unknown[]): string | undefined {
  const [key, expires, signature] = args;
  if (typeof key !== 'string') return undefined;
  const account = ctx.exchange.accountByKey(key);
  if (account === undefined) return undefined;
  if (account.apiSecret === undefined) return account.name;
  if ((typeof expires !== 'number' && typeof expires !== 'string') || typeof signature !== 'string') return undefined;
  return signatureMatches(account.apiSecret, `GET/realtime${expires}`, signature) ? account.name : undefined;
}
