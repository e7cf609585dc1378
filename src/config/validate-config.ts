import { z } from 'zod';
import {
  CONFIG_DEFAULTS,
  type AccountConfig,
  type InstrumentConfig,
  type LossLimit,
  type ResolvedConfig,
  type StrategyConfig,
} from './engine-config.js';
import { ConfigError } from './config-error.js';
import { RiskGateConfigShape, crossFieldProblems, withCrossFieldChecks } from './config-schema.js';
import { validateCpuMap } from '../native/cpu-map.js';

type Obj = Record<string, unknown>;
type Parsed = z.output<typeof RiskGateConfigShape>;

/** `['instruments', 0, 'maxLong']` → `instruments[0].maxLong`; the empty path is the document, `config`. */
function pathText(path: readonly PropertyKey[]): string {
  let s = '';
  for (const p of path) s += typeof p === 'number' ? `[${p}]` : `${s === '' ? '' : '.'}${String(p)}`;
  return s === '' ? 'config' : s;
}

/** The object schema at `path` inside `schema` (through optionals and arrays), for the list of known keys. */
function objectAt(schema: z.ZodType, path: readonly PropertyKey[]): z.ZodObject | undefined {
  let s: z.ZodType = schema;
  for (const p of path) {
    while (s instanceof z.ZodOptional) s = s.unwrap() as z.ZodType;
    if (s instanceof z.ZodArray && typeof p === 'number') s = s.element as z.ZodType;
    else if (s instanceof z.ZodObject && typeof p === 'string') s = s.shape[p] as z.ZodType;
    else return undefined;
    if (s === undefined) return undefined;
  }
  while (s instanceof z.ZodOptional) s = s.unwrap() as z.ZodType;
  return s instanceof z.ZodObject ? s : undefined;
}

/** One sentence per problem zod found, each naming its path; an unknown key lists the known ones. */
export function issueSentences(schema: z.ZodType, issues: readonly z.core.$ZodIssue[]): string[] {
  const out: string[] = [];
  for (const issue of issues) {
    if (issue.code === 'custom' && issue.params?.['sentence'] === true) {
      out.push(issue.message);
    } else if (issue.code === 'unrecognized_keys') {
      const known = Object.keys(objectAt(schema, issue.path)?.shape ?? {}).join(', ');
      const at = issue.path.length === 0 ? '' : `${pathText(issue.path)}.`;
      for (const k of issue.keys) out.push(`${at}${k} is not a known key (known: ${known})`);
    } else {
      out.push(`${pathText(issue.path)} ${issue.message}`);
    }
  }
  // A value failing several checks of one key (2^53: not a safe integer, above the maximum) is one problem.
  return [...new Set(out)];
}

type ParsedLoss = { maxLoss?: number | undefined; maxDrawdown?: number | undefined; drawdownWindowMs?: number | undefined; onBreach?: 'reduce' | 'halt' | undefined } | undefined;

function lossLimit(l: ParsedLoss): LossLimit | undefined {
  if (l === undefined || (l.maxLoss === undefined && l.maxDrawdown === undefined)) return undefined;
  return Object.freeze({
    maxLoss: l.maxLoss,
    maxDrawdown: l.maxDrawdown,
    drawdownWindowMs: l.drawdownWindowMs ?? CONFIG_DEFAULTS.drawdownWindowMs,
    onBreach: l.onBreach ?? CONFIG_DEFAULTS.onBreach,
  });
}

