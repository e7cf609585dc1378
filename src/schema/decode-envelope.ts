import { ByteBuffer } from 'flatbuffers';
import {
  Body, CancelAll, CancelRequest, Decision, Envelope, Feed, FeedStatus, Fill, GapCause, Heartbeat, InstrumentState, JournalGap, JournalHeader,
  KillMode, KillRequest, Mark, OrderRequest, OrderStatus, OrderUpdate, Side, Snapshot, StateSnapshot, TimeInForce,
  TradingState, Verdict,
} from './generated/riskgate_generated.js';
import type { KillMode as KillModeName, MarketEvent, OrderStatus as OrderStatusName, RequestStep } from '../scenario/scenario-types.js';
import { ENVELOPE_IDENTIFIER } from './encode-envelope.js';
import type { JournalRecord, RecordBody } from './record-body.js';
import { handleLabel, type RecordHandles } from './record-handles.js';
import { SchemaError } from './schema-error.js';
import type { EngineStateView, InstrumentStateView, TradingStateName } from './state-view.js';

const STATUS: Record<number, OrderStatusName> = {
  [OrderStatus.New]: 'new', [OrderStatus.PartiallyFilled]: 'partiallyFilled', [OrderStatus.Filled]: 'filled',
  [OrderStatus.Canceled]: 'canceled', [OrderStatus.Rejected]: 'rejected',
};
const KILL: Record<number, KillModeName> = { [KillMode.Resume]: 'resume', [KillMode.Reduce]: 'reduce', [KillMode.Halt]: 'halt' };
const TRADING: Record<number, TradingStateName> = {
  [TradingState.Active]: 'active', [TradingState.Reducing]: 'reducing', [TradingState.Halted]: 'halted',
};

function need(v: string | null, what: string): string {
  if (v === null) throw new SchemaError(`envelope: ${what} is missing`);
  return v;
}
function pick<T>(map: Record<number, T>, v: number, what: string): T {
  const r = map[v];
  if (r === undefined) throw new SchemaError(`envelope: ${what} ${v} is not a known value`);
  return r;
}
function side(v: Side): 'buy' | 'sell' {
  if (v === Side.Buy) return 'buy';
  if (v === Side.Sell) return 'sell';
  throw new SchemaError(`envelope: side ${String(v)} is not a known value`);
}
/** Absent symbol (null) stays absent: "every instrument". */
function optSymbol(s: string | null): { symbol?: string } {
  return s === null ? {} : { symbol: s };
}
function optSeq(s: number | null): { seq?: number } {
  return s === null ? {} : { seq: s };
}
/** The id as written, else its handle's label (record-handles.ts); null when neither is there. */
function idOrLabel(id: string | null, handle: number | null): string | null {
  return id ?? (handle === null ? null : handleLabel(handle));
}
/** `handles` only when the record carries one (journals of format 1 never do). */
function optHandles(order: number | null, exec: number | null = null): { handles?: RecordHandles } {
  if (order === null && exec === null) return {};
  return { handles: { ...(order === null ? {} : { order }), ...(exec === null ? {} : { exec }) } };
}

/**
 * Decodes one `Envelope` FlatBuffer into a `JournalRecord`. Off the hot path (allocates).
 *
 * Checks the file identifier and every field the plain-object form requires, throwing a
 * `SchemaError` instead of returning a half-filled record. FlatBuffers has no JS verifier: a
 * buffer that passes the journal's checksum but was built wrongly could still read garbage
 * offsets, so accessor exceptions (RangeError) are turned into `SchemaError` too.
 */
export function decodeEnvelope(bytes: Uint8Array): JournalRecord {
  const bb = new ByteBuffer(bytes);
  if (bytes.length < 8 || !bb.__has_identifier(ENVELOPE_IDENTIFIER)) {
    throw new SchemaError(`envelope: not a riskgate envelope (identifier is not ${ENVELOPE_IDENTIFIER})`);
  }
  try {
    const env = Envelope.getRootAsEnvelope(bb);
    return { seq: env.seq(), at: env.at(), body: decodeBody(env) };
  } catch (err) {
    if ((err as { code?: string }).code === 'ERR_RISKGATE_SCHEMA') throw err;
    throw new SchemaError(`envelope: malformed buffer (${(err as Error).message})`);
  }
}

