/**
 * What the socket sessions share inside one `SimServer`: the exchange, connection ids, the set of
 * open sockets (closed on stop), and `sync()`, which brings the simulated clock up to wall time in
 * real-time mode before a client message is processed (a no-op in manual mode).
 */
import type { SimExchange } from './sim-exchange.js';

export interface ClosableSocket {
  /** Graceful close with a close frame. */
  end(code?: number, reason?: string): void;
}

export interface ServerContext {
  readonly exchange: SimExchange;
  nextConnectionId(): number;
  track(s: ClosableSocket): void;
  untrack(s: ClosableSocket): void;
  sync(): void;
  /** Binance listen key of an account (stable for a seed), and the reverse lookup. */
  listenKeyOf(account: string): string;
  accountOfListenKey(key: string): string | undefined;
  /** Manual mode only: runs the exchange to `now + ms`; false in real-time mode. */
  advance(ms: number): boolean;
}

/** Decodes a uWS message buffer as UTF-8 text. */
export function textOf(message: ArrayBuffer): string {
  return Buffer.from(message).toString('utf8');
}
