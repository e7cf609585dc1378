/**
 * How `bench:ci` judges the floors of floors.ts (run.ts measures, this decides): pure functions
 * over the measured rounds, so the verdict that gates CI is itself tested (test/bench/).
 *
 * - A ratio is the median of per-round ratios, rounds paired by index: riskgate's case and its
 *   baseline ran in the same round, under the same load.
 * - An attempt is *quiet* when, over its rounds, other processes and the hypervisor took less
 *   than QUIET_LOAD of the CPUs (median; unknown load counts as quiet). A cross-thread case runs
 *   two spinning threads; on a busy host one of them is preempted for scheduler slices, and the
 *   ratio measures the neighbours, not riskgate.
 * - A broken ratio floor is measured again on fresh rounds. Verdict: `pass` when an attempt
 *   held; `fail` when none held and at least one broken attempt was quiet (a regression
 *   reproduces on a quiet host); `inconclusive` when every attempt broke on a busy host (printed
 *   and recorded, not a failure: red CI from a neighbour's load teaches people to ignore red).
 * - A GC floor is judged once and is always conclusive: a GC on the risk thread is a fact.
 * - A round in which a decision or reply did not arrive in time is discarded (run.ts: a busy
 *   host, not a wrong answer; a wrong code fails the run at once). An attempt whose cases have
 *   no round left measures nothing and is inconclusive, never a failure.
 */
import type { Floor } from './floors.js';
import type { HostLoad } from './host-load.js';
import type { CaseResult, FloorAttempt, FloorCheck, FloorVerdict } from './results-model.js';

/** What a floor needs of one round of a cross-thread case. */
/** Share of the CPUs (other processes + steal, median over an attempt's rounds) below which an attempt is quiet. */
export const QUIET_LOAD = 0.1;

export interface MeasuredRound {
  readonly summary: { readonly p50: number } | undefined;
  readonly throughput: number;
  readonly load?: HostLoad;
}

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** Median of the per-round ratios a/b, or null when no round pair has the figure. */
export function pairedRatio(a: readonly MeasuredRound[], b: readonly MeasuredRound[], metric: 'p50Ratio' | 'throughputRatio'): number | null {
  const n = Math.min(a.length, b.length);
  const xs: number[] = [];
  for (let k = 0; k < n; k++) {
    const x = a[k]!;
    const z = b[k]!;
    if (metric === 'throughputRatio') xs.push(x.throughput / z.throughput);
    else if (x.summary !== undefined && z.summary !== undefined) xs.push(x.summary.p50 / z.summary.p50);
  }
  return xs.length > 0 ? median(xs) : null;
}

/** Median share of the CPUs taken from this process by others (other processes + steal) over these rounds, or null. */
export function medianOtherLoad(rounds: readonly MeasuredRound[]): number | null {
  const xs = rounds.flatMap((r) => (r.load === undefined ? [] : [r.load.other + r.load.steal]));
  return xs.length > 0 ? median(xs) : null;
}

/** Whether an attempt with this load counts as evidence (unknown load: yes). */
export const isQuiet = (load: number | null): boolean => load === null || load < QUIET_LOAD;

/** The verdict of a floor from its attempts (see the file comment). */
export function verdictOf(attempts: readonly FloorAttempt[]): FloorVerdict {
  if (attempts.some((a) => a.pass)) return 'pass';
  return attempts.some((a) => a.inconclusive === undefined && isQuiet(a.otherLoad)) ? 'fail' : 'inconclusive';
}

/** Cases whose rounds were discarded as inconclusive, with the first reason. */
export type Discarded = ReadonlyMap<string, string>;

/** Why a ratio floor has nothing to measure because its cases' rounds were all discarded, or undefined. */
function discardedWhy(f: Floor, a: readonly MeasuredRound[] | undefined, b: readonly MeasuredRound[] | undefined, discarded: Discarded): string | undefined {
  if ((a?.length ?? 0) > 0 && (b?.length ?? 0) > 0) return undefined;
  return discarded.get(f.riskgate) ?? discarded.get(f.baseline ?? '');
}

export function floorText(f: Floor): string {
  return f.metric === 'riskThreadGc' ? `<= ${f.limit} GC` : f.metric === 'p50Ratio' ? `p50 ratio <= ${f.limit}` : `throughput ratio >= ${f.limit}`;
}

export function holds(f: Floor, measured: number | null): boolean {
  if (measured === null) return false;
  return f.metric === 'throughputRatio' ? measured >= f.limit : measured <= f.limit;
}

/** The first judgement of a floor from the run's cases and rounds (a missing case fails it). */
export function firstAttempt(f: Floor, cases: readonly CaseResult[], rounds: ReadonlyMap<string, readonly MeasuredRound[]>, discarded: Discarded = new Map()): FloorCheck {
  if (f.metric === 'riskThreadGc') {
    const gcs = cases.filter((c) => c.name.startsWith(f.riskgate)).flatMap((c) => c.gc.filter((g) => g.thread === 'risk').map((g) => g.gcCount));
    const total = gcs.length === 0 ? null : gcs.reduce((x, y) => x + y, 0);
    const pass = holds(f, total);
    const why = total === null ? [...discarded].find(([name]) => name.startsWith(f.riskgate))?.[1] : undefined;
    const attempt = { measured: total, pass, otherLoad: null, ...(why !== undefined ? { inconclusive: why } : {}) };
    return { id: f.id, description: f.description, measured: total, floor: floorText(f), pass, verdict: pass ? 'pass' : why !== undefined ? 'inconclusive' : 'fail', attempts: [attempt] };
  }
  const a = rounds.get(f.riskgate);
  const b = f.baseline === undefined ? undefined : rounds.get(f.baseline);
  const ratio = a === undefined || b === undefined ? null : pairedRatio(a, b, f.metric);
  const pass = holds(f, ratio);
  const otherLoad = a === undefined || b === undefined ? null : medianOtherLoad([...a, ...b]);
  const why = discardedWhy(f, a, b, discarded);
  const attempts = [{ measured: ratio, pass, otherLoad, ...(why !== undefined ? { inconclusive: why } : {}) }];
  return { id: f.id, description: f.description, measured: ratio, floor: floorText(f), pass, verdict: verdictOf(attempts), attempts };
}

/** Floors to measure again: ratio floors that have not held yet (never GC floors). */
export function toRemeasure(floors: readonly Floor[], checks: readonly FloorCheck[]): Floor[] {
  return floors.filter((f, i) => !checks[i]!.pass && f.metric !== 'riskThreadGc');
}

/** The check after one more attempt on fresh rounds; the deciding measurement is the latest. */
export function withAttempt(f: Floor, check: FloorCheck, a: readonly MeasuredRound[], b: readonly MeasuredRound[], discarded: Discarded = new Map()): FloorCheck {
  if (check.pass || f.metric === 'riskThreadGc') return check;
  const ratio = pairedRatio(a, b, f.metric);
  const pass = holds(f, ratio);
  const why = discardedWhy(f, a, b, discarded);
  const attempts = [...check.attempts, { measured: ratio, pass, otherLoad: medianOtherLoad([...a, ...b]), ...(why !== undefined ? { inconclusive: why } : {}) }];
  return { ...check, measured: ratio, pass, verdict: verdictOf(attempts), attempts };
}
