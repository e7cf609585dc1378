/**
 * The engine config, declared once: the TypeScript type a consumer writes (`RiskGateConfig`,
 * the input of `new RiskGate(config)`), the validation of untrusted JSON (`validateConfig`,
 * validate-config.ts, parses with `RiskGateConfigSchema`), and the JSON Schema shipped for
 * editor completion (schema/riskgate-config.schema.json, written by `npm run gen:config-schema`,
 * kept in step by test/config/config-schema.test.ts) all come from the declaration below.
 *
 * Each leaf carries its error sentence (`must be a non-negative integer`, `is required`), so a
 * problem reads `instruments[0].maxLong must be a non-negative integer` whatever zod's own wording.
 * Each key's description is its `CONFIG_DOCS` row, so the README table, the JSON Schema and the
 * type share one text.
 *
 * Only validation and tooling load zod at run time (construction, never the hot path).
 */
import { z } from 'zod';
import { CONFIG_DEFAULTS, CONFIG_DOCS } from './engine-config.js';
import { parseDecimal } from '../units/decimal-lots.js';
import { SHORT_LEG_SUFFIX } from './hedge-legs.js';

const DOC = new Map(CONFIG_DOCS.map(([path, unit, range, dflt, meaning]) =>
  [path, `${meaning} (${unit === '-' ? '' : `${unit}; `}${range}; default ${dflt})`]));

/** The `CONFIG_DOCS` text of `path`; throws at load for a key without a documentation row. */
function doc(path: string): string {
  const d = DOC.get(path);
  if (d === undefined) throw new Error(`config key ${path} has no CONFIG_DOCS row`);
  return d;
}

/** The error of a leaf: `is required` when absent, else `must be <what>` (the path is prefixed by `validateConfig`). */
const must = (what: string) => ({ error: (issue: { readonly input?: unknown }) => (issue.input === undefined ? 'is required' : `must be ${what}`) });
/** The error of a section that must be an object (absent optional sections never get here). */
const OBJECT = must('an object');

type Obj = Record<string, unknown>;
const MAX = Number.MAX_SAFE_INTEGER;
/** Integer lots/counts/ms in [min, max], with the sentence the range reads as. */
function int(path: string, min: number, max = MAX) {
  const e = must(min === 0 && max === MAX ? 'a non-negative integer' : max === MAX ? `an integer >= ${min}` : `an integer from ${min} to ${max}`);
  return z.int(e).min(min, e).max(max, e).describe(doc(path));
}
/** A finite number > 0. */
function positive(path: string) {
  const e = must('a positive number');
  return z.number(e).positive(e).describe(doc(path));
}
const I = 'instruments[].';
const A = 'accounts[].';
const cpuId = z.int().min(0).max(1023);

export const BREACH_MODES = ['reduce', 'halt'] as const;

/** A non-negative finite number (quote units). */
function nonNegative(path: string) {
  const e = must('a non-negative number');
  return z.number(e).min(0, e).refine(Number.isFinite, e).describe(doc(path));
}

/**
 * A scope's loss limits (an instrument's, an account's; a strategy's will take the same shape):
 * `prefix` is the scope's path (`instruments[].`, `accounts[].`).
 */
function lossLimitSchema(prefix: string) {
  const p = `${prefix}lossLimit.`;
  return z.strictObject({
    maxLoss: positive(`${p}maxLoss`).optional(),
    maxDrawdown: positive(`${p}maxDrawdown`).optional(),
    drawdownWindowMs: int(`${p}drawdownWindowMs`, 8).optional(),
    onBreach: z.enum(BREACH_MODES, must(`one of ${BREACH_MODES.join(', ')}`)).optional().describe(doc(`${p}onBreach`)),
  }, OBJECT);
}

export const SEQUENCE_MODES = ['none', 'monotonic', 'contiguous'] as const;
export const POSITION_MODES = ['oneWay', 'hedge'] as const;

/** What `parseDecimal` reads, without a sign; the refinement below rejects zero ("0", "0.000", "0e3"). */
const LOT_SIZE = must('a positive decimal string such as "0.001"');
const lotSize = z.string(LOT_SIZE)
  .regex(/^\d+(\.\d+)?([eE][+-]?\d+)?$/, LOT_SIZE)
  .refine((s) => (parseDecimal(s)?.units ?? 0n) > 0n, LOT_SIZE)
  .describe(doc(`${I}lotSize`));

