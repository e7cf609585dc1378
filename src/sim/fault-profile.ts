/**
 * Fault profiles: how often, and how badly, the simulated exchange misbehaves.
 *
 * Event-driven faults draw once per event (`rate` is a probability in [0, 1]); time-driven faults
 * (`positionDeath`, `disconnect`) fire at the simulated times in `atMs` and, when `perMinute > 0`,
 * at random times with that mean rate. Delays are simulated milliseconds. Every draw comes from
 * the account's own generator forked per fault kind from the run's seed, so two accounts with the
 * same order flow see the same faults at the same points.
 *
 * | fault | unit | what the wire shows |
 * | --- | --- | --- |
 * | `latencyMs` | ms | base delay of every private-stream frame (no fault) |
 * | `orderBeforeFill` | per order event with executions | the order update (Filled) first; the executions and the position `delayMs` later (Binance: the ACCOUNT_UPDATE `delayMs` after the ORDER_TRADE_UPDATE, which carries the fill itself) |
 * | `positionDelay` | per position update | the position update `delayMs` late (later ones may overtake it) |
 * | `positionDeath` | schedule | the position subscription of every open private stream of the account goes silent, without error; pings still answered; a new connection subscribes afresh |
 * | `duplicateExecution` | per execution | the execution sent again `delayMs` later, same `execId` (Binance: the same ORDER_TRADE_UPDATE TRADE frame, same `t`) |
 * | `lostExecution` | per execution | the execution never sent (Bybit: its `seq` is missing; Binance: the TRADE frame is missing); the truth still has it |
 * | `seqGap` | per execution | the sequence number jumps by 1..`maxSkip` with nothing lost (Bybit `seq`, OKX `tradeId`, Deribit `trade_seq`; Binance and BitMEX have none) |
 * | `staleSnapshot` | per position update | the previous position update re-sent `delayMs` later (older size, older `seq`); not on Deribit, whose ordered positions carry nothing to tell an older one by (`positionsInOrder`) |
 * | `disconnect` | schedule | every private stream of the account closed abruptly (no close frame); frames due meanwhile are lost |
 * | `rateLimit` | per order entry request | `reject` with code `RATE_LIMITED` and `retryAfterMs` |
 * | `overload` | per order entry request | `reject` with code `OVERLOADED` and `retryAfterMs` |
 * | `slowAck` | per accepted order | the order matches at once (its private frames flow) but the order-entry `ack` is `delayMs` late |
 * | `restError` | per REST position request | HTTP 503 with the venue's error body instead of the positions |
 * | `restStale` | per REST position answer | the positions as the account held them `ageMs` ago (Bybit: that moment's `seq` and `updatedTime`; Binance: its `updateTime`), as from a lagging replica; not on Deribit (deribit-rest-session.ts) |
 * | `restSlow` | per REST answer (positions or 503) | written `delayMs` after the request; computed on arrival, so it is that old when it lands |
 *
 * The REST faults draw once per request that passed authentication and the rate limits, in
 * arrival order; the venue's rate limits themselves are rules, not faults (`bybit-rest-limits.ts`,
 * `binance-weight-limit.ts`).
 */
import { SimError } from './sim-error.js';

export interface RateFault { readonly rate: number }
export interface DelayedFault { readonly rate: number; readonly delayMs: number }
export interface ScheduledFault { readonly atMs: readonly number[]; readonly perMinute: number }
export interface RetryFault { readonly rate: number; readonly retryAfterMs: number }
export interface GapFault { readonly rate: number; readonly maxSkip: number }
export interface AgedFault { readonly rate: number; readonly ageMs: number }

export interface FaultProfile {
  readonly latencyMs: number;
  readonly orderBeforeFill: DelayedFault;
  readonly positionDelay: DelayedFault;
  readonly positionDeath: ScheduledFault;
  readonly duplicateExecution: DelayedFault;
  readonly lostExecution: RateFault;
  readonly seqGap: GapFault;
  readonly staleSnapshot: DelayedFault;
  readonly disconnect: ScheduledFault;
  readonly rateLimit: RetryFault;
  readonly overload: RetryFault;
  readonly slowAck: DelayedFault;
  readonly restError: RateFault;
  readonly restStale: AgedFault;
  readonly restSlow: DelayedFault;
}

export type FaultKind = Exclude<keyof FaultProfile, 'latencyMs'>;

const NEVER: ScheduledFault = Object.freeze({ atMs: Object.freeze([]), perMinute: 0 });

/** No faults: a well-behaved venue with 1 ms of latency. */
export const CALM: FaultProfile = Object.freeze({
  latencyMs: 1,
  orderBeforeFill: { rate: 0, delayMs: 0 },
  positionDelay: { rate: 0, delayMs: 0 },
  positionDeath: NEVER,
  duplicateExecution: { rate: 0, delayMs: 0 },
  lostExecution: { rate: 0 },
  seqGap: { rate: 0, maxSkip: 1 },
  staleSnapshot: { rate: 0, delayMs: 0 },
  disconnect: NEVER,
  rateLimit: { rate: 0, retryAfterMs: 0 },
  overload: { rate: 0, retryAfterMs: 0 },
  slowAck: { rate: 0, delayMs: 0 },
  restError: { rate: 0 },
  restStale: { rate: 0, ageMs: 0 },
  restSlow: { rate: 0, delayMs: 0 },
});

