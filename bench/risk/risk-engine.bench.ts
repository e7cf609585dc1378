import * as layout from '../../src/codec/event-slot-layout.js';
import { SlotType } from '../../src/codec/slot-type.js';
import { orderArg } from '../../src/codec/order-request-codec.js';
import { validateConfig } from '../../src/config/validate-config.js';
import { ManualClock } from '../../src/risk/clock.js';
import { ApplyResult, Counter, KillMode, NO_CANCEL_ALL, OrderStatusCode, Side } from '../../src/risk/codes.js';
import { DenyReason, denyReasonName } from '../../src/risk/deny-reason.js';
import { RiskEngine } from '../../src/risk/risk-engine.js';
import { expectEqual, type BenchCase, type CaseRunner } from '../bench-case.js';

/**
 * Micro-benchmarks of the risk core (src/risk/risk-engine.ts), one thread, no rings: each
 * `checkOrder` path and each `apply*` event type, against the naive check every OMS starts with
 * (`Math.abs(pos + qty) < LIMIT && !live`) as the floor.
 *
 * Inputs look like production's: engine time is a real epoch, prices are fractional, exec ids
 * are hashed into [2^52, 2^53) (as `stringKey` makes them). Timed calls write an event slot
 * (src/codec/event-slot-layout.ts) and hand it to the core's `apply` / `decide`, as the risk
 * thread hands it a ring slot, so no number is boxed; the untimed preparation uses the
 * convenience forms.
 *
 * Every instrument has every guard on. Deny cases keep the clock still, so their state is steady;
 * the approve, fill and update cases restore the state untimed after each iteration.
 */

const EPOCH_MS = 1_700_000_000_000;
const MARK = 30_000.5;
const TICK = 0.5;
const EXEC_KEY_BASE = 2 ** 52;

// The slot's word offsets as this module's own constants (docs/conventions.md, "hot constants"):
// the timed loops write slot fields as the risk thread's producers do.
const EVENT_SLOT_BYTES = layout.EVENT_SLOT_BYTES;
const TAG_WORD = layout.TAG_WORD;
const INST_WORD = layout.INST_WORD;
const ARG_WORD = layout.ARG_WORD;
const V0_DWORD = layout.V0_DWORD;
const V1_DWORD = layout.V1_DWORD;
const V2_DWORD = layout.V2_DWORD;
const V3_DWORD = layout.V3_DWORD;
const V4_DWORD = layout.V4_DWORD;

/** A zeroed 64-byte event slot of type `tag` (its two views), for the timed calls to fill in. */
function slotOf(tag: number): { readonly i32: Int32Array; readonly f64: Float64Array } {
  const buf = new ArrayBuffer(EVENT_SLOT_BYTES);
  const i32 = new Int32Array(buf);
  i32[TAG_WORD] = tag;
  return { i32, f64: new Float64Array(buf) };
}

/** 16 limit prices inside the 50 bps band around `MARK`, so that repeats are not duplicates. */
const IN_BAND = Float64Array.from({ length: 16 }, (_, k) => MARK + (k - 8) * TICK);
/** 16 limit prices 2% away from `MARK`: outside the band. */
const OUT_OF_BAND = Float64Array.from({ length: 16 }, (_, k) => MARK * 1.02 + k * TICK);

const GUARDS = {
  maxLong: 1_000_000,
  maxShort: 1_000_000,
  lotSize: '0.001',
  unconfirmed: { maxFills: 8, maxQty: 1000 },
  maxOrderQty: 100,
  maxOrderNotional: 10_000_000,
  priceBandBps: 50,
  maxOpenOrders: 2048,
  orderRate: { max: 4096, perMs: 1 },
  duplicateWindowMs: 50,
  flipFlop: { windowMs: 1000, maxReversals: 8, maxGrossMultiple: 4 },
  snapshotStaleMs: 3000,
  heartbeatTimeoutMs: 1000,
} as const;

interface Rig {
  readonly engine: RiskEngine;
  readonly clock: ManualClock;
}

