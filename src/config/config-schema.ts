/**
 * The engine config's declared shape: the TypeScript type a consumer writes
 * (`RiskGateConfig`, the input of `new RiskGate(config)`) and the JSON Schema shipped for
 * editor completion (schema/riskgate-config.schema.json, written by `npm run gen:config-schema`,
 * kept in step by test/config/config-schema.test.ts) both come from `RiskGateConfigSchema`.
 *
 * Ranges match `validateConfig` (validate-config.ts), which still produces the error sentences
 * of `ConfigError`; the schema test feeds both the same documents and checks they agree. Each key's
 * description is its `CONFIG_DOCS` row, so the README table, the JSON Schema and the type share one text.
 *
 * Only the schema module and tooling load zod at run time; the engine imports the types.
 */
import { z } from 'zod';
import { CONFIG_DOCS } from './engine-config.js';

const DOC = new Map(CONFIG_DOCS.map(([path, unit, range, dflt, meaning]) =>
  [path, `${meaning} (${unit === '-' ? '' : `${unit}; `}${range}; default ${dflt})`]));

/** The `CONFIG_DOCS` text of `path`; throws at load for a key without a documentation row. */
function doc(path: string): string {
  const d = DOC.get(path);
  if (d === undefined) throw new Error(`config key ${path} has no CONFIG_DOCS row`);
  return d;
}

const MAX = Number.MAX_SAFE_INTEGER;
const lots = (path: string, min: number, max = MAX) => z.int().min(min).max(max).describe(doc(path));
const positive = (path: string) => z.number().positive().describe(doc(path));
const I = 'instruments[].';
const cpuId = z.int().min(0).max(1023);

export const SEQUENCE_MODES = ['none', 'monotonic', 'contiguous'] as const;

export const InstrumentConfigSchema = z.strictObject({
  symbol: z.string().min(1).describe(doc(`${I}symbol`)),
  maxLong: lots(`${I}maxLong`, 0),
  maxShort: lots(`${I}maxShort`, 0),
  sequence: z.enum(SEQUENCE_MODES).optional().describe(doc(`${I}sequence`)),
  lotSize: z.string().regex(/^\d+(\.\d+)?$/).optional().describe(doc(`${I}lotSize`)),
  unconfirmed: z.strictObject({
    maxFills: lots(`${I}unconfirmed.maxFills`, 0).optional(),
    maxQty: lots(`${I}unconfirmed.maxQty`, 0).optional(),
  }).optional(),
  maxOrderQty: lots(`${I}maxOrderQty`, 1).optional(),
  maxOrderNotional: positive(`${I}maxOrderNotional`).optional(),
  priceBandBps: positive(`${I}priceBandBps`).optional(),
  maxOpenOrders: lots(`${I}maxOpenOrders`, 1).optional(),
  orderRate: z.strictObject({
    max: lots(`${I}orderRate.max`, 1, 1 << 20),
    perMs: lots(`${I}orderRate.perMs`, 1),
  }).optional(),
  duplicateWindowMs: lots(`${I}duplicateWindowMs`, 1).optional(),
  flipFlop: z.strictObject({
    windowMs: lots(`${I}flipFlop.windowMs`, 1),
    maxReversals: lots(`${I}flipFlop.maxReversals`, 0, 1 << 16),
    maxGrossMultiple: positive(`${I}flipFlop.maxGrossMultiple`),
    cooldownMs: lots(`${I}flipFlop.cooldownMs`, 1).optional(),
    manualResume: z.boolean().optional().describe(doc(`${I}flipFlop.manualResume`)),
  }).optional(),
  snapshotStaleMs: lots(`${I}snapshotStaleMs`, 1).optional(),
  heartbeatTimeoutMs: lots(`${I}heartbeatTimeoutMs`, 1).optional(),
});

export const CapacityConfigSchema = z.strictObject({
  maxOrders: lots('capacity.maxOrders', 1, 1 << 20).optional(),
  fillsPerInstrument: lots('capacity.fillsPerInstrument', 4, 1 << 16).optional(),
  execIds: lots('capacity.execIds', 16, 1 << 24).optional(),
});

export const CpuMapConfigSchema = z.strictObject({
  risk: cpuId.describe(doc('cpuMap.risk')),
  feeds: z.union([cpuId, z.array(cpuId).min(1)]).describe(doc('cpuMap.feeds')),
  control: cpuId.describe(doc('cpuMap.control')),
  clock: cpuId.optional().describe(doc('cpuMap.clock')),
  feedByName: z.record(z.string(), cpuId).optional().describe(doc('cpuMap.feedByName')),
});

export const RiskGateConfigSchema = z.strictObject({
  instruments: z.array(InstrumentConfigSchema).min(1),
  capacity: CapacityConfigSchema.optional(),
  cpuMap: CpuMapConfigSchema.optional(),
});

/** One instrument as a consumer writes it (optional keys take the defaults of `CONFIG_DEFAULTS`). */
export type InstrumentConfigInput = z.input<typeof InstrumentConfigSchema>;
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
