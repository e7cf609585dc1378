import type { WebSocket } from 'uWebSockets.js';
import type { ServerStats } from './server-stats.js';
import type { StreamEncoder, StreamFrame } from './stream-encoder.js';

/** Close code sent to a client dropped for not keeping up (4000-4999: application codes). */
export const STREAM_CLOSE_SLOW = 4008;
/** Close code sent when the server stops. */
export const STREAM_CLOSE_SHUTDOWN = 1001;

export interface StreamClient {
  readonly encoder: StreamEncoder;
  /** Set once the server has closed it (no more sends). */
  closed: boolean;
}

/**
 * The `/stream` clients and the backpressure rule: before and after every send the client's
 * unsent bytes (`getBufferedAmount`) are checked against `maxBuffered`; a client over it is
 * closed with `STREAM_CLOSE_SLOW` and counted. Nothing ever waits for a client: a slow client
 * costs the server one check per message, and the engine nothing (the server only reads state).
 *
 * Each frame is encoded at most once per encoder per publish, for all its clients.
 *
 * Memory: besides each client's own limit, the unsent bytes of all clients together are held
 * under `maxTotal` (the process that runs the risk engine must not grow with the number of
 * clients that do not read): a client that is behind (has unsent bytes) and whose next frame
 * would take the total past it is dropped instead of sent to. A client that keeps up is only
 * dropped by its own limit. The number of clients is capped at the upgrade (control-server.ts).
 */
export class StreamHub {
  private readonly clients = new Set<WebSocket<StreamClient>>();

  /** Unsent bytes over every client, as of the last publish (`getBufferedAmount` summed). */
  private total = 0;

  constructor(
    private readonly maxBuffered: number,
    private readonly stats: ServerStats,
    private readonly maxTotal: number = Number.POSITIVE_INFINITY,
  ) {}

  get size(): number {
    return this.clients.size;
  }

  add(ws: WebSocket<StreamClient>, greeting: readonly StreamFrame[]): void {
    this.clients.add(ws);
    this.stats.streamClients = this.clients.size;
    for (const f of greeting) if (!this.send(ws, f)) return;
  }

  /** The close handler: uWS calls it for every closed socket, ours included. */
  remove(ws: WebSocket<StreamClient>): void {
    ws.getUserData().closed = true;
    this.clients.delete(ws);
    this.stats.streamClients = this.clients.size;
  }

  /** Sends the frame(s) `encode` makes for each client's encoder. */
  publish(encode: (encoder: StreamEncoder) => StreamFrame | readonly StreamFrame[]): void {
    const frames = new Map<StreamEncoder, readonly StreamFrame[]>();
    const clients = [...this.clients];
    this.total = 0;
    for (const ws of clients) this.total += ws.getBufferedAmount();
    for (const ws of clients) {
      const enc = ws.getUserData().encoder;
      let fs = frames.get(enc);
      if (fs === undefined) {
        const f = encode(enc);
        fs = 'data' in f ? [f] : f;
        frames.set(enc, fs);
      }
      for (const f of fs) if (!this.send(ws, f)) break;
    }
    this.stats.streamBufferedBytes = this.total;
  }

  /** Closes every client (server stopping). */
  closeAll(): void {
    for (const ws of [...this.clients]) this.close(ws, STREAM_CLOSE_SHUTDOWN, 'server stopping');
  }

  /** Unsent bytes over every client as of the last publish. */
  get bufferedBytes(): number {
    return this.total;
  }

  /** False when the client was dropped. */
  private send(ws: WebSocket<StreamClient>, f: StreamFrame): boolean {
    if (ws.getUserData().closed) return false;
    const before = ws.getBufferedAmount();
    if (before > this.maxBuffered) return this.drop(ws, before);
    if (before > 0 && this.total + (typeof f.data === 'string' ? Buffer.byteLength(f.data) : f.data.byteLength) > this.maxTotal) {
      this.stats.streamTotalCapDrops++;
      return this.drop(ws, before);
    }
    // 2: uWS dropped the message (its own maxBackpressure, set far above ours): drop the client too.
    const sent = ws.send(f.data, f.binary);
    const after = ws.getBufferedAmount();
    this.total += after - before;
    if (sent === 2 || after > this.maxBuffered) return this.drop(ws, after);
    return true;
  }

  private drop(ws: WebSocket<StreamClient>, buffered: number): false {
    this.stats.streamDrops++;
    this.total -= buffered;
    this.close(ws, STREAM_CLOSE_SLOW, 'slow consumer');
    return false;
  }

  private close(ws: WebSocket<StreamClient>, code: number, reason: string): void {
    const d = ws.getUserData();
    if (d.closed) return;
    d.closed = true;
    // end() sends a close frame and shuts the socket down; the close handler runs at once.
    ws.end(code, reason);
  }
}
