/**
 * Loopback servers for the live-feed tests: a WebSocket server (`ws` WebSocketServer on
 * 127.0.0.1, port 0) and an HTTP server, both closed by `close()` together with every socket
 * they accepted, so the test process exits by itself. Plus bounded waiting helpers.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { WebSocketServer, type WebSocket } from 'ws';

export const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));

/** A documented venue message from test/venues/fixtures (the decoder tests' fixtures). */
export function fixture(venue: string, name: string): unknown {
  return JSON.parse(readFileSync(`${ROOT}test/venues/fixtures/${venue}/${name}`, 'utf8')) as unknown;
}

export interface WsServer {
  readonly url: string;
  readonly port: number;
  /** Every socket accepted so far, in order. */
  readonly sockets: WebSocket[];
  close(): Promise<void>;
}

/** `onConnection(socket, index, request)` speaks the venue's framing on each accepted socket. */
export async function startWsServer(path: string, onConnection: (ws: WebSocket, index: number, req: IncomingMessage) => void): Promise<WsServer> {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise<void>((resolve) => wss.once('listening', () => resolve()));
  const sockets: WebSocket[] = [];
  wss.on('connection', (ws, req) => {
    sockets.push(ws);
    ws.on('error', () => {});
    onConnection(ws, sockets.length - 1, req);
  });
  const port = (wss.address() as AddressInfo).port;
  return {
    url: `ws://127.0.0.1:${port}${path}`,
    port,
    sockets,
    close: () => new Promise<void>((resolve) => {
      for (const s of wss.clients) s.terminate();
      wss.close(() => resolve());
    }),
  };
}

export interface HttpServer {
  readonly url: string;
  close(): Promise<void>;
}

export async function startHttpServer(handler: (req: IncomingMessage, body: string, res: ServerResponse) => void): Promise<HttpServer> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => handler(req, Buffer.concat(chunks).toString('utf8'), res));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

/** Polls `predicate` every 5 ms; rejects with `what` after `timeoutMs` (every wait is bounded). */
export async function waitFor(predicate: () => boolean, what: string, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

export function parse(data: unknown): Record<string, unknown> | string {
  const text = String(data);
  try {
    return JSON.parse(text) as Record<string, unknown>;
  } catch {
    return text;
  }
}
