import { Builder } from 'flatbuffers';
import {
  Body, CancelAll, CancelRequest, CounterValue, Decision, Envelope, Feed, FeedStatus, Fill, Heartbeat, InstrumentState,
  GapCause, JournalGap, JournalHeader, KillMode, KillRequest, Mark, OrderRequest, OrderStatus, OrderUpdate, Side, Snapshot, StateSnapshot,
  TimeInForce, TradingState, Verdict,
} from './generated/riskgate_generated.js';
import type { MarketEvent, RequestStep } from '../scenario/scenario-types.js';
import type { JournalRecord, RecordBody } from './record-body.js';
import { realId, type RecordHandles } from './record-handles.js';
import type { EngineStateView, InstrumentStateView } from './state-view.js';

/** The schema's `file_identifier`: bytes 4..7 of every envelope. */
export const ENVELOPE_IDENTIFIER = 'RGE1';

const STATUS = {
  new: OrderStatus.New, partiallyFilled: OrderStatus.PartiallyFilled, filled: OrderStatus.Filled,
  canceled: OrderStatus.Canceled, rejected: OrderStatus.Rejected,
} as const;
const KILL = { resume: KillMode.Resume, reduce: KillMode.Reduce, halt: KillMode.Halt } as const;
const TRADING = { active: TradingState.Active, reducing: TradingState.Reducing, halted: TradingState.Halted } as const;
const NO_HANDLES: RecordHandles = Object.freeze({});

/**
 * Encodes journal records / stream messages as `Envelope` FlatBuffers.
 *
 * Off the hot path: it builds strings. One encoder owns one `Builder`, reused for every record,
 * so steady-state encoding allocates only the strings' UTF-8. `encode` returns a view into the
 * builder's buffer, valid until the next `encode`: copy it (the journal writer copies it into
 * its block at once).
 */
export class EnvelopeEncoder {
  private readonly b = new Builder(1024);

  encode(rec: JournalRecord): Uint8Array {
    const b = this.b;
    b.clear();
    const [type, body] = this.body(rec.body);
    const env = Envelope.createEnvelope(b, rec.seq, rec.at, type, body);
    b.finish(env, ENVELOPE_IDENTIFIER);
    return b.asUint8Array();
  }

  private str(s: string | undefined): number {
    return s === undefined ? 0 : this.b.createString(s);
  }

  private body(body: RecordBody): [Body, number] {
    const b = this.b;
    switch (body.kind) {
      case 'header': {
        const cfg = this.str(body.configJson);
        const writer = this.str(body.writer);
        return [Body.JournalHeader, JournalHeader.createJournalHeader(b, body.formatVersion, cfg, body.createdAt, writer, body.segment ?? null)];
      }
      case 'event':
        return this.event(body.event, body.handles ?? NO_HANDLES);
      case 'request':
        return this.request(body.request, body.handles ?? NO_HANDLES);
      case 'decision': {
        const h = body.handles?.order;
        const id = this.str(realId(body.orderId, h));
        const name = this.str(body.reason);
        const verdict = body.decision === 'approve' ? Verdict.Approve : Verdict.Deny;
        return [Body.Decision, Decision.createDecision(b, body.requestSeq, id, verdict, body.reasonCode, name, h ?? null)];
      }
      case 'gap':
        return [Body.JournalGap, JournalGap.createJournalGap(b, body.lost, body.lostTotal, body.fromAt ?? null, body.toAt ?? null, body.cause === 'writeFailed' ? GapCause.WriteFailed : GapCause.RingFull)];
      case 'cancelAll':
        return [Body.CancelAll, CancelAll.createCancelAll(b, body.symbol === '*' ? 0 : this.str(body.symbol))];
      case 'state':
        return [Body.StateSnapshot, this.state(body.state)];
    }
  }

