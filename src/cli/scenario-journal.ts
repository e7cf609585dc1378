import { runScenarioWithJournal } from '../journal/record-scenario.js';
import type { Gate } from '../scenario/gate.js';
import type { Scenario } from '../scenario/parse-scenario.js';
import type { ScenarioRun } from '../scenario/run-scenario.js';
import { CliError } from './cli-error.js';

/**
 * The `--journal OUT` option of `riskgate scenario`: record the run to a new journal.
 * Kept in its own file so scenario-command.ts only wires it (see `runScenarioWithJournal`).
 */
export const SCENARIO_JOURNAL_USAGE = `  --journal OUT   also record every event, request, decision and cancel-all to the new journal
                  file OUT (replay it with: riskgate replay OUT). OUT must not exist.
                  With --threaded the engine's journal thread writes it, and records what the
                  risk thread saw: order handles (the run numbers the orders 1, 2, ... in the
                  order they are first requested, and prints that table), not order ids.`;

/**
 * `runScenarioWithJournal` for the CLI: a journal that cannot be created (the file exists, the
 * directory is missing) is bad input (exit 2), not an internal error.
 */
export function runScenarioJournaled(scenario: Scenario, gate: Gate, path: string): ScenarioRun {
  try {
    return runScenarioWithJournal(scenario, gate, path);
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code !== undefined && code.startsWith('ERR_RISKGATE_JOURNAL')) throw new CliError((err as Error).message, 2);
    throw err;
  }
}