/**
 * `n` instruments with every guard on, each marked at `MARK` with a snapshot of 0. `over`:
 * instrument keys, and `strategies` / `accounts` (the config's top-level lists).
 */
function rig(n: number, sequence: 'none' | 'monotonic', over: Record<string, unknown> = {}): Rig {
  // `accounts` in `over` is the top-level section: every instrument then belongs to its first account.
  const { accounts, strategies, ...inst } = over;
  const account = Array.isArray(accounts) ? { account: (accounts[0] as { name: string }).name } : {};
  const instruments = Array.from({ length: n }, (_, i) => ({ symbol: `I${i}`, sequence, ...GUARDS, ...account, ...inst }));
  const clock = new ManualClock(EPOCH_MS);
  const engine = new RiskEngine(validateConfig({
    instruments, ...(accounts !== undefined ? { accounts } : {}), ...(strategies !== undefined ? { strategies } : {}),
  }), clock);
  for (let i = 0; i < n; i++) {
    engine.applyMark(i, MARK);
    engine.applySnapshot(i, 0, sequence === 'none' ? NaN : 0);
  }
  return { engine, clock };
}

/** Moves engine time on (untimed parts only) and keeps every instrument's feed fresh. */
function tick(r: Rig, ms: number): void {
  r.clock.advance(ms);
  r.engine.readClock();
  r.engine.applyHeartbeat(-1);
}

// ------------------------------------------------------------------------------ the floor

/** The naive pre-trade check, on the same kind of state (typed arrays). */
function naiveCheck(pos: Float64Array, live: Uint8Array, inst: number, side: number, qty: number, limit: number): number {
  return Math.abs(pos[inst]! + side * qty) < limit && live[inst] === 0 ? DenyReason.APPROVED : DenyReason.POSITION_LIMIT;
}

function naiveCase(calls: number): BenchCase {
  const name = 'naive check (baseline)';
  return {
    name,
    calls,
    setup(): CaseRunner {
      const pos = Float64Array.of(3);
      const live = new Uint8Array(1);
      const qty = Float64Array.from({ length: 16 }, (_, k) => 1 + (k & 3));
      let misses = 0;
      return {
        iterate(): number {
          const t0 = performance.now();
          for (let k = 0; k < calls; k++) if (naiveCheck(pos, live, 0, Side.BUY, qty[k & 15]!, 100) !== DenyReason.APPROVED) misses++;
          return performance.now() - t0;
        },
        verify(): void {
          expectEqual(name, 'calls not approved', misses, 0);
        },
      };
    },
  };
}

// -------------------------------------------------------------------------- checkOrder

/** What a deny case sends: side, qty, prices (by call), and optionally a fixed instrument or order key, or cancels. */
interface DenyOrder {
  readonly side: number;
  readonly qty: number;
  readonly prices: Float64Array;
  /** Instrument of every call (default 0). */
  readonly inst?: number;
  /** One order key for every call (default: 900,000 + call index, no live order's). */
  readonly key?: number;
  /** Time `checkCancel` instead of `checkOrder`. */
  readonly cancel?: true;
  /** The strategy index every order carries (default -1: none). */
  readonly strategy?: number;
}

