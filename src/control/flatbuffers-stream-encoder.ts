import { Counter } from '../risk/codes.js';
import { DenyReason, denyReasonCode } from '../risk/deny-reason.js';
import { EnvelopeEncoder } from '../schema/encode-envelope.js';
import type { JournalRecord } from '../schema/record-body.js';
import type { EngineStateView, InstrumentStateView } from '../schema/state-view.js';
import type { DecisionBatch, DecisionRecord, InstrumentSnapshot, StateSnapshot } from './state-source.js';
import type { StateView, StreamEncoder, StreamFrame } from './stream-encoder.js';

/** Event types of a `StateSnapshot` back to their `Counter` names (the schema names counters so). */
const EVENT_COUNTER: Readonly<Record<string, string>> = {
  fill: 'FILLS', orderUpdate: 'ORDER_UPDATES', snapshot: 'SNAPSHOTS', feed: 'FEED_EVENTS', heartbeat: 'HEARTBEATS', mark: 'MARKS',
};

/**
 * The deny code an instrument's non-ACTIVE state stands for (the schema's trading reason); a loss
 * limit that halts reads as its code too (the schema's state says HALTED).
 */
function tradingReason(i: InstrumentSnapshot): number {
  const w = i.why;
  if (w.globalKillMode === 'halt' || w.killMode === 'halt') return DenyReason.KILL_SWITCH;
  if (w.flipFlopHalted) return DenyReason.FLIP_FLOP;
  if (w.globalKillMode === 'reduce' || w.killMode === 'reduce') return DenyReason.REDUCE_ONLY;
  // A breached loss limit (LOSS_LIMIT, DRAWDOWN_LIMIT): after REDUCE_ONLY, before the health gate, as the check.
  if (w.lossLimit !== undefined && w.lossLimit !== null) return Math.max(0, denyReasonCode(w.lossLimit));
  return w.health === null ? DenyReason.APPROVED : Math.max(0, denyReasonCode(w.health));
}

function instrumentView(i: InstrumentSnapshot): InstrumentStateView {
  const code = tradingReason(i);
  return {
    symbol: i.symbol,
    estPosMin: i.estPosMin ?? -Infinity,
    estPosMax: i.estPosMax ?? Infinity,
    hasSnapshot: i.snapPos !== null,
    snapPos: i.snapPos ?? 0,
    ...(i.snapSeq !== null ? { snapSeq: i.snapSeq } : {}),
    unconfirmedCount: i.unconfirmedCount,
    unconfirmedQty: i.unconfirmedQty,
    openBuy: i.openBuy,
    openSell: i.openSell,
    activeOrders: i.activeOrders,
    tradingState: i.tradingState === 'HALTED' ? 'halted' : i.tradingState === 'REDUCING' ? 'reducing' : 'active',
    tradingReasonCode: code,
    tradingReason: code === 0 ? '' : (Object.keys(DenyReason).find((k) => DenyReason[k as keyof typeof DenyReason] === code) ?? ''),
    killMode: i.why.killMode,
    flipHalted: i.why.flipFlopHalted,
    feedUp: i.feed.up,
    awaitingSnapshot: i.feed.awaitingSnapshot,
    lastMessageAt: i.feed.lastMessageAt ?? 0,
    // Not in the control snapshot (the engine's per-instrument anomaly counts are in `counters` as totals).
    mismatches: 0,
    staleSnapshots: 0,
    gaps: 0,
    fillsInsideSnapshot: 0,
  };
}

/** A control `StateSnapshot` as the schema's `EngineStateView` (non-zero counters only, as the schema documents). */
export function engineStateView(s: StateSnapshot): EngineStateView {
  const counters: Record<string, number> = {};
  for (const [type, v] of Object.entries(s.eventsByType)) if (v !== 0) counters[EVENT_COUNTER[type] ?? type] = v;
  for (const [name, v] of Object.entries(s.counters)) if (v !== 0 && name in Counter) counters[name] = v;
  for (const [reason, v] of Object.entries(s.decisionsByReason)) if (v !== 0) counters[`DECISIONS_${reason}`] = v;
  return { globalKill: s.globalKillMode, instruments: s.instruments.map(instrumentView), counters };
}

/** The request a decision answered, as a scenario step. */
function requestOf(d: DecisionRecord): JournalRecord['body'] {
  if (d.kind === 'order') {
    return { kind: 'request', request: { type: 'order', orderId: d.orderId ?? '', symbol: d.symbol ?? '', side: d.side ?? 'buy', qty: d.qty ?? 0, price: d.price ?? 0, tif: 'GTC' } };
  }
  if (d.kind === 'cancel') return { kind: 'request', request: { type: 'cancel', orderId: d.orderId ?? '' } };
  return { kind: 'request', request: { type: 'kill', mode: d.mode ?? 'halt', ...(d.symbol !== undefined ? { symbol: d.symbol } : {}) } };
}

/**
 * The schema's encoding of `/stream` (binary frames, one `Envelope` each, file identifier
 * `RGE1`): decode them with the generated code (src/schema). Envelope `seq` on the stream:
 * 0 for the hello (a `JournalHeader` whose `writer` names the stream), 0 for state snapshots,
 * and for decision n of the server's log `2n - 1` (its request: `OrderRequest`, `CancelRequest`
 * or `KillRequest`) then `2n` (the `Decision`, `request_seq` = `2n - 1`). A jump in those seqs
 * is decisions the server could not deliver (the JSON encoding's `missed`).
 *
 * The control snapshot has no time-in-force, mark or per-instrument anomaly counts: those
 * fields carry GTC, null and 0.
 */
export class FlatBuffersStreamEncoder implements StreamEncoder {
  readonly name = 'flatbuffers';
  private readonly enc = new EnvelopeEncoder();

  /** Copies: the encoder's output is a view into its reused builder. */
  private frame(rec: JournalRecord): StreamFrame {
    return { data: this.enc.encode(rec).slice(), binary: true };
  }

  hello(intervalMs: number): StreamFrame {
    return this.frame({ seq: 0, at: 0, body: { kind: 'header', formatVersion: 1, configJson: '', createdAt: Date.now(), writer: `riskgate control stream intervalMs=${intervalMs}` } });
  }

  state(view: StateView): StreamFrame {
    return this.frame({ seq: 0, at: view.state.time, body: { kind: 'state', state: engineStateView(view.state) } });
  }

  decisions(batch: DecisionBatch): readonly StreamFrame[] {
    const out: StreamFrame[] = [];
    for (const d of batch.decisions) {
      const requestSeq = 2 * d.seq - 1;
      const code = Math.max(0, denyReasonCode(d.reason));
      out.push(this.frame({ seq: requestSeq, at: d.at, body: requestOf(d) }));
      out.push(this.frame({
        seq: requestSeq + 1,
        at: d.at,
        body: {
          kind: 'decision', requestSeq, decision: d.decision, reasonCode: code,
          ...(d.orderId !== undefined ? { orderId: d.orderId } : {}),
          ...(d.decision === 'deny' ? { reason: d.reason } : {}),
        },
      }));
    }
    return out;
  }
}
