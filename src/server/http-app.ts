/**
 * The HTTP + WebSocket server surface that the control server and the exchange simulator are
 * written against, and that both servers implement: uWebSockets.js (`uws-http-app.ts`, the
 * default: its native build) and Node's own `http` + `ws` (`node-http-app.ts`, for hosts where
 * no uWebSockets.js build can run). It is the subset of uWebSockets.js's own app API that the
 * project uses, with its semantics, so a handler reads the same on both:
 *
 * - a request (`HttpRequest`) is valid only during the synchronous part of its handler: read
 *   every header there;
 * - a response is written with `writeStatus` (default `200 OK`), `writeHeader`, then `end`;
 *   a handler that answers later must register `onAborted` first and skips a response whose
 *   client went away;
 * - a WebSocket route's `upgrade` either answers (the connection is refused with that answer)
 *   or calls `res.upgrade(userData, key, protocol, extensions, context)`; then `open`,
 *   `message` (an ArrayBuffer, valid during the callback), `close`;
 * - `WebSocket.send` returns 1 (sent), 0 (sent, but buffered: backpressure) or 2 (dropped: over
 *   `maxBackpressure`); `getBufferedAmount` is the bytes not yet written to the socket;
 *   `end(code, reason)` closes with a close frame, `close()` abruptly.
 */
import type { ServerKind } from './server-kind.js';

/** Opaque upgrade context: pass the one given to `upgrade` on to `res.upgrade`. */
export type UpgradeContext = object;

export interface HttpRequest {
  /** A header by its lower-case name; '' when absent. */
  getHeader(lowerCaseKey: string): string;
  /** The `index`-th `:parameter` of the route pattern; undefined when absent. */
  getParameter(index: number): string | undefined;
  /** The raw query string after `?` (undefined or '' when none), or one decoded value. */
  getQuery(): string | undefined;
  getQuery(key: string): string | undefined;
  /** The path, without the query. */
  getUrl(): string;
  /** Lower-case method. */
  getMethod(): string;
}

export interface HttpResponse {
  /** A status line such as `404 Not Found`. */
  writeStatus(status: string): HttpResponse;
  writeHeader(key: string, value: string): HttpResponse;
  /** Ends the response; `closeConnection` closes the connection after it. */
  end(body?: string, closeConnection?: boolean): HttpResponse;
  /** Runs `cb` with writes batched (uWS: one syscall; Node: as it is). */
  cork(cb: () => void): HttpResponse;
  onAborted(handler: () => void): HttpResponse;
  /** The request body, chunk by chunk (each valid only during the callback). */
  onData(handler: (chunk: ArrayBuffer, isLast: boolean) => void): HttpResponse;
  /** The client's IP address as UTF-8 text. */
  getRemoteAddressAsText(): ArrayBuffer;
  upgrade<UserData>(userData: UserData, secWebSocketKey: string, secWebSocketProtocol: string, secWebSocketExtensions: string, context: UpgradeContext): void;
}

export interface WebSocket<UserData> {
  /** 1 sent, 0 sent and buffered (backpressure), 2 dropped (over `maxBackpressure`). */
  send(message: string | ArrayBuffer | Uint8Array, isBinary?: boolean): number;
  getBufferedAmount(): number;
  /** Close frame `code`/`reason`, then the socket closes; the close handler runs. */
  end(code?: number, shortMessage?: string): void;
  /** Closes at once, without a close frame (a dropped connection). */
  close(): void;
  getUserData(): UserData;
}

export interface WebSocketBehavior<UserData> {
  /** Largest message accepted from a client, bytes. */
  maxPayloadLength?: number;
  /** Seconds without traffic after which the connection is closed. */
  idleTimeout?: number;
  /** Ping idle clients so that live ones stay within `idleTimeout`. */
  sendPingsAutomatically?: boolean;
  /** Bytes buffered above which `send` drops the message (returns 2). */
  maxBackpressure?: number;
  closeOnBackpressureLimit?: number | boolean;
  upgrade?: (res: HttpResponse, req: HttpRequest, context: UpgradeContext) => void;
  open?: (ws: WebSocket<UserData>) => void;
  message?: (ws: WebSocket<UserData>, message: ArrayBuffer, isBinary: boolean) => void;
  close?: (ws: WebSocket<UserData>, code: number, message: ArrayBuffer) => void;
}

export type RouteHandler = (res: HttpResponse, req: HttpRequest) => void;

/**
 * Routes are matched as uWebSockets.js matches them: exact segments, `:name` parameters, a
 * trailing `/*`; the most specific route wins over `/*`, whatever the order of registration.
 */
export interface HttpApp {
  /** Which server this is. */
  readonly kind: ServerKind;
  /** What runs underneath, for logs and reports (the uWS build, or Node's version). */
  readonly implementation: string;
  get(pattern: string, handler: RouteHandler): HttpApp;
  post(pattern: string, handler: RouteHandler): HttpApp;
  put(pattern: string, handler: RouteHandler): HttpApp;
  del(pattern: string, handler: RouteHandler): HttpApp;
  any(pattern: string, handler: RouteHandler): HttpApp;
  ws<UserData>(pattern: string, behavior: WebSocketBehavior<UserData>): HttpApp;
  /** Binds `host:port` (0: a free port); resolves the port bound; rejects with the reason. */
  listen(host: string, port: number): Promise<number>;
  /** Stops listening and closes every connection (idempotent). */
  close(): void;
}