/** A `checkOrder` (or `checkCancel`) case whose state does not change (every call is denied with `expected`). */
function denyCase(calls: number, expected: number, prepare: (r: Rig) => DenyOrder, over: Record<string, unknown> = {}): BenchCase {
  const name = `${over['cancel'] === true ? 'checkCancel' : 'checkOrder'} ${denyReasonName(expected)}`;
  const config = { ...over };
  delete config['cancel'];
  return {
    name,
    calls,
    setup(): CaseRunner {
      const r = rig(1, 'monotonic', config);
      const { side, qty, prices, inst = 0, key = -1, cancel = false, strategy = -1 } = prepare(r);
      const arg = orderArg(side, strategy);
      const e = r.engine;
      const { i32, f64 } = slotOf(cancel ? SlotType.CANCEL : SlotType.ORDER);
      const before = e.counters[Counter.DECISIONS + expected]!;
      let misses = 0;
      let made = 0;
      return {
        iterate(): number {
          const t0 = performance.now();
          for (let k = 0; k < calls; k++) {
            f64[V0_DWORD] = key >= 0 ? key : 900_000 + k;
            if (cancel) {
              if (e.decide(i32, f64, 0) !== expected) misses++;
              continue;
            }
            i32[INST_WORD] = inst;
            i32[ARG_WORD] = arg;
            f64[V2_DWORD] = qty;
            f64[V3_DWORD] = prices[k & 15]!;
            if (e.decide(i32, f64, 0) !== expected) misses++;
          }
          const t = performance.now() - t0;
          made += calls;
          return t;
        },
        verify(): void {
          expectEqual(name, `calls not denied ${denyReasonName(expected)}`, misses, 0);
          expectEqual(name, `${denyReasonName(expected)} decisions counted`, e.counters[Counter.DECISIONS + expected]! - before, made);
        },
      };
    },
  };
}

/** Approved orders, each a new open order through every check; cancelled untimed after each iteration. */
function approveCase(calls: number): BenchCase {
  const name = 'checkOrder APPROVED';
  return {
    name,
    calls,
    setup(): CaseRunner {
      const r = rig(1, 'monotonic');
      const e = r.engine;
      const { i32, f64 } = slotOf(SlotType.ORDER);
      const before = e.counters[Counter.DECISIONS + DenyReason.APPROVED]!;
      let misses = 0;
      let made = 0;
      let p = 0; // price index: runs on across iterations, so no order repeats one of the last 8
      return {
        iterate(): number {
          tick(r, 2); // the rate window (1 ms) and the order table start empty
          const t0 = performance.now();
          for (let k = 0; k < calls; k++) {
            f64[V0_DWORD] = 1 + k;
            i32[INST_WORD] = 0;
            i32[ARG_WORD] = (k & 1) === 0 ? Side.BUY : Side.SELL;
            f64[V2_DWORD] = 1;
            f64[V3_DWORD] = IN_BAND[p++ & 15]!;
            if (e.decide(i32, f64, 0) !== DenyReason.APPROVED) misses++;
          }
          const t = performance.now() - t0;
          for (let k = 0; k < calls; k++) e.applyOrderUpdate(0, 1 + k, OrderStatusCode.CANCELED, 0, 0);
          made += calls;
          if (e.orders.used !== 0) misses++;
          return t;
        },
        verify(): void {
          expectEqual(name, 'calls not approved (or slots left over)', misses, 0);
          expectEqual(name, 'APPROVED decisions counted', e.counters[Counter.DECISIONS + DenyReason.APPROVED]! - before, made);
        },
      };
    },
  };
}

