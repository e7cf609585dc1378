import {
  CONFIG_DEFAULTS,
  type CapacityConfig,
  type FlipFlopGuard,
  type InstrumentConfig,
  type OrderRate,
  type ResolvedConfig,
  type SequenceMode,
} from './engine-config.js';
import { ConfigError } from './config-error.js';
import { parseDecimal } from '../units/decimal-lots.js';
import { validateCpuMap } from '../native/cpu-map.js';

type Obj = Record<string, unknown>;

/**
 * Collects problems while reading one untrusted JSON value. Every reader records a problem and
 * returns a harmless placeholder instead of throwing, so one pass reports everything.
 */
class Reader {
  readonly problems: string[] = [];

  object(v: unknown, path: string): Obj | undefined {
    if (typeof v === 'object' && v !== null && !Array.isArray(v)) return v as Obj;
    this.problems.push(`${path} must be an object`);
    return undefined;
  }

  keys(o: Obj, path: string, allowed: readonly string[]): void {
    for (const k of Object.keys(o)) {
      if (!allowed.includes(k)) this.problems.push(`${path}${path ? '.' : ''}${k} is not a known key (known: ${allowed.join(', ')})`);
    }
  }

  int(o: Obj, key: string, path: string, min: number, max: number, required: true): number;
  int(o: Obj, key: string, path: string, min: number, max: number, required: false): number | undefined;
  int(o: Obj, key: string, path: string, min: number, max: number, required: boolean): number | undefined {
    const v = o[key];
    if (v === undefined) {
      if (required) this.problems.push(`${path}.${key} is required`);
      return required ? 0 : undefined;
    }
    if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < min || v > max) {
      const what = min === 0 && max === Number.MAX_SAFE_INTEGER ? 'a non-negative integer'
        : max === Number.MAX_SAFE_INTEGER ? `an integer >= ${min}` : `an integer from ${min} to ${max}`;
      this.problems.push(`${path}.${key} must be ${what}`);
      return 0;
    }
    return v;
  }

  positive(o: Obj, key: string, path: string): number | undefined {
    const v = o[key];
    if (v === undefined) return undefined;
    if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0) {
      this.problems.push(`${path}.${key} must be a positive number`);
      return 1;
    }
    return v;
  }
}

const INSTRUMENT_KEYS = [
  'symbol', 'maxLong', 'maxShort', 'sequence', 'lotSize', 'unconfirmed', 'maxOrderQty', 'maxOrderNotional',
  'priceBandBps', 'maxOpenOrders', 'orderRate', 'duplicateWindowMs', 'flipFlop', 'snapshotStaleMs', 'heartbeatTimeoutMs',
] as const;
const SEQUENCE_MODES: readonly SequenceMode[] = ['none', 'monotonic', 'contiguous'];
const MAX = Number.MAX_SAFE_INTEGER;

function readInstrument(r: Reader, v: unknown, path: string): InstrumentConfig | undefined {
  const o = r.object(v, path);
  if (o === undefined) return undefined;
  r.keys(o, path, INSTRUMENT_KEYS);

  const symbol = o['symbol'];
  if (typeof symbol !== 'string' || symbol.length === 0) r.problems.push(`${path}.symbol must be a non-empty string`);

  let sequence: SequenceMode = CONFIG_DEFAULTS.sequence;
  if (o['sequence'] !== undefined) {
    if (SEQUENCE_MODES.includes(o['sequence'] as SequenceMode)) sequence = o['sequence'] as SequenceMode;
    else r.problems.push(`${path}.sequence must be one of ${SEQUENCE_MODES.join(', ')}`);
  }

  let lotSize: string = CONFIG_DEFAULTS.lotSize;
  if (o['lotSize'] !== undefined) {
    const d = typeof o['lotSize'] === 'string' ? parseDecimal(o['lotSize']) : undefined;
    if (d === undefined || d.units <= 0n) r.problems.push(`${path}.lotSize must be a positive decimal string such as "0.001"`);
    else lotSize = o['lotSize'] as string;
  }

  let unconfirmed: InstrumentConfig['unconfirmed'] = CONFIG_DEFAULTS.unconfirmed;
  if (o['unconfirmed'] !== undefined) {
    const u = r.object(o['unconfirmed'], `${path}.unconfirmed`);
    if (u !== undefined) {
      r.keys(u, `${path}.unconfirmed`, ['maxFills', 'maxQty']);
      unconfirmed = {
        maxFills: r.int(u, 'maxFills', `${path}.unconfirmed`, 0, MAX, false) ?? 0,
        maxQty: r.int(u, 'maxQty', `${path}.unconfirmed`, 0, MAX, false) ?? 0,
      };
    }
  }

  let orderRate: OrderRate | undefined;
  if (o['orderRate'] !== undefined) {
    const u = r.object(o['orderRate'], `${path}.orderRate`);
    if (u !== undefined) {
      r.keys(u, `${path}.orderRate`, ['max', 'perMs']);
      orderRate = { max: r.int(u, 'max', `${path}.orderRate`, 1, 1 << 20, true), perMs: r.int(u, 'perMs', `${path}.orderRate`, 1, MAX, true) };
    }
  }

  let flipFlop: FlipFlopGuard | undefined;
  if (o['flipFlop'] !== undefined) {
    const u = r.object(o['flipFlop'], `${path}.flipFlop`);
    if (u !== undefined) {
      r.keys(u, `${path}.flipFlop`, ['windowMs', 'maxReversals', 'maxGrossMultiple', 'cooldownMs', 'manualResume']);
      const multiple = r.positive(u, 'maxGrossMultiple', `${path}.flipFlop`);
      if (multiple === undefined) r.problems.push(`${path}.flipFlop.maxGrossMultiple is required`);
      const manual = u['manualResume'];
      if (manual !== undefined && typeof manual !== 'boolean') r.problems.push(`${path}.flipFlop.manualResume must be a boolean`);
      flipFlop = {
        windowMs: r.int(u, 'windowMs', `${path}.flipFlop`, 1, MAX, true),
        maxReversals: r.int(u, 'maxReversals', `${path}.flipFlop`, 0, 1 << 16, true),
        maxGrossMultiple: multiple ?? 1,
        cooldownMs: r.int(u, 'cooldownMs', `${path}.flipFlop`, 1, MAX, false) ?? CONFIG_DEFAULTS.flipFlopCooldownMs,
        manualResume: manual === true,
      };
    }
  }

  return {
    symbol: typeof symbol === 'string' ? symbol : '',
    maxLong: r.int(o, 'maxLong', path, 0, MAX, true),
    maxShort: r.int(o, 'maxShort', path, 0, MAX, true),
    sequence,
    lotSize,
    unconfirmed,
    maxOrderQty: r.int(o, 'maxOrderQty', path, 1, MAX, false),
    maxOrderNotional: r.positive(o, 'maxOrderNotional', path),
    priceBandBps: r.positive(o, 'priceBandBps', path),
    maxOpenOrders: r.int(o, 'maxOpenOrders', path, 1, MAX, false),
    orderRate,
    duplicateWindowMs: r.int(o, 'duplicateWindowMs', path, 1, MAX, false),
    flipFlop,
    snapshotStaleMs: r.int(o, 'snapshotStaleMs', path, 1, MAX, false),
    heartbeatTimeoutMs: r.int(o, 'heartbeatTimeoutMs', path, 1, MAX, false),
  };
}

