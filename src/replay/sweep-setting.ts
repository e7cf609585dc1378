import { CONFIG_DOCS } from '../config/engine-config.js';
import { ReplayError } from './replay-error.js';

/** One `--set PATH=V1,V2,...`: a config path and the values to try. `undefined` = `off` (key removed). */
export interface SweepSetting {
  readonly path: string;
  readonly values: readonly unknown[];
}

/** One value of one setting: a single point of the sweep grid contains one per setting. */
export interface Assignment {
  readonly path: string;
  readonly value: unknown;
}

/**
 * Config sections that change no decision of a replay (where threads run): a sweep over them would
 * print identical rows, so they are refused with the reason instead of accepted and ignored.
 */
const NOT_DECISIONS: Readonly<Record<string, string>> = { cpuMap: 'cpuMap places threads on CPUs; it changes no decision in a replay' };
/** Documented config keys that decide orders, `[]` for array elements (`instruments[].unconfirmed.maxFills`). */
const KNOWN = new Set(CONFIG_DOCS.map((d) => d[0]).filter((k) => !Object.hasOwn(NOT_DECISIONS, k.split('.')[0]!)));
const SEGMENT = /^([A-Za-z][A-Za-z0-9]*)(?:\[(\d+|\*)?\])?$/;

function fail(message: string): never {
  throw new ReplayError('ERR_RISKGATE_SWEEP_SETTING', message);
}

/** A value as written: JSON when it parses (`2`, `"0.001"`, `true`), `off` to remove the key, else a string. */
function parseValue(v: string): unknown {
  if (v === 'off') return undefined;
  try {
    return JSON.parse(v) as unknown;
  } catch {
    return v;
  }
}

/** Parses `PATH=V1,V2,...`. Throws `ERR_RISKGATE_SWEEP_SETTING` for a malformed spec or an unknown path. */
export function parseSetting(spec: string): SweepSetting {
  const eq = spec.indexOf('=');
  if (eq <= 0 || eq === spec.length - 1) fail(`--set ${spec}: expected PATH=V1,V2,... such as instruments[0].unconfirmed.maxFills=0,1,2`);
  const path = spec.slice(0, eq);
  checkPath(path);
  const values = spec.slice(eq + 1).split(',').map((v) => v.trim());
  if (values.some((v) => v === '')) fail(`--set ${spec}: empty value`);
  return { path, values: values.map(parseValue) };
}

/** The documented form of a path: `instruments[0].x` → `instruments[].x`. */
export function documentedPath(path: string): string {
  return path.split('.').map((s) => s.replace(/\[(\d+|\*)?\]$/, '[]')).join('.');
}

/** Rejects a path that is not a documented, settable config key (object sections are not leaves). */
export function checkPath(path: string): void {
  const segs = path.split('.');
  if (Object.hasOwn(NOT_DECISIONS, segs[0]!)) fail(`--set ${path}: ${NOT_DECISIONS[segs[0]!]}`);
  if (segs.some((s) => !SEGMENT.test(s)) || !KNOWN.has(documentedPath(path)) || (segs[0]!.startsWith('instruments') && !segs[0]!.includes('['))) {
    const keys = [...KNOWN].map((k) => k.replace('[]', '[N]')).join(', ');
    fail(`--set ${path}: unknown config path (settable: ${keys}; N an instrument index or *)`);
  }
}

/** Rejects a path whose instrument index the config does not have. */
export function checkPathAgainst(path: string, config: unknown, where: string): void {
  const m = /^instruments\[(\d+)\]/.exec(path);
  const list = (config as { instruments?: unknown })?.instruments;
  if (m !== null && (!Array.isArray(list) || Number(m[1]) >= list.length)) {
    fail(`--set ${path}: ${where} has ${Array.isArray(list) ? list.length : 0} instrument(s)`);
  }
}

/** Every combination of one value per setting (the cartesian product), in `--set` order. */
export function grid(settings: readonly SweepSetting[]): Assignment[][] {
  let out: Assignment[][] = [[]];
  for (const s of settings) out = out.flatMap((prefix) => s.values.map((value) => [...prefix, { path: s.path, value }]));
  return out;
}

/** `instruments[0].unconfirmed.maxFills=1 capacity.execIds=64` */
export function gridLabel(point: readonly Assignment[]): string {
  return point.map((a) => `${a.path}=${a.value === undefined ? 'off' : JSON.stringify(a.value).replace(/^"(.*)"$/, '$1')}`).join(' ') || '(recorded)';
}

type Obj = Record<string, unknown>;

/** A deep copy of the config JSON with the assignments applied (missing objects created). */
export function applyAssignments(config: unknown, point: readonly Assignment[]): unknown {
  const copy = structuredClone(config) as Obj;
  for (const a of point) {
    const segs = a.path.split('.');
    let targets: Obj[] = [copy];
    for (let i = 0; i < segs.length; i++) {
      const m = SEGMENT.exec(segs[i]!)!;
      const key = m[1]!;
      const last = i === segs.length - 1;
      const next: Obj[] = [];
      for (const t of targets) {
        if (m[2] !== undefined || segs[i]!.endsWith('[]')) {
          const list = Array.isArray(t[key]) ? (t[key] as unknown[]) : [];
          const picked = m[2] === undefined || m[2] === '*' ? list : [list[Number(m[2])]];
          for (const el of picked) if (typeof el === 'object' && el !== null) next.push(el as Obj);
        } else if (last) {
          if (a.value === undefined) delete t[key];
          else t[key] = a.value;
        } else {
          if (typeof t[key] !== 'object' || t[key] === null) t[key] = {};
          next.push(t[key] as Obj);
        }
      }
      targets = next;
    }
  }
  return copy;
}
