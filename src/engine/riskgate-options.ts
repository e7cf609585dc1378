import { ConfigError } from '../config/config-error.js';
import { chooseCpuMap, hostCpuCount, loadNativeAddon, validateCpuMap, type CpuMap, type CpuMapChoice } from '../native/index.js';
import type { NativeAddonLoad } from '../native/native-addon.js';
import { RiskGateError, RiskGateErrorCode } from './riskgate-error.js';
import type { AllocationProbe } from './risk-thread-data.js';
import type { SupervisorOptions } from './feed-supervisor.js';
import type { JournalOptionsInput } from '../journal/journal-options-input.js';

/**
 * Options of the threaded engine (`ThreadedEngine`; `RiskGateOptions` adds the control server's).
 * Every field optional; defaults in `RISKGATE_DEFAULTS`.
 */
export interface EngineOptions {
  /** How the risk thread idles: 'park' (spin, then sleep on the doorbell; default: 2-core safe) or 'spin' (own a pinned core). */
  readonly idle?: 'park' | 'spin';
  /** Empty passes before the risk thread parks (integer >= 0). Default 1000. */
  readonly spins?: number;
  /** Longest single sleep of the risk thread (ms, > 0): bounds heartbeat-deadline lateness. Default 1. */
  readonly parkTimeoutMs?: number;
  /** 'system' (default): wall clock read once per batch. 'slots': each slot's `at` (replays, scenarios). */
  readonly clock?: 'system' | 'slots';
  /**
   * 'system' clock: period of the clock ticker thread (µs, integer 50..10000) that keeps the
   * risk thread's allocation-free wall clock current (clock-block-layout.ts). Engine time lags
   * the wall clock by < 1 ms + one period + the ticker's wake-up latency. Default 500.
   */
  readonly clockTickUs?: number;
  /** Slots per feed ring (power of two). Default 4096. */
  readonly feedRingCapacity?: number;
  /** Slots per strategy request ring and decision ring (power of two). Default 1024. */
  readonly strategyRingCapacity?: number;
  /** Slots of the cancel-all ring (power of two). Default 1024. */
  readonly cancelAllRingCapacity?: number;
  /**
   * Where threads run: a `CpuMap` (risk thread pinned to `risk`, feed workers to `feeds`, the
   * control server thread to `control`, the clock ticker to `clock`, default `control`), which
   * overrides the config's `cpuMap` section; 'env' to read RISKGATE_CPU_MAP, which must then
   * agree with the config's section if both are set; or undefined: the config's section, if any
   * (else unpinned). `RiskGate.cpuMapChoice` reports the source used and every other one set
   * (`resolveCpuMap`).
   */
  readonly cpuMap?: CpuMap | 'env';
  readonly supervisor?: SupervisorOptions;
  /** Ms to wait for the risk thread's READY (and the control server's start). Default 30000. */
  readonly startTimeoutMs?: number;
  /** Ms to wait for the risk thread to drain and exit on `stop()` before terminating it. Default 5000. */
  readonly stopTimeoutMs?: number;
  /**
   * Journal every event the risk thread applies, every request with its decision, and every
   * cancel-all, off the hot path (journal-slot-layout.ts, journal-thread-main.ts): `path` (a
   * new file; never overwritten) plus the config's `journal` section (`fsync`: none |
   * everyRecord | intervalMs, `intervalMs`, `blockBytes`, `onFailure`: halt | continue,
   * `rotateBytes`, `rotateMs`: validateJournalConfig; with rotation `path` is the set's index).
   */
  readonly journal?: JournalOptionsInput;
  /** Slots of the journal ring (power of two). Default 65536. A full ring is a counted loss, never a wait. */
  readonly journalRingCapacity?: number;
  /** Tests only: measure GCs and heap growth inside the risk thread (see risk-thread-data.ts). */
  readonly allocationProbe?: AllocationProbe;
}

export const RISKGATE_DEFAULTS = Object.freeze({
  idle: 'park' as const,
  spins: 1000,
  parkTimeoutMs: 1,
  clock: 'system' as const,
  clockTickUs: 500,
  feedRingCapacity: 4096,
  strategyRingCapacity: 1024,
  cancelAllRingCapacity: 1024,
  journalRingCapacity: 1 << 16,
  startTimeoutMs: 30_000,
  stopTimeoutMs: 5000,
});

const pow2 = (v: unknown): boolean => typeof v === 'number' && Number.isInteger(v) && v >= 2 && v <= 1 << 20 && (v & (v - 1)) === 0;

/**
 * Every problem with `options` (`options.x must be …`); empty when valid. Unknown keys are
 * rejected; `moreKeys` are the keys a composition root adds and checks itself (`control`).
 */
