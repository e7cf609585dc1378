/**
 * The `venues` section of the riskgate config: one entry per venue connection, declared once.
 *
 * ```json
 * "venues": {
 *   "bybit": {
 *     "endpoint": "testnet",                       // | "production" | { "ws": "ws://127.0.0.1:9001/v5/private", "rest": "http://127.0.0.1:9002" }
 *     "credentials": { "apiKeyEnv": "BYBIT_KEY", "secretEnv": "BYBIT_SECRET" },   // or { "file": "/etc/riskgate/bybit.json" }
 *     "instruments": [ { "symbol": "BTC", "venueSymbol": "BTCUSDT" } ],          // lotSize comes from config.instruments[]
 *     "category": "linear",                        // Bybit only: REST position/list category
 *     "reconnect": { "initialMs": 500, "maxMs": 30000, "jitter": 0.3 },
 *     "pingIntervalMs": 20000, "deadAfterMs": 60000, "positionSilentMs": 5000,
 *     "malformed": { "maxPerWindow": 10, "windowMs": 60000 },
 *     "rest": { "maxRequests": 5, "perMs": 10000, "backoffMs": 1000, "maxBackoffMs": 60000, "timeoutMs": 5000 },
 *     "reconcile": { "afterMs": 5000, "cooldownMs": 10000, "maxStalenessMs": 2000 }
 *   }
 * }
 * ```
 * Every key is optional. Without `instruments` the venue trades every configured instrument
 * under its own name (`venueSymbol` = `symbol`). `credentials` is required only to start a live
 * feed or a REST hook (decoding needs none). Validation collects every problem at once and
 * rejects unknown keys; `loadFeedConfig` validates the engine config and this section together.
 */
import { validateConfig } from '../config/validate-config.js';
import { ConfigError } from '../config/config-error.js';
import type { ResolvedConfig } from '../config/engine-config.js';
import type { VenueSymbolConfig } from '../venues/venue-decoder.js';
import type { BackoffConfig } from './backoff.js';
import type { CredentialSpec } from './credentials.js';
import { DEFAULT_ENDPOINTS, type Endpoint } from './endpoints.js';
import { VENUE_NAMES, isVenueName, type VenueName } from './venue-name.js';

export interface MalformedPolicy {
  /** Malformed frames tolerated within `windowMs`; one more marks the feed degraded (down). */
  readonly maxPerWindow: number;
  readonly windowMs: number;
}

export interface RestPolicy {
  /** Token budget: at most `maxRequests` REST calls per `perMs` (token bucket, refilled continuously). */
  readonly maxRequests: number;
  readonly perMs: number;
  /** Back-off after a "come back later" answer (HTTP 429/418/5xx or the venue's own, see come-back-later.ts) or a network error: doubles from `backoffMs` to `maxBackoffMs`, or the venue's wait when longer. */
  readonly backoffMs: number;
  readonly maxBackoffMs: number;
  /** Abort a request after this long (ms). */
  readonly timeoutMs: number;
}

export interface ReconcilePolicy {
  /** An instrument unhealthy for this long (ms) gets a REST snapshot. */
  readonly afterMs: number;
  /** At least this long (ms) between two REST snapshots of one instrument. */
  readonly cooldownMs: number;
  /**
   * The oldest state (ms before the request was sent) the venue's REST position answer can show
   * (a lagging replica or cache). An answer to a request sent at least this long after the feed
   * came back up therefore shows the state after the outage: it is marked `current`, which lets a
   * quiet account, whose position keeps its venue time across the outage, recover (see
   * `SnapshotEvent.current`). A venue whose answers may lag more must say so here: an answer
   * marked current that is not would let the engine miss a fill made during the outage.
   */
  readonly maxStalenessMs: number;
}

export interface VenueFeedConfig {
  readonly venue: VenueName;
  readonly endpoint: Endpoint;
  readonly credentials: CredentialSpec | undefined;
  /** Decoder symbol table: venue symbol → engine symbol, lot size from `config.instruments`. */
  readonly instruments: readonly VenueSymbolConfig[];
  /** Bybit REST `category` (linear | inverse | option). */
  readonly category: string;
  readonly reconnect: BackoffConfig;
  /** Client keep-alive period (ms): Bybit/OKX/BitMEX ping, Deribit `set_heartbeat` interval, Binance WebSocket ping. */
  readonly pingIntervalMs: number;
  /** No frame or pong for this long (ms): the connection is dead, drop it and reconnect. */
  readonly deadAfterMs: number;
  /**
   * A fill and no position update after it on the same connection for this long (ms): the
   * position subscription has died while the connection lives (every venue pushes the position
   * after each of the account's executions), so drop the connection and reconnect, which
   * subscribes afresh. 0: never (the default).
   */
  readonly positionSilentMs: number;
  readonly malformed: MalformedPolicy;
  readonly rest: RestPolicy;
  readonly reconcile: ReconcilePolicy;
}

