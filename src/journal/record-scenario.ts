import type { Gate } from '../scenario/gate.js';
import type { Scenario } from '../scenario/parse-scenario.js';
import { runScenario, type ScenarioRun } from '../scenario/run-scenario.js';
import type { JournalConfig } from './fsync-policy.js';
import { JournalingGate } from './journaling-gate.js';
import { JournalWriter } from './journal-writer.js';

/** Scenario journals are written in one go and synced once at the end. */
const SCENARIO_JOURNAL: JournalConfig = { policy: { fsync: 'none' }, blockBytes: 64 * 1024 };

/**
 * Runs a scenario through `gate` while recording it to a new journal at `path` (header: the
 * scenario's validated config). The journal is synced and closed before this returns, also
 * when the run throws.
 */
export function runScenarioWithJournal(scenario: Scenario, gate: Gate, path: string, createdAt?: number): ScenarioRun {
  const writer = JournalWriter.create(
    path,
    { configJson: JSON.stringify(scenario.config), writer: `riskgate scenario ${scenario.name}`, ...(createdAt !== undefined ? { createdAt } : {}) },
    { journal: SCENARIO_JOURNAL },
  );
  try {
    const run = runScenario(scenario, new JournalingGate(gate, writer));
    writer.sync();
    return run;
  } finally {
    writer.close();
  }
}
