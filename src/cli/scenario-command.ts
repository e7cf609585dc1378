import { EngineGate } from '../scenario/engine-gate.js';
import { NaiveGate } from '../scenario/naive-gate.js';
import { runScenario } from '../scenario/run-scenario.js';
import { CliError } from './cli-error.js';
import { loadScenario } from './load-scenario.js';
import { runScenarioJournaled, SCENARIO_JOURNAL_USAGE } from './scenario-journal.js';
import { commonUsage, parseCommandArgs } from './command-args.js';
import { threadedScenarioCommand } from './threaded-scenario-command.js';

export const SCENARIO_USAGE = `riskgate scenario FILE.json [--naive | --threaded] [--journal OUT]

Runs a scenario file through the risk engine (or, with --naive, through the naive check
"abs(snapshot position + qty) <= limit && no live orders") and prints JSON lines: one
{"at","orderId"|"kill","decision","reason"?} line per request step, {"at","cancelAll"} lines
when the kill switch or the flip-flop guard asks for a cancel-all, and a final {"summary"} line.
With --threaded the scenario runs through real threads and shared-memory rings (market events
from a feed-handler worker, requests from a strategy worker, one risk thread) and prints
exactly the same lines as the single-threaded run.
${SCENARIO_JOURNAL_USAGE}
${commonUsage('the {"summary"} line, last already (the output is JSON lines): --json changes nothing')}
Exit code 0; 1 when a decision differs from the file's "expect" ("expectNaive" with --naive)
or a thread failed; 2 for a malformed file or bad options.`;

export async function scenarioCommand(argv: readonly string[], out: (line: string) => void, err: (line: string) => void): Promise<number> {
  const { values, positionals: files } = parseCommandArgs(argv, { naive: { type: 'boolean' }, threaded: { type: 'boolean' }, journal: { type: 'string', multiple: true } }, SCENARIO_USAGE);
  if (files.length !== 1) throw new CliError(`expected one scenario file\n\n${SCENARIO_USAGE}`, 2);
  if (values.naive === true && values.threaded === true) throw new CliError(`--naive and --threaded exclude each other\n\n${SCENARIO_USAGE}`, 2);
  if ((values.journal?.length ?? 0) > 1) throw new CliError('--journal given twice', 2);
  const journal = values.journal?.[0];
  if (journal === '') throw new CliError('--journal needs a file name: --journal OUT', 2);
  const scenario = loadScenario(files[0]!);
  if (values.threaded === true) return threadedScenarioCommand(scenario, out, err, journal);
  const gate = values.naive === true ? new NaiveGate(scenario.config) : new EngineGate(scenario.config);
  const run = journal !== undefined ? runScenarioJournaled(scenario, gate, journal) : runScenario(scenario, gate);
  for (const line of run.lines) out(line);
  for (const f of run.failures) err(`step ${f.step} (at ${f.at}): expected ${f.expected}, got ${f.actual}`);
  return run.failures.length > 0 ? 1 : 0;
}
