import { ManualClock } from '../risk/clock.js';
import { ALL_INSTRUMENTS, KillMode, NO_CANCEL_ALL, OrderStatusCode, Side, UNKNOWN_SYMBOL } from '../risk/codes.js';
import { denyReasonName } from '../risk/deny-reason.js';
import { RiskEngine } from '../risk/risk-engine.js';
import type { ResolvedConfig } from '../config/engine-config.js';
import { StringInterner, stringKey } from '../units/string-keys.js';
import type { Gate } from './gate.js';
import type { MarketEvent, OrderUpdateEvent, RequestStep } from './scenario-types.js';
import { strategyIndex } from './scenario-types.js';

export const STATUS_CODE = {
  new: OrderStatusCode.NEW,
  partiallyFilled: OrderStatusCode.PARTIALLY_FILLED,
  filled: OrderStatusCode.FILLED,
  canceled: OrderStatusCode.CANCELED,
  rejected: OrderStatusCode.REJECTED,
} as const;
/** An order update's side as the slot and the core take it: +1 buy, -1 sell, 0 not given. */
export function updateSideCode(ev: OrderUpdateEvent): number {
  return ev.side === 'buy' ? Side.BUY : ev.side === 'sell' ? Side.SELL : 0;
}
export const KILL_CODE = { halt: KillMode.HALT, reduce: KillMode.REDUCE, resume: KillMode.RESUME } as const;

/**
 * The edge in front of a single-threaded `RiskEngine`: turns scenario steps (strings, objects)
 * into integer calls. Order ids are interned for the life of the gate; execution ids hashed.
 */
export class EngineGate implements Gate {
  readonly name = 'riskgate';
  readonly engine: RiskEngine;
  readonly clock = new ManualClock(0);
  readonly orderIds = new StringInterner();

  constructor(config: ResolvedConfig) {
    this.engine = new RiskEngine(config, this.clock);
  }

  setTime(at: number): void {
    this.clock.set(at);
    this.engine.readClock();
  }

  /** Absent symbol: every instrument; unknown symbol: `UNKNOWN_SYMBOL`, which the engine rejects as unknown. */
  private inst(symbol: string | undefined): number {
    if (symbol === undefined) return ALL_INSTRUMENTS;
    const i = this.engine.instrumentIndex(symbol);
    return i < 0 ? UNKNOWN_SYMBOL : i;
  }

  apply(ev: MarketEvent): void {
    const e = this.engine;
    switch (ev.type) {
      case 'snapshot':
        e.applySnapshot(this.inst(ev.symbol), ev.position, ev.seq ?? NaN, ev.venueTime ?? NaN, ev.current === true ? 1 : 0, ev.asOf ?? NaN);
        break;
      case 'fill':
        e.applyFill(
          this.inst(ev.symbol),
          ev.orderId === undefined ? -1 : this.orderIds.lookup(ev.orderId),
          stringKey(ev.execId),
          ev.side === 'buy' ? Side.BUY : Side.SELL,
          ev.qty,
          ev.price,
          ev.seq ?? ev.venueTime ?? NaN,
        );
        break;
      case 'orderUpdate':
        // An update that gives the side may be of an order the engine did not send: it gets a
        // handle of its own (interned), so that its later updates and fills find it.
        e.applyOrderUpdate(this.inst(ev.symbol), ev.side === undefined ? this.orderIds.lookup(ev.orderId) : this.orderIds.intern(ev.orderId), STATUS_CODE[ev.status], ev.cumQty, ev.leavesQty,
          updateSideCode(ev), ev.reduceOnly === true ? 1 : 0);
        break;
      case 'feed':
        e.applyFeedStatus(this.inst(ev.symbol), ev.status === 'up');
        break;
      case 'heartbeat':
        e.applyHeartbeat(this.inst(ev.symbol));
        break;
      case 'mark':
        e.applyMark(this.inst(ev.symbol), ev.price);
        break;
    }
  }

  request(req: RequestStep): { decision: 'approve' | 'deny'; reason?: string } {
    const e = this.engine;
    let code: number;
    if (req.type === 'order') {
      const inst = e.instrumentIndex(req.symbol);
      code = e.checkOrder(this.orderIds.intern(req.orderId), inst, req.side === 'buy' ? Side.BUY : Side.SELL, req.qty, req.price, req.reduceOnly === true,
        strategyIndex(e.strategyNames, req.strategy));
    } else if (req.type === 'cancel') {
      code = e.checkCancel(this.orderIds.lookup(req.orderId));
    } else {
      code = e.kill(KILL_CODE[req.mode], this.inst(req.symbol));
    }
    return code === 0 ? { decision: 'approve' } : { decision: 'deny', reason: denyReasonName(code) };
  }

  takeCancelAll(): string[] {
    const out: string[] = [];
    for (let v = this.engine.takeCancelAll(); v !== NO_CANCEL_ALL; v = this.engine.takeCancelAll()) {
      out.push(v === ALL_INSTRUMENTS ? '*' : this.engine.symbols[v]!);
    }
    return out;
  }
}
