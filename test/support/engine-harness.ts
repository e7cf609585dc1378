import assert from 'node:assert/strict';
import { validateConfig } from '../../src/config/validate-config.js';
import { ManualClock } from '../../src/risk/clock.js';
import { ALL_INSTRUMENTS, KillMode, NO_CANCEL_ALL, OrderStatusCode, Side } from '../../src/risk/codes.js';
import { denyReasonName } from '../../src/risk/deny-reason.js';
import { RiskEngine } from '../../src/risk/risk-engine.js';

/** An instrument entry as it would appear in JSON config; `symbol`, `maxLong`, `maxShort` default. */
export type InstrumentInput = Record<string, unknown>;

export const DEFAULT_INSTRUMENT: Readonly<InstrumentInput> = Object.freeze({ symbol: 'BTC', maxLong: 10, maxShort: 10 });

export type SideName = 'buy' | 'sell';
export type StatusName = 'new' | 'partiallyFilled' | 'filled' | 'canceled' | 'rejected';
const STATUS: Readonly<Record<StatusName, number>> = Object.freeze({
  new: OrderStatusCode.NEW,
  partiallyFilled: OrderStatusCode.PARTIALLY_FILLED,
  filled: OrderStatusCode.FILLED,
  canceled: OrderStatusCode.CANCELED,
  rejected: OrderStatusCode.REJECTED,
});

export interface FillOptions {
  /** Order id the fill belongs to; absent: a trade the engine did not send. */
  readonly order?: string;
  /** Execution id; absent: a fresh unique one. */
  readonly exec?: string;
  readonly seq?: number;
  readonly sym?: string;
  readonly price?: number;
}

/**
 * A `RiskEngine` built from a partial config and a `ManualClock`, with string-friendly wrappers
 * for tests: order and execution ids are strings mapped to small integers, symbols to indices
 * (the first instrument when omitted). Every wrapper returns the engine's own code.
 */
export class EngineHarness {
  readonly engine: RiskEngine;
  readonly clock: ManualClock;
  private readonly orderKeys = new Map<string, number>();
  private readonly execKeys = new Map<string, number>();
  private nextExec = 0;

  /** `top`: further top-level config sections (`strategies`, `accounts`). */
  constructor(instruments: InstrumentInput | readonly InstrumentInput[] = {}, capacity?: Record<string, unknown>, top: Record<string, unknown> = {}) {
    const list = Array.isArray(instruments) ? instruments : [instruments];
    const json: Record<string, unknown> = {
      ...top,
      instruments: list.map((i: InstrumentInput, n: number) => ({ ...DEFAULT_INSTRUMENT, ...(n > 0 && i['symbol'] === undefined ? { symbol: `I${n}` } : {}), ...i })),
    };
    if (capacity !== undefined) json['capacity'] = capacity;
    Object.assign(json, top);
    this.clock = new ManualClock(0);
    this.engine = new RiskEngine(validateConfig(json), this.clock);
  }

  /** Moves engine time to `ms` (absolute). */
  at(ms: number): this {
    this.clock.set(ms);
    this.engine.readClock();
    return this;
  }

  advance(ms: number): this {
    return this.at(this.clock.nowMs() + ms);
  }

  inst(sym?: string): number {
    if (sym === undefined) return 0;
    if (sym === '*') return ALL_INSTRUMENTS;
    return this.engine.instrumentIndex(sym);
  }

  /** The integer handle of an order id (stable for the life of the harness). */
  key(orderId: string): number {
    let k = this.orderKeys.get(orderId);
    if (k === undefined) {
      k = this.orderKeys.size + 1;
      this.orderKeys.set(orderId, k);
    }
    return k;
  }

  private execKey(exec: string | undefined): number {
    const id = exec ?? `auto-${this.nextExec++}`;
    let k = this.execKeys.get(id);
    if (k === undefined) {
      k = 1_000_000 + this.execKeys.size;
      this.execKeys.set(id, k);
    }
    return k;
  }

  order(id: string, side: SideName, qty: number, price = 100, sym?: string): number {
    return this.engine.checkOrder(this.key(id), this.inst(sym), side === 'buy' ? Side.BUY : Side.SELL, qty, price);
  }

  /** A venue-enforced reduce-only order (an ORDER slot's v4 reduceOnly). */
  reduceOnly(id: string, side: SideName, qty: number, price = 100, sym?: string): number {
    return this.engine.checkOrder(this.key(id), this.inst(sym), side === 'buy' ? Side.BUY : Side.SELL, qty, price, true);
  }

  /** An order of the strategy named `strategy` (its index in the config's `strategies`). */
  strategyOrder(strategy: string, id: string, side: SideName, qty: number, price = 100, sym?: string): number {
    const k = this.engine.strategyNames.indexOf(strategy);
    assert.ok(k >= 0, `strategy ${strategy} is configured`);
    return this.engine.checkOrder(this.key(id), this.inst(sym), side === 'buy' ? Side.BUY : Side.SELL, qty, price, false, k);
  }