function checkOrderCases(calls: number): BenchCase[] {
  return [
    approveCase(calls),
    denyCase(calls, DenyReason.MAX_ORDER_QTY, () => ({ side: Side.BUY, qty: 101, prices: IN_BAND })),
    denyCase(calls, DenyReason.MAX_ORDER_NOTIONAL, () => ({ side: Side.BUY, qty: 100, prices: IN_BAND }), { maxOrderNotional: 1000 }),
    denyCase(calls, DenyReason.INVALID_ORDER, () => ({ side: Side.BUY, qty: 0, prices: IN_BAND })),
    denyCase(calls, DenyReason.REDUCE_ONLY, (r) => {
      r.engine.kill(KillMode.REDUCE, 0);
      return { side: Side.BUY, qty: 1, prices: IN_BAND };
    }),
    denyCase(calls, DenyReason.PRICE_BAND, () => ({ side: Side.BUY, qty: 1, prices: OUT_OF_BAND })),
    denyCase(calls, DenyReason.JOURNAL_DOWN, (r) => {
      r.engine.journalDown = 1;
      return { side: Side.BUY, qty: 1, prices: IN_BAND };
    }),
    denyCase(calls, DenyReason.KILL_SWITCH, (r) => {
      r.engine.kill(KillMode.HALT, 0);
      while (r.engine.takeCancelAll() !== NO_CANCEL_ALL);
      return { side: Side.BUY, qty: 1, prices: IN_BAND };
    }),
    denyCase(calls, DenyReason.UNCONFIRMED_FILLS, (r) => {
      // Nine fills not yet in a snapshot: over the budget of eight.
      for (let s = 1; s <= 9; s++) r.engine.applyFill(0, -1, EXEC_KEY_BASE + s, Side.BUY, 1, MARK, s);
      return { side: Side.BUY, qty: 1, prices: IN_BAND };
    }),
    denyCase(calls, DenyReason.POSITION_LIMIT, (r) => {
      r.engine.applySnapshot(0, 999_995, 1);
      return { side: Side.BUY, qty: 10, prices: IN_BAND };
    }),
    denyCase(
      calls,
      DenyReason.RATE_LIMIT,
      (r) => {
        // The window is full; the timed orders (qty 2) are no repeat of these (qty 1).
        for (let k = 0; k < 64; k++) r.engine.checkOrder(1 + k, 0, Side.BUY, 1, IN_BAND[k & 15]!);
        return { side: Side.BUY, qty: 2, prices: IN_BAND };
      },
      { orderRate: { max: 64, perMs: 1000 } },
    ),
    denyCase(calls, DenyReason.UNKNOWN_INSTRUMENT, () => ({ side: Side.BUY, qty: 1, prices: IN_BAND, inst: 7 })),
    denyCase(calls, DenyReason.UNKNOWN_ORDER, () => ({ side: Side.BUY, qty: 1, prices: IN_BAND, cancel: true }), { cancel: true }),
    denyCase(calls, DenyReason.DUPLICATE_ORDER, (r) => {
      // The same side, qty and price as the last 8 orders approved (the window is 50 ms; time stands still).
      const prices = Float64Array.from({ length: 16 }, (_, k) => IN_BAND[k & 7]!);
      for (let k = 0; k < 8; k++) r.engine.checkOrder(1 + k, 0, Side.BUY, 3, prices[k]!);
      return { side: Side.BUY, qty: 3, prices };
    }),
    denyCase(calls, DenyReason.DUPLICATE_ORDER_ID, (r) => {
      r.engine.checkOrder(777, 0, Side.BUY, 1, MARK);
      return { side: Side.SELL, qty: 2, prices: IN_BAND, key: 777 };
    }),
    denyCase(calls, DenyReason.NET_POSITION_LIMIT, (r) => {
      // A hedge pair: the long leg near the instrument's net limit, the short leg flat; the long
      // leg's own limit (legs.maxLong) has room, the net of the pair does not.
      r.engine.applySnapshot(0, 999_995, 1);
      r.engine.applySnapshot(r.engine.pair[0]!, 0, 1);
      return { side: Side.BUY, qty: 10, prices: IN_BAND };
    }, { mode: 'hedge', legs: { maxLong: 2_000_000, maxShort: 2_000_000 } }),
    denyCase(calls, DenyReason.LEASE_LIMIT, (r) => {
      r.engine.applyLease(0, 5, 5, 1e9); // a firm-wide slice of 5 lots, long valid
      return { side: Side.BUY, qty: 6, prices: IN_BAND };
    }),
    denyCase(calls, DenyReason.STRATEGY_POSITION_LIMIT, () => ({ side: Side.BUY, qty: 6, prices: IN_BAND, strategy: 0 }), { strategies: [{ name: 's', maxLong: 5 }] }),
    denyCase(calls, DenyReason.STRATEGY_NOTIONAL_LIMIT, () => ({ side: Side.BUY, qty: 1, prices: IN_BAND, strategy: 0 }), { strategies: [{ name: 's', maxOpenNotional: 1 }] }),
    denyCase(calls, DenyReason.ORDER_TO_TRADE, (r) => {
      // An order and its cancel, no fill: 2 messages > 1 per fill.
      r.engine.checkOrder(1, 0, Side.BUY, 2, IN_BAND[0]!);
      r.engine.checkCancel(1);
      return { side: Side.BUY, qty: 1, prices: IN_BAND };
    }, { orderToTrade: { maxRatio: 1, windowMs: 1_000_000_000, minOrders: 1 } }),
    // Account limits: one instrument, flat, in an account whose gross (net) notional cap is below one order's.
    denyCase(calls, DenyReason.ACCOUNT_GROSS_NOTIONAL, () => ({ side: Side.BUY, qty: 10, prices: IN_BAND }), { accounts: [{ name: 'A', maxGrossNotional: 1 }] }),
    denyCase(calls, DenyReason.ACCOUNT_NET_NOTIONAL, () => ({ side: Side.BUY, qty: 10, prices: IN_BAND }), { accounts: [{ name: 'A', maxNetNotional: 1 }] }),
    denyCase(calls, DenyReason.LOSS_LIMIT, (r) => {
      // Long 100 lots bought at the mark; a mark at half trips the loss limit, the mark comes back (the breach holds).
      r.engine.applyFill(0, -1, EXEC_KEY_BASE, Side.BUY, 100, MARK, 1);
      r.engine.applySnapshot(0, 100, 1);
      r.engine.applyMark(0, MARK / 2);
      r.engine.applyMark(0, MARK);
      return { side: Side.BUY, qty: 1, prices: IN_BAND };
    }, { lossLimit: { maxLoss: 1 } }),
    denyCase(calls, DenyReason.DRAWDOWN_LIMIT, (r) => {
      // Long 100 lots; the mark 1% up is the peak, back at the mark the PnL is that far below it.
      r.engine.applyFill(0, -1, EXEC_KEY_BASE, Side.BUY, 100, MARK, 1);
      r.engine.applySnapshot(0, 100, 1);
      r.engine.applyMark(0, MARK * 1.01);
      r.engine.applyMark(0, MARK);
      return { side: Side.BUY, qty: 1, prices: IN_BAND };
    }, { lossLimit: { maxDrawdown: 1, drawdownWindowMs: 1e9 } }),
    denyCase(calls, DenyReason.MAX_OPEN_ORDERS, (r) => {
      for (let k = 0; k < 4; k++) r.engine.checkOrder(1 + k, 0, Side.BUY, 1, IN_BAND[k]!);
      return { side: Side.BUY, qty: 2, prices: IN_BAND };
    }, { maxOpenOrders: 4 }),
    denyCase(calls, DenyReason.FLIP_FLOP, (r) => {
      // Ten long/short reversals in the window (at most eight allowed), then a snapshot confirms the fills.
      for (let s = 1; s <= 11; s++) r.engine.applyFill(0, -1, EXEC_KEY_BASE + s, (s & 1) === 1 ? Side.BUY : Side.SELL, s === 1 ? 1 : 2, MARK, s);
      r.engine.applySnapshot(0, 1, 11);
      return { side: Side.BUY, qty: 1, prices: IN_BAND };
    }),
    denyCase(calls, DenyReason.SEQUENCE_GAP, (r) => {
      r.engine.applyFill(0, -1, EXEC_KEY_BASE, Side.BUY, 1, MARK, 5); // 1..4 missing
      return { side: Side.BUY, qty: 1, prices: IN_BAND };
    }, { sequence: 'contiguous' }),
    denyCase(calls, DenyReason.FEED_STALE, (r) => {
      r.engine.applyFeedStatus(0, false);
      return { side: Side.BUY, qty: 1, prices: IN_BAND };
    }),
    denyCase(calls, DenyReason.POSITION_MISMATCH, (r) => {
      // Walk-back: a snapshot no prefix of the fills explains makes the base ambiguous.
      r.engine.applyFill(0, -1, EXEC_KEY_BASE, Side.BUY, 1, MARK, NaN);
      r.engine.applySnapshot(0, 7, NaN);
      return { side: Side.BUY, qty: 1, prices: IN_BAND };
    }, { sequence: 'none' }),
  ];
}

