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
 * Takes `--journal OUT` (or `--journal=OUT`) out of the arguments. Returns the other arguments
 * and the path; throws `CliError` (exit 2) when the value is missing or given twice.
 */
export function takeJournalOption(args: readonly string[]): { args: string[]; journal?: string } {
  const rest: string[] = [];
  let journal: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    let value: string | undefined;
    if (a === '--journal') {
      value = args[i + 1];
      if (value === undefined || value.startsWith('--')) throw new CliError('--journal needs a file name: --journal OUT', 2);
      i++;
    } else if (a.startsWith('--journal=')) {
      value = a.slice('--journal='.length);
      if (value === '') throw new CliError('--journal needs a file name: --journal=OUT', 2);
    } else {
      rest.push(a);
      continue;
    }
    if (journal !== undefined) throw new CliError('--journal given twice', 2);
    journal = value;
  }
  return journal === undefined ? { args: rest } : { args: rest, journal };
}

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
