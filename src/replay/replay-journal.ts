import type { ResolvedConfig } from '../config/engine-config.js';
import { denyReasonCode } from '../risk/deny-reason.js';
import { EngineGate } from '../scenario/engine-gate.js';
import type { OrderRequest, RequestStep } from '../scenario/scenario-types.js';
import type { JournalRecord } from '../schema/record-body.js';
import { readDecisionContext, type DecisionContext } from './decision-context.js';
import { explainRule, type RuleExplanation } from './explain-rule.js';

export interface ReplayDifference {
  /** Sequence number of the recorded record that differs (the decision, or the cancel-all). */
  readonly seq: number;
  readonly at: number;
  /** What was decided: `order o7`, `cancel o3`, `kill halt BTCUSDT`, `cancel-all #2`. */
  readonly subject: string;
  readonly recorded: string;
  readonly replayed: string;
}

export interface ExplainedDecision {
  /** Sequence number of the order request record. */
  readonly seq: number;
  readonly at: number;
  readonly request: OrderRequest;
  /** The state the decision saw, read from the replaying engine right before it. */
  readonly context: DecisionContext;
  readonly rule: RuleExplanation;
  /** What the journal recorded for it (`approve` / the reason), when a decision was recorded. */
  readonly recorded?: string;
}

export interface ReplayResult {
  readonly events: number;
  readonly requests: number;
  /** Recorded decisions compared, and how many the replay reproduced. */
  readonly decisions: number;
  readonly reproduced: number;
  /** Requests with no recorded decision (the journal ended between request and decision). */
  readonly undecided: number;
  readonly cancelAllsRecorded: number;
  readonly cancelAllsReplayed: number;
  readonly differences: readonly ReplayDifference[];
  readonly explained: readonly ExplainedDecision[];
}

export interface ReplayOptions {
  /** Explain every order request with this id. */
  readonly explain?: string;
}

/** `approve` or the deny reason: how decisions are compared and printed. */
function verdict(d: { decision: string; reason?: string }): string {
  return d.decision === 'approve' ? 'approve' : (d.reason ?? 'deny');
}

function subject(req: RequestStep): string {
  if (req.type === 'order') return `order ${req.orderId}`;
  if (req.type === 'cancel') return `cancel ${req.orderId}`;
  return `kill ${req.mode}${req.symbol === undefined ? '' : ` ${req.symbol}`}`;
}

/**
 * Re-runs a journal's events and requests, in order and at their recorded engine times, through
 * a fresh `EngineGate` built from `config`, and checks every recorded decision and cancel-all
 * against the replayed ones. The engine is deterministic given its inputs and clock, so any
 * difference means the engine changed (or the journal is not what it claims).
 */
export function replayRecords(records: readonly JournalRecord[], config: ResolvedConfig, opts: ReplayOptions = {}): ReplayResult {
  const gate = new EngineGate(config);
  const replayed = new Map<number, { req: RequestStep; d: { decision: 'approve' | 'deny'; reason?: string } }>();
  const replayedCancelAll: string[] = [];
  const differences: ReplayDifference[] = [];
  const explained: ExplainedDecision[] = [];
  const explainIdx = new Map<number, number>();
  const approvals = new Map<string, number[]>();
  let events = 0;
  let requests = 0;
  let decisions = 0;
  let reproduced = 0;
  let cancelAllsRecorded = 0;

  for (const rec of records) {
    const body = rec.body;
    if (body.kind === 'event') {
      events++;
      gate.setTime(rec.at);
      gate.apply(body.event);
      replayedCancelAll.push(...gate.takeCancelAll());
    } else if (body.kind === 'request') {
      requests++;
      gate.setTime(rec.at);
      const req = body.request;
      let ctx: DecisionContext | undefined;
      if (req.type === 'order' && req.orderId === opts.explain) ctx = readDecisionContext(gate.engine, gate.engine.instrumentIndex(req.symbol));
      const d = gate.request(req);
      replayed.set(rec.seq, { req, d });
      if (ctx !== undefined && req.type === 'order') {
        const code = d.decision === 'approve' ? 0 : denyReasonCode(d.reason ?? '');
        const times = approvals.get(req.symbol) ?? [];
        const perMs = config.instruments.find((i) => i.symbol === req.symbol)?.orderRate?.perMs ?? 0;
        const inWindow = times.filter((t) => t > rec.at - perMs).length;
        explainIdx.set(rec.seq, explained.length);
        explained.push({ seq: rec.seq, at: rec.at, request: req, context: ctx, rule: explainRule(ctx, req, code, { approvedInRateWindow: inWindow }) });
      }
      if (req.type === 'order' && d.decision === 'approve') {
        const times = approvals.get(req.symbol) ?? [];
        times.push(rec.at);
        approvals.set(req.symbol, times);
      }
      replayedCancelAll.push(...gate.takeCancelAll());
    } else if (body.kind === 'decision') {
      decisions++;
      const r = replayed.get(body.requestSeq);
      const recorded = verdict(body);
      if (r === undefined) {
        differences.push({ seq: rec.seq, at: rec.at, subject: `decision for record ${body.requestSeq}`, recorded, replayed: 'no such request' });
        continue;
      }
      replayed.delete(body.requestSeq);
      const mine = verdict(r.d);
      if (mine === recorded) reproduced++;
      else differences.push({ seq: rec.seq, at: rec.at, subject: subject(r.req), recorded, replayed: mine });
      const k = explainIdx.get(body.requestSeq);
      if (k !== undefined) explained[k] = { ...explained[k]!, recorded };
    } else if (body.kind === 'cancelAll') {
      const mine = replayedCancelAll[cancelAllsRecorded];
      if (mine !== body.symbol) {
        differences.push({ seq: rec.seq, at: rec.at, subject: `cancel-all #${cancelAllsRecorded + 1}`, recorded: body.symbol, replayed: mine ?? 'none' });
      }
      cancelAllsRecorded++;
    }
  }
  for (let i = cancelAllsRecorded; i < replayedCancelAll.length; i++) {
    differences.push({ seq: -1, at: NaN, subject: `cancel-all #${i + 1}`, recorded: 'none', replayed: replayedCancelAll[i]! });
  }
  return {
    events, requests, decisions, reproduced, undecided: replayed.size, cancelAllsRecorded,
    cancelAllsReplayed: replayedCancelAll.length, differences, explained,
  };
}