export const InstrumentConfigSchema = z.strictObject({
  symbol: z.string(must('a non-empty string')).min(1, must('a non-empty string')).describe(doc(`${I}symbol`)),
  maxLong: int(`${I}maxLong`, 0),
  maxShort: int(`${I}maxShort`, 0),
  sequence: z.enum(SEQUENCE_MODES, must(`one of ${SEQUENCE_MODES.join(', ')}`)).optional().describe(doc(`${I}sequence`)),
  mode: z.enum(POSITION_MODES, must(`one of ${POSITION_MODES.join(', ')}`)).optional().describe(doc(`${I}mode`)),
  legs: z.strictObject({
    maxLong: int(`${I}legs.maxLong`, 0).optional(),
    maxShort: int(`${I}legs.maxShort`, 0).optional(),
  }, OBJECT).optional(),
  lotSize: lotSize.optional(),
  unconfirmed: z.strictObject({
    maxFills: int(`${I}unconfirmed.maxFills`, 0).optional(),
    maxQty: int(`${I}unconfirmed.maxQty`, 0).optional(),
  }, OBJECT).optional(),
  maxOrderQty: int(`${I}maxOrderQty`, 1).optional(),
  maxOrderNotional: positive(`${I}maxOrderNotional`).optional(),
  priceBandBps: positive(`${I}priceBandBps`).optional(),
  maxOpenOrders: int(`${I}maxOpenOrders`, 1).optional(),
  orderRate: z.strictObject({
    max: int(`${I}orderRate.max`, 1, 1 << 20),
    perMs: int(`${I}orderRate.perMs`, 1),
  }, OBJECT).optional(),
  duplicateWindowMs: int(`${I}duplicateWindowMs`, 1).optional(),
  flipFlop: z.strictObject({
    windowMs: int(`${I}flipFlop.windowMs`, 1),
    maxReversals: int(`${I}flipFlop.maxReversals`, 0, 1 << 16),
    maxGrossMultiple: positive(`${I}flipFlop.maxGrossMultiple`),
    cooldownMs: int(`${I}flipFlop.cooldownMs`, 1).optional(),
    manualResume: z.boolean(must('a boolean')).optional().describe(doc(`${I}flipFlop.manualResume`)),
  }, OBJECT).optional(),
  snapshotStaleMs: int(`${I}snapshotStaleMs`, 1).optional(),
  heartbeatTimeoutMs: int(`${I}heartbeatTimeoutMs`, 1).optional(),
  orderToTrade: z.strictObject({
    maxRatio: positive(`${I}orderToTrade.maxRatio`),
    windowMs: int(`${I}orderToTrade.windowMs`, 1),
    minOrders: int(`${I}orderToTrade.minOrders`, 1, 1 << 30).optional(),
  }, OBJECT).optional(),
  account: z.string(must('a non-empty string')).min(1, must('a non-empty string')).optional().describe(doc(`${I}account`)),
  refPrice: positive(`${I}refPrice`).optional(),
  lossLimit: lossLimitSchema(I).optional(),
}, OBJECT);

const S = 'strategies[].';
export const StrategyConfigSchema = z.strictObject({
  name: z.string(must('a non-empty string')).min(1, must('a non-empty string')).describe(doc(`${S}name`)),
  maxLong: int(`${S}maxLong`, 0).optional(),
  maxShort: int(`${S}maxShort`, 0).optional(),
  maxOpenNotional: positive(`${S}maxOpenNotional`).optional(),
  instruments: z.array(z.strictObject({
    symbol: z.string(must('a non-empty string')).min(1, must('a non-empty string')).describe(doc(`${S}instruments[].symbol`)),
    maxLong: int(`${S}instruments[].maxLong`, 0).optional(),
    maxShort: int(`${S}instruments[].maxShort`, 0).optional(),
    maxOpenNotional: positive(`${S}instruments[].maxOpenNotional`).optional(),
  }, OBJECT), must('an array')).optional(),
}, OBJECT);

export const AccountConfigSchema = z.strictObject({
  name: z.string(must('a non-empty string')).min(1, must('a non-empty string')).describe(doc(`${A}name`)),
  maxGrossNotional: positive(`${A}maxGrossNotional`).optional(),
  maxNetNotional: nonNegative(`${A}maxNetNotional`).optional(),
  markMaxAgeMs: int(`${A}markMaxAgeMs`, 1).optional(),
  lossLimit: lossLimitSchema(A).optional(),
}, OBJECT);

export const CapacityConfigSchema = z.strictObject({
  maxOrders: int('capacity.maxOrders', 1, 1 << 20).optional(),
  fillsPerInstrument: int('capacity.fillsPerInstrument', 4, 1 << 16).optional(),
  execIds: int('capacity.execIds', 16, 1 << 24).optional(),
}, OBJECT);