export type VenuesConfig = Readonly<Partial<Record<VenueName, VenueFeedConfig>>>;

/** Defaults (frozen), with unit and range. */
export const VENUE_DEFAULTS = Object.freeze({
  /** ms, 1..; ms, >= initialMs; fraction 0..1 */
  reconnect: Object.freeze({ initialMs: 500, maxMs: 30_000, jitter: 0.3 }),
  /** ms per venue: Bybit 20 s and OKX < 30 s (their docs), Deribit heartbeat 30 s (min 10 s), Binance ws ping 60 s, BitMEX 5 s (its docs) */
  pingIntervalMs: Object.freeze({ bybit: 20_000, okx: 25_000, deribit: 30_000, 'binance-usdm': 60_000, bitmex: 5_000 } as Record<VenueName, number>),
  /** multiple of pingIntervalMs when deadAfterMs is not given */
  deadAfterPings: 3,
  /** ms, 0 (off) or >= 1 */
  positionSilentMs: 0,
  malformed: Object.freeze({ maxPerWindow: 10, windowMs: 60_000 }),
  rest: Object.freeze({ maxRequests: 5, perMs: 10_000, backoffMs: 1_000, maxBackoffMs: 60_000, timeoutMs: 5_000 }),
  /** ms, 0..; maxStalenessMs: none of the five venues documents a bound on its REST answers' lag, so 2 s is an assumption: set it from the lag you observe */
  reconcile: Object.freeze({ afterMs: 5_000, cooldownMs: 10_000, maxStalenessMs: 2_000 }),
  category: 'linear',
});

const VENUE_KEYS = ['endpoint', 'credentials', 'instruments', 'category', 'reconnect', 'pingIntervalMs', 'deadAfterMs', 'positionSilentMs', 'malformed', 'rest', 'reconcile'];
const ENV_RE = /^[A-Za-z_][A-Za-z0-9_]*$/;
type Obj = Record<string, unknown>;

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Collects problems; every reader returns a placeholder instead of throwing. */
class Problems {
  readonly list: string[] = [];

  keys(o: Obj, path: string, allowed: readonly string[]): void {
    for (const k of Object.keys(o)) if (!allowed.includes(k)) this.list.push(`${path}.${k} is not a known key (known: ${allowed.join(', ')})`);
  }

  obj(v: unknown, path: string): Obj | undefined {
    if (v === undefined) return undefined;
    if (isObj(v)) return v;
    this.list.push(`${path} must be an object`);
    return undefined;
  }

  int(o: Obj | undefined, key: string, path: string, min: number, dflt: number): number {
    const v = o?.[key];
    if (v === undefined) return dflt;
    if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < min) {
      this.list.push(`${path}.${key} must be an integer >= ${min}`);
      return dflt;
    }
    return v;
  }

  url(v: unknown, path: string, schemes: readonly string[]): string {
    let ok = false;
    if (typeof v === 'string') {
      try {
        ok = schemes.includes(new URL(v).protocol);
      } catch {
        ok = false;
      }
    }
    if (!ok) this.list.push(`${path} must be a URL starting with ${schemes.map((s) => `${s}//`).join(' or ')}`);
    return typeof v === 'string' ? v.replace(/\/+$/, '') : '';
  }
}

function readEndpoint(p: Problems, v: unknown, venue: VenueName, path: string): Endpoint {
  if (v === undefined || v === 'testnet') return DEFAULT_ENDPOINTS[venue].testnet;
  if (v === 'production') return DEFAULT_ENDPOINTS[venue].production;
  if (!isObj(v)) {
    p.list.push(`${path} must be "testnet", "production" or { "ws": URL, "rest": URL }`);
    return DEFAULT_ENDPOINTS[venue].testnet;
  }
  p.keys(v, path, ['ws', 'rest']);
  return { network: 'custom', ws: p.url(v['ws'], `${path}.ws`, ['ws:', 'wss:']), rest: p.url(v['rest'], `${path}.rest`, ['http:', 'https:']) };
}

function readCredentials(p: Problems, v: unknown, venue: VenueName, path: string): CredentialSpec | undefined {
  const o = p.obj(v, path);
  if (o === undefined) return undefined;
  if ('file' in o) {
    p.keys(o, path, ['file']);
    if (typeof o['file'] !== 'string' || o['file'].length === 0) p.list.push(`${path}.file must be a non-empty path`);
    return { file: String(o['file']) };
  }
  p.keys(o, path, ['apiKeyEnv', 'secretEnv', 'passphraseEnv']);
  const env = (k: string, required: boolean): string | undefined => {
    const e = o[k];
    if (e === undefined && !required) return undefined;
    if (typeof e !== 'string' || !ENV_RE.test(e)) p.list.push(`${path}.${k} must name an environment variable (letters, digits, _)`);
    return typeof e === 'string' ? e : '';
  };
  const apiKeyEnv = env('apiKeyEnv', true) ?? '';
  const secretEnv = env('secretEnv', true) ?? '';
  const passphraseEnv = env('passphraseEnv', venue === 'okx');
  return passphraseEnv === undefined ? { apiKeyEnv, secretEnv } : { apiKeyEnv, secretEnv, passphraseEnv };
}

