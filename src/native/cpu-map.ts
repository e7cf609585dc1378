/**
 * Which CPU each of the engine's thread roles is pinned to, and its validation.
 *
 * Roles (DESIGN.md "The threads"): `risk` is the single risk thread (one CPU: it spins);
 * `feeds` are the CPUs the feed-handler workers are spread over; `control` runs the control
 * server, the order gateway and everything not pinned (libuv pool, GC helpers).
 * `scripts/host-check.mjs` suggests a map; `scripts/run-pinned.mjs` passes it to the process
 * as JSON in RISKGATE_CPU_MAP, read back with `cpuMapFromEnv`.
 */
import { availableParallelism, cpus } from 'node:os';

export interface CpuMap {
  readonly risk: number;
  readonly feeds: readonly number[];
  readonly control: number;
}

export interface CpuMapCheck {
  /** The normalized map (feeds as a sorted array), or undefined when there is any problem. */
  readonly map: CpuMap | undefined;
  /** Every violation found, each a sentence naming the key; empty when the map is usable. */
  readonly problems: readonly string[];
  /** Usable but costly choices (a role sharing the risk thread's CPU). */
  readonly warnings: readonly string[];
}

export const CPU_MAP_ENV = 'RISKGATE_CPU_MAP';
const ROLES = ['risk', 'feeds', 'control'] as const;

/**
 * CPU ids this host has: the larger of `os.availableParallelism()` and the CPUs the OS lists.
 * Under `taskset -c 0` (scripts/run-pinned keeps unpinned threads off the risk core)
 * availableParallelism() is 1, yet a thread may still pin itself to CPU 1.
 */
export function hostCpuCount(): number {
  return Math.max(availableParallelism(), cpus().length);
}

/** Validates an untrusted map (parsed JSON or config) against `cpuCount` CPUs, ids 0..cpuCount-1. */
export function validateCpuMap(input: unknown, cpuCount: number = hostCpuCount()): CpuMapCheck {
  const problems: string[] = [];
  const warnings: string[] = [];
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return { map: undefined, problems: ['cpuMap must be an object like {"risk":1,"feeds":[0],"control":0}'], warnings };
  }
  const raw = input as Record<string, unknown>;
  for (const key of Object.keys(raw)) {
    if (!(ROLES as readonly string[]).includes(key)) problems.push(`cpuMap.${key} is not a known role (risk, feeds, control)`);
  }
  const range = `a CPU id in [0, ${cpuCount - 1}] (this host has ${cpuCount} CPUs)`;
  const cpuId = (path: string, v: unknown): number | undefined => {
    if (v === undefined) {
      problems.push(`cpuMap.${path} is required`);
      return undefined;
    }
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v >= cpuCount) {
      problems.push(`cpuMap.${path} must be ${range}, got ${JSON.stringify(v)}`);
      return undefined;
    }
    return v;
  };

  const risk = cpuId('risk', raw.risk);
  const control = cpuId('control', raw.control);
  let feeds: number[] | undefined;
  if (typeof raw.feeds === 'number' || raw.feeds === undefined) {
    const one = cpuId('feeds', raw.feeds);
    feeds = one === undefined ? undefined : [one];
  } else if (!Array.isArray(raw.feeds) || raw.feeds.length === 0) {
    problems.push(`cpuMap.feeds must be a CPU id or a non-empty array of CPU ids, got ${JSON.stringify(raw.feeds)}`);
  } else {
    const ids = raw.feeds.map((v: unknown, i: number) => cpuId(`feeds[${i}]`, v));
    if (ids.every((v): v is number => v !== undefined)) {
      feeds = [...new Set(ids)].sort((a, b) => a - b);
      if (feeds.length !== ids.length) problems.push('cpuMap.feeds must not list a CPU twice');
    }
  }

  if (risk !== undefined && feeds?.includes(risk) === true) {
    warnings.push(`cpuMap.feeds shares CPU ${risk} with the risk thread: a spinning risk thread starves a feed handler there`);
  }
  if (risk !== undefined && control === risk) {
    warnings.push(`cpuMap.control shares CPU ${risk} with the risk thread: unpinned work and the control server will compete with it`);
  }
  if (problems.length > 0 || risk === undefined || control === undefined || feeds === undefined) {
    return { map: undefined, problems, warnings };
  }
  return { map: Object.freeze({ risk, feeds: Object.freeze(feeds), control }), problems, warnings };
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
  return validateCpuMap(parsed, cpuCount);
}
