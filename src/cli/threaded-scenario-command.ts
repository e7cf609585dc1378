import { existsSync } from 'node:fs';
import { runThreadedScenario } from '../engine/threaded-scenario.js';
import type { Scenario } from '../scenario/parse-scenario.js';
import { StringInterner } from '../units/string-keys.js';
import { CliError } from './cli-error.js';

/** Order handles printed after a threaded journal, at most. */
const HANDLES_SHOWN = 20;

/**
 * `riskgate scenario FILE --threaded [--journal OUT]`: the scenario through real threads (a
 * feed worker, a strategy worker, the risk thread). Prints the same lines as the
 * single-threaded run. Asynchronous: resolves to the exit code; failures of the threads print
 * `riskgate: …` and give exit code 1.
 *
 * With `journal`, the engine's own journal thread records the run (RiskGate's `journal`
 * option): order handles, not ids. The strategy side of the run numbers the orders in the
 * order they are first requested (scenario-compiler.ts, `StringInterner`), and this prints
 * that table to stderr so the ids in the scenario file can be found in the journal; a journal
 * loss (gap records) is reported too.
 */
export async function threadedScenarioCommand(scenario: Scenario, out: (line: string) => void, err: (line: string) => void, journal?: string): Promise<number> {
  if (journal !== undefined && existsSync(journal)) throw new CliError(`--journal ${journal}: the file exists (a journal is never overwritten)`, 2);
  try {
    const run = await runThreadedScenario(scenario, journal === undefined ? {} : { engine: { journal: { path: journal } } });
    for (const line of run.lines) out(line);
    for (const f of run.failures) err(`step ${f.step} (at ${f.at}): expected ${f.expected}, got ${f.actual}`);
    const j = run.stop.journal;
    if (journal !== undefined) {
      err(`riskgate: journal ${journal}: order handles ${handleTable(scenario)} (riskgate replay ${journal} --explain HANDLE)`);
      if (run.stop.journalLost > 0) err(`riskgate: journal ${journal}: ${run.stop.journalLost} engine call(s) lost to a full journal ring, marked as ${j?.gaps ?? 0} gap record(s)`);
      if (j?.error !== undefined) {
        err(`riskgate: journal ${journal}: ${j.error}`);
        return 1;
      }
    }
    return run.failures.length > 0 ? 1 : 0;
  } catch (e) {
    err(`riskgate: threaded run failed: ${(e as Error).message}`);
    return 1;
  }
}

/** `o1=1 o2=2 ...`: the handle each order id of the scenario got, in the compiler's order. */
function handleTable(scenario: Scenario): string {
  const ids = new StringInterner();
  const names: string[] = [];
  for (const p of scenario.steps) {
    if (p.step.type !== 'order' || ids.lookup(p.step.orderId) >= 0) continue;
    names.push(`${p.step.orderId}=${ids.intern(p.step.orderId)}`);
  }
  const more = names.length > HANDLES_SHOWN ? ` ... (${names.length - HANDLES_SHOWN} more)` : '';
  return names.length === 0 ? '(no orders)' : names.slice(0, HANDLES_SHOWN).join(' ') + more;
}
