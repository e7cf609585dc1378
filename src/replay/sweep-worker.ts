import { openJournalSource } from '../journal/journal-source.js';
import { recordedConfigJson, resolveConfig } from './recorded-config.js';
import { applyAssignments, gridLabel } from './sweep-setting.js';
import type { SweepTask, SweepTaskResult } from './sweep-task.js';
import { whatIfRun } from './what-if-run.js';

/**
 * Piscina worker (loaded as compiled JS: dist/src/replay/sweep-worker.js): replays one journal
 * under one grid point. Each task streams its journal itself (constant memory, a rotated set
 * across its files), so only paths and settings cross the thread boundary.
 */
export default function sweepWorker(task: SweepTask): SweepTaskResult {
  try {
    const j = openJournalSource(task.journal);
    const config = resolveConfig(applyAssignments(recordedConfigJson(j), task.point), `${task.journal} with ${gridLabel(task.point)}`);
    return { ok: true, result: whatIfRun(j.items(), config) };
  } catch (err) {
    return { ok: false, code: (err as { code?: string }).code ?? 'ERR_RISKGATE_SWEEP', message: (err as Error).message };
  }
}
