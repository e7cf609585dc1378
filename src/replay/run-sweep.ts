import { availableParallelism } from 'node:os';
import { Piscina } from 'piscina';
import type { DamagedRange } from '../journal/damaged-range.js';
import { openJournalSource } from '../journal/journal-source.js';
import { recordedConfigJson, resolveConfig } from './recorded-config.js';
import { ReplayError } from './replay-error.js';
import { applyAssignments, checkPathAgainst, grid, gridLabel, type Assignment, type SweepSetting } from './sweep-setting.js';
import type { SweepTask, SweepTaskResult } from './sweep-task.js';
import type { WhatIfResult } from './what-if-run.js';

/** One grid point summed over every journal. */
export interface SweepRow {
  readonly label: string;
  readonly point: readonly Assignment[];
  readonly journals: number;
  readonly orders: number;
  readonly approved: number;
  readonly denied: number;
  readonly deniedByReason: Readonly<Record<string, number>>;
  /** Maxima over the journals. */
  readonly worstExposure: number;
  readonly worstExcess: number;
  /** Sums over the journals. */
  readonly exposureBreaches: number;
  readonly positionBreaches: number;
  /** Engine calls the journals lost (gap records), summed: the rows replay what the journals hold. */
  readonly lost: number;
  /** Damaged ranges in the journals (bytes that are not valid records), summed. */
  readonly damaged: number;
  /** Those ranges, journal by journal (the same for every row: the journals are the same). */
  readonly damage: readonly DamagedRange[];
}

export interface SweepOptions {
  /** Pool size; default min(available cores, tasks). */
  readonly threads?: number;
  /** Called after each finished task (done of total). */
  readonly onProgress?: (done: number, total: number, journal: string, label: string) => void;
}

const WORKER = new URL('./sweep-worker.js', import.meta.url).href;

/**
 * Validates every grid point against every journal's recorded config (unknown instrument index,
 * a value the config validator rejects: `ERR_RISKGATE_SWEEP_SETTING`, before any work starts),
 * then replays journals × points on a piscina pool and sums per point.
 */
export async function runSweep(journals: readonly string[], settings: readonly SweepSetting[], opts: SweepOptions = {}): Promise<SweepRow[]> {
  const points = grid(settings);
  for (const path of journals) {
    const cfg = recordedConfigJson(openJournalSource(path));
    for (const s of settings) checkPathAgainst(s.path, cfg, path);
    for (const p of points) {
      try {
        resolveConfig(applyAssignments(cfg, p), `${path} with ${gridLabel(p)}`);
      } catch (err) {
        throw new ReplayError('ERR_RISKGATE_SWEEP_SETTING', (err as Error).message);
      }
    }
  }
  const tasks: SweepTask[] = points.flatMap((point) => journals.map((journal) => ({ journal, point })));
  const threads = Math.max(1, Math.min(opts.threads ?? availableParallelism(), tasks.length));
  const pool = new Piscina<SweepTask, SweepTaskResult>({ filename: WORKER, minThreads: threads, maxThreads: threads, idleTimeout: 100 });
  let done = 0;
  try {
    const results = await Promise.all(tasks.map(async (t) => {
      const r = await pool.run(t);
      opts.onProgress?.(++done, tasks.length, t.journal, gridLabel(t.point));
      return r;
    }));
    return points.map((point, pi) => {
      const mine: WhatIfResult[] = [];
      journals.forEach((journal, ji) => {
        const r = results[pi * journals.length + ji]!;
        if (!r.ok) throw new ReplayError('ERR_RISKGATE_REPLAY_CONFIG', `${journal} with ${gridLabel(point)}: ${r.message}`);
        mine.push(r.result);
      });
      return sum(point, mine);
    });
  } finally {
    await pool.destroy();
  }
}

function sum(point: readonly Assignment[], rs: readonly WhatIfResult[]): SweepRow {
  const byReason: Record<string, number> = {};
  for (const r of rs) for (const [k, v] of Object.entries(r.deniedByReason)) byReason[k] = (byReason[k] ?? 0) + v;
  const add = (f: (r: WhatIfResult) => number): number => rs.reduce((a, r) => a + f(r), 0);
  const max = (f: (r: WhatIfResult) => number): number => rs.reduce((a, r) => Math.max(a, f(r)), 0);
  return {
    label: gridLabel(point), point, journals: rs.length, orders: add((r) => r.orders), approved: add((r) => r.approved),
    denied: add((r) => r.denied), deniedByReason: Object.fromEntries(Object.entries(byReason).sort(([a], [b]) => a.localeCompare(b))),
    worstExposure: max((r) => r.worstExposure), worstExcess: max((r) => r.worstExcess),
    exposureBreaches: add((r) => r.exposureBreaches), positionBreaches: add((r) => r.positionBreaches), lost: add((r) => r.lost), damaged: add((r) => r.damaged),
    damage: rs.flatMap((r) => r.damage),
  };
}
