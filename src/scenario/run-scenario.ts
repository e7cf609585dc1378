import { ExposureTruth, type BreachSummary } from './exposure-truth.js';
import type { DecisionLine, Gate } from './gate.js';
import type { Scenario } from './parse-scenario.js';
import type { MarketEvent, RequestStep } from './scenario-types.js';

export interface ExpectationFailure {
  readonly step: number;
  readonly at: number;
  readonly expected: string;
  readonly actual: string;
}

export interface ScenarioRun {
  readonly gate: string;
  /** Every output line, in order: decisions, cancel-all requests, then the summary. */
  readonly lines: readonly string[];
  readonly decisions: readonly DecisionLine[];
  readonly failures: readonly ExpectationFailure[];
  readonly approved: number;
  readonly denied: number;
  readonly deniedByReason: Readonly<Record<string, number>>;
  readonly breaches: BreachSummary;
}

const REQUESTS = new Set(['order', 'cancel', 'kill']);

/** `approve`, or the deny reason: the form expectations are written in. */
export function decisionText(d: { decision: string; reason?: string }): string {
  return d.decision === 'approve' ? 'approve' : (d.reason ?? 'deny');
}

/**
 * Runs every step through a gate. Requests print exactly one decision line each; expectations
 * stated in the file (`expect` for riskgate, `expectNaive` for the naive check) are compared.
 */
export function runScenario(scenario: Scenario, gate: Gate): ScenarioRun {
  const truth = new ExposureTruth(scenario.config);
  const lines: string[] = [];
  const decisions: DecisionLine[] = [];
  const failures: ExpectationFailure[] = [];
  const deniedByReason: Record<string, number> = {};
  let approved = 0;
  let denied = 0;
  scenario.steps.forEach((parsed, idx) => {
    const step = parsed.step;
    gate.setTime(step.at);
    if (!REQUESTS.has(step.type)) {
      const ev = step as MarketEvent;
      truth.onEvent(ev);
      gate.apply(ev);
    } else {
      const req = step as RequestStep;
      const d = gate.request(req);
      const line: DecisionLine = {
        at: step.at,
        ...(req.type === 'kill' ? { kill: req.mode, ...(req.symbol !== undefined ? { symbol: req.symbol } : {}) } : { orderId: req.orderId }),
        decision: d.decision,
        ...(d.reason !== undefined ? { reason: d.reason } : {}),
      };
      decisions.push(line);
      lines.push(JSON.stringify(line));
      if (d.decision === 'approve') {
        approved++;
        if (req.type === 'order') truth.onApproved(req);
      } else {
        denied++;
        const r = d.reason ?? 'deny';
        deniedByReason[r] = (deniedByReason[r] ?? 0) + 1;
      }
      const expected = gate.name === 'naive' ? parsed.expectNaive : parsed.expect;
      if (expected !== undefined && expected !== decisionText(d)) failures.push({ step: parsed.index ?? idx, at: step.at, expected, actual: decisionText(d) });
    }
    for (const sym of gate.takeCancelAll()) lines.push(JSON.stringify({ at: step.at, cancelAll: sym }));
  });
  const breaches = truth.summary();
  // Raw steps (decoded at parse time): their frame counts join the summary, only when present.
  const raw = scenario.raw === undefined ? {} : { raw: { frames: scenario.raw.frames, events: scenario.raw.events, ignored: scenario.raw.ignored, malformed: scenario.raw.malformed, malformedRows: scenario.raw.malformedRows } };
  lines.push(JSON.stringify({ summary: { gate: gate.name, approved, denied, deniedByReason, ...breaches, ...raw } }));
  return { gate: gate.name, lines, decisions, failures, approved, denied, deniedByReason, breaches };
}
