import type { WebSocket } from '../server/index.js';
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
 * clients that do not read): after each publish, while the total is over it, the client furthest
 * behind (most unsent bytes) is dropped. A client that keeps up has nothing unsent and is the
 * last to go. The number of clients is capped at the upgrade (control-server.ts).
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
    this.holdTotal();
  }

  /** Drops the clients furthest behind until every client's unsent bytes sum to at most `maxTotal`. */
  private holdTotal(): void {
    let total = 0;
    for (const ws of this.clients) if (!ws.getUserData().closed) total += ws.getBufferedAmount();
    while (total > this.maxTotal) {
      let worst: WebSocket<StreamClient> | undefined;
      let most = -1;
      for (const ws of this.clients) {
        if (ws.getUserData().closed) continue;
        const b = ws.getBufferedAmount();
        if (b > most) {
          most = b;
          worst = ws;
        }
      }
      if (worst === undefined) break;
      this.stats.streamTotalCapDrops++;
      this.drop(worst);
      total -= most;
    }
    this.total = total;
    this.stats.streamBufferedBytes = total;
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
    if (ws.getBufferedAmount() > this.maxBuffered) return this.drop(ws);
    // 2: uWS dropped the message (its own maxBackpressure, set far above ours): drop the client too.
    if (ws.send(f.data, f.binary) === 2 || ws.getBufferedAmount() > this.maxBuffered) return this.drop(ws);
    return true;
  }

  private drop(ws: WebSocket<StreamClient>): false {
    this.stats.streamDrops++;
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