export function riskGateOptionProblems(options: EngineOptions, moreKeys: readonly string[] = []): string[] {
  const problems: string[] = [];
  const known = ['idle', 'spins', 'parkTimeoutMs', 'clock', 'clockTickUs', 'feedRingCapacity', 'strategyRingCapacity', 'cancelAllRingCapacity',
    'cpuMap', 'supervisor', 'startTimeoutMs', 'stopTimeoutMs', 'allocationProbe', 'journal', 'journalRingCapacity', ...moreKeys];
  for (const k of Object.keys(options)) if (!known.includes(k)) problems.push(`options.${k} is not a known option (known: ${known.join(', ')})`);
  const o = options as Record<string, unknown>;
  if (o['idle'] !== undefined && o['idle'] !== 'park' && o['idle'] !== 'spin') problems.push('options.idle must be "park" or "spin"');
  if (o['clock'] !== undefined && o['clock'] !== 'system' && o['clock'] !== 'slots') problems.push('options.clock must be "system" or "slots"');
  if (o['clockTickUs'] !== undefined && !(Number.isInteger(o['clockTickUs']) && (o['clockTickUs'] as number) >= 50 && (o['clockTickUs'] as number) <= 10_000)) {
    problems.push('options.clockTickUs must be an integer from 50 to 10000');
  }
  if (o['spins'] !== undefined && !(Number.isSafeInteger(o['spins']) && (o['spins'] as number) >= 0)) problems.push('options.spins must be an integer >= 0');
  for (const k of ['parkTimeoutMs', 'startTimeoutMs', 'stopTimeoutMs']) {
    const v = o[k];
    if (v !== undefined && !(typeof v === 'number' && Number.isFinite(v) && v > 0)) problems.push(`options.${k} must be a finite number > 0`);
  }
  const j = o['journal'];
  if (j !== undefined) {
    if (typeof j !== 'object' || j === null || Array.isArray(j)) problems.push('options.journal must be an object { path, fsync?, intervalMs?, blockBytes? }');
    else if (typeof (j as Record<string, unknown>)['path'] !== 'string' || (j as Record<string, unknown>)['path'] === '') problems.push('options.journal.path must be a non-empty string');
  }
  for (const k of ['feedRingCapacity', 'strategyRingCapacity', 'cancelAllRingCapacity', 'journalRingCapacity']) {
    if (o[k] !== undefined && !pow2(o[k])) problems.push(`options.${k} must be a power of two from 2 to 2^20`);
  }
  if (o['cpuMap'] !== undefined && o['cpuMap'] !== 'env') problems.push(...validateCpuMap(o['cpuMap'], hostCpuCount(), 'options.cpuMap').problems);
  return problems;
}

/**
 * The CPU map a `RiskGate` pins with, among `options.cpuMap`, the config's `cpuMap` section and
 * RISKGATE_CPU_MAP (`chooseCpuMap`: explicit option > config section > env, which is read only
 * with 'env' and must then agree with the section). Throws `ConfigError` when only the config's
 * section is wrong for this host (a CPU it does not have), `RiskGateError` OPTIONS otherwise.
 */
export function resolveCpuMap(option: EngineOptions['cpuMap'], config: CpuMap | undefined, env: NodeJS.ProcessEnv = process.env, cpuCount: number = hostCpuCount()): CpuMapChoice {
  const c = chooseCpuMap({ option, config, env, cpuCount });
  if (c.problems.length > 0) throw new RiskGateError(RiskGateErrorCode.OPTIONS, [...c.problems, ...c.configProblems].join('; '));
  if (c.configProblems.length > 0) throw new ConfigError(c.configProblems);
  if (c.map !== undefined) warnIfPinningUnavailable(c.source ?? 'a CPU map');
  return Object.freeze({ map: c.map, source: c.source, notes: Object.freeze([...c.notes]) });
}

let pinningWarned = false;

/**
 * A CPU map asks for pinning and this host cannot pin (no addon: installed with
 * --ignore-scripts on a platform without a prebuild, no compiler, not Linux): a process warning,
 * once per process, so the loss is seen where it happens and not only in `placement`. The
 * engine still runs, unpinned. Returns the warning's text (undefined: pinning is available or
 * was already warned about).
 */
export function warnIfPinningUnavailable(source: string, load: () => NativeAddonLoad = () => loadNativeAddon()): string | undefined {
  if (pinningWarned) return undefined;
  const l = load();
  if (l.loaded) return undefined;
  pinningWarned = true;
  const text = `a CPU map is set (${source}) but threads cannot be pinned: ${l.reason} (${l.path}); every thread runs unpinned. `
    + 'Reinstall with install scripts enabled and a C compiler (npm rebuild riskgate), or on linux-x64, where a prebuilt addon ships.';
  process.emitWarning(text, { type: 'RiskGateWarning', code: 'RISKGATE_PINNING_UNAVAILABLE' });
  return text;
}