function decodeBody(env: Envelope): RecordBody {
  const t = env.bodyType();
  switch (t) {
    case Body.JournalHeader: {
      const h = env.body(new JournalHeader()) as JournalHeader;
      return {
        kind: 'header', formatVersion: h.formatVersion(), configJson: need(h.configJson(), 'header.config_json'),
        createdAt: h.createdAt(), writer: h.writer() ?? '', ...(h.segment() === null ? {} : { segment: h.segment()! }),
      };
    }
    case Body.Snapshot: {
      const s = env.body(new Snapshot()) as Snapshot;
      const venueTime = s.venueTime();
      const asOf = s.asOf();
      return event({
        type: 'snapshot', symbol: need(s.symbol(), 'snapshot.symbol'), position: s.position(), ...optSeq(s.seq()),
        ...(venueTime === null ? {} : { venueTime }), ...(s.current() ? { current: true } : {}), ...(asOf === null ? {} : { asOf }),
      });
    }
    case Body.Fill: {
      const f = env.body(new Fill()) as Fill;
      const oh = f.orderHandle();
      const eh = f.execHandle();
      const oid = idOrLabel(f.orderId(), oh);
      return event({
        type: 'fill', symbol: need(f.symbol(), 'fill.symbol'), ...(oid === null ? {} : { orderId: oid }),
        execId: need(idOrLabel(f.execId(), eh), 'fill.exec_id (or exec_handle)'), side: side(f.side()), qty: f.qty(), price: f.price(),
        ...optSeq(f.seq()),
      }, optHandles(oh, eh));
    }
    case Body.OrderUpdate: {
      const u = env.body(new OrderUpdate()) as OrderUpdate;
      const oh = u.orderHandle();
      return event({
        type: 'orderUpdate', symbol: need(u.symbol(), 'orderUpdate.symbol'), orderId: need(idOrLabel(u.orderId(), oh), 'orderUpdate.order_id (or order_handle)'),
        status: pick(STATUS, u.status(), 'orderUpdate.status'), cumQty: u.cumQty(), leavesQty: u.leavesQty(),
        ...(u.side() === 1 ? { side: 'buy' as const } : u.side() === -1 ? { side: 'sell' as const } : {}), ...(u.reduceOnly() ? { reduceOnly: true } : {}),
      }, optHandles(oh));
    }
    case Body.Feed: {
      const f = env.body(new Feed()) as Feed;
      const st = f.status();
      if (st !== FeedStatus.Up && st !== FeedStatus.Down) throw new SchemaError(`envelope: feed.status ${String(st)} is not a known value`);
      return event({ type: 'feed', status: st === FeedStatus.Up ? 'up' : 'down', ...optSymbol(f.symbol()) });
    }
    case Body.Heartbeat:
      return event({ type: 'heartbeat', ...optSymbol((env.body(new Heartbeat()) as Heartbeat).symbol()) });
    case Body.Mark: {
      const m = env.body(new Mark()) as Mark;
      return event({ type: 'mark', symbol: need(m.symbol(), 'mark.symbol'), price: m.price() });
    }
    case Body.OrderRequest: {
      const o = env.body(new OrderRequest()) as OrderRequest;
      const tif = o.tif();
      if (tif !== TimeInForce.GTC && tif !== TimeInForce.IOC) throw new SchemaError(`envelope: order.tif ${String(tif)} is not a known value`);
      const oh = o.orderHandle();
      return request({
        type: 'order', orderId: need(idOrLabel(o.orderId(), oh), 'order.order_id (or order_handle)'), symbol: need(o.symbol(), 'order.symbol'),
        side: side(o.side()), qty: o.qty(), price: o.price(), tif: tif === TimeInForce.IOC ? 'IOC' : 'GTC',
        ...(o.reduceOnly() ? { reduceOnly: true } : {}),
        ...(o.strategy() !== null ? { strategy: o.strategy()! } : {}),
      }, optHandles(oh));
    }
    case Body.CancelRequest: {
      const c = env.body(new CancelRequest()) as CancelRequest;
      const oh = c.orderHandle();
      return request({ type: 'cancel', orderId: need(idOrLabel(c.orderId(), oh), 'cancel.order_id (or order_handle)') }, optHandles(oh));
    }
    case Body.KillRequest: {
      const k = env.body(new KillRequest()) as KillRequest;
      return request({ type: 'kill', mode: pick(KILL, k.mode(), 'kill.mode'), ...optSymbol(k.symbol()) });
    }
    case Body.Decision: {
      const d = env.body(new Decision()) as Decision;
      const oh = d.orderHandle();
      const oid = idOrLabel(d.orderId(), oh);
      const name = d.reasonName();
      const v = d.verdict();
      if (v !== Verdict.Approve && v !== Verdict.Deny) throw new SchemaError(`envelope: decision.verdict ${String(v)} is not a known value`);
      return {
        kind: 'decision', requestSeq: d.requestSeq(), ...(oid === null ? {} : { orderId: oid }), ...optHandles(oh),
        decision: v === Verdict.Approve ? 'approve' : 'deny', reasonCode: d.reasonCode(), ...(name === null ? {} : { reason: name }),
      };
    }
    case Body.JournalGap: {
      const g = env.body(new JournalGap()) as JournalGap;
      const from = g.fromAt();
      const to = g.toAt();
      return {
        kind: 'gap', lost: g.lost(), lostTotal: g.lostTotal(), ...(from === null ? {} : { fromAt: from }), ...(to === null ? {} : { toAt: to }),
        ...(g.cause() === GapCause.WriteFailed ? { cause: 'writeFailed' as const } : {}),
      };
    }
    case Body.CancelAll:
      return { kind: 'cancelAll', symbol: (env.body(new CancelAll()) as CancelAll).symbol() ?? '*' };
    case Body.StateSnapshot:
      return { kind: 'state', state: decodeState(env.body(new StateSnapshot()) as StateSnapshot) };
    default:
      throw new SchemaError(`envelope: body type ${String(t)} is not known to this build`);
  }
}