/** What a busy day on a real venue looks like: frequent reordering, rare loss, no outages. */
export const REALISTIC: FaultProfile = Object.freeze({
  latencyMs: 2,
  orderBeforeFill: { rate: 0.3, delayMs: 5 },
  positionDelay: { rate: 0.1, delayMs: 40 },
  positionDeath: NEVER,
  duplicateExecution: { rate: 0.01, delayMs: 20 },
  lostExecution: { rate: 0.002 },
  seqGap: { rate: 0.002, maxSkip: 2 },
  staleSnapshot: { rate: 0.02, delayMs: 30 },
  disconnect: NEVER,
  rateLimit: { rate: 0.01, retryAfterMs: 100 },
  overload: { rate: 0.005, retryAfterMs: 250 },
  slowAck: { rate: 0.05, delayMs: 20 },
  restError: { rate: 0.01 },
  restStale: { rate: 0.05, ageMs: 200 },
  restSlow: { rate: 0.05, delayMs: 300 },
});

/** Everything that goes wrong, often: the profile the naive check must fail under. */
export const HOSTILE: FaultProfile = Object.freeze({
  latencyMs: 2,
  orderBeforeFill: { rate: 0.7, delayMs: 40 },
  positionDelay: { rate: 0.4, delayMs: 300 },
  positionDeath: { atMs: Object.freeze([]), perMinute: 3 },
  duplicateExecution: { rate: 0.1, delayMs: 30 },
  lostExecution: { rate: 0.05 },
  seqGap: { rate: 0.05, maxSkip: 3 },
  staleSnapshot: { rate: 0.2, delayMs: 60 },
  disconnect: { atMs: Object.freeze([]), perMinute: 2 },
  rateLimit: { rate: 0.05, retryAfterMs: 200 },
  overload: { rate: 0.05, retryAfterMs: 500 },
  slowAck: { rate: 0.2, delayMs: 60 },
  restError: { rate: 0.1 },
  restStale: { rate: 0.3, ageMs: 1000 },
  restSlow: { rate: 0.2, delayMs: 1500 },
});

export const PROFILES: Readonly<Record<'calm' | 'realistic' | 'hostile', FaultProfile>> = Object.freeze({ calm: CALM, realistic: REALISTIC, hostile: HOSTILE });
export type ProfileName = keyof typeof PROFILES;

/** The fields of each fault, and whether a field is a probability, a non-negative number or a list of times. */
const SHAPES: Readonly<Record<FaultKind, Readonly<Record<string, 'rate' | 'ms' | 'count' | 'times'>>>> = {
  orderBeforeFill: { rate: 'rate', delayMs: 'ms' },
  positionDelay: { rate: 'rate', delayMs: 'ms' },
  positionDeath: { atMs: 'times', perMinute: 'ms' },
  duplicateExecution: { rate: 'rate', delayMs: 'ms' },
  lostExecution: { rate: 'rate' },
  seqGap: { rate: 'rate', maxSkip: 'count' },
  staleSnapshot: { rate: 'rate', delayMs: 'ms' },
  disconnect: { atMs: 'times', perMinute: 'ms' },
  rateLimit: { rate: 'rate', retryAfterMs: 'ms' },
  overload: { rate: 'rate', retryAfterMs: 'ms' },
  slowAck: { rate: 'rate', delayMs: 'ms' },
  restError: { rate: 'rate' },
  restStale: { rate: 'rate', ageMs: 'ms' },
  restSlow: { rate: 'rate', delayMs: 'ms' },
};

/**
 * A profile by name, or a partial profile laid over `base` (default `calm`) fault by fault:
 * `{ lostExecution: { rate: 1 } }` is calm except that every execution is lost. Validates every
 * field, collects every problem, rejects unknown keys; throws `ERR_SIM_CONFIG`.
 */
export function resolveProfile(spec: ProfileName | Readonly<Record<string, unknown>>, base: FaultProfile = CALM): FaultProfile {
  if (typeof spec === 'string') {
    const named = (PROFILES as Record<string, FaultProfile | undefined>)[spec];
    if (named === undefined || !Object.hasOwn(PROFILES, spec)) throw new SimError('ERR_SIM_CONFIG', 'invalid fault profile', [`profile must be one of ${Object.keys(PROFILES).join(', ')}, got ${JSON.stringify(spec)}`]);
    return named;
  }
  const problems: string[] = [];
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(spec)) {
    if (key === 'latencyMs') {
      if (!isMs(value)) problems.push('profile.latencyMs must be a non-negative finite number');
      else out[key] = value;
      continue;
    }
    const shape = Object.hasOwn(SHAPES, key) ? SHAPES[key as FaultKind] : undefined;
    if (shape === undefined) {
      problems.push(`profile.${key} is not a known fault`);
      continue;
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      problems.push(`profile.${key} must be an object`);
      continue;
    }
    const merged: Record<string, unknown> = { ...(base[key as FaultKind] as object) };
    for (const [field, v] of Object.entries(value as Record<string, unknown>)) {
      const kind = Object.hasOwn(shape, field) ? shape[field] : undefined;
      const path = `profile.${key}.${field}`;
      if (kind === undefined) problems.push(`${path} is not a known field (${Object.keys(shape).join(', ')})`);
      else if (kind === 'rate' && !(typeof v === 'number' && v >= 0 && v <= 1)) problems.push(`${path} must be a probability in [0, 1]`);
      else if (kind === 'ms' && !isMs(v)) problems.push(`${path} must be a non-negative finite number`);
      else if (kind === 'count' && !(typeof v === 'number' && Number.isSafeInteger(v) && v >= 1)) problems.push(`${path} must be an integer >= 1`);
      else if (kind === 'times' && !(Array.isArray(v) && v.every(isMs))) problems.push(`${path} must be an array of non-negative times in ms`);
      else merged[field] = v;
    }
    out[key] = merged;
  }
  if (problems.length > 0) throw new SimError('ERR_SIM_CONFIG', 'invalid fault profile', problems);
  return out as unknown as FaultProfile;
}

function isMs(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v) && v >= 0;
}