/**
 * The `cpuMap` section's shape, for the type and the JSON Schema. `validateConfig` reads the
 * section with `validateCpuMap` (src/native/cpu-map.ts), which also checks `options.cpuMap` and
 * RISKGATE_CPU_MAP and so speaks the same sentences for all three (a CPU listed twice, the id range).
 */
export const CpuMapConfigSchema = z.strictObject({
  risk: cpuId.describe(doc('cpuMap.risk')),
  feeds: z.union([cpuId, z.array(cpuId).min(1)]).describe(doc('cpuMap.feeds')),
  control: cpuId.describe(doc('cpuMap.control')),
  clock: cpuId.optional().describe(doc('cpuMap.clock')),
  feedByName: z.record(z.string(), cpuId).optional().describe(doc('cpuMap.feedByName')),
});

const INSTRUMENTS = { error: () => 'must be a non-empty array' };
const ACCOUNTS = INSTRUMENTS;

/** The document's fields, without the checks across them (extended by `validateConfig` with the caller's sections). */
export const RiskGateConfigShape = z.strictObject({
  instruments: z.array(InstrumentConfigSchema, INSTRUMENTS).min(1, INSTRUMENTS),
  accounts: z.array(AccountConfigSchema, ACCOUNTS).min(1, ACCOUNTS).optional(),
  capacity: CapacityConfigSchema.optional(),
  strategies: z.array(StrategyConfigSchema, must('an array')).optional(),
  cpuMap: CpuMapConfigSchema.optional(),
}, OBJECT);

/** A valid integer at `o[key]` in [min, max], else undefined (the schema reports the problem). */
function validInt(o: unknown, key: string, min: number, max: number): number | undefined {
  if (typeof o !== 'object' || o === null) return undefined;
  const v = (o as Obj)[key];
  return typeof v === 'number' && Number.isSafeInteger(v) && v >= min && v <= max ? v : undefined;
}

/**
 * Problems across fields, which no single key's declaration can see: a symbol listed twice, a
 * fill budget the fill table cannot hold. Read from the raw document so that they are reported
 * with every other problem; a field that is itself invalid was reported already and is skipped.
 */
export function crossFieldProblems(top: Obj): string[] {
  const problems: string[] = [];
  const list = Array.isArray(top['instruments']) ? (top['instruments'] as unknown[]) : [];
  const seen = new Set<string>();
  for (const [i, v] of list.entries()) {
    const symbol = typeof v === 'object' && v !== null ? (v as Obj)['symbol'] : undefined;
    if (typeof symbol !== 'string' || symbol === '') continue;
    if (seen.has(symbol)) problems.push(`instruments[${i}].symbol "${symbol}" is listed twice`);
    seen.add(symbol);
  }
  problems.push(...hedgeProblems(list));
  problems.push(...accountProblems(top['accounts'], list));
  const capacity = top['capacity'];
  const fills = capacity === undefined || (typeof capacity === 'object' && capacity !== null && (capacity as Obj)['fillsPerInstrument'] === undefined)
    ? CONFIG_DEFAULTS.capacity.fillsPerInstrument
    : validInt(capacity, 'fillsPerInstrument', 4, 1 << 16);
  if (fills !== undefined) {
    for (const [i, v] of list.entries()) {
      const maxFills = validInt(typeof v === 'object' && v !== null ? (v as Obj)['unconfirmed'] : undefined, 'maxFills', 0, Number.MAX_SAFE_INTEGER);
      if (maxFills !== undefined && maxFills >= fills) problems.push(`instruments[${i}].unconfirmed.maxFills must be below capacity.fillsPerInstrument (${fills})`);
    }
  }
  problems.push(...strategyProblems(top, list));
  return problems;
}

/**
 * Accounts: names unique; with an `accounts` list every instrument names one of them (an
 * instrument left out of every account would escape the account limits unnoticed); without
 * one, no instrument names an account (they all share the implicit account, which has no limits).
 */
function accountProblems(accounts: unknown, list: readonly unknown[]): string[] {
  const problems: string[] = [];
  const names = new Set<string>();
  const declared = Array.isArray(accounts);
  if (declared) {
    for (const [i, v] of (accounts as unknown[]).entries()) {
      const name = typeof v === 'object' && v !== null ? (v as Obj)['name'] : undefined;
      if (typeof name !== 'string' || name === '') continue;
      if (names.has(name)) problems.push(`accounts[${i}].name "${name}" is listed twice`);
      names.add(name);
    }
  }
  for (const [i, v] of list.entries()) {
    if (typeof v !== 'object' || v === null) continue;
    const account = (v as Obj)['account'];
    if (declared && account === undefined) problems.push(`instruments[${i}].account is required when accounts are listed`);
    else if (typeof account === 'string' && !declared) problems.push(`instruments[${i}].account "${account}" names an account, but no accounts are listed`);
    else if (declared && typeof account === 'string' && account !== '' && !names.has(account)) problems.push(`instruments[${i}].account "${account}" is not in accounts`);
  }
  return problems;
}

