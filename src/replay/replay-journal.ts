import type { ResolvedConfig } from '../config/engine-config.js';
import { legLayout } from '../config/hedge-legs.js';
import { denyReasonCode } from '../risk/deny-reason.js';
import type { OrderRequest, RequestStep } from '../scenario/scenario-types.js';
import { strategyIndex } from '../scenario/scenario-types.js';
import type { JournalRecord } from '../schema/record-body.js';
import { handleLabel, realId, type RecordHandles } from '../schema/record-handles.js';
import { readDecisionContext, type DecisionContext } from './decision-context.js';
import { explainRule, type RuleExplanation } from './explain-rule.js';
import { legacyHandleItems } from './legacy-handles.js';
import type { DamagedRange } from '../journal/damaged-range.js';
import { isDamage, type JournalItem } from '../journal/journal-reader.js';
import { ReplayGate, type ReplayedDecision } from './replay-gate.js';

export interface ReplayDifference {
  /** Sequence number of the recorded record that differs (the decision, or the cancel-all). */
  readonly seq: number;
  readonly at: number;
  /** What was decided: `order o7`, `cancel o3`, `kill halt BTCUSDT`, `cancel-all #2`. */
  readonly subject: string;
  readonly recorded: string;
  readonly replayed: string;
  /**
   * True when it comes after a gap or a damaged range: the replaying engine lacks the lost
   * calls, so the difference may be theirs, not the engine's. Not a mismatch, not a match:
   * uncheckable.
   */
  readonly afterGap: boolean;
}

/** A `gap` record: engine calls the journal lost between the records on either side of it. */
export interface ReplayGap {
  readonly seq: number;
  readonly at: number;
  readonly lost: number;
  readonly lostTotal: number;
  readonly fromAt?: number;
  readonly toAt?: number;
  /** True when no record follows it: the losses came after the last record. */
  readonly last: boolean;
  /** `writeFailed`: the file system refused the writes; absent: the journal ring was full. */
  readonly cause?: 'writeFailed';
}

export interface ExplainedDecision {
  /** Sequence number of the order request record. */
  readonly seq: number;
  readonly at: number;
  readonly request: OrderRequest;
  /** The order handle the engine saw, when the journal recorded one (threaded journals). */
  readonly handle?: number;
  /** Whether the journal has the order's string id; false: only a handle (`request.orderId` is its label). */
  readonly idRecorded: boolean;
  /** The state the decision saw, read from the replaying engine right before it. */
  readonly context: DecisionContext;
  readonly rule: RuleExplanation;
  /** What the journal recorded for it (`approve` / the reason), when a decision was recorded. */
  readonly recorded?: string;
  /** Engine calls the journal lost before this decision (0: its history is complete). */
  readonly lostBefore: number;
}

/**
 * - `reproduced`: every recorded decision and cancel-all reproduced; the journal has no gap and
 *   no damage (a crash tail is not damage: see JournalReader).
 * - `mismatch`: a decision or cancel-all differs where the history is complete (before any gap):
 *   the engine does not decide what it decided then.
 * - `incomplete`: nothing differs before the first gap, but the journal lost engine calls, so
 *   the decisions after it were made on a history the replay does not have: they are compared
 *   and counted, and cannot prove anything either way.
 */
/**
 * - `damaged`: nothing differs before the first gap or damaged range, but the file holds bytes
 *   that are not valid records (flipped bits, zeroed pages, garbage, another journal): every
 *   valid record around them was replayed, and the decisions after the first one are
 *   uncheckable as after a gap.
 */
export type ReplayOutcome = 'reproduced' | 'mismatch' | 'incomplete' | 'damaged';

export interface ReplayResult {
  readonly outcome: ReplayOutcome;
  readonly events: number;
  readonly requests: number;
  /** Recorded decisions compared, and how many the replay agreed with (gaps or not). */
  readonly decisions: number;
  readonly reproduced: number;
  /** Of those, the decisions recorded after the first gap, and how many of them agreed. */
  readonly uncheckable: number;
  readonly uncheckableAgreed: number;
  /** Requests with no recorded decision (the journal ended between request and decision). */
  readonly undecided: number;
  readonly cancelAllsRecorded: number;
  readonly cancelAllsReplayed: number;
  readonly differences: readonly ReplayDifference[];
  readonly gaps: readonly ReplayGap[];
  /** Engine calls lost over every gap. */
  readonly lost: number;
  /** Every damaged range, in file order (their decisions after are counted as after a gap). */
  readonly damage: readonly DamagedRange[];
  /** Valid records replayed, the header(s) included. */
  readonly records: number;
  /** The first order request's handle, when orders are recorded by handle (threaded journals): `--explain` takes those. */
  readonly firstOrderHandle?: number;
  readonly explained: readonly ExplainedDecision[];
}

