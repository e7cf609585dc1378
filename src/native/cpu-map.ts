/**
 * Which CPU each of the engine's thread roles is pinned to, its validation, and which of the
 * places a map can come from is used.
 *
 * Roles (docs/architecture.md "Threads"): `risk` is the single risk thread (one CPU: it spins);
 * `feeds` are the CPUs the feed-handler workers are spread over (every worker may run on any
 * of them: the kernel spreads them), and `feedByName` gives a named feed a CPU of its own (the
 * venue connection a desk wants on the core nearest its NIC queue); `control` runs the control server, the order gateway and
 * everything not pinned (libuv pool, GC helpers); `clock` is the clock ticker thread, a sleeper
 * that wakes every `clockTickUs` (default: the control CPU, whose work it shares cheaply).
 *
 * Sharing: the feeds list names a CPU at most once (a problem otherwise). Any role may share the
 * risk CPU, as on 1- and 2-CPU hosts it must, but that is a warning: a spinning risk thread
 * starves what shares its CPU, and a ticker there preempts it every tick. Feeds, control and
 * clock share freely (host-check's 2-CPU suggestion puts all three on CPU 0).
 *
 * Sources: `RiskGate`'s `options.cpuMap`, the config's `cpuMap` section (validateConfig, which
 * checks the shape only, so a recorded config replays on any host), and RISKGATE_CPU_MAP, which
 * `scripts/run-pinned.mjs` sets from host-check's suggestion (`scripts/host-check.mjs`). Which
 * one is used, and why the others are not, is `chooseCpuMap`'s answer.
 */
import { availableParallelism, cpus } from 'node:os';
import { describeDuplicate, findDuplicateKeys } from '../json/duplicate-keys.js';

export interface CpuMap {
  readonly risk: number;
  readonly feeds: readonly number[];
  readonly control: number;
  /** The clock ticker thread. Absent: the control CPU. */
  readonly clock?: number;
  /** Feed workers pinned to a CPU of their own, by feed name (`attachFeed({ name })`); the others use `feeds`. */
  readonly feedByName?: Readonly<Record<string, number>>;
}

/** A validated map: `feeds` sorted and distinct, `clock` filled in. */
export interface ResolvedCpuMap extends CpuMap {
  readonly clock: number;
}

export interface CpuMapCheck {
  /** The normalized map, or undefined when there is any problem. */
  readonly map: ResolvedCpuMap | undefined;
  /** Every violation found, each a sentence naming the key; empty when the map is usable. */
  readonly problems: readonly string[];
  /** Usable but costly choices (a role sharing the risk thread's CPU). */
  readonly warnings: readonly string[];
}

export const CPU_MAP_ENV = 'RISKGATE_CPU_MAP';
/** CPU_SETSIZE of glibc (the addon's `cpuSetSize`): the highest CPU id a thread can be pinned to, + 1. */
export const CPU_SET_SIZE = 1024;
const ROLES = ['risk', 'feeds', 'control', 'clock', 'feedByName'] as const;

/**
 * CPU ids this host has: the larger of `os.availableParallelism()` and the CPUs the OS lists.
 * Under `taskset -c 0` (scripts/run-pinned keeps unpinned threads off the risk core)
 * availableParallelism() is 1, yet a thread may still pin itself to CPU 1. For the same reason
 * a map is not checked against the process's allowed CPUs: only the cpuset bounds a pin, and a
 * CPU outside it is reported by the thread that fails to pin (`placement.reason`).
 */
export function hostCpuCount(): number {
  return Math.max(availableParallelism(), cpus().length);
}

/**
 * Validates an untrusted map (parsed JSON, an option or a config section). `cpuCount`: ids must
 * be below it (this host's CPUs by default); 'any': any pinnable id (0..CPU_SET_SIZE-1), for a
 * config that may be read on another host. `path` names the map in every message.
 */
