/**
 * Signed REST requests to the simulator's position endpoints, written from the venues' docs (not
 * from the simulator), with `fetch`: Bybit `GET /v5/position/list` and Binance
 * `GET /fapi/v2/positionRisk`. Every answer is returned whole: status, headers, parsed body.
 */
import { createHmac } from 'node:crypto';
import type { SimServer } from '../../../src/sim/index.js';
import { SIM_EPOCH_MS } from '../../../src/sim/index.js';
import { SYMBOL, startSim } from './sim-clients.js';

/** Account `a` (key `ka`) and `b` (key `kb`), both with secrets: signatures are checked. */
export const SECRETS: Readonly<Record<string, string>> = { ka: 'secret-a', kb: 'secret-b' };

export interface RestReply {
  readonly status: number;
  readonly headers: Headers;
  readonly body: unknown;
  readonly text: string;
}

/** The standard test exchange (`startSim`) with signed accounts. */
export function startSignedSim(venue: 'bybit' | 'binance-usdm', profile: Record<string, unknown> = {}, seed = 42): Promise<SimServer> {
  return startSim({ venue, profile, seed, accounts: [{ name: 'a', apiKey: 'ka', apiSecret: SECRETS['ka']! }, { name: 'b', apiKey: 'kb', apiSecret: SECRETS['kb']! }] });
}

async function get(url: string, headers: Record<string, string>): Promise<RestReply> {
  const res = await fetch(url, { headers });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text) as unknown;
  } catch {
    // not JSON (Bybit's 403 is plain text)
  }
  return { status: res.status, headers: res.headers, body, text };
}

/** Bybit: `X-BAPI-SIGN` = hex HMAC-SHA256(secret, timestamp + apiKey + recvWindow + query). `sign` overrides the signature. */
export function bybitPositions(sim: SimServer, apiKey: string, query = `category=linear&symbol=${SYMBOL}`, sign?: string): Promise<RestReply> {
  const ts = String(SIM_EPOCH_MS + sim.exchange.clock.nowMs());
  const recv = '5000';
  const signature = sign ?? createHmac('sha256', SECRETS[apiKey] ?? 'none').update(ts + apiKey + recv + query).digest('hex');
  return get(`${sim.restUrl}/v5/position/list?${query}`, { 'X-BAPI-API-KEY': apiKey, 'X-BAPI-TIMESTAMP': ts, 'X-BAPI-RECV-WINDOW': recv, 'X-BAPI-SIGN': signature });
}

/** Binance: `signature` = hex HMAC-SHA256(secret, query) appended last. `sign` overrides it ('' omits it). */
export function binancePositions(sim: SimServer, apiKey: string, extra = '', sign?: string): Promise<RestReply> {
  const query = `${extra}timestamp=${SIM_EPOCH_MS + sim.exchange.clock.nowMs()}&recvWindow=5000`;
  const signature = sign ?? createHmac('sha256', SECRETS[apiKey] ?? 'none').update(query).digest('hex');
  return get(`${sim.restUrl}/fapi/v2/positionRisk?${query}${signature === '' ? '' : `&signature=${signature}`}`, { 'X-MBX-APIKEY': apiKey });
}

/** The `result.list` of a Bybit answer. */
export function bybitList(r: RestReply): Record<string, unknown>[] {
  return ((r.body as { result: { list: Record<string, unknown>[] } }).result).list;
}

/** `n` sequential requests (sequential: their order, and so the rate limiter's verdicts, are deterministic). */
export async function burst(n: number, request: () => Promise<RestReply>): Promise<RestReply[]> {
  const out: RestReply[] = [];
  for (let i = 0; i < n; i++) out.push(await request());
  return out;
}
