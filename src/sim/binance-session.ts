/**
 * The Binance USD-M user data stream as the venue serves it:
 * - `POST /fapi/v1/listenKey` with header `X-MBX-APIKEY: <apiKey>` → `{"listenKey":"<64 chars>"}`
 *   (`PUT` keeps it alive → `{}`, `DELETE` → `{}`); an unknown key → HTTP 401
 *   `{"code":-2015,"msg":"Invalid API-key, IP, or permissions for action."}`;
 * - `ws://127.0.0.1:<port>/ws/<listenKey>`: pushes `ORDER_TRADE_UPDATE` and `ACCOUNT_UPDATE`, no
 *   subscription step and no application-level heartbeat. An unknown listen key → HTTP 401.
 * - `GET /fapi/v2/positionRisk`: the account's positions (`binance-rest-session.ts`).
 * The listen key of an account is stable for a seed. The REST routes share the IP's request
 * weight (`binance-weight-limit.ts`; listen-key calls weigh 1). Faults: `positionDeath` silences
 * the connection's `ACCOUNT_UPDATE`s; `disconnect` closes it without a close frame.
 */
import type { HttpRequest, HttpResponse, HttpApp, WebSocket, WebSocketBehavior } from '../server/index.js';
import { INVALID_KEY, addPositionRiskRoute, takeWeight } from './binance-rest-session.js';
import { addBinanceOrderRoutes } from './binance-order-route.js';
import { BinanceWeightLimit } from './binance-weight-limit.js';
import type { Frame } from './private-report.js';
import { jsonAnswer, sendAnswer } from './rest-reply.js';
import type { ServerContext } from './server-context.js';
import type { StreamConnection } from './stream-connection.js';

interface BinanceData {
  readonly account: string;
  open: boolean;
  connection?: StreamConnection;
}

/** Registers the REST routes (listen key, positions) and the stream route on `app`. */
export function addBinanceRoutes(app: HttpApp, ctx: ServerContext): void {
  const weights = new BinanceWeightLimit();
  const listenKey = (res: HttpResponse, req: HttpRequest, body: (key: string) => unknown): void => {
    ctx.sync();
    const { headers, refused } = takeWeight(res, ctx, weights, 1);
    if (refused !== undefined) return sendAnswer(res, refused, ctx.exchange.queue);
    const account = ctx.exchange.accountByKey(req.getHeader('x-mbx-apikey'));
    if (account === undefined) return sendAnswer(res, jsonAnswer('401 Unauthorized', INVALID_KEY, headers), ctx.exchange.queue);
    sendAnswer(res, jsonAnswer('200 OK', body(ctx.listenKeyOf(account.name)), headers), ctx.exchange.queue);
  };
  app.post('/fapi/v1/listenKey', (res, req) => listenKey(res, req, (key) => ({ listenKey: key })));
  app.put('/fapi/v1/listenKey', (res, req) => listenKey(res, req, () => ({})));
  app.del('/fapi/v1/listenKey', (res, req) => listenKey(res, req, () => ({})));
  addPositionRiskRoute(app, ctx, weights);
  addBinanceOrderRoutes(app, ctx, weights);
  app.ws<BinanceData>('/ws/:listenKey', binanceBehavior(ctx));
}

function binanceBehavior(ctx: ServerContext): WebSocketBehavior<BinanceData> {
  return {
    upgrade: (res, req, context) => {
      const account = ctx.accountOfListenKey(req.getParameter(0) ?? '');
      if (account === undefined) {
        res.writeStatus('401 Unauthorized').end(JSON.stringify(INVALID_KEY));
        return;
      }
      res.upgrade<BinanceData>({ account, open: true }, req.getHeader('sec-websocket-key'), req.getHeader('sec-websocket-protocol'), req.getHeader('sec-websocket-extensions'), context);
    },
    open: (ws) => {
      ctx.sync();
      const data = ws.getUserData();
      ctx.track(ws);
      const connection: StreamConnection = {
        id: ctx.nextConnectionId(),
        positionDead: false,
        wants: () => data.open,
        send: (frame: Frame) => {
          const text = JSON.stringify(frame.body);
          ws.send(text);
          return text;
        },
        kill: () => {
          if (data.open) ws.close();
        },
      };
      data.connection = connection;
      ctx.exchange.stream(data.account).attach(connection);
    },
    close: (ws: WebSocket<BinanceData>) => {
      const data = ws.getUserData();
      data.open = false;
      if (data.connection !== undefined) ctx.exchange.stream(data.account).detach(data.connection);
      ctx.untrack(ws);
    },
  };
}
