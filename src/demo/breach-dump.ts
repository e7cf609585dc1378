/**
 * What the demo writes when riskgate's account breached its limit (`--dump-breach FILE`), so a
 * single occurrence on a wall-clock run can be explained afterwards:
 *
 * - `FILE`: one JSON object: the run's options, the breach figures, the clock pair that maps
 *   simulated time to the engine's (wall-clock) time, the account's true position history,
 *   every execution (lost ones included) and fault with its simulated times, and the decisions
 *   with the oracle's verdict beside each;
 * - `FILE.journal`: the guarded engine's journal (every event it applied, every request and its
 *   decision: `riskgate replay FILE.journal` re-runs it through a fresh engine), and
 *   `FILE.journal.jsonl`, the same records as JSON lines.
 *
 * Without a breach the journal is removed and nothing is written. Off the risk thread; the
 * journal costs the engine what it costs any embedding that journals.
 */
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { isDamage, JournalReader } from '../journal/journal-reader.js';
import type { AccountTruth } from '../sim/index.js';
import type { AuditedDecision } from './availability.js';
import type { BreachStats } from './breach-stats.js';

/** The journal file the guarded engine writes when a dump is asked for (removed first: a journal is never overwritten). */
export function dumpJournalPath(file: string): string {
  const path = `${file}.journal`;
  rmSync(path, { force: true });
  rmSync(`${path}.jsonl`, { force: true });
  return path;
}

export interface BreachDumpInput {
  readonly file: string;
  readonly options: unknown;
  readonly breach: BreachStats;
  /** Simulated ms at the start of trading, and the wall clock (ms since the epoch) read beside it. */
  readonly startedAtSim: number;
  readonly startedAtWall: number;
  readonly truth: AccountTruth;
  readonly symbol: string;
  readonly decisions: readonly AuditedDecision[];
}

/** Writes the dump when the account breached; otherwise removes the journal. Returns whether it wrote. */
export function writeBreachDump(d: BreachDumpInput): boolean {
  const journal = `${d.file}.journal`;
  if (d.breach.count === 0) {
    rmSync(journal, { force: true });
    return false;
  }
  const lines: string[] = [];
  if (existsSync(journal)) {
    const reader = new JournalReader(journal);
    try {
      for (const item of reader.items()) lines.push(JSON.stringify(isDamage(item) ? item : { seq: item.seq, at: item.at, body: item.body }));
    } finally {
      reader.close();
    }
    writeFileSync(`${journal}.jsonl`, `${lines.join('\n')}\n`);
  }
  const t = d.truth;
  writeFileSync(d.file, `${JSON.stringify({
    options: d.options, breach: d.breach,
    clocks: { startedAtSim: d.startedAtSim, startedAtWall: d.startedAtWall, note: 'engine (journal) ms ~= sim ms - startedAtSim + startedAtWall' },
    history: t.history.filter((p) => p.symbol === d.symbol),
    executions: t.executions.filter((e) => e.symbol === d.symbol),
    faults: t.faults,
    decisions: d.decisions,
    journal: existsSync(journal) ? journal : null,
    journalRecords: lines.length,
  }, null, 1)}\n`);
  return true;
}
