import { runThreadedScenario } from '../engine/threaded-scenario.js';
import type { Scenario } from '../scenario/parse-scenario.js';

/**
 * `riskgate scenario FILE --threaded`: the scenario through real threads (a feed worker, a
 * strategy worker, the risk thread). Prints the same lines as the single-threaded run.
 * Asynchronous: resolves to the exit code; failures of the threads print `riskgate: …` and
 * give exit code 1.
 */
export async function threadedScenarioCommand(scenario: Scenario, out: (line: string) => void, err: (line: string) => void): Promise<number> {
  try {
    const run = await runThreadedScenario(scenario);
    for (const line of run.lines) out(line);
    for (const f of run.failures) err(`step ${f.step} (at ${f.at}): expected ${f.expected}, got ${f.actual}`);
    return run.failures.length > 0 ? 1 : 0;
  } catch (e) {
    err(`riskgate: threaded run failed: ${(e as Error).message}`);
    return 1;
  }
}