function readCapacity(r: Reader, v: unknown): CapacityConfig {
  const d: CapacityConfig = CONFIG_DEFAULTS.capacity;
  if (v === undefined) return d;
  const o = r.object(v, 'capacity');
  if (o === undefined) return d;
  r.keys(o, 'capacity', ['maxOrders', 'fillsPerInstrument', 'execIds']);
  return {
    maxOrders: r.int(o, 'maxOrders', 'capacity', 1, 1 << 20, false) ?? d.maxOrders,
    fillsPerInstrument: r.int(o, 'fillsPerInstrument', 'capacity', 4, 1 << 16, false) ?? d.fillsPerInstrument,
    execIds: r.int(o, 'execIds', 'capacity', 16, 1 << 24, false) ?? d.execIds,
  };
}

/** Top-level sections this module knows. Later sections (control, journal, venues) register here. */
const TOP_KEYS = ['instruments', 'capacity', 'cpuMap'] as const;

/**
 * Validates untrusted JSON into a resolved config. Throws one `ConfigError` listing every
 * problem; unknown keys anywhere are problems.
 */
export function validateConfig(json: unknown, extraTopKeys: readonly string[] = []): ResolvedConfig {
  const r = new Reader();
  const top = r.object(json, 'config');
  if (top === undefined) throw new ConfigError(r.problems);
  r.keys(top, '', [...TOP_KEYS, ...extraTopKeys]);

  const instruments: InstrumentConfig[] = [];
  const list = top['instruments'];
  if (!Array.isArray(list) || list.length === 0) {
    r.problems.push('instruments must be a non-empty array');
  } else {
    const seen = new Set<string>();
    list.forEach((v, i) => {
      const inst = readInstrument(r, v, `instruments[${i}]`);
      if (inst === undefined) return;
      if (inst.symbol !== '' && seen.has(inst.symbol)) r.problems.push(`instruments[${i}].symbol "${inst.symbol}" is listed twice`);
      seen.add(inst.symbol);
      instruments.push(inst);
    });
  }
  const capacity = readCapacity(r, top['capacity']);
  for (const [i, inst] of instruments.entries()) {
    // An invalid capacity was reported already (read as 0): do not cascade.
    if (capacity.fillsPerInstrument >= 4 && inst.unconfirmed.maxFills >= capacity.fillsPerInstrument) {
      r.problems.push(`instruments[${i}].unconfirmed.maxFills must be below capacity.fillsPerInstrument (${capacity.fillsPerInstrument})`);
    }
  }
  // Shape only ('any' CPU id): the host check belongs to the engine that pins (chooseCpuMap),
  // so a journal's recorded config replays on a smaller host. Sharing warnings are reported there too.
  const cpuMap = top['cpuMap'] === undefined ? undefined : validateCpuMap(top['cpuMap'], 'any', 'cpuMap');
  r.problems.push(...(cpuMap?.problems ?? []));
  if (r.problems.length > 0) throw new ConfigError(r.problems);
  return Object.freeze({
    instruments: Object.freeze(instruments.map((i) => Object.freeze(i))),
    capacity: Object.freeze(capacity),
    ...(cpuMap?.map !== undefined ? { cpuMap: cpuMap.map } : {}),
  });
}
