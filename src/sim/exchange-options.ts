/**
 * Options of one simulated exchange, validated once (every problem collected, unknown keys
 * rejected; `ERR_SIM_CONFIG`).
 */
import type { FaultProfile, ProfileName } from './fault-profile.js';
import { resolveProfile } from './fault-profile.js';
import type { InstrumentOptions } from './instrument.js';
import { instrumentProblems } from './instrument.js';
import { SimError } from './sim-error.js';
import { SIM_VENUES, type SimVenue } from './venue-framer.js';

export interface AccountOptions {
  /** Account (sub-account) name, as it appears in the truth. */
  readonly name: string;
  /** Order entry (`/trade?apiKey=`), Bybit `auth` args[0] and `X-BAPI-API-KEY`, Binance `X-MBX-APIKEY`. */
  readonly apiKey: string;
  /**
   * When set, signatures are checked: Bybit `auth` (HMAC-SHA256 of `GET/realtime${expires}`),
   * Bybit REST `X-BAPI-SIGN`, Binance REST `signature`; otherwise any signature passes.
   */
  readonly apiSecret?: string;
  /** OKX: when set, `login` and REST `OK-ACCESS-PASSPHRASE` must carry it; otherwise any passphrase passes. */
  readonly passphrase?: string;
}

export interface ExchangeOptions {
  /** Seed of every random choice (market, faults, ids). Default 1. */
  readonly seed?: number;
  /** Private-stream framing. Default `bybit`. */
  readonly venue?: SimVenue;
  /** A named profile, or a partial profile laid over `calm`. Default `calm`. */
  readonly profile?: ProfileName | FaultProfile | Readonly<Record<string, unknown>>;
  readonly instruments: readonly InstrumentOptions[];
  readonly accounts: readonly AccountOptions[];
  /** Simulated ms between market ticks (walk + maker refresh + maybe a taker). Default 100. */
  readonly marketStepMs?: number;
}

export interface ResolvedOptions {
  readonly seed: number;
  readonly venue: SimVenue;
  readonly profile: FaultProfile;
  readonly instruments: readonly InstrumentOptions[];
  readonly accounts: readonly AccountOptions[];
  readonly marketStepMs: number;
}

const KEYS = new Set(['seed', 'venue', 'profile', 'instruments', 'accounts', 'marketStepMs']);

export function resolveOptions(o: ExchangeOptions): ResolvedOptions {
  const problems: string[] = [];
  for (const k of Object.keys(o)) if (!KEYS.has(k)) problems.push(`options.${k} is not a known option`);
  const seed = o.seed ?? 1;
  if (!Number.isSafeInteger(seed)) problems.push('options.seed must be an integer');
  const venue = o.venue ?? 'bybit';
  if (!SIM_VENUES.includes(venue)) problems.push(`options.venue must be one of ${SIM_VENUES.map((v) => `"${v}"`).join(', ')}`);
  const marketStepMs = o.marketStepMs ?? 100;
  if (!(typeof marketStepMs === 'number' && marketStepMs > 0 && Number.isFinite(marketStepMs))) problems.push('options.marketStepMs must be a positive number');
  if (!Array.isArray(o.instruments) || o.instruments.length === 0) problems.push('options.instruments must be a non-empty array');
  else {
    o.instruments.forEach((i, n) => problems.push(...instrumentProblems(i, `options.instruments[${n}]`)));
    const seen = new Set<string>();
    for (const i of o.instruments) {
      if (seen.has(i.symbol)) problems.push(`options.instruments: symbol ${i.symbol} configured twice`);
      seen.add(i.symbol);
    }
  }
  if (!Array.isArray(o.accounts) || o.accounts.length === 0) problems.push('options.accounts must be a non-empty array');
  else {
    const names = new Set<string>();
    const keys = new Set<string>();
    o.accounts.forEach((a, n) => {
      const path = `options.accounts[${n}]`;
      for (const k of Object.keys(a)) if (k !== 'name' && k !== 'apiKey' && k !== 'apiSecret' && k !== 'passphrase') problems.push(`${path}.${k} is not a known option`);
      if (typeof a.name !== 'string' || a.name === '') problems.push(`${path}.name must be a non-empty string`);
      else if (names.has(a.name)) problems.push(`${path}.name ${a.name} is used twice`);
      if (typeof a.apiKey !== 'string' || a.apiKey === '') problems.push(`${path}.apiKey must be a non-empty string`);
      else if (keys.has(a.apiKey)) problems.push(`${path}.apiKey is used twice`);
      if (a.apiSecret !== undefined && (typeof a.apiSecret !== 'string' || a.apiSecret === '')) problems.push(`${path}.apiSecret must be a non-empty string when set`);
      if (a.passphrase !== undefined && (typeof a.passphrase !== 'string' || a.passphrase === '')) problems.push(`${path}.passphrase must be a non-empty string when set`);
      names.add(a.name);
      keys.add(a.apiKey);
    });
  }
  let profile: FaultProfile | undefined;
  try {
    profile = resolveProfile((o.profile ?? 'calm') as ProfileName | Readonly<Record<string, unknown>>);
  } catch (e) {
    problems.push(...((e as SimError).problems ?? [String(e)]));
  }
  if (problems.length > 0 || profile === undefined) throw new SimError('ERR_SIM_CONFIG', 'invalid simulator options', problems);
  return { seed, venue, profile, instruments: o.instruments, accounts: o.accounts, marketStepMs };
}
