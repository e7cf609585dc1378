/**
 * The Bybit v5 private-stream handshake on `/v5/private`, as the venue speaks it
 * (https://bybit-exchange.github.io/docs/v5/ws/connect):
 *
 * - `{"req_id"?,"op":"auth","args":[apiKey, expires, signature]}` →
 *   `{"success":true,"ret_msg":"","op":"auth","conn_id":"…"}` (`req_id` echoed when sent).
 *   With the account's `apiSecret` configured the signature must be the hex HMAC-SHA256 of
 *   `GET/realtime${expires}`; otherwise any signature passes. `expires` is not compared with the
 *   clock (simulated time is not wall time).
 * - `{"op":"subscribe","args":["execution","order","position"]}` (or categorised names such as
 *   `execution.linear`) → `{"success":true,"ret_msg":"","op":"subscribe","conn_id":"…"}`; pushes
 *   then carry the topic name as subscribed. Before auth, or for any other topic: `success:false`.
 * - `dcp` topics (`dcp.future`, ...) subscribe the connection to disconnection protection
 *   (`bybit-dcp.ts`); they push nothing here.
 * - `{"req_id"?,"op":"ping"}` → `{"req_id"?,"op":"pong","args":["<epoch ms>"],"conn_id":"…"}`.
 *
 * Faults act on the connection: `positionDeath` silences its position pushes (subscription still
 * acknowledged, pings answered), `disconnect` closes it without a close frame.
 */
import type { WebSocket, WebSocketBehavior } from '../server/index.js';
import { bybitDcp, isDcpTopic } from './bybit-dcp.js';
import { hmacHex, signatureMatches } from './hmac-signature.js';
import type { Frame, FrameClass } from './private-report.js';
import type { ServerContext } from './server-context.js';
import { textOf } from './server-context.js';
import type { StreamConnection } from './stream-connection.js';
import { SIM_EPOCH_MS } from './venue-framer.js';

interface BybitData {
  account: string;
  open: boolean;
  connId: string;
  connection?: StreamConnection;
  /** Base topic → the name the client subscribed it under. */
  readonly topics: Map<FrameClass, string>;
  /** Subscribed to a dcp topic (watched by disconnection protection). */
  dcp: boolean;
  id: number;
}

const BASES: ReadonlySet<string> = new Set(['execution', 'order', 'position']);

export function bybitBehavior(ctx: ServerContext): WebSocketBehavior<BybitData> {
  return {
    upgrade: (res, req, context) => {
      res.upgrade<BybitData>({ account: '', open: true, connId: '', topics: new Map(), dcp: false, id: 0 }, req.getHeader('sec-websocket-key'), req.getHeader('sec-websocket-protocol'), req.getHeader('sec-websocket-extensions'), context);
    },
    open: (ws) => {
      const data = ws.getUserData();
      const id = ctx.nextConnectionId();
      data.id = id;
      data.connId = `sim-${id}`;
      ctx.track(ws);
      const connection: StreamConnection = {
        id,
        positionDead: false,
        wants: (cls) => data.open && data.topics.has(cls),
        send: (frame: Frame) => {
          const name = data.topics.get(frame.cls) ?? frame.cls;
          const text = JSON.stringify(name === frame.body['topic'] ? frame.body : { ...frame.body, topic: name });
          ws.send(text);
          return text;
        },
        kill: () => {
          if (data.open) ws.close();
        },
      };
      data.connection = connection;
    },
    message: (ws, message) => {
      ctx.sync();
      const data = ws.getUserData();
      // The sync may have run a `disconnect` fault that closed this very socket (its close
      // handler has run): the message dies with the connection, unanswered. uWebSockets.js
      // throws on a send to a closed socket.
      if (!data.open) return;
      let m: Record<string, unknown>;
      try {
        const v: unknown = JSON.parse(textOf(message));
        if (typeof v !== 'object' || v === null || Array.isArray(v)) return;
        m = v as Record<string, unknown>;
      } catch {
        return; // the venue ignores what it cannot parse
      }
      const reqId = typeof m['req_id'] === 'string' ? { req_id: m['req_id'] } : {};
      const reply = (op: string, success: boolean, retMsg: string): void => {
        ws.send(JSON.stringify({ ...reqId, success, ret_msg: retMsg, op, conn_id: data.connId }));
      };
      const args = Array.isArray(m['args']) ? (m['args'] as unknown[]) : [];
      switch (m['op']) {
        case 'ping':
          ws.send(JSON.stringify({ ...reqId, op: 'pong', args: [String(SIM_EPOCH_MS + ctx.exchange.clock.nowMs())], conn_id: data.connId }));
          return;
        case 'auth': {
          const account = auth(ctx, args);
          if (account === undefined || data.account !== '') return reply('auth', false, data.account !== '' ? 'Repeat auth' : 'Request not authorized');
          data.account = account;
          ctx.exchange.stream(account).attach(data.connection!);
          return reply('auth', true, '');
        }
        case 'subscribe':
        case 'unsubscribe': {
          if (data.account === '') return reply(m['op'], false, 'Request not authorized');
          const names = args.filter((a): a is string => typeof a === 'string');
          const bad = names.find((n) => !BASES.has(n.split('.')[0] ?? '') && !isDcpTopic(n));
          if (bad !== undefined || names.length === 0) return reply(m['op'], false, `error:handler not found,topic:${bad ?? ''}`);
          for (const n of names) {
            if (isDcpTopic(n)) {
              data.dcp = m['op'] === 'subscribe';
              if (data.dcp) bybitDcp(ctx).subscribed(data.account, data.id);
              else bybitDcp(ctx).unsubscribed(data.account, data.id);
              continue;
            }
            const base = n.split('.')[0] as FrameClass;
            if (m['op'] === 'subscribe') data.topics.set(base, n);
            else data.topics.delete(base);
          }
          return reply(m['op'], true, '');
        }
        default:
          return reply(typeof m['op'] === 'string' ? m['op'] : '', false, 'error:handler not found');
      }
    },
    close: (ws: WebSocket<BybitData>) => {
      const data = ws.getUserData();
      data.open = false;
      if (data.account !== '' && data.connection !== undefined) ctx.exchange.stream(data.account).detach(data.connection);
      if (data.dcp) bybitDcp(ctx).closed(data.account, data.id);
      ctx.untrack(ws);
    },
  };
}

/** The account `args` authenticate, or undefined. */
function auth(ctx: ServerContext, args: readonly unknown[]): string | undefined {
  const [key, expires, signature] = args;
  if (typeof key !== 'string') return undefined;
  const account = ctx.exchange.accountByKey(key);
  if (account === undefined) return undefined;
  if (account.apiSecret === undefined) return account.name;
  if ((typeof expires !== 'number' && typeof expires !== 'string') || typeof signature !== 'string') return undefined;
  return signatureMatches(account.apiSecret, `GET/realtime${expires}`, signature) ? account.name : undefined;
}

/** The signature a Bybit client sends in `auth` (for tests and the demo's feed config). */
export function bybitSignature(secret: string, expires: number): string {
  return hmacHex(secret, `GET/realtime${expires}`);
}
