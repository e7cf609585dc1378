/**
 * The local exchange on uWebSockets.js (or Node's http + ws: `server`), bound to 127.0.0.1 (port 0: the OS picks; `port` tells).
 *
 * | route | what |
 * | --- | --- |
 * | `ws /trade?apiKey=<key>` | order entry (`entry-protocol.ts`) |
 * | `ws /v5/private` | Bybit v5 private stream (venue `bybit`; `bybit-session.ts`) |
 * | `GET /v5/position/list` | Bybit v5 REST positions, signed, rate-limited (venue `bybit`; `bybit-rest-session.ts`) |
 * | `POST/PUT/DELETE /fapi/v1/listenKey`, `ws /ws/<listenKey>` | Binance USD-M user data stream (venue `binance-usdm`; `binance-session.ts`) |
 * | `GET /fapi/v2/positionRisk` | Binance USD-M REST positions, signed, weight-limited (venue `binance-usdm`; `binance-rest-session.ts`) |
 * | `ws /ws/v5/private`, `GET /api/v5/account/positions` | OKX v5 private stream and REST positions (venue `okx`; `okx-session.ts`, `okx-rest-session.ts`) |
 * | `ws /ws/api/v2`, `GET /api/v2/private/get_positions`, `…/get_user_trades_by_instrument` | Deribit JSON-RPC stream and REST (venue `deribit`; `deribit-session.ts`, `deribit-rest-session.ts`) |
 * | `ws /realtime`, `GET /api/v1/position` | BitMEX realtime tables and REST positions (venue `bitmex`; `bitmex-session.ts`, `bitmex-rest-session.ts`) |
 * | `ws /admin` | truth, frame log, clock (`admin-session.ts`) |
 *
 * Clock: `realtime` (default) moves simulated time with the injected wall clock, every `tickMs`
 * and before each client message; `manual` moves it only by `advance()` / the admin `advance` op,
 * which makes a run over real sockets reproducible frame for frame (tests). REST answers are
 * plain HTTP on the same port (`http://127.0.0.1:<port>`, `restUrl`). Single-threaded:
 * everything runs on the event loop of the thread that started the server.
 */
import { performance } from 'node:perf_hooks';
import type { HttpApp, ServerKind } from '../server/index.js';
import { adminBehavior } from './admin-session.js';
import { addBinanceRoutes } from './binance-session.js';
import { addBitmexRestRoutes } from './bitmex-rest-session.js';
import { bitmexBehavior } from './bitmex-session.js';
import { addBybitRestRoutes } from './bybit-rest-session.js';
import { bybitBehavior } from './bybit-session.js';
import { addDeribitRestRoutes } from './deribit-rest-session.js';
import { deribitBehavior } from './deribit-session.js';
import { entryBehavior } from './entry-session.js';
import type { ExchangeOptions } from './exchange-options.js';
import { addOkxRestRoutes } from './okx-rest-session.js';
import { okxBehavior } from './okx-session.js';
import { Prng } from './prng.js';
import type { ClosableSocket, ServerContext } from './server-context.js';
import { SimError } from './sim-error.js';
import { SimExchange } from './sim-exchange.js';
import type { AccountTruth } from './truth.js';
import { LOOPBACK, createApp, listenLoopback } from './uws-app.js';

export interface SimServerOptions extends ExchangeOptions {
  /** Default `realtime`. */
  readonly clock?: 'realtime' | 'manual';
  /** Default 0 (any free port). */
  readonly port?: number;
  /** Real-time mode: wall ms between clock updates. Default 5. */
  readonly tickMs?: number;
  /** Real-time mode: the wall clock in ms (injected; default `performance.now`). */
  readonly wallClock?: () => number;
  /**
   * What serves the exchange (src/server/server-kind.ts): `uws` (default; uWebSockets.js's
   * native build, `ERR_SIM_UWS_NATIVE` where none runs) or `node` (Node's http + ws).
   */
  readonly server?: ServerKind;
}

export class SimServer {
  readonly exchange: SimExchange;
  readonly port: number;
  readonly host = LOOPBACK;
  readonly manual: boolean;
  readonly #app: HttpApp;
  readonly #open: Set<ClosableSocket>;
  readonly #timer: NodeJS.Timeout | undefined;
  #stopped = false;

  private constructor(exchange: SimExchange, app: HttpApp, port: number, open: Set<ClosableSocket>, manual: boolean, timer: NodeJS.Timeout | undefined) {
    this.exchange = exchange;
    this.#app = app;
    this.port = port;
    this.#open = open;
    this.manual = manual;
    this.#timer = timer;
  }

