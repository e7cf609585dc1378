import { createServer, type IncomingMessage, type Server, type ServerResponse, STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket as WsSocket } from 'ws';
import type { HttpApp, HttpRequest, HttpResponse, RouteHandler, UpgradeContext, WebSocket, WebSocketBehavior } from './http-app.js';

/** uWebSockets.js's defaults, kept so that a route behaves the same on both servers. */
const DEFAULT_MAX_PAYLOAD = 16 * 1024;
const DEFAULT_IDLE_TIMEOUT_S = 120;
const DEFAULT_MAX_BACKPRESSURE = 64 * 1024;

type Method = 'get' | 'post' | 'put' | 'del' | 'any';

interface Pattern {
  readonly segments: readonly string[];
  /** Ends in `/*`: matches any rest. */
  readonly wildcard: boolean;
  /** 2 static, 1 with parameters, 0 wildcard: the most specific match wins. */
  readonly rank: number;
}

interface HttpRoute extends Pattern {
  readonly method: Method;
  readonly handler: RouteHandler;
}

interface WsRoute extends Pattern {
  readonly behavior: WebSocketBehavior<unknown>;
  readonly server: WebSocketServer;
}

function parsePattern(pattern: string): Pattern {
  const parts = pattern.split('/').slice(1);
  const wildcard = parts.at(-1) === '*';
  const segments = wildcard ? parts.slice(0, -1) : parts;
  return { segments, wildcard, rank: wildcard ? 0 : segments.some((s) => s.startsWith(':')) ? 1 : 2 };
}

/** The parameters when `p` matches `path`, else undefined. */
function match(p: Pattern, path: readonly string[]): string[] | undefined {
  if (p.wildcard ? path.length < p.segments.length : path.length !== p.segments.length) return undefined;
  const params: string[] = [];
  for (let i = 0; i < p.segments.length; i++) {
    const s = p.segments[i]!;
    if (s.startsWith(':')) params.push(decodeURIComponent(path[i]!));
    else if (s !== path[i]) return undefined;
  }
  return params;
}

function best<R extends Pattern>(routes: readonly R[], path: readonly string[], accept: (r: R) => number): { route: R; params: string[] } | undefined {
  let found: { route: R; params: string[]; score: number } | undefined;
  for (const route of routes) {
    const bonus = accept(route);
    if (bonus < 0) continue;
    const params = match(route, path);
    if (params === undefined) continue;
    const score = route.rank * 2 + bonus;
    if (found === undefined || score > found.score) found = { route, params, score };
  }
  return found;
}

function toArrayBuffer(data: RawData | Buffer): ArrayBuffer {
  const b = Buffer.isBuffer(data) ? data : Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data);
  return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
}

class NodeRequest implements HttpRequest {
  constructor(
    private readonly msg: IncomingMessage,
    private readonly path: string,
    private readonly query: string | undefined,
    private readonly params: readonly string[],
  ) {}

  getHeader(lowerCaseKey: string): string {
    const v = this.msg.headers[lowerCaseKey];
    return v === undefined ? '' : Array.isArray(v) ? v.join(', ') : v;
  }

  getParameter(index: number): string | undefined {
    return this.params[index];
  }

  getQuery(): string | undefined;
  getQuery(key: string): string | undefined;
  getQuery(key?: string): string | undefined {
    if (key === undefined) return this.query;
    return new URLSearchParams(this.query ?? '').get(key) ?? undefined;
  }

  getUrl(): string {
    return this.path;
  }

  getMethod(): string {
    return (this.msg.method ?? '').toLowerCase();
  }
}

/** What `res.upgrade` needs to finish a WebSocket handshake (the route's upgrade context). */
interface NodeUpgradeContext {
  readonly route: WsRoute;
  readonly msg: IncomingMessage;
  readonly socket: Duplex;
  readonly head: Buffer;
}

/**
 * One response: on a plain request, over Node's `ServerResponse`; on a WebSocket upgrade
 * request, either the upgrade or a refusal written to the raw socket (then closed).
 */