/** The parsed document with every default filled in, frozen: the shape the engine reads. */
function resolve(parsed: Parsed, cpuMap: ResolvedConfig['cpuMap']): ResolvedConfig {
  const instruments = parsed.instruments.map((i): InstrumentConfig => Object.freeze({
    symbol: i.symbol,
    maxLong: i.maxLong,
    maxShort: i.maxShort,
    sequence: i.sequence ?? CONFIG_DEFAULTS.sequence,
    mode: i.mode ?? CONFIG_DEFAULTS.mode,
    legs: i.mode === 'hedge' ? Object.freeze({ maxLong: i.legs?.maxLong ?? i.maxLong, maxShort: i.legs?.maxShort ?? i.maxShort }) : undefined,
    lotSize: i.lotSize ?? CONFIG_DEFAULTS.lotSize,
    unconfirmed: i.unconfirmed === undefined ? CONFIG_DEFAULTS.unconfirmed
      : { maxFills: i.unconfirmed.maxFills ?? 0, maxQty: i.unconfirmed.maxQty ?? 0 },
    maxOrderQty: i.maxOrderQty,
    maxOrderNotional: i.maxOrderNotional,
    priceBandBps: i.priceBandBps,
    maxOpenOrders: i.maxOpenOrders,
    orderRate: i.orderRate === undefined ? undefined : { max: i.orderRate.max, perMs: i.orderRate.perMs },
    duplicateWindowMs: i.duplicateWindowMs,
    flipFlop: i.flipFlop === undefined ? undefined : {
      windowMs: i.flipFlop.windowMs,
      maxReversals: i.flipFlop.maxReversals,
      maxGrossMultiple: i.flipFlop.maxGrossMultiple,
      cooldownMs: i.flipFlop.cooldownMs ?? CONFIG_DEFAULTS.flipFlopCooldownMs,
      manualResume: i.flipFlop.manualResume === true,
    },
    snapshotStaleMs: i.snapshotStaleMs,
    heartbeatTimeoutMs: i.heartbeatTimeoutMs,
    orderToTrade: i.orderToTrade === undefined ? undefined : {
      maxRatio: i.orderToTrade.maxRatio,
      windowMs: i.orderToTrade.windowMs,
      minOrders: i.orderToTrade.minOrders ?? CONFIG_DEFAULTS.orderToTradeMinOrders,
    },
    ...(i.account !== undefined ? { account: i.account } : {}),
    ...(i.refPrice !== undefined ? { refPrice: i.refPrice } : {}),
    ...(lossLimit(i.lossLimit) !== undefined ? { lossLimit: lossLimit(i.lossLimit) } : {}),
  }));
  const strategies = (parsed.strategies ?? []).map((s): StrategyConfig => Object.freeze({
    name: s.name,
    maxLong: s.maxLong,
    maxShort: s.maxShort,
    maxOpenNotional: s.maxOpenNotional,
    instruments: Object.freeze((s.instruments ?? []).map((e) => Object.freeze({
      symbol: e.symbol, maxLong: e.maxLong, maxShort: e.maxShort, maxOpenNotional: e.maxOpenNotional,
    }))),
  }));
  const accounts = parsed.accounts?.map((a): AccountConfig => Object.freeze({
    name: a.name,
    maxGrossNotional: a.maxGrossNotional,
    maxNetNotional: a.maxNetNotional,
    markMaxAgeMs: a.markMaxAgeMs ?? CONFIG_DEFAULTS.markMaxAgeMs,
    lossLimit: lossLimit(a.lossLimit),
  }));
  const d = CONFIG_DEFAULTS.capacity;
  const c = parsed.capacity;
  return Object.freeze({
    instruments: Object.freeze(instruments),
    ...(accounts !== undefined ? { accounts: Object.freeze(accounts) } : {}),
    capacity: Object.freeze({
      maxOrders: c?.maxOrders ?? d.maxOrders,
      fillsPerInstrument: c?.fillsPerInstrument ?? d.fillsPerInstrument,
      execIds: c?.execIds ?? d.execIds,
    }),
    strategies: Object.freeze(strategies),
    ...(cpuMap !== undefined ? { cpuMap } : {}),
  });
}

/**
 * The validating schemas built so far, by their extra top-level keys (joined with NUL, which no
 * key contains). A zod schema is immutable once built, so one per key set serves every call:
 * building it (and zod compiling its parser on first use) costs milliseconds, and an engine, a
 * scenario or a recorded journal validates its config on every start. Callers pass a handful of
 * fixed key sets (none, `venues`, `control`), so the cache stays that small.
 */
const schemas = new Map<string, z.ZodType>();

/** The validating schema with `extraTopKeys` accepted as opaque sections (their owners read them), built once per key set. */
function schemaWith(extraTopKeys: readonly string[]): z.ZodType {
  const key = extraTopKeys.join('\0');
  let schema = schemas.get(key);
  if (schema === undefined) {
    schema = withCrossFieldChecks(RiskGateConfigShape.extend(Object.fromEntries(extraTopKeys.map((k) => [k, z.unknown()]))));
    schemas.set(key, schema);
  }
  return schema;
}

/**
 * Validates untrusted JSON into a resolved config with `RiskGateConfigSchema`. Throws one
 * `ConfigError` listing every problem, each a sentence naming its path; unknown keys anywhere
 * are problems. `extraTopKeys`: further top-level sections the caller reads itself (`venues`,
 * `control`), accepted here as present.
 */
export function validateConfig(json: unknown, extraTopKeys: readonly string[] = []): ResolvedConfig {
  const schema = schemaWith(extraTopKeys);
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw new ConfigError(['config must be an object']);
  const top = json as Obj;
  // The cpuMap section is read by validateCpuMap (the same reader as options.cpuMap and the
  // environment's map), shape only ('any' CPU id): the host check belongs to the engine that
  // pins (chooseCpuMap), so a journal's recorded config replays on a smaller host.
  // `$schema` names the JSON Schema for an editor's completion (riskgate/config.schema.json): not config.
  const { cpuMap: rawCpuMap, $schema: _editorSchema, ...rest } = top;
  const parsed = schema.safeParse(rest);
  // The cross-field checks run inside the schema only once every field is valid: run them on the
  // raw document too, so that they are reported with the others (a repeated sentence is dropped).
  const problems = parsed.success ? [] : [...new Set([...issueSentences(schema, parsed.error.issues), ...crossFieldProblems(top)])];
  const cpuMap = rawCpuMap === undefined ? undefined : validateCpuMap(rawCpuMap, 'any', 'cpuMap');
  problems.push(...(cpuMap?.problems ?? []));
  if (problems.length > 0 || !parsed.success) throw new ConfigError(problems);
  return resolve(parsed.data as Parsed, cpuMap?.map);
}

