/**
 * `riskgate/testing`: what a desk's own tests use (named exports only): scenarios (the JSON
 * format of scenarios/), the engine behind a scenario, a naive gate to compare against, a
 * manual clock, and the replay feed source that drives a threaded engine from a scenario.
 */
export { parseScenario, ScenarioError } from '../scenario/parse-scenario.js';
export type { Scenario, ParsedStep, Expectation } from '../scenario/parse-scenario.js';
export { runScenario, decisionText } from '../scenario/run-scenario.js';
export type { ScenarioRun, ExpectationFailure } from '../scenario/run-scenario.js';
export { EngineGate } from '../scenario/engine-gate.js';
export { NaiveGate } from '../scenario/naive-gate.js';
export type { Gate, DecisionLine } from '../scenario/gate.js';
export { ExposureTruth } from '../scenario/exposure-truth.js';
export type { BreachSummary } from '../scenario/exposure-truth.js';
export { ManualClock } from '../risk/clock.js';
export { SCENARIO_FEED_SOURCE } from '../engine/index.js';
export type { ScenarioFeedOptions } from '../engine/scenario-feed-source.js';
export type { AllocationProbe, AllocationReport } from '../engine/risk-thread-data.js';