// ------------------------------------------------------------------------------- apply*

/**
 * `calls` foreign fills (new hashed exec ids, all one side, the side alternating by iteration),
 * confirmed untimed by a snapshot after each iteration.
 */
function fillCase(calls: number, sequence: 'none' | 'monotonic'): BenchCase {
  const name = `applyFill ${sequence === 'none' ? 'unsequenced' : 'sequenced'}`;
  return {
    name,
    calls,
    setup(): CaseRunner {
      const r = rig(1, sequence);
      const e = r.engine;
      const before = e.counters[Counter.FILLS]!;
      let exec = EXEC_KEY_BASE;
      let seq = 0;
      let side = 1;
      const fill = slotOf(SlotType.FILL);
      let misses = 0;
      let made = 0;
      return {
        iterate(): number {
          tick(r, 1);
          side = -side; // the position goes 0, -calls, 0, ...
          const t0 = performance.now();
          const { i32, f64 } = fill;
          for (let k = 0; k < calls; k++) {
            i32[INST_WORD] = 0;
            f64[V0_DWORD] = -1;
            f64[V1_DWORD] = exec++;
            i32[ARG_WORD] = side;
            f64[V2_DWORD] = 1;
            f64[V3_DWORD] = IN_BAND[k & 15]!;
            f64[V4_DWORD] = sequence === 'none' ? NaN : ++seq;
            if (e.apply(i32, f64, 0) !== ApplyResult.OK) misses++;
          }
          const t = performance.now() - t0;
          made += calls;
          if (e.applySnapshot(0, side > 0 ? 0 : -calls, sequence === 'none' ? NaN : seq) !== ApplyResult.OK || e.ledger.unconfirmedCount(0) !== 0) misses++;
          return t;
        },
        verify(): void {
          expectEqual(name, 'fills not OK (or not confirmed by the snapshot)', misses, 0);
          expectEqual(name, 'fills counted', e.counters[Counter.FILLS]! - before, made);
        },
      };
    },
  };
}

