/**
 * Test clients for the simulator over real loopback sockets (`ws`): a frame collector with
 * bounded waits, venue private-stream logins, an order-entry client, and the standard test
 * exchange (manual clock, so every frame log is reproducible). Every wait has a timeout; nothing
 * asserts on timing.
 */
import { after } from 'node:test';
import WebSocket from 'ws';
import { SimServer } from '../../../src/sim/index.js';
import type { SimServerOptions } from '../../../src/sim/index.js';
import type { VenueSymbolConfig } from '../../../src/venues/venue-decoder.js';
import { testServerKind } from '../../server/support/test-server.js';

export const SYMBOL = 'BTCUSDT';
export const SYMBOLS: readonly VenueSymbolConfig[] = [{ symbol: SYMBOL, lotSize: '0.001' }];
export const WAIT_MS = 3000;

/** A manual-clock exchange with one instrument and accounts `a` (key `ka`) and `b` (key `kb`). */
export function startSim(overrides: Partial<SimServerOptions> = {}): Promise<SimServer> {
  return SimServer.start({
    seed: 42,
    clock: 'manual',
    venue: 'bybit',
    profile: 'calm',
    instruments: [{ symbol: SYMBOL, lotSize: '0.001', tickSize: '0.1', startPrice: '60000', takerChance: 0 }],
    accounts: [{ name: 'a', apiKey: 'ka' }, { name: 'b', apiKey: 'kb' }],
    server: testServerKind(),
    ...overrides,
  });
}

/** The servers and clients a test file opens, closed after its last test (clients first). Call once, at the top of the file. */
export function closeAfterAll(): { readonly servers: SimServer[]; readonly clients: Client[] } {
  const opened = { servers: [] as SimServer[], clients: [] as Client[] };
  after(async () => {
    for (const c of opened.clients) await c.close();
    for (const s of opened.servers) await s.stop();
  });
  return opened;
}

export async function until(cond: () => boolean, what: string, timeoutMs = WAIT_MS): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 2));
  }
}

/** A `ws` client that keeps every text frame it receives, parsed and raw. */
export class Client {
  readonly ws: WebSocket;
  readonly texts: string[] = [];
  readonly frames: Record<string, unknown>[] = [];
  closeCode: number | undefined;

  constructor(url: string, headers: Record<string, string> = {}) {
    this.ws = new WebSocket(url, { headers });
    this.ws.on('message', (d: Buffer) => {
      const text = d.toString('utf8');
      this.texts.push(text);
      this.frames.push(JSON.parse(text) as Record<string, unknown>);
    });
    this.ws.on('close', (code: number) => {
      this.closeCode = code;
    });
    this.ws.on('error', () => {});
  }

  opened(): Promise<void> {
    if (this.ws.readyState === WebSocket.OPEN) return Promise.resolve();
    return new Promise((resolve, reject) => {
      this.ws.once('open', () => resolve());
      this.ws.once('error', reject);
      this.ws.once('unexpected-response', (req, res) => {
        req.destroy(); // ws leaves the request open once this event has a listener
        this.closeCode = -1;
        reject(new Error(`HTTP ${res.statusCode}`));
      });
    });
  }

  send(m: unknown): void {
    this.ws.send(JSON.stringify(m));
  }

  async waitFor(pred: (f: Record<string, unknown>) => boolean, what: string): Promise<Record<string, unknown>> {
    let hit: Record<string, unknown> | undefined;
    await until(() => (hit = this.frames.find(pred)) !== undefined, what);
    return hit!;
  }

  waitCount(n: number, what = `${n} frames`): Promise<void> {
    return until(() => this.frames.length >= n, what);
  }

  /** Drops the connection (TCP destroy) and waits (bounded) for the close event. */
  async close(): Promise<void> {
    if (this.closeCode !== undefined || this.ws.readyState === WebSocket.CLOSED) return;
    this.ws.terminate();
    await until(() => this.closeCode !== undefined, 'close event').catch(() => undefined);
  }
}

/** A Bybit private stream logged in as `apiKey` and subscribed to execution, order, position. */
export async function bybitPrivate(sim: SimServer, apiKey: string, topics = ['execution', 'order', 'position']): Promise<Client> {
  const c = new Client(`${sim.url}/v5/private`);
  await c.opened();
  c.send({ req_id: 'auth-1', op: 'auth', args: [apiKey, 1_700_000_100_000, 'any-signature'] });
  c.send({ op: 'subscribe', args: topics });
  await c.waitFor((f) => f['op'] === 'subscribe', 'subscribe ack');
  return c;
}

/** A Binance user data stream for `apiKey` (listen key from the REST route). */
export async function binancePrivate(sim: SimServer, apiKey: string): Promise<Client> {
  const res = await fetch(`http://127.0.0.1:${sim.port}/fapi/v1/listenKey`, { method: 'POST', headers: { 'X-MBX-APIKEY': apiKey } });
  const { listenKey } = (await res.json()) as { listenKey: string };
  const c = new Client(`${sim.url}/ws/${listenKey}`);
  await c.opened();
  await until(() => sim.exchange.stream(apiKey === 'ka' ? 'a' : 'b').connectionCount > 0, 'stream attached');
  return c;
}

/** The number of private frames the simulator wrote for `account` (to wait until all arrived). */
export function sentCount(sim: SimServer, account: string): number {
  return sim.exchange.stream(account).sentFrames().length;
}

/** Order entry for one account. */
export class Trader extends Client {
  constructor(sim: SimServer, apiKey: string) {
    super(sim.tradeUrl(apiKey));
  }

  order(clientId: string, side: 'buy' | 'sell', qty: string, price: string, tif: 'GTC' | 'IOC'): void {
    this.send({ op: 'order', clientId, symbol: SYMBOL, side, qty, price, tif });
  }

  /** The reply (ack / reject / canceled) for a client id, waiting for it. */
  reply(clientId: string, op?: string): Promise<Record<string, unknown>> {
    return this.waitFor((f) => f['clientId'] === clientId && (op === undefined || f['op'] === op), `reply to ${clientId}`);
  }
}

/** Sends a ping on the trade socket and waits for its pong: every earlier message has been processed. */
export async function sync(t: Trader, tag: string): Promise<void> {
  t.send({ op: 'ping', reqId: tag });
  await t.waitFor((f) => f['op'] === 'pong' && f['reqId'] === tag, `pong ${tag}`);
}

/** Advances the manual clock and waits until the client received every frame written to `account`. */
export async function step(sim: SimServer, ms: number, account: string, client: Client): Promise<void> {
  sim.advance(ms);
  const n = sent(sim, account, client);
  await client.waitCount(n, `${n} private frames for ${account}`);
}

/** Frames written to `client`'s connection so far (+ handshake replies the client already has). */
function sent(sim: SimServer, account: string, client: Client): number {
  const handshake = client.frames.filter((f) => f['op'] !== undefined).length;
  return sentCount(sim, account) + handshake;
}

/** Private pushes only (no op replies). */
export function pushes(c: Client): Record<string, unknown>[] {
  return c.frames.filter((f) => f['op'] === undefined);
}