function readInstruments(p: Problems, v: unknown, config: ResolvedConfig, path: string): VenueSymbolConfig[] {
  const lot = new Map(config.instruments.map((i) => [i.symbol, i.lotSize]));
  const sequenced = new Map(config.instruments.map((i) => [i.symbol, i.sequence !== 'none']));
  const hedge = new Set(config.instruments.filter((i) => i.mode === 'hedge').map((i) => i.symbol));
  if (v === undefined) return config.instruments.map((i) => ({ symbol: i.symbol, venueSymbol: i.symbol, lotSize: i.lotSize, sequenced: i.sequence !== 'none', ...(hedge.has(i.symbol) ? { hedge: true } : {}) }));
  if (!Array.isArray(v) || v.length === 0) {
    p.list.push(`${path} must be a non-empty array`);
    return [];
  }
  const out: VenueSymbolConfig[] = [];
  const seen = new Set<string>();
  v.forEach((e: unknown, i) => {
    const at = `${path}[${i}]`;
    if (!isObj(e)) {
      p.list.push(`${at} must be an object`);
      return;
    }
    p.keys(e, at, ['symbol', 'venueSymbol']);
    const symbol = e['symbol'];
    const venueSymbol = e['venueSymbol'] ?? symbol;
    const lotSize = typeof symbol === 'string' ? lot.get(symbol) : undefined;
    if (typeof symbol !== 'string' || symbol.length === 0) p.list.push(`${at}.symbol must be a non-empty string`);
    else if (lotSize === undefined) p.list.push(`${at}.symbol "${symbol}" is not in config.instruments`);
    if (typeof venueSymbol !== 'string' || venueSymbol.length === 0) p.list.push(`${at}.venueSymbol must be a non-empty string`);
    else if (seen.has(venueSymbol)) p.list.push(`${at}.venueSymbol "${venueSymbol}" is listed twice`);
    else seen.add(venueSymbol);
    if (typeof symbol === 'string' && typeof venueSymbol === 'string' && lotSize !== undefined) out.push({ symbol, venueSymbol, lotSize, sequenced: sequenced.get(symbol) ?? false, ...(hedge.has(symbol) ? { hedge: true } : {}) });
  });
  return out;
}