/**
 * Order updates for `calls` live orders approved untimed: an acknowledgement (`NEW`), or a
 * `FILLED` whose cumQty is ahead of the fills (the engine infers the fill); settled untimed.
 */
function updateCase(calls: number, kind: 'ack' | 'inferred'): BenchCase {
  const name = kind === 'ack' ? 'applyOrderUpdate ack (NEW)' : 'applyOrderUpdate cumQty ahead (inferred fill)';
  return {
    name,
    calls,
    setup(): CaseRunner {
      const update = slotOf(SlotType.ORDER_UPDATE); // v3 side, v4 reduceOnly: 0 (not given)
      const r = rig(1, 'monotonic');
      const e = r.engine;
      const before = e.counters[Counter.INFERRED_FILLS]!;
      let exec = EXEC_KEY_BASE;
      let seq = 0;
      let p = 0;
      let misses = 0;
      let made = 0;
      return {
        iterate(): number {
          tick(r, 2);
          for (let k = 0; k < calls; k++) if (e.checkOrder(1 + k, 0, Side.BUY, 2, IN_BAND[p++ & 15]!) !== DenyReason.APPROVED) misses++;
          const t0 = performance.now();
          const { i32, f64 } = update;
          const status = kind === 'ack' ? OrderStatusCode.NEW : OrderStatusCode.FILLED;
          for (let k = 0; k < calls; k++) {
            i32[INST_WORD] = 0;
            f64[V0_DWORD] = 1 + k;
            i32[ARG_WORD] = status;
            f64[V1_DWORD] = kind === 'ack' ? 0 : 2;
            f64[V2_DWORD] = kind === 'ack' ? 2 : 0;
            if (e.apply(i32, f64, 0) !== ApplyResult.OK) misses++;
          }
          const t = performance.now() - t0;
          made += calls;
          if (kind === 'ack') {
            for (let k = 0; k < calls; k++) e.applyOrderUpdate(0, 1 + k, OrderStatusCode.CANCELED, 0, 0);
          } else {
            // The real fills arrive and a snapshot confirms them; then the position is undone.
            for (let k = 0; k < calls; k++) e.applyFill(0, 1 + k, exec++, Side.BUY, 2, IN_BAND[k & 15]!, ++seq);
            if (e.applySnapshot(0, 2 * calls, seq) !== ApplyResult.OK) misses++;
            for (let k = 0; k < calls; k++) e.applyFill(0, -1, exec++, Side.SELL, 2, IN_BAND[k & 15]!, ++seq);
            if (e.applySnapshot(0, 0, seq) !== ApplyResult.OK) misses++;
          }
          if (e.orders.used !== 0 || e.ledger.unconfirmedCount(0) !== 0) misses++;
          return t;
        },
        verify(): void {
          expectEqual(name, 'updates not OK (or orders left over)', misses, 0);
          expectEqual(name, 'inferred fills', e.counters[Counter.INFERRED_FILLS]! - before, kind === 'ack' ? 0 : made);
        },
      };
    },
  };
}

