import type { ResolvedConfig } from '../config/engine-config.js';
import { Side, UNKNOWN_SYMBOL } from '../risk/codes.js';
import { denyReasonName } from '../risk/deny-reason.js';
import type { RiskEngine } from '../risk/risk-engine.js';
import { EngineGate, STATUS_CODE, updateSideCode } from '../scenario/engine-gate.js';
import type { MarketEvent, RequestStep } from '../scenario/scenario-types.js';
import { strategyIndex } from '../scenario/scenario-types.js';
import type { RecordHandles } from '../schema/record-handles.js';
import { stringKey } from '../units/string-keys.js';

/** A replayed decision, in the scenario format. */
export interface ReplayedDecision {
  readonly decision: 'approve' | 'deny';
  readonly reason?: string;
}

/**
 * The edge in front of a replaying engine. A record with string ids goes through `EngineGate`
 * (order ids interned, exec ids hashed: what the single-threaded edge did when it recorded).
 * A record that carries the integers the threaded engine saw (`handles`, record-handles.ts)
 * becomes the engine call with those integers unchanged: the risk thread's exact call, with
 * no second interning or hashing between the journal and the engine.
 *
 * One number space: interned string ids count 1, 2, ... and handles are used as they are, so a
 * journal that named the same orders both ways would conflate them. No writer does: the
 * single-threaded edge writes strings, the threaded engine handles. Off the hot path.
 */
export class ReplayGate {
  readonly inner: EngineGate;

  constructor(config: ResolvedConfig) {
    this.inner = new EngineGate(config);
  }

  get engine(): RiskEngine {
    return this.inner.engine;
  }

  setTime(at: number): void {
    this.inner.setTime(at);
  }

  apply(ev: MarketEvent, h: RecordHandles | undefined): void {
    const e = this.inner.engine;
    if (ev.type === 'fill' && h !== undefined && (h.order !== undefined || h.exec !== undefined)) {
      const order = h.order ?? (ev.orderId === undefined ? -1 : this.inner.orderIds.lookup(ev.orderId));
      e.applyFill(this.inst(ev.symbol), order, h.exec ?? stringKey(ev.execId), ev.side === 'buy' ? Side.BUY : Side.SELL, ev.qty, ev.price, ev.seq ?? ev.venueTime ?? NaN);
    } else if (ev.type === 'orderUpdate' && h?.order !== undefined) {
      e.applyOrderUpdate(this.inst(ev.symbol), h.order, STATUS_CODE[ev.status], ev.cumQty, ev.leavesQty, updateSideCode(ev), ev.reduceOnly === true ? 1 : 0);
    } else {
      this.inner.apply(ev);
    }
  }

  request(req: RequestStep, h: RecordHandles | undefined): ReplayedDecision {
    const e = this.inner.engine;
    let code: number;
    if (req.type === 'order' && h?.order !== undefined) {
      code = e.checkOrder(h.order, e.instrumentIndex(req.symbol), req.side === 'buy' ? Side.BUY : Side.SELL, req.qty, req.price, req.reduceOnly === true,
        strategyIndex(e.strategyNames, req.strategy));
    } else if (req.type === 'cancel' && h?.order !== undefined) {
      code = e.checkCancel(h.order);
    } else {
      return this.inner.request(req);
    }
    return code === 0 ? { decision: 'approve' } : { decision: 'deny', reason: denyReasonName(code) };
  }

  takeCancelAll(): string[] {
    return this.inner.takeCancelAll();
  }

  /** `EngineGate`'s rule for a fill's or update's symbol: unknown = `UNKNOWN_SYMBOL`. */
  private inst(symbol: string): number {
    const i = this.inner.engine.instrumentIndex(symbol);
    return i < 0 ? UNKNOWN_SYMBOL : i;
  }
}
