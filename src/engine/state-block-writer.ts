import { PositionLedger } from '../risk/position-ledger.js';
import type { RiskEngine } from '../risk/risk-engine.js';
import {
  I_ACTIVE_ORDERS, I_AWAITING_SNAPSHOT, I_EST_POS_MAX, I_EST_POS_MIN, I_FEED_UP, I_FLIP_HALTED, I_HAS_SNAP, I_HEALTH,
  I_KILL_MODE, I_LAST_MESSAGE_AT, I_OPEN_BUY, I_OPEN_SELL, I_SNAP_POS, I_SNAP_SEQ, I_UNCONFIRMED_COUNT, I_UNCONFIRMED_QTY, STATE_COUNTERS, STATE_GLOBALS, STATE_GLOBALS_OFFSET,
  STATE_INSTRUMENT_STRIDE, STATE_SEQ_OFFSET, STATE_STRATEGY_STRIDE, S_OPEN_BUY, S_OPEN_NOTIONAL, S_OPEN_SELL, S_POSITION, statePayloadLength,
} from './state-block-layout.js';

/**
 * The risk thread's writer of the state block (state-block-layout.ts). The only writer: one
 * instance, on the risk thread. `globals` is a scratch the loop fills before `publish`.
 * Cost: O(instruments) per publish (an estimate per instrument); the loop publishes after a
 * batch that did work, not per event.
 */
export class StateBlockWriter {
  private readonly i32: Int32Array;
  private readonly payload: Float64Array;
  private seq = 0;
  /** Filled by the loop, copied into the block by `publish` (G_* indices). */
  readonly globals = new Float64Array(STATE_GLOBALS);

  constructor(buffer: SharedArrayBuffer, private readonly engine: RiskEngine) {
    this.i32 = new Int32Array(buffer, STATE_SEQ_OFFSET, 1);
    this.payload = new Float64Array(buffer, STATE_GLOBALS_OFFSET, statePayloadLength(engine.instrumentCount, engine.strategyCount));
  }

  /** @hot allocation-free. */
  publish(): void {
    const e = this.engine;
    const p = this.payload;
    this.seq = (this.seq + 1) | 0;
    Atomics.store(this.i32, 0, this.seq); // begin write (odd)
    for (let k = 0; k < STATE_GLOBALS; k++) p[k] = this.globals[k]!;
    const c = STATE_GLOBALS;
    for (let k = 0; k < STATE_COUNTERS; k++) p[c + k] = e.counters[k]!;
    let base = STATE_GLOBALS + STATE_COUNTERS;
    for (let i = 0; i < e.instrumentCount; i++, base += STATE_INSTRUMENT_STRIDE) {
      e.ledger.estimate(i);
      p[base + I_EST_POS_MIN] = e.ledger.est[PositionLedger.EST_LO]!; // the cells behind `lo` / `hi`: no boxed getter return
      p[base + I_EST_POS_MAX] = e.ledger.est[PositionLedger.EST_HI]!;
      p[base + I_OPEN_BUY] = e.openBuy[i]!;
      p[base + I_OPEN_SELL] = e.openSell[i]!;
      p[base + I_FEED_UP] = e.feedUp[i]!;
      p[base + I_AWAITING_SNAPSHOT] = e.awaitingSnapshot[i]!;
      p[base + I_KILL_MODE] = e.killMode[i]!;
      p[base + I_FLIP_HALTED] = e.flipHalted[i]!;
      p[base + I_ACTIVE_ORDERS] = e.activeOrders[i]!;
      p[base + I_HEALTH] = e.healthCode(i);
      const l = e.ledger;
      p[base + I_HAS_SNAP] = l.hasSnap[i]!;
      p[base + I_SNAP_POS] = l.snapPos[i]!;
      p[base + I_SNAP_SEQ] = l.sequenced(i) ? l.snapSeq[i]! : NaN;
      p[base + I_UNCONFIRMED_COUNT] = l.unconfirmedCount(i);
      p[base + I_UNCONFIRMED_QTY] = l.unconfirmedQty(i);
      p[base + I_LAST_MESSAGE_AT] = e.lastMessageAt[i]!;
    }
    const sn = e.strategyCount * e.instrumentCount;
    for (let k = 0; k < sn; k++, base += STATE_STRATEGY_STRIDE) {
      p[base + S_POSITION] = e.strategyPosition[k]!;
      p[base + S_OPEN_BUY] = e.strategyOpenBuy[k]!;
      p[base + S_OPEN_SELL] = e.strategyOpenSell[k]!;
      p[base + S_OPEN_NOTIONAL] = e.strategyOpenNotional[k]!;
    }
    this.seq = (this.seq + 1) | 0;
    Atomics.store(this.i32, 0, this.seq); // end write (even)
  }
}