/**
 * Snapshots confirming `pending` fills each, one per instrument over `instruments` instruments
 * (so the timer's cost spreads over many snapshots); the fills are added untimed before.
 */
function snapshotCase(instruments: number, pending: number, sequence: 'none' | 'monotonic'): BenchCase {
  const name = `applySnapshot ${sequence === 'none' ? 'walk-back' : 'sequenced'}, ${pending} pending fill${pending === 1 ? '' : 's'}`;
  return {
    name,
    calls: instruments,
    setup(): CaseRunner {
      const snap = slotOf(SlotType.SNAPSHOT);
      snap.f64[V2_DWORD] = NaN; // no venue time
      const r = rig(instruments, sequence);
      const e = r.engine;
      const before = e.counters[Counter.SNAPSHOTS]!;
      let exec = EXEC_KEY_BASE;
      let seq = 0;
      let sign = 1;
      let misses = 0;
      let made = 0;
      return {
        iterate(): number {
          tick(r, 1);
          sign = -sign;
          const pos = sign > 0 ? 0 : -pending; // back and forth between 0 and -pending
          for (let i = 0; i < instruments; i++) {
            for (let k = 0; k < pending; k++) e.applyFill(i, -1, exec++, sign, 1, MARK, sequence === 'none' ? NaN : ++seq);
          }
          const t0 = performance.now();
          const { i32, f64 } = snap;
          for (let i = 0; i < instruments; i++) {
            i32[INST_WORD] = i;
            f64[V0_DWORD] = pos;
            f64[V1_DWORD] = sequence === 'none' ? NaN : seq;
            if (e.apply(i32, f64, 0) !== ApplyResult.OK) misses++;
          }
          const t = performance.now() - t0;
          made += instruments;
          for (let i = 0; i < instruments; i++) if (e.ledger.unconfirmedCount(i) !== 0) misses++;
          return t;
        },
        verify(): void {
          expectEqual(name, 'snapshots not OK (or fills left unconfirmed)', misses, 0);
          expectEqual(name, 'snapshots counted', e.counters[Counter.SNAPSHOTS]! - before, made);
        },
      };
    },
  };
}

/**
 * Snapshots on an *ambiguous* walk-back base (a snapshot no prefix of the fills explained became
 * the base): each must search every pair of prefixes of the `pending` fills that followed. Per
 * instrument and iteration, untimed: a fill and a snapshot 1000 lots off (mismatch: ambiguous),
 * then `pending` fills of +1; timed: the snapshot that includes all of them (a single answer:
 * the base collapses and every fill is confirmed).
 */
