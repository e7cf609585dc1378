/**
 * One account's order-entry connection to the simulator (`ws /trade?apiKey=`, protocol in
 * src/sim/entry-protocol.ts): sends new orders, hands every reply (ack, reject, canceled) to
 * `onReply`. Replies for an order are the venue's word on it: the strategies turn them into order
 * updates for their guard.
 */
import WebSocket from 'ws';

export interface EntryReplyMessage {
  readonly op: string;
  readonly clientId?: string;
  readonly request?: string;
  readonly code?: string;
  readonly status?: string;
  readonly cumQty?: string;
  readonly leavesQty?: string;
  readonly symbol?: string;
}

export class EntryClient {
  readonly #ws: WebSocket;
  #closed = false;
  /** Orders written to the socket, and sends that failed because it was not open. */
  sent = 0;
  failed = 0;

  constructor(url: string, onReply: (m: EntryReplyMessage) => void) {
    this.#ws = new WebSocket(url);
    this.#ws.on('message', (data: Buffer) => {
      let m: unknown;
      try {
        m = JSON.parse(data.toString('utf8'));
      } catch {
        return;
      }
      if (typeof m === 'object' && m !== null) onReply(m as EntryReplyMessage);
    });
    this.#ws.on('error', () => {}); // a refused or dropped socket shows as failed sends and in the truth
  }

  /** Resolves when open; rejects after `timeoutMs` or on close. */
  opened(timeoutMs = 5000): Promise<void> {
    if (this.#ws.readyState === WebSocket.OPEN) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`order entry not open after ${timeoutMs} ms`)), timeoutMs);
      this.#ws.once('open', () => {
        clearTimeout(timer);
        resolve();
      });
      this.#ws.once('close', () => {
        clearTimeout(timer);
        reject(new Error('order entry closed before opening'));
      });
    });
  }

  /** Sends an IOC/GTC limit order; false when the socket is not open (nothing was sent). */
  order(clientId: string, symbol: string, side: 'buy' | 'sell', qty: string, price: string, tif: 'IOC' | 'GTC' = 'IOC'): boolean {
    if (this.#closed || this.#ws.readyState !== WebSocket.OPEN) {
      this.failed++;
      return false;
    }
    this.#ws.send(JSON.stringify({ op: 'order', clientId, symbol, side, qty, price, tif }));
    this.sent++;
    return true;
  }

  /** Asks for a `quote` reply after every market tick of these symbols (a process without the simulator in it). */
  subscribeQuotes(symbols: readonly string[]): boolean {
    if (this.#closed || this.#ws.readyState !== WebSocket.OPEN) return false;
    this.#ws.send(JSON.stringify({ op: 'quotes', symbols }));
    return true;
  }

  /** Closes the socket; resolves when closed (at most `timeoutMs`). */
  close(timeoutMs = 1000): Promise<void> {
    this.#closed = true;
    const ws = this.#ws;
    if (ws.readyState === WebSocket.CLOSED) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        ws.terminate();
        resolve();
      }, timeoutMs);
      ws.once('close', () => {
        clearTimeout(timer);
        resolve();
      });
      if (ws.readyState === WebSocket.CONNECTING) ws.terminate();
      else ws.close(1000);
    });
  }
}
