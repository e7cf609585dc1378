/**
 * The order-entry WebSocket (`/trade?apiKey=<key>`, protocol in `entry-protocol.ts`): one socket
 * per client, bound to the account of its API key at the upgrade (unknown key: HTTP 401).
 */
import type { WebSocket, WebSocketBehavior } from '../server/index.js';
import { parseEntryRequest } from './entry-protocol.js';
import type { Quote } from './sim-exchange.js';
import type { ServerContext } from './server-context.js';
import { textOf } from './server-context.js';

interface EntryData {
  readonly account: string;
  open: boolean;
  /** Named so as not to shadow a uWS WebSocket method: uWS copies user data onto the socket. */
  stopQuotes?: () => void;
}

export function entryBehavior(ctx: ServerContext): WebSocketBehavior<EntryData> {
  return {
    upgrade: (res, req, context) => {
      const key = req.getQuery('apiKey') ?? '';
      const account = ctx.exchange.accountByKey(key);
      if (account === undefined) {
        res.writeStatus('401 Unauthorized').end('unknown apiKey');
        return;
      }
      res.upgrade<EntryData>({ account: account.name, open: true }, req.getHeader('sec-websocket-key'), req.getHeader('sec-websocket-protocol'), req.getHeader('sec-websocket-extensions'), context);
    },
    open: (ws) => ctx.track(ws),
    message: (ws, message) => {
      ctx.sync();
      const data = ws.getUserData();
      const send = (m: Readonly<Record<string, unknown>>): void => {
        if (data.open) ws.send(JSON.stringify(m));
      };
      const parsed = parseEntryRequest(textOf(message));
      if (!parsed.ok) {
        send({ op: 'reject', clientId: parsed.clientId, request: parsed.request, code: 'BAD_REQUEST', message: parsed.message, t: ctx.exchange.clock.nowMs() });
        return;
      }
      const r = parsed.request;
      switch (r.op) {
        case 'order': return ctx.exchange.submit(data.account, r, send);
        case 'cancel': return ctx.exchange.cancel(data.account, r, send);
        case 'ping': return send({ op: 'pong', reqId: r.reqId, t: ctx.exchange.clock.nowMs() });
        case 'quotes': {
          data.stopQuotes?.();
          const wanted = new Set(r.symbols);
          data.stopQuotes = ctx.exchange.onQuote((q: Quote) => {
            if (wanted.has(q.symbol)) send(q as unknown as Record<string, unknown>);
          });
          return send({ op: 'subscribed', symbols: [...wanted] });
        }
      }
    },
    close: (ws: WebSocket<EntryData>) => {
      const data = ws.getUserData();
      data.open = false;
      data.stopQuotes?.();
      ctx.untrack(ws);
    },
  };
}