function ambiguousSnapshotCase(instruments: number, pending: number): BenchCase {
  const name = `applySnapshot walk-back ambiguous base, ${pending} pending fills`;
  return {
    name,
    calls: instruments,
    setup(): CaseRunner {
      const snap = slotOf(SlotType.SNAPSHOT);
      snap.f64[V2_DWORD] = NaN; // no venue time
      const r = rig(instruments, 'none');
      const e = r.engine;
      const base = new Float64Array(instruments);
      let exec = EXEC_KEY_BASE;
      let misses = 0;
      let made = 0;
      return {
        iterate(): number {
          tick(r, 1);
          for (let i = 0; i < instruments; i++) {
            e.applyFill(i, -1, exec++, 1, 1, MARK, NaN);
            base[i]! += 1001;
            if (e.applySnapshot(i, base[i]!, NaN) !== ApplyResult.MISMATCH) misses++;
            for (let k = 0; k < pending; k++) e.applyFill(i, -1, exec++, 1, 1, MARK, NaN);
          }
          const t0 = performance.now();
          const { i32, f64 } = snap;
          for (let i = 0; i < instruments; i++) {
            i32[INST_WORD] = i;
            f64[V0_DWORD] = base[i]! + pending + 1;
            f64[V1_DWORD] = NaN;
            if (e.apply(i32, f64, 0) !== ApplyResult.OK) misses++;
          }
          const t = performance.now() - t0;
          made += instruments;
          for (let i = 0; i < instruments; i++) {
            base[i]! += pending + 1;
            if (e.ledger.unconfirmedCount(i) !== 0) misses++;
          }
          return t;
        },
        verify(): void {
          expectEqual(name, 'snapshots not collapsing the ambiguous base (or fills left unconfirmed)', misses, 0);
          expectEqual(name, 'snapshots counted as OK', e.counters[Counter.MISMATCHES]!, made);
        },
      };
    },
  };
}

function steadyCase(calls: number, name: string, counter: number, call: (e: RiskEngine, k: number) => number): BenchCase {
  return {
    name,
    calls,
    setup(): CaseRunner {
      const { engine: e } = rig(1, 'monotonic');
      const before = e.counters[counter]!;
      let misses = 0;
      let made = 0;
      return {
        iterate(): number {
          const t0 = performance.now();
          for (let k = 0; k < calls; k++) if (call(e, k) !== ApplyResult.OK) misses++;
          const t = performance.now() - t0;
          made += calls;
          return t;
        },
        verify(): void {
          expectEqual(name, 'calls not OK', misses, 0);
          expectEqual(name, 'calls counted', e.counters[counter]! - before, made);
        },
      };
    },
  };
}

/** Every case of this file, the baseline first. */
const HEARTBEAT = slotOf(SlotType.HEARTBEAT);
const FEED = slotOf(SlotType.FEED);
const MARK_SLOT = slotOf(SlotType.MARK);

export function riskEngineCases(): BenchCase[] {
  const CALLS = 1000;
  return [
    naiveCase(CALLS),
    ...checkOrderCases(CALLS),
    fillCase(200, 'monotonic'),
    fillCase(200, 'none'),
    updateCase(200, 'ack'),
    updateCase(200, 'inferred'),
    ...[1, 16, 256].map((k) => snapshotCase(64, k, 'monotonic')),
    ...[1, 16, 256].map((k) => snapshotCase(64, k, 'none')),
    ...[16, 255].map((k) => ambiguousSnapshotCase(16, k)),
    steadyCase(CALLS, 'applyHeartbeat', Counter.HEARTBEATS, (e) => e.apply(HEARTBEAT.i32, HEARTBEAT.f64, 0)),
    steadyCase(CALLS, 'applyFeedStatus down/up', Counter.FEED_EVENTS, (e, k) => {
      FEED.i32[ARG_WORD] = k & 1; // down, then up (which also asks for a fresh snapshot)
      return e.apply(FEED.i32, FEED.f64, 0);
    }),
    steadyCase(CALLS, 'applyMark', Counter.MARKS, (e, k) => {
      MARK_SLOT.f64[V0_DWORD] = IN_BAND[k & 15]!;
      return e.apply(MARK_SLOT.i32, MARK_SLOT.f64, 0);
    }),
  ];
}