export interface ReplayOptions {
  /**
   * Explain every order request with this id: the recorded order id, or, for an order recorded
   * with a handle, the handle as a decimal integer (`1000`) or as its label (`#1000`).
   */
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

/** Whether `query` names this order: its recorded id, or its handle (`1000` or `#1000`). */
export function namesOrder(req: OrderRequest, h: RecordHandles | undefined, query: string): boolean {
  if (h?.order !== undefined && (query === String(h.order) || query === handleLabel(h.order))) return true;
  return req.orderId === query;
}

/**
 * Re-runs a journal's events and requests, in order and at their recorded engine times, through
 * a fresh engine built from `config` (`ReplayGate`: records with handles as the integer calls
 * the threaded engine made), and checks every recorded decision and cancel-all against the
 * replayed ones. The engine is deterministic given its inputs and clock, so any difference
 * where the history is complete means the engine changed (or the journal is not what it claims).
 *
 * Gaps: the replay goes on past a `gap` record (the rest of the journal is still the best
 * evidence there is), compares every later decision, and reports each as uncheckable: counted
 * in `uncheckable` / `uncheckableAgreed`, its differences marked `afterGap`; the outcome is
 * `incomplete` unless something differs before the first gap. Never a silent pass, never a
 * mismatch blamed on the engine that the missing records explain.
 */
export function replayRecords(journal: Iterable<JournalItem>, config: ResolvedConfig, opts: ReplayOptions = {}): ReplayResult {
  const damage: DamagedRange[] = [];
  let records = 0;
  /** The last gap, while no record has followed it. */
  let openGap = -1;
  const gate = new ReplayGate(config);
  const replayed = new Map<number, { req: RequestStep; d: ReplayedDecision }>();
  /** Replayed cancel-alls with the sequence number of the record that caused each. */
  const replayedCancelAll: { symbol: string; seq: number }[] = [];
  const differences: ReplayDifference[] = [];
  const gaps: { -readonly [K in keyof ReplayGap]: ReplayGap[K] }[] = [];
  const explained: ExplainedDecision[] = [];
  const explainIdx = new Map<number, number>();
  const approvals = new Map<string, number[]>();
  let events = 0;
  let requests = 0;
  let decisions = 0;
  let reproduced = 0;
  let uncheckable = 0;
  let uncheckableAgreed = 0;
  let cancelAllsRecorded = 0;
  let lost = 0;
  let firstOrderHandle: number | undefined;
  /** The last event or request record so far, and the last one before the first gap. */
  let lastCall = -1;
  let lastCallBeforeGap = Infinity;
  const takeCancelAlls = (seq: number): void => {
    for (const symbol of gate.takeCancelAll()) replayedCancelAll.push({ symbol, seq });
  };

  for (const item of legacyHandleItems(journal)) {
    if (isDamage(item)) {
      if (gaps.length === 0 && damage.length === 0) lastCallBeforeGap = lastCall;
      damage.push(item.damaged);
      continue;
    }
    const rec: JournalRecord = item;
    records++;
    const body = rec.body;
    const afterGap = gaps.length > 0 || damage.length > 0;
    if (body.kind !== 'gap') openGap = -1;
    if (body.kind === 'event') {
      events++;
      lastCall = rec.seq;
      gate.setTime(rec.at);
      gate.apply(body.event, body.handles);
      takeCancelAlls(rec.seq);
    } else if (body.kind === 'request') {
      requests++;
      lastCall = rec.seq;
      gate.setTime(rec.at);
      const req = body.request;
      if (req.type === 'order') firstOrderHandle ??= body.handles?.order;
      let ctx: DecisionContext | undefined;
      const explain = req.type === 'order' && opts.explain !== undefined && namesOrder(req, body.handles, opts.explain);
      if (explain) ctx = readDecisionContext(gate.engine, gate.engine.instrumentIndex(req.symbol), strategyIndex(gate.engine.strategyNames, req.strategy));
      const d = gate.request(req, body.handles);
      replayed.set(rec.seq, { req, d });
      if (ctx !== undefined && req.type === 'order') {
        const code = d.decision === 'approve' ? 0 : denyReasonCode(d.reason ?? '');
        const times = approvals.get(req.symbol) ?? [];
        const perMs = legLayout(config.instruments).rows.find((i) => i.symbol === req.symbol)?.orderRate?.perMs ?? 0;
        const inWindow = times.filter((t) => t > rec.at - perMs).length;
        const handle = body.handles?.order;
        explainIdx.set(rec.seq, explained.length);
        explained.push({
          seq: rec.seq, at: rec.at, request: req, ...(handle !== undefined ? { handle } : {}),
          idRecorded: realId(req.orderId, handle) !== undefined, context: ctx,
          rule: explainRule(ctx, req, code, { approvedInRateWindow: inWindow }), lostBefore: lost,
        });
      }
      if (req.type === 'order' && d.decision === 'approve') {
        const times = approvals.get(req.symbol) ?? [];
        times.push(rec.at);
        approvals.set(req.symbol, times);
      }
      takeCancelAlls(rec.seq);
    } else if (body.kind === 'decision') {
      decisions++;
      if (afterGap) uncheckable++;
      const r = replayed.get(body.requestSeq);
      const recorded = verdict(body);
      if (r === undefined) {
        differences.push({ seq: rec.seq, at: rec.at, subject: `decision for record ${body.requestSeq}`, recorded, replayed: 'no such request', afterGap });
        continue;
      }
      replayed.delete(body.requestSeq);
      const mine = verdict(r.d);
      if (mine === recorded) {
        reproduced++;
        if (afterGap) uncheckableAgreed++;
      } else {
        differences.push({ seq: rec.seq, at: rec.at, subject: subject(r.req), recorded, replayed: mine, afterGap });
      }
      const k = explainIdx.get(body.requestSeq);
      if (k !== undefined) explained[k] = { ...explained[k]!, recorded };
    } else if (body.kind === 'cancelAll') {
      const mine = replayedCancelAll[cancelAllsRecorded];
      if (mine?.symbol !== body.symbol) {
        differences.push({
          seq: rec.seq, at: rec.at, subject: `cancel-all #${cancelAllsRecorded + 1}`, recorded: body.symbol, replayed: mine?.symbol ?? 'none', afterGap,
        });
      }
      cancelAllsRecorded++;
    } else if (body.kind === 'gap') {
      if (gaps.length === 0 && damage.length === 0) lastCallBeforeGap = lastCall;
      lost += body.lost;
      if (openGap >= 0) gaps[openGap]!.last = false;
      openGap = gaps.length;
      gaps.push({
        seq: rec.seq, at: rec.at, lost: body.lost, lostTotal: body.lostTotal, last: true,
        ...(body.fromAt !== undefined ? { fromAt: body.fromAt } : {}), ...(body.toAt !== undefined ? { toAt: body.toAt } : {}),
        ...(body.cause !== undefined ? { cause: body.cause } : {}),
      });
    }
  }
  // A replayed cancel-all the journal lacks is uncheckable when its cause is the last call
  // before the first gap or later: the risk thread journals cancel-alls right after their cause,
  // so a lost one sits in the gap that follows it.
  for (let i = cancelAllsRecorded; i < replayedCancelAll.length; i++) {
    const c = replayedCancelAll[i]!;
    differences.push({ seq: -1, at: NaN, subject: `cancel-all #${i + 1}`, recorded: 'none', replayed: c.symbol, afterGap: c.seq >= lastCallBeforeGap });
  }
  for (let g = 0; g < gaps.length; g++) if (g !== openGap) gaps[g]!.last = false;
  const outcome: ReplayOutcome = differences.some((d) => !d.afterGap) ? 'mismatch' : damage.length > 0 ? 'damaged'
    : gaps.length > 0 ? 'incomplete' : 'reproduced';
  return {
    outcome, damage, records, events, requests, decisions, reproduced, uncheckable, uncheckableAgreed, undecided: replayed.size, cancelAllsRecorded,
    cancelAllsReplayed: replayedCancelAll.length, differences, gaps, lost,
    ...(firstOrderHandle !== undefined ? { firstOrderHandle } : {}), explained,
  };
}