  /** The strategy's `[position, openBuy, openSell, openNotional]` on an instrument. */
  strategyBook(strategy: string, sym?: string): [number, number, number, number] {
    const e = this.engine;
    const k = e.strategyNames.indexOf(strategy) * e.instrumentCount + this.inst(sym);
    return [e.strategyPosition[k]!, e.strategyOpenBuy[k]!, e.strategyOpenSell[k]!, e.strategyOpenNotional[k]!];
  }

  buy(id: string, qty: number, price = 100, sym?: string): number {
    return this.order(id, 'buy', qty, price, sym);
  }

  sell(id: string, qty: number, price = 100, sym?: string): number {
    return this.order(id, 'sell', qty, price, sym);
  }

  cancel(id: string): number {
    return this.engine.checkCancel(this.key(id));
  }

  snap(position: number, seq = NaN, sym?: string): number {
    return this.engine.applySnapshot(this.inst(sym), position, seq);
  }

  /** A snapshot stamped with the venue's time of the position's last change (unsequenced venues). */
  timedSnap(position: number, venueTime: number, sym?: string): number {
    return this.engine.applySnapshot(this.inst(sym), position, NaN, venueTime);
  }

  /** `timedSnap` of an answer the feed knows shows the state after the feed last came up (the SNAPSHOT slot's arg word). */
  currentSnap(position: number, venueTime: number, sym?: string): number {
    return this.engine.applySnapshot(this.inst(sym), position, NaN, venueTime, 1);
  }

  fill(side: SideName, qty: number, o: FillOptions = {}): number {
    return this.engine.applyFill(
      this.inst(o.sym),
      o.order === undefined ? -1 : this.key(o.order),
      this.execKey(o.exec),
      side === 'buy' ? Side.BUY : Side.SELL,
      qty,
      o.price ?? 100,
      o.seq ?? NaN,
    );
  }

  update(id: string, status: StatusName, cumQty: number, leavesQty: number, sym?: string): number {
    return this.engine.applyOrderUpdate(this.inst(sym), this.key(id), STATUS[status], cumQty, leavesQty);
  }

  /** An order update that gives the order's side (and reduce-only flag), as the venues publish it. */
  sidedUpdate(id: string, side: SideName, status: StatusName, cumQty: number, leavesQty: number, o: { readonly reduceOnly?: boolean; readonly sym?: string } = {}): number {
    return this.engine.applyOrderUpdate(this.inst(o.sym), this.key(id), STATUS[status], cumQty, leavesQty, side === 'buy' ? Side.BUY : Side.SELL, o.reduceOnly === true ? 1 : 0);
  }

  feed(up: boolean, sym?: string): number {
    return this.engine.applyFeedStatus(this.inst(sym), up);
  }

  heartbeat(sym?: string): number {
    return this.engine.applyHeartbeat(this.inst(sym));
  }

  mark(price: number, sym?: string): number {
    return this.engine.applyMark(this.inst(sym), price);
  }

  kill(mode: 'halt' | 'reduce' | 'resume', sym?: string): number {
    const m = mode === 'halt' ? KillMode.HALT : mode === 'reduce' ? KillMode.REDUCE : KillMode.RESUME;
    return this.engine.kill(m, sym === undefined ? ALL_INSTRUMENTS : this.inst(sym));
  }

  /** Every queued cancel-all request, as symbols (`*` for all), emptying the queue. */
  cancelAlls(): string[] {
    const out: string[] = [];
    for (let v = this.engine.takeCancelAll(); v !== NO_CANCEL_ALL; v = this.engine.takeCancelAll()) {
      out.push(v === ALL_INSTRUMENTS ? '*' : this.engine.symbols[v]!);
    }
    return out;
  }

  /** `[estPosMin, estPosMax]` through `ledger.estimate`. */
  interval(sym?: string): [number, number] {
    const l = this.engine.ledger;
    l.estimate(this.inst(sym));
    return [l.lo, l.hi];
  }

  health(sym?: string): number {
    return this.engine.healthCode(this.inst(sym));
  }
}

/** Asserts a deny code, naming both codes in the failure message. */
export function assertCode(actual: number, expected: number, message?: string): void {
  assert.equal(actual, expected, `${message === undefined ? '' : message + ': '}expected ${denyReasonName(expected)}, got ${denyReasonName(actual)}`);
}

/** Seeded 32-bit PRNG (mulberry32): one number of state, reproducible from its seed. */
export { Mulberry32 } from '../../src/random/mulberry32.js';

/** The seed for a random test (see test-seed.ts): fixed by default, printed; `RISKGATE_SEED` overrides. */
export { testSeed } from './test-seed.js';