  /** Starts the exchange and listens. Throws `ERR_SIM_CONFIG`, `ERR_SIM_UWS_NATIVE`, `ERR_SIM_LISTEN`. */
  static async start(options: SimServerOptions): Promise<SimServer> {
    const { clock = 'realtime', port = 0, tickMs = 5, wallClock = () => performance.now(), server = 'uws', ...exchangeOptions } = options;
    const problems: string[] = [];
    if (clock !== 'realtime' && clock !== 'manual') problems.push('options.clock must be "realtime" or "manual"');
    if (!Number.isSafeInteger(port) || port < 0 || port > 65535) problems.push('options.port must be an integer in [0, 65535]');
    if (!(typeof tickMs === 'number' && tickMs > 0)) problems.push('options.tickMs must be a positive number');
    if (server !== 'uws' && server !== 'node') problems.push('options.server must be "uws" or "node"');
    if (problems.length > 0) throw new SimError('ERR_SIM_CONFIG', 'invalid simulator options', problems);
    const exchange = new SimExchange(exchangeOptions);
    const manual = clock === 'manual';
    const t0 = wallClock();
    const open = new Set<ClosableSocket>();
    const listenKeys = new Map(exchange.options.accounts.map((a) => [a.name, new Prng(exchange.options.seed).fork(`listenKey:${a.name}`).hex(64)]));
    const byListenKey = new Map([...listenKeys].map(([name, key]) => [key, name]));
    let connections = 0;
    const sync = manual ? () => {} : () => exchange.advanceTo(wallClock() - t0);
    const ctx: ServerContext = {
      exchange,
      nextConnectionId: () => ++connections,
      track: (s) => open.add(s),
      untrack: (s) => open.delete(s),
      sync,
      listenKeyOf: (account) => listenKeys.get(account)!,
      accountOfListenKey: (key) => byListenKey.get(key),
      advance: (ms) => {
        if (!manual) return false;
        exchange.advanceTo(exchange.clock.nowMs() + ms);
        return true;
      },
    };
    const app = createApp(server);
    app.ws('/trade', entryBehavior(ctx));
    app.ws('/admin', adminBehavior(ctx));
    switch (exchange.options.venue) {
      case 'bybit':
        app.ws('/v5/private', bybitBehavior(ctx));
        addBybitRestRoutes(app, ctx);
        break;
      case 'binance-usdm':
        addBinanceRoutes(app, ctx);
        break;
      case 'okx':
        app.ws('/ws/v5/private', okxBehavior(ctx));
        addOkxRestRoutes(app, ctx);
        break;
      case 'deribit':
        app.ws('/ws/api/v2', deribitBehavior(ctx));
        addDeribitRestRoutes(app, ctx);
        break;
      case 'bitmex':
        app.ws('/realtime', bitmexBehavior(ctx));
        addBitmexRestRoutes(app, ctx);
        break;
    }
    app.any('/*', (res) => {
      res.writeStatus('404 Not Found').end('not found');
    });
    let listening: number;
    try {
      listening = await listenLoopback(app, port);
    } catch (e) {
      app.close();
      throw e;
    }
    let timer: NodeJS.Timeout | undefined;
    if (!manual) {
      timer = setInterval(sync, tickMs);
      timer.unref(); // the listen socket keeps the process alive, not the clock
    }
    return new SimServer(exchange, app, listening, open, manual, timer);
  }

  /** `ws://127.0.0.1:<port>` */
  get url(): string {
    return `ws://${this.host}:${this.port}`;
  }

  /** `http://127.0.0.1:<port>`: the REST base URL (a REST hook's `endpoint.rest`). */
  get restUrl(): string {
    return `http://${this.host}:${this.port}`;
  }

  /** Order-entry URL of an API key. */
  tradeUrl(apiKey: string): string {
    return `${this.url}/trade?apiKey=${encodeURIComponent(apiKey)}`;
  }

  /** Manual clock: runs `ms` simulated milliseconds. Throws in real-time mode. */
  advance(ms: number): void {
    if (!this.manual) throw new SimError('ERR_SIM_CONFIG', 'advance() needs clock "manual"');
    this.exchange.advanceTo(this.exchange.clock.nowMs() + ms);
  }

  /** The simulator's truth for one account. */
  truth(account: string): AccountTruth {
    return this.exchange.truth(account);
  }

  /**
   * Closes every socket (close frame 1001), waits (at most `graceMs`) until the server has
   * reported each one closed, so that their close handlers detach them from the account streams,
   * then stops listening and closes the app. Idempotent.
   */
  async stop(graceMs = 1000): Promise<void> {
    if (this.#stopped) return;
    this.#stopped = true;
    if (this.#timer !== undefined) clearInterval(this.#timer);
    for (const s of [...this.#open]) s.end(1001, 'simulator stopping');
    const deadline = performance.now() + graceMs;
    while (this.#open.size > 0 && performance.now() < deadline) await new Promise((r) => setTimeout(r, 1));
    this.#open.clear();
    this.#app.close();
  }
}