function event(ev: MarketEvent, handles: { handles?: RecordHandles } = {}): RecordBody {
  return { kind: 'event', event: ev, ...handles };
}
function request(req: RequestStep, handles: { handles?: RecordHandles } = {}): RecordBody {
  return { kind: 'request', request: req, ...handles };
}

function decodeInstrument(s: InstrumentState): InstrumentStateView {
  const seq = s.snapSeq();
  const mark = s.mark();
  return {
    symbol: need(s.symbol(), 'instrumentState.symbol'),
    estPosMin: s.estPosMin(), estPosMax: s.estPosMax(), hasSnapshot: s.hasSnapshot(), snapPos: s.snapPos(),
    ...(seq === null ? {} : { snapSeq: seq }),
    unconfirmedCount: s.unconfirmedCount(), unconfirmedQty: s.unconfirmedQty(),
    openBuy: s.openBuy(), openSell: s.openSell(), activeOrders: s.activeOrders(),
    tradingState: pick(TRADING, s.tradingState(), 'instrumentState.trading_state'),
    tradingReasonCode: s.tradingReasonCode(), tradingReason: s.tradingReasonName() ?? '',
    killMode: pick(KILL, s.killMode(), 'instrumentState.kill_mode'), flipHalted: s.flipHalted(),
    feedUp: s.feedUp(), awaitingSnapshot: s.awaitingSnapshot(), lastMessageAt: s.lastMessageAt(),
    ...(mark === null ? {} : { mark }),
    mismatches: s.mismatches(), staleSnapshots: s.staleSnapshots(), gaps: s.gaps(), fillsInsideSnapshot: s.fillsInsideSnapshot(),
  };
}

function decodeState(st: StateSnapshot): EngineStateView {
  const instruments: InstrumentStateView[] = [];
  for (let i = 0; i < st.instrumentsLength(); i++) instruments.push(decodeInstrument(st.instruments(i)!));
  const counters: Record<string, number> = {};
  for (let i = 0; i < st.countersLength(); i++) {
    const c = st.counters(i)!;
    counters[need(c.name(), 'counter.name')] = c.value();
  }
  return { globalKill: pick(KILL, st.globalKill(), 'state.global_kill'), instruments, counters };
}