/**
 * A hedge instrument's short leg is an engine instrument named `SYMBOL:short` (hedge-legs.ts): no
 * configured symbol may take that name. `legs` belongs to hedge instruments only. A contiguous
 * sequence cannot be checked per leg (the venue numbers both legs' executions in one series, so
 * each leg sees the other's as jumps): hedge instruments use `monotonic` or `none`.
 */
function hedgeProblems(list: readonly unknown[]): string[] {
  const problems: string[] = [];
  const symbols = new Set(list.map((v) => (typeof v === 'object' && v !== null ? (v as Obj)['symbol'] : undefined)));
  for (const [i, v] of list.entries()) {
    if (typeof v !== 'object' || v === null) continue;
    const o = v as Obj;
    const hedge = o['mode'] === 'hedge';
    if (!hedge && o['legs'] !== undefined) problems.push(`instruments[${i}].legs applies to mode hedge only`);
    if (hedge && o['sequence'] === 'contiguous') problems.push(`instruments[${i}].sequence contiguous cannot be checked per leg of a hedge instrument (both legs share the venue's series): use monotonic`);
    if (hedge && typeof o['symbol'] === 'string' && symbols.has(`${o['symbol']}${SHORT_LEG_SUFFIX}`)) {
      problems.push(`instruments[${i}].symbol "${o['symbol']}" is hedge: its short leg takes the name "${o['symbol']}${SHORT_LEG_SUFFIX}", which another instrument uses`);
    }
  }
  return problems;
}

/** A strategy named twice, or limits for a symbol no instrument has. */
function strategyProblems(top: Obj, instruments: readonly unknown[]): string[] {
  const problems: string[] = [];
  const strategies = Array.isArray(top['strategies']) ? (top['strategies'] as unknown[]) : [];
  const symbols = new Set(instruments.map((i) => (typeof i === 'object' && i !== null ? (i as Obj)['symbol'] : undefined)));
  const names = new Set<unknown>();
  strategies.forEach((s, k) => {
    if (typeof s !== 'object' || s === null) return;
    const name = (s as Obj)['name'];
    if (typeof name === 'string' && names.has(name)) problems.push(`strategies[${k}].name "${name}" is listed twice`);
    names.add(name);
    const per = (s as Obj)['instruments'];
    if (!Array.isArray(per)) return;
    const seen = new Set<unknown>();
    per.forEach((e, j) => {
      const symbol = typeof e === 'object' && e !== null ? (e as Obj)['symbol'] : undefined;
      if (typeof symbol !== 'string') return;
      if (!symbols.has(symbol)) problems.push(`strategies[${k}].instruments[${j}].symbol "${symbol}" is not a configured instrument`);
      if (seen.has(symbol)) problems.push(`strategies[${k}].instruments[${j}].symbol "${symbol}" is listed twice`);
      seen.add(symbol);
    });
  });
  return problems;
}

/**
 * `shape` with the checks across fields (`crossFieldProblems`), each an issue whose message is
 * the whole sentence (`params.sentence`). Zod runs them only once every field is valid.
 */
export function withCrossFieldChecks<T extends z.ZodObject>(shape: T): T {
  return shape.superRefine((value, ctx) => {
    for (const message of crossFieldProblems(value as Obj)) ctx.addIssue({ code: 'custom', message, path: [], params: { sentence: true } });
  });
}

/** The engine config: every field, every range, unknown keys refused, and the checks across fields. */
export const RiskGateConfigSchema = withCrossFieldChecks(RiskGateConfigShape);

/** One instrument as a consumer writes it (optional keys take the defaults of `CONFIG_DEFAULTS`). */
export type InstrumentConfigInput = z.input<typeof InstrumentConfigSchema>;
/** One account as a consumer writes it. */
export type AccountConfigInput = z.input<typeof AccountConfigSchema>;
/** The engine config as a consumer writes it: the input of `new RiskGate(config)` and `validateConfig`. */
export type RiskGateConfig = z.input<typeof RiskGateConfigSchema>;

/** The JSON Schema (draft 2020-12) of the engine config, as shipped in schema/riskgate-config.schema.json. */
export function configJsonSchema(): Record<string, unknown> {
  return {
    $id: 'https://riskgate.invalid/riskgate-config.schema.json',
    title: 'riskgate engine config',
    ...z.toJSONSchema(RiskGateConfigSchema, { io: 'input', target: 'draft-2020-12' }),
  };
}
