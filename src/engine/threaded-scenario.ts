import { Worker } from 'node:worker_threads';
import type { Scenario } from '../scenario/parse-scenario.js';
import { runScenario, type ScenarioRun } from '../scenario/run-scenario.js';
import { compileScenario } from './scenario-compiler.js';
import { RecordedGate } from './recorded-gate.js';
import { ThreadedEngine, type StopReport } from './threaded-engine.js';
import type { EngineOptions } from './riskgate-options.js';
import type { ScenarioStrategyData, ScenarioStrategyResult } from './scenario-strategy-main.js';
import type { FeedLifecycleEvent } from './feed-supervisor.js';

const STRATEGY_WORKER = new URL('./scenario-strategy-main.js', import.meta.url);
const SCENARIO_FEED = new URL('./scenario-feed-source.js', import.meta.url).href;

export interface ThreadedScenarioOptions {
  /** Bound on the whole run (ms). Default 20000. */
  readonly timeoutMs?: number;
  /** Engine options (clock is forced to 'slots'). */
  readonly engine?: Omit<EngineOptions, 'clock'>;
}

export interface ThreadedScenarioRun extends ScenarioRun {
  readonly stop: StopReport;
  readonly feedEvents: readonly FeedLifecycleEvent[];
}

/**
 * Runs a scenario through real threads and rings: the market events from a feed-handler worker
 * (the replay source), the requests from a strategy worker, one risk thread deciding.
 *
 * Determinism: every slot carries its step index as `order` and the risk thread applies
 * ordered slots strictly in index order (total-order.ts), so it makes the same engine calls in
 * the same order, at the same times (`at` of each slot), as the single-threaded run, however
 * the two producers interleave. Decisions come back with their step index, cancel-alls with the
 * index of the step that queued them; `runScenario` over a `RecordedGate` prints them in the
 * single-threaded format.
 */
export async function runThreadedScenario(scenario: Scenario, options: ThreadedScenarioOptions = {}): Promise<ThreadedScenarioRun> {
  const timeoutMs = options.timeoutMs ?? 20_000;
  const compiled = compileScenario(scenario);
  const gate = new ThreadedEngine(scenario.config, { ...options.engine, clock: 'slots' });
  await gate.start();
  let strategy: Worker | undefined;
  let timer: NodeJS.Timeout | undefined;
  try {
    gate.attachFeed({ name: 'scenario-feed', source: { module: SCENARIO_FEED, options: { slots: compiled.feedSlots, waitLimitMs: timeoutMs } } });
    const channel = gate.createStrategy('scenario-strategy');
    const data: ScenarioStrategyData = { channel, slots: compiled.requestSlots, timeoutMs };
    const worker = new Worker(STRATEGY_WORKER, { workerData: data });
    strategy = worker;
    const result = new Promise<ScenarioStrategyResult>((resolve, reject) => {
      let got: ScenarioStrategyResult | undefined;
      worker.on('message', (m: ScenarioStrategyResult) => { got = m; });
      worker.on('error', reject);
      worker.on('exit', (code) => (got !== undefined ? resolve(got) : reject(new Error(`strategy worker exited (code ${code}) without its decisions`))));
    });
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`threaded scenario ${scenario.name}: not done within ${timeoutMs} ms`)), timeoutMs);
    });
    const [decided] = await Promise.race([Promise.all([result, gate.waitForFeed('scenario-feed', ['done', 'failed'], timeoutMs)]), timeout]);
    strategy = undefined;
    const stop = await gate.stop();
    const codes = new Map<number, number>();
    for (let k = 0; k < decided.decisions.length; k += 2) codes.set(decided.decisions[k]!, decided.decisions[k + 1]!);
    const cancelAlls = new Map<number, string[]>();
    for (const c of gate.takeCancelAlls()) {
      const list = cancelAlls.get(c.order) ?? [];
      list.push(c.symbol);
      cancelAlls.set(c.order, list);
    }
    const run = runScenario(scenario, new RecordedGate(codes, cancelAlls));
    return { ...run, stop, feedEvents: gate.feedEvents };
  } finally {
    clearTimeout(timer);
    if (strategy !== undefined) await strategy.terminate();
    try {
      await gate.stop();
    } catch {
      // already stopped
    }
  }
}