export function validateCpuMap(input: unknown, cpuCount: number | 'any' = hostCpuCount(), path = 'cpuMap'): CpuMapCheck {
  const problems: string[] = [];
  const warnings: string[] = [];
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return { map: undefined, problems: [`${path} must be an object like {"risk":1,"feeds":[0],"control":0,"clock":0}`], warnings };
  }
  const raw = input as Record<string, unknown>;
  for (const key of Object.keys(raw)) {
    if (!(ROLES as readonly string[]).includes(key)) problems.push(`${path}.${key} is not a known key (known: ${ROLES.join(', ')})`);
  }
  const limit = cpuCount === 'any' ? CPU_SET_SIZE : cpuCount;
  const range = cpuCount === 'any' ? `a CPU id from 0 to ${CPU_SET_SIZE - 1}` : `a CPU id in [0, ${cpuCount - 1}] (this host has ${cpuCount} CPUs)`;
  const cpuId = (key: string, v: unknown): number | undefined => {
    if (v === undefined) {
      problems.push(`${path}.${key} is required`);
      return undefined;
    }
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v >= limit) {
      problems.push(`${path}.${key} must be ${range}, got ${JSON.stringify(v)}`);
      return undefined;
    }
    return v;
  };

  const risk = cpuId('risk', raw['risk']);
  const control = cpuId('control', raw['control']);
  const clock = raw['clock'] === undefined ? control : cpuId('clock', raw['clock']);
  let feeds: number[] | undefined;
  const rawFeeds = raw['feeds'];
  if (typeof rawFeeds === 'number' || rawFeeds === undefined) {
    const one = cpuId('feeds', rawFeeds);
    feeds = one === undefined ? undefined : [one];
  } else if (!Array.isArray(rawFeeds) || rawFeeds.length === 0) {
    problems.push(`${path}.feeds must be a CPU id or a non-empty array of CPU ids, got ${JSON.stringify(rawFeeds)}`);
  } else {
    const ids = rawFeeds.map((v: unknown, i: number) => cpuId(`feeds[${i}]`, v));
    if (ids.every((v): v is number => v !== undefined)) {
      feeds = [...new Set(ids)].sort((a, b) => a - b);
      if (feeds.length !== ids.length) problems.push(`${path}.feeds must not list a CPU twice`);
    }
  }

  let feedByName: Record<string, number> | undefined;
  const rawByName = raw['feedByName'];
  if (rawByName !== undefined) {
    if (typeof rawByName !== 'object' || rawByName === null || Array.isArray(rawByName) || Object.keys(rawByName).length === 0) {
      problems.push(`${path}.feedByName must be a non-empty object of feed name -> CPU id, like {"bybit":2}, got ${JSON.stringify(rawByName)}`);
    } else {
      feedByName = Object.create(null) as Record<string, number>; // feed names are data: no inherited keys
      for (const [name, v] of Object.entries(rawByName as Record<string, unknown>)) {
        if (name.trim() === '') problems.push(`${path}.feedByName has an empty feed name`);
        const id = cpuId(`feedByName.${name}`, v);
        if (id === undefined) continue;
        feedByName[name] = id;
        if (id === risk) warnings.push(`${path}.feedByName.${name} shares CPU ${risk} with the risk thread: a spinning risk thread starves that feed handler`);
      }
    }
  }

  if (risk !== undefined && feeds?.includes(risk) === true) {
    warnings.push(`${path}.feeds shares CPU ${risk} with the risk thread: a spinning risk thread starves a feed handler there`);
  }
  if (risk !== undefined && control === risk) {
    warnings.push(`${path}.control shares CPU ${risk} with the risk thread: unpinned work and the control server will compete with it`);
  }
  if (risk !== undefined && clock === risk) {
    warnings.push(`${path}.clock shares CPU ${risk} with the risk thread: the ticker wakes every tick and preempts a spinning risk thread`);
  }
  if (problems.length > 0 || risk === undefined || control === undefined || clock === undefined || feeds === undefined) {
    return { map: undefined, problems, warnings };
  }
  const map: ResolvedCpuMap = { risk, feeds: Object.freeze(feeds), control, clock, ...(feedByName !== undefined ? { feedByName: Object.freeze(feedByName) } : {}) };
  return { map: Object.freeze(map), problems, warnings };
}

/** The map passed in RISKGATE_CPU_MAP, or undefined when the variable is unset or empty. */
export function cpuMapFromEnv(env: NodeJS.ProcessEnv = process.env, cpuCount: number = hostCpuCount()): CpuMapCheck | undefined {
  const text = env[CPU_MAP_ENV];
  if (text === undefined || text.trim() === '') return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    return { map: undefined, problems: [`${CPU_MAP_ENV} must be JSON: ${(e as Error).message}`], warnings: [] };
  }
  const dups = findDuplicateKeys(text);
  if (dups.length > 0) return { map: undefined, problems: dups.map((d) => describeDuplicate(d, CPU_MAP_ENV)), warnings: [] };
  return validateCpuMap(parsed, cpuCount, CPU_MAP_ENV);
}

/** The places a map can come from, in the order `chooseCpuMap` prefers them. */
export type CpuMapSource = 'options.cpuMap' | 'config cpuMap' | typeof CPU_MAP_ENV;

/** Which map the engine pins with, where it came from, and what became of every other source. */
export interface CpuMapChoice {
  /** The map used, or undefined: every thread unpinned. */
  readonly map: ResolvedCpuMap | undefined;
  /** Where `map` came from (undefined: no source set). */
  readonly source: CpuMapSource | undefined;
  /** Each source that was set but not used and why, then the map's warnings. Never silent. */
  readonly notes: readonly string[];
}

export interface CpuMapChoiceCheck extends CpuMapChoice {
  /** Problems of `options.cpuMap`, of RISKGATE_CPU_MAP, or of its disagreement with the config. */
  readonly problems: readonly string[];
  /** Problems of the config's section on this host (a CPU it does not have). */
  readonly configProblems: readonly string[];
}