function readVenue(p: Problems, v: unknown, venue: VenueName, config: ResolvedConfig): VenueFeedConfig {
  const path = `venues.${venue}`;
  const o = p.obj(v, path) ?? {};
  p.keys(o, path, VENUE_KEYS);
  const rc = p.obj(o['reconnect'], `${path}.reconnect`);
  if (rc !== undefined) p.keys(rc, `${path}.reconnect`, ['initialMs', 'maxMs', 'jitter']);
  const d = VENUE_DEFAULTS;
  const initialMs = p.int(rc, 'initialMs', `${path}.reconnect`, 1, d.reconnect.initialMs);
  const maxMs = p.int(rc, 'maxMs', `${path}.reconnect`, 1, Math.max(initialMs, d.reconnect.maxMs));
  if (maxMs < initialMs) p.list.push(`${path}.reconnect.maxMs must be >= reconnect.initialMs`);
  let jitter: number = d.reconnect.jitter;
  if (rc?.['jitter'] !== undefined) {
    const j = rc['jitter'];
    if (typeof j !== 'number' || !(j >= 0 && j <= 1)) p.list.push(`${path}.reconnect.jitter must be a number from 0 to 1`);
    else jitter = j;
  }
  const pingIntervalMs = p.int(o, 'pingIntervalMs', path, venue === 'deribit' ? 10_000 : 1, d.pingIntervalMs[venue]);
  const deadAfterMs = p.int(o, 'deadAfterMs', path, 1, pingIntervalMs * d.deadAfterPings);
  const positionSilentMs = p.int(o, 'positionSilentMs', path, 0, d.positionSilentMs);
  const mo = p.obj(o['malformed'], `${path}.malformed`);
  if (mo !== undefined) p.keys(mo, `${path}.malformed`, ['maxPerWindow', 'windowMs']);
  const ro = p.obj(o['rest'], `${path}.rest`);
  if (ro !== undefined) p.keys(ro, `${path}.rest`, ['maxRequests', 'perMs', 'backoffMs', 'maxBackoffMs', 'timeoutMs']);
  const rest = {
    maxRequests: p.int(ro, 'maxRequests', `${path}.rest`, 1, d.rest.maxRequests),
    perMs: p.int(ro, 'perMs', `${path}.rest`, 1, d.rest.perMs),
    backoffMs: p.int(ro, 'backoffMs', `${path}.rest`, 1, d.rest.backoffMs),
    maxBackoffMs: p.int(ro, 'maxBackoffMs', `${path}.rest`, 1, d.rest.maxBackoffMs),
    timeoutMs: p.int(ro, 'timeoutMs', `${path}.rest`, 1, d.rest.timeoutMs),
  };
  if (rest.maxBackoffMs < rest.backoffMs) p.list.push(`${path}.rest.maxBackoffMs must be >= rest.backoffMs`);
  const co = p.obj(o['reconcile'], `${path}.reconcile`);
  if (co !== undefined) p.keys(co, `${path}.reconcile`, ['afterMs', 'cooldownMs', 'maxStalenessMs']);
  let category: string = d.category;
  if (o['category'] !== undefined) {
    if (venue !== 'bybit') p.list.push(`${path}.category is a Bybit setting`);
    else if (!['linear', 'inverse', 'option'].includes(o['category'] as string)) p.list.push(`${path}.category must be one of linear, inverse, option`);
    else category = o['category'] as string;
  }
  return {
    venue,
    endpoint: readEndpoint(p, o['endpoint'], venue, `${path}.endpoint`),
    credentials: readCredentials(p, o['credentials'], venue, `${path}.credentials`),
    instruments: readInstruments(p, o['instruments'], config, `${path}.instruments`),
    category,
    reconnect: { initialMs, maxMs, jitter },
    pingIntervalMs,
    deadAfterMs,
    positionSilentMs,
    malformed: { maxPerWindow: p.int(mo, 'maxPerWindow', `${path}.malformed`, 0, d.malformed.maxPerWindow), windowMs: p.int(mo, 'windowMs', `${path}.malformed`, 1, d.malformed.windowMs) },
    rest,
    reconcile: {
      afterMs: p.int(co, 'afterMs', `${path}.reconcile`, 0, d.reconcile.afterMs),
      cooldownMs: p.int(co, 'cooldownMs', `${path}.reconcile`, 0, d.reconcile.cooldownMs),
      maxStalenessMs: p.int(co, 'maxStalenessMs', `${path}.reconcile`, 0, d.reconcile.maxStalenessMs),
    },
  };
}

/**
 * Validates the `venues` section against an already validated engine config. Returns the
 * resolved venues and every problem found (paths start with `venues.`).
 */
export function validateVenues(json: unknown, config: ResolvedConfig): { readonly venues: VenuesConfig; readonly problems: readonly string[] } {
  const p = new Problems();
  const venues: Partial<Record<VenueName, VenueFeedConfig>> = {};
  if (json === undefined) return { venues, problems: [] };
  if (!isObj(json)) return { venues, problems: ['venues must be an object'] };
  for (const [name, v] of Object.entries(json)) {
    if (!isVenueName(name)) p.list.push(`venues.${name} is not a known venue (known: ${VENUE_NAMES.join(', ')})`);
    else venues[name] = readVenue(p, v, name, config);
  }
  return { venues: Object.freeze(venues), problems: p.list };
}

/** The venue's section, or the defaults (every instrument under its own name, testnet) when absent. */
export function venueConfigOf(venues: VenuesConfig, venue: VenueName, config: ResolvedConfig): VenueFeedConfig {
  return venues[venue] ?? readVenue(new Problems(), {}, venue, config);
}

/**
 * The whole config of a process with feeds: `validateConfig(json, ['venues'])` plus the venues
 * section. Throws one `ConfigError` listing every problem of both.
 */
export function loadFeedConfig(json: unknown): { readonly config: ResolvedConfig; readonly venues: VenuesConfig } {
  let config: ResolvedConfig | undefined;
  const problems: string[] = [];
  try {
    config = validateConfig(json, ['venues']);
  } catch (e) {
    if ((e as { code?: string }).code !== 'ERR_RISKGATE_CONFIG') throw e;
    problems.push(...(e as ConfigError).problems);
  }
  const section = isObj(json) ? json['venues'] : undefined;
  // Venue instruments are checked against the engine's instruments; without them, only shape.
  const r = validateVenues(section, config ?? { instruments: [], capacity: { maxOrders: 1, fillsPerInstrument: 4, execIds: 16 } });
  if (config === undefined) problems.push(...r.problems.filter((x) => !x.includes('is not in config.instruments')));
  else problems.push(...r.problems);
  if (problems.length > 0 || config === undefined) throw new ConfigError(problems);
  return { config, venues: r.venues };
}