  /** Ids: a handle's label is not written as a string (record-handles.ts). */
  private event(ev: MarketEvent, h: RecordHandles): [Body, number] {
    const b = this.b;
    switch (ev.type) {
      case 'snapshot':
        return [Body.Snapshot, Snapshot.createSnapshot(b, this.str(ev.symbol), ev.position, ev.seq ?? null, ev.venueTime ?? null, ev.current === true, ev.asOf ?? null)];
      case 'fill': {
        const sym = this.str(ev.symbol);
        const oid = this.str(realId(ev.orderId, h.order));
        const eid = this.str(realId(ev.execId, h.exec));
        const side = ev.side === 'buy' ? Side.Buy : Side.Sell;
        return [Body.Fill, Fill.createFill(b, sym, oid, eid, side, ev.qty, ev.price, ev.seq ?? null, h.order ?? null, h.exec ?? null)];
      }
      case 'orderUpdate': {
        const sym = this.str(ev.symbol);
        const oid = this.str(realId(ev.orderId, h.order));
        const side = ev.side === undefined ? 0 : ev.side === 'buy' ? 1 : -1;
        return [Body.OrderUpdate, OrderUpdate.createOrderUpdate(b, sym, oid, STATUS[ev.status], ev.cumQty, ev.leavesQty, h.order ?? null, side, ev.reduceOnly === true)];
      }
      case 'feed':
        return [Body.Feed, Feed.createFeed(b, ev.status === 'up' ? FeedStatus.Up : FeedStatus.Down, this.str(ev.symbol))];
      case 'heartbeat':
        return [Body.Heartbeat, Heartbeat.createHeartbeat(b, this.str(ev.symbol))];
      case 'mark':
        return [Body.Mark, Mark.createMark(b, this.str(ev.symbol), ev.price)];
    }
  }

  private request(req: RequestStep, h: RecordHandles): [Body, number] {
    const b = this.b;
    switch (req.type) {
      case 'order': {
        const oid = this.str(realId(req.orderId, h.order));
        const sym = this.str(req.symbol);
        const side = req.side === 'buy' ? Side.Buy : Side.Sell;
        const tif = req.tif === 'IOC' ? TimeInForce.IOC : TimeInForce.GTC;
        const strategy = req.strategy === undefined ? 0 : this.str(req.strategy);
        return [Body.OrderRequest, OrderRequest.createOrderRequest(b, oid, sym, side, req.qty, req.price, tif, h.order ?? null, req.reduceOnly === true, strategy)];
      }
      case 'cancel':
        return [Body.CancelRequest, CancelRequest.createCancelRequest(b, this.str(realId(req.orderId, h.order)), h.order ?? null)];
      case 'kill':
        return [Body.KillRequest, KillRequest.createKillRequest(b, KILL[req.mode], this.str(req.symbol))];
    }
  }

  private instrument(s: InstrumentStateView): number {
    const b = this.b;
    const sym = this.str(s.symbol);
    const why = this.str(s.tradingReason === '' ? undefined : s.tradingReason);
    return InstrumentState.createInstrumentState(
      b, sym, s.estPosMin, s.estPosMax, s.hasSnapshot, s.snapPos, s.snapSeq ?? null, s.unconfirmedCount, s.unconfirmedQty,
      s.openBuy, s.openSell, s.activeOrders, TRADING[s.tradingState], s.tradingReasonCode, why, KILL[s.killMode],
      s.flipHalted, s.feedUp, s.awaitingSnapshot, s.lastMessageAt, s.mark ?? null, s.mismatches, s.staleSnapshots, s.gaps,
      s.fillsInsideSnapshot,
    );
  }

  private state(st: EngineStateView): number {
    const b = this.b;
    const insts = st.instruments.map((s) => this.instrument(s));
    const counters = Object.entries(st.counters).map(([name, value]) => CounterValue.createCounterValue(b, b.createString(name), value));
    const instVec = StateSnapshot.createInstrumentsVector(b, insts);
    const ctrVec = StateSnapshot.createCountersVector(b, counters);
    return StateSnapshot.createStateSnapshot(b, KILL[st.globalKill], instVec, ctrVec);
  }
}