class NodeResponse implements HttpResponse {
  #status = 200;
  #reason = 'OK';
  readonly #headers: [string, string][] = [];
  #ended = false;
  #aborted = false;
  readonly #onAbort: (() => void)[] = [];

  constructor(
    private readonly app: NodeHttpApp,
    private readonly msg: IncomingMessage,
    private readonly res: ServerResponse | undefined,
    private readonly raw: Duplex | undefined,
  ) {
    const abort = (): void => {
      if (this.#ended || this.#aborted) return;
      this.#aborted = true;
      for (const h of this.#onAbort) h();
    };
    if (res !== undefined) res.on('close', abort);
    else raw?.on('close', abort);
  }

  writeStatus(status: string): this {
    const m = /^(\d{3})\s*(.*)$/.exec(status);
    if (m !== null) {
      this.#status = Number(m[1]);
      this.#reason = m[2] !== '' ? m[2]! : STATUS_CODES[this.#status] ?? '';
    }
    return this;
  }

  writeHeader(key: string, value: string): this {
    this.#headers.push([key, value]);
    return this;
  }

  end(body = '', closeConnection = false): this {
    if (this.#ended || this.#aborted) return this;
    this.#ended = true;
    if (this.res !== undefined) {
      for (const [k, v] of this.#headers) this.res.appendHeader(k, v);
      if (closeConnection) this.res.setHeader('Connection', 'close');
      this.res.writeHead(this.#status, this.#reason);
      this.res.end(body);
    } else if (this.raw !== undefined) {
      const bytes = Buffer.from(body, 'utf8');
      const head = [`HTTP/1.1 ${this.#status} ${this.#reason}`, ...this.#headers.map(([k, v]) => `${k}: ${v}`), `Content-Length: ${bytes.length}`, 'Connection: close', '', ''];
      this.raw.end(Buffer.concat([Buffer.from(head.join('\r\n'), 'latin1'), bytes]));
    }
    return this;
  }

  cork(cb: () => void): this {
    cb();
    return this;
  }

  onAborted(handler: () => void): this {
    this.#onAbort.push(handler);
    return this;
  }

  onData(handler: (chunk: ArrayBuffer, isLast: boolean) => void): this {
    this.msg.on('data', (chunk: Buffer) => handler(toArrayBuffer(chunk), false));
    this.msg.on('end', () => handler(new ArrayBuffer(0), true));
    return this;
  }

  getRemoteAddressAsText(): ArrayBuffer {
    const a = this.msg.socket.remoteAddress ?? '';
    return toArrayBuffer(Buffer.from(a.startsWith('::ffff:') ? a.slice(7) : a, 'utf8'));
  }

  upgrade<UserData>(userData: UserData, _key: string, _protocol: string, _extensions: string, context: UpgradeContext): void {
    if (this.#ended || this.#aborted) return;
    this.#ended = true;
    const c = context as NodeUpgradeContext;
    c.route.server.handleUpgrade(c.msg, c.socket, c.head, (ws) => this.app.opened(c.route, ws, userData));
  }
}

/**
 * One WebSocket client, with the interface's return codes and its user data. As on uWS, the
 * close handler runs once: at once when the server closes the socket (`end`, `close`), else
 * when the client closed it or the connection broke.
 */
class NodeWebSocket<UserData> implements WebSocket<UserData> {
  /** Traffic seen since the last idle check (a message or a pong). */
  alive = true;
  /** The close handler, until it has run. */
  onClose: ((code: number, reason: ArrayBuffer) => void) | undefined;

  constructor(
    readonly ws: WsSocket,
    /** The route it came through (its idle rule). */
    readonly route: object,
    private readonly userData: UserData,
    private readonly maxBackpressure: number,
  ) {}

  send(message: string | ArrayBuffer | Uint8Array, isBinary = false): number {
    if (this.ws.readyState !== this.ws.OPEN) return 2;
    if (this.ws.bufferedAmount > this.maxBackpressure) return 2;
    this.ws.send(message, { binary: isBinary });
    return this.ws.bufferedAmount > 0 ? 0 : 1;
  }

  getBufferedAmount(): number {
    return this.ws.bufferedAmount;
  }

  end(code?: number, shortMessage?: string): void {
    if (this.ws.readyState === this.ws.OPEN || this.ws.readyState === this.ws.CONNECTING) this.ws.close(code, shortMessage);
    this.closed(code ?? 1000, shortMessage ?? '');
  }

  close(): void {
    this.ws.terminate();
    this.closed(1006, '');
  }

  /** Runs the close handler if it has not run yet. */
  closed(code: number, reason: string | Buffer): void {
    const h = this.onClose;
    if (h === undefined) return;
    this.onClose = undefined;
    h(code, toArrayBuffer(Buffer.from(reason)));
  }

  getUserData(): UserData {
    return this.userData;
  }
}

/**
 * `HttpApp` on Node's `http` module and the `ws` package: for hosts where no uWebSockets.js
 * build runs (see server-kind.ts). The same routes, status lines, headers, WebSocket return
 * codes, payload limit and idle rule (`idleTimeout`, pinging when `sendPingsAutomatically`,
 * both on by default as in uWS); no per-message compression, as in the uWS build used.
 *
 * Differences that remain: `cork` only runs its callback; `send` reports 0 (buffered) for most
 * messages, since Node hands the bytes to the socket asynchronously.
 */
export class NodeHttpApp implements HttpApp {
  readonly kind = 'node' as const;
  readonly implementation = `Node ${process.versions.node} http + ws`;
  readonly #routes: HttpRoute[] = [];
  readonly #wsRoutes: WsRoute[] = [];
  /** Open sockets, as their routes see them (left when the close handler runs). */
  readonly #sockets = new Set<NodeWebSocket<unknown>>();
  /** Every connection until it is really gone (a closing one waits for the client's answer). */
  readonly #raw = new Set<WsSocket>();
  readonly #server: Server;
  readonly #timers: NodeJS.Timeout[] = [];
  #closed = false;

  constructor() {
    this.#server = createServer((msg, res) => this.#request(msg, res));
    this.#server.on('upgrade', (msg: IncomingMessage, socket: Duplex, head: Buffer) => this.#upgrade(msg, socket, head));
  }

  get(pattern: string, handler: RouteHandler): this {
    return this.#add('get', pattern, handler);
  }

  post(pattern: string, handler: RouteHandler): this {
    return this.#add('post', pattern, handler);
  }

  put(pattern: string, handler: RouteHandler): this {
    return this.#add('put', pattern, handler);
  }

  del(pattern: string, handler: RouteHandler): this {
    return this.#add('del', pattern, handler);
  }

  any(pattern: string, handler: RouteHandler): this {
    return this.#add('any', pattern, handler);
  }

  ws<UserData>(pattern: string, behavior: WebSocketBehavior<UserData>): this {
    const server = new WebSocketServer({ noServer: true, maxPayload: behavior.maxPayloadLength ?? DEFAULT_MAX_PAYLOAD, perMessageDeflate: false, clientTracking: false });
    const route: WsRoute = { ...parsePattern(pattern), behavior: behavior as WebSocketBehavior<unknown>, server };
    this.#wsRoutes.push(route);
    const idle = behavior.idleTimeout ?? DEFAULT_IDLE_TIMEOUT_S;
    if (idle > 0) {
      const ping = behavior.sendPingsAutomatically ?? true;
      // Checked every half timeout: a socket silent for a whole check period is closed (or
      // pinged first when pings are on, and closed at the next check if no pong came).
      const timer = setInterval(() => this.#idleCheck(route, ping), (idle * 1000) / 2);
      timer.unref();
      this.#timers.push(timer);
    }
    return this;
  }

  listen(host: string, port: number): Promise<number> {
    return new Promise((resolve, reject) => {
      const onError = (err: Error): void => reject(new Error(`could not listen on ${host}:${port}: ${err.message}`));
      this.#server.once('error', onError);
      this.#server.listen(port, host, () => {
        this.#server.off('error', onError);
        const a = this.#server.address();
        resolve(typeof a === 'object' && a !== null ? a.port : port);
      });
    });
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    for (const t of this.#timers) clearInterval(t);
    for (const ws of this.#raw) ws.terminate();
    this.#server.close();
    this.#server.closeAllConnections();
  }

  /** The handshake completed: wires the socket to its route's behaviour (called by NodeResponse). */
  opened(route: WsRoute, ws: WsSocket, userData: unknown): void {
    const b = route.behavior;
    const s = new NodeWebSocket(ws, route, userData, b.maxBackpressure ?? DEFAULT_MAX_BACKPRESSURE);
    if (this.#closed) {
      ws.terminate();
      return;
    }
    this.#sockets.add(s);
    this.#raw.add(ws);
    ws.on('message', (data: RawData, isBinary: boolean) => {
      s.alive = true;
      b.message?.(s, toArrayBuffer(data), isBinary);
    });
    ws.on('pong', () => {
      s.alive = true;
    });
    ws.on('error', () => ws.terminate()); // a protocol error (e.g. over maxPayload): the close handler follows
    s.onClose = (code, reason) => {
      this.#sockets.delete(s);
      b.close?.(s, code, reason);
    };
    ws.on('close', (code: number, reason: Buffer) => {
      this.#raw.delete(ws);
      s.closed(code, reason);
    });
    b.open?.(s);
  }

  #add(method: Method, pattern: string, handler: RouteHandler): this {
    this.#routes.push({ ...parsePattern(pattern), method, handler });
    return this;
  }

  #request(msg: IncomingMessage, res: ServerResponse): void {
    const url = msg.url ?? '/';
    const q = url.indexOf('?');
    const path = q < 0 ? url : url.slice(0, q);
    const query = q < 0 ? undefined : url.slice(q + 1);
    const method = (msg.method ?? '').toLowerCase();
    const want = method === 'delete' ? 'del' : method;
    const found = best(this.#routes, path.split('/').slice(1), (r) => (r.method === want ? 1 : r.method === 'any' ? 0 : -1));
    const response = new NodeResponse(this, msg, res, undefined);
    if (found === undefined) {
      response.writeStatus('404 Not Found').end('');
      return;
    }
    found.route.handler(response, new NodeRequest(msg, path, query, found.params));
  }

  #upgrade(msg: IncomingMessage, socket: Duplex, head: Buffer): void {
    const url = msg.url ?? '/';
    const q = url.indexOf('?');
    const path = q < 0 ? url : url.slice(0, q);
    const query = q < 0 ? undefined : url.slice(q + 1);
    socket.on('error', () => socket.destroy());
    const found = best(this.#wsRoutes, path.split('/').slice(1), () => 0);
    const response = new NodeResponse(this, msg, undefined, socket);
    if (found === undefined || this.#closed) {
      response.writeStatus('404 Not Found').end('');
      return;
    }
    const req = new NodeRequest(msg, path, query, found.params);
    const context: NodeUpgradeContext = { route: found.route, msg, socket, head };
    const b = found.route.behavior;
    if (b.upgrade !== undefined) b.upgrade(response, req, context);
    else response.upgrade({}, req.getHeader('sec-websocket-key'), req.getHeader('sec-websocket-protocol'), req.getHeader('sec-websocket-extensions'), context);
  }

  #idleCheck(route: WsRoute, ping: boolean): void {
    for (const s of this.#sockets) {
      if (s.route !== route || s.ws.readyState !== s.ws.OPEN) continue;
      if (!s.alive) {
        s.ws.terminate();
        continue;
      }
      s.alive = false;
      if (ping) s.ws.ping();
    }
  }
}