export interface CpuMapCandidates {
  /** `RiskGate`'s `options.cpuMap`: an explicit map (untrusted), 'env', or undefined. */
  readonly option: unknown;
  /** The config's `cpuMap` section (shape already validated by validateConfig), or undefined. */
  readonly config: CpuMap | undefined;
  readonly env?: NodeJS.ProcessEnv;
  readonly cpuCount?: number;
}

const byNameKey = (m: CpuMap): string => JSON.stringify(Object.entries(m.feedByName ?? {}).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0)));
const sameMap = (a: ResolvedCpuMap, b: ResolvedCpuMap): boolean =>
  a.risk === b.risk && a.control === b.control && a.clock === b.clock && a.feeds.join(',') === b.feeds.join(',') && byNameKey(a) === byNameKey(b);

/** The CPUs feed `name`'s worker is pinned to under `map`: its own CPU when named, else the feeds list. */
export function feedCpus(map: CpuMap, name: string): readonly number[] {
  const byName = map.feedByName;
  return byName !== undefined && Object.hasOwn(byName, name) ? [byName[name]!] : map.feeds;
}
const show = (m: CpuMap): string => JSON.stringify(m);

/**
 * Chooses the map among the sources. Precedence: an explicit `options.cpuMap` object (code has
 * the last word: tests, benchmarks, an embedding that computes its map) > the config's
 * `cpuMap` section > RISKGATE_CPU_MAP, which is read only when `options.cpuMap` is 'env'.
 *
 * Never silent: every source set but not used is named in `notes`. One disagreement is an
 * error instead: with 'env', RISKGATE_CPU_MAP and the config's section must agree when both are
 * set. Both are deployment inputs with no obvious winner (the code asked for the env, the desk's
 * config names a map), and run-pinned has already put the process under `taskset` from the env
 * map, so running either map would put unpinned threads where the other expects none.
 *
 * Every map used is checked against this host (`cpuCount`); the chosen map's warnings follow the
 * notes. Cold: called once, in the `RiskGate` constructor.
 */
export function chooseCpuMap(candidates: CpuMapCandidates): CpuMapChoiceCheck {
  const { option, config } = candidates;
  const env = candidates.env ?? process.env;
  const cpuCount = candidates.cpuCount ?? hostCpuCount();
  const notes: string[] = [];
  const envSet = (env[CPU_MAP_ENV] ?? '').trim() !== '';
  const done = (check: CpuMapCheck | undefined, source: CpuMapSource | undefined, problems: readonly string[], configProblems: readonly string[] = []): CpuMapChoiceCheck => {
    const ok = problems.length === 0 && configProblems.length === 0;
    return { map: ok ? check?.map : undefined, source: ok ? source : undefined, notes: [...notes, ...(check?.warnings ?? [])], problems, configProblems };
  };

  if (option !== undefined && option !== 'env') {
    const explicit = validateCpuMap(option, cpuCount, 'options.cpuMap');
    const fromConfig = config === undefined ? undefined : validateCpuMap(config, 'any');
    if (fromConfig?.map !== undefined && (explicit.map === undefined || !sameMap(explicit.map, fromConfig.map))) {
      notes.push(`config cpuMap ${show(fromConfig.map)} not used: options.cpuMap overrides it`);
    }
    if (envSet) notes.push(`${CPU_MAP_ENV} is set but not read: options.cpuMap is an explicit map`);
    return done(explicit, 'options.cpuMap', explicit.problems);
  }

  if (option !== 'env' && envSet) notes.push(`${CPU_MAP_ENV} is set but not read: options.cpuMap is not 'env'`);
  const fromEnv = option === 'env' ? cpuMapFromEnv(env, cpuCount) : undefined;
  if (option === 'env' && fromEnv === undefined && config === undefined) notes.push(`options.cpuMap is 'env' but ${CPU_MAP_ENV} is unset: unpinned`);
  const fromConfig = config === undefined ? undefined : validateCpuMap(config, cpuCount, 'cpuMap');
  if (fromConfig === undefined) return done(fromEnv, fromEnv === undefined ? undefined : CPU_MAP_ENV, fromEnv?.problems ?? []);
  if (fromEnv === undefined) return done(fromConfig, 'config cpuMap', [], fromConfig.problems);

  const problems = [...fromEnv.problems];
  if (fromEnv.map !== undefined && fromConfig.map !== undefined) {
    if (sameMap(fromEnv.map, fromConfig.map)) notes.push(`${CPU_MAP_ENV} agrees with the config's cpuMap`);
    else {
      problems.push(`${CPU_MAP_ENV} ${show(fromEnv.map)} and the config's cpuMap ${show(fromConfig.map)} disagree: `
        + `unset ${CPU_MAP_ENV} (or start with scripts/run-pinned.mjs --config FILE), or remove the config's section`);
    }
  }
  return done(fromConfig, 'config cpuMap', problems, fromConfig.problems);
}
