import { validateConfig } from '../../../src/config/validate-config.js';
import type { ResolvedConfig } from '../../../src/config/engine-config.js';
import { ManualClock } from '../../../src/risk/clock.js';
import { RiskEngine } from '../../../src/risk/risk-engine.js';
import {
  ARG_WORD, EVENT_SLOT_BYTES, INST_WORD, SlotType, TAG_WORD, V0_DWORD, V1_DWORD, V2_DWORD, V3_DWORD, V4_DWORD,
} from '../../../src/codec/index.js';
import { NO_CANCEL_ALL } from '../../../src/risk/codes.js';

/**
 * A pre-generated, all-numbers script of engine calls for the allocation test: a seeded venue
 * and strategy simulation (script-recorder.ts), recorded once (allocating freely) into one
 * `Float64Array`, together with the result code each call returned. Replaying it on a fresh engine built from the same
 * config and start time reproduces every result exactly (the engine is deterministic), so the
 * replay both drives the hot path from numbers alone and checks every answer.
 *
 * Record layout (`STRIDE` doubles per call):
 *
 *   [0] type (`Ev`)  [1] dt: ms to advance the clock before the call (0: no clock read)
 *   [2..7] arguments, per type:
 *     FILL          inst, orderKey (-1: a trade not sent by us), execKey, signed qty, price, seq (the
 *                   execution's venue time on the unsequenced instrument: the FILL slot's v4)
 *     ORDER_UPDATE  inst, orderKey, status, cumQty, leavesQty, side (±1 as the venue reports it; 0 or absent: not given)
 *     SNAPSHOT      inst, position, seq, venueTime (NaN or 0 on the sequenced instrument, where it is ignored),
 *                   current (1: the SNAPSHOT slot's arg word), asOf (engine time; 0 where not given:
 *                   read only for an untimed snapshot of the unsequenced instrument)
 *     FEED          inst, up (0/1)
 *     HEARTBEAT     inst
 *     MARK          inst, price
 *     CHECK_ORDER   orderKey, inst, side, qty, price, strategy + 1 (0 or absent: no strategy)
 *     CHECK_CANCEL  orderKey
 *     KILL          mode, inst
 *     DRAIN         (none): `takeCancelAll` until empty; the result is how many were taken
 *     LEASE         inst, long, short, forMs (a firm-wide lease)
 */
export const Ev = {
  FILL: 1,
  ORDER_UPDATE: 2,
  SNAPSHOT: 3,
  FEED: 4,
  HEARTBEAT: 5,
  MARK: 6,
  CHECK_ORDER: 7,
  CHECK_CANCEL: 8,
  KILL: 9,
  DRAIN: 10,
  LEASE: 11,
} as const;
export const EV_NAMES: readonly string[] = ['', 'fill', 'orderUpdate', 'snapshot', 'feed', 'heartbeat', 'mark', 'checkOrder', 'checkCancel', 'kill', 'drainCancelAll', 'lease'];
export const STRIDE = 8;

/** Engine time at the start: a real epoch. Times this large are not small integers, so they
 * travel as doubles everywhere, as in production (small test times would hide boxing). */
export const EPOCH_MS = 1_700_000_000_000;


/**
 * How the script's numbers look.
 *
 * `venue`: as the edge produces them: prices in quote units (30000.5), exec keys hashed into
 * [2^52, 2^53) (`stringKey`), NaN for "no sequence". None of these fits a small integer (Smi), so
 * V8 boxes each one into a heap number whenever it crosses a call that is not inlined.
 *
 * `integer`: the same market with every argument a small integer: prices in ticks, exec keys
 * dense from 1,000,000, 0 for "no sequence" (ignored on unsequenced instruments). Engine time is
 * still a real epoch. What allocates here is the engine's own work, not its arguments.
 */
export type ScriptUnits = 'venue' | 'integer';

export interface UnitSpec {
  /** Lot size per instrument, so that notional stays in quote units whatever a price unit is. */
  readonly lotSize: readonly [string, string];
  readonly start: readonly [number, number];
  readonly tick: readonly [number, number];
  readonly execBase: number;
  readonly execStep: number;
  readonly noSeq: number;
}

export const UNITS: Readonly<Record<ScriptUnits, UnitSpec>> = {
  venue: { lotSize: ['0.001', '0.01'], start: [30_000, 2_000], tick: [0.5, 0.01], execBase: 2 ** 52, execStep: 7919, noSeq: NaN },
  integer: { lotSize: ['0.0005', '0.0001'], start: [60_000, 200_000], tick: [1, 1], execBase: 1_000_000, execStep: 1, noSeq: 0 },
};

/**
 * Instrument 0: unsequenced (snapshots walk the fills back); 1: monotonic sequence. Every guard
 * on, both in one account with gross and net notional limits, each with loss limits (a loss
 * breach is resumed by the strategy's operator, a drawdown ends as its window slides).
 */
export function allocationConfig(units: ScriptUnits): ResolvedConfig {
  const u = UNITS[units];
  const guards = {
    maxLong: 40,
    maxShort: 40,
    unconfirmed: { maxFills: 6, maxQty: 30 },
    maxOrderQty: 20,
    priceBandBps: 50,
    maxOpenOrders: 10,
    orderRate: { max: 12, perMs: 100 },
    duplicateWindowMs: 50,
    flipFlop: { windowMs: 1000, maxReversals: 6, maxGrossMultiple: 24, cooldownMs: 2000 },
    snapshotStaleMs: 3000,
    heartbeatTimeoutMs: 1000,
    orderToTrade: { maxRatio: 2, windowMs: 1000, minOrders: 10 },
    account: 'desk',
    lossLimit: { maxLoss: LOSS_LIMIT_QUOTE, maxDrawdown: DRAWDOWN_QUOTE, drawdownWindowMs: 2000 },
  };
  return validateConfig({
    instruments: [
      // 30,000 per coin, lot 0.001: 30 quote per lot; 16 lots exceed the notional cap.
      { symbol: 'BTC-PERP', sequence: 'none', lotSize: u.lotSize[0], maxOrderNotional: 470, ...guards },
      // 2,000 per coin, lot 0.01: 20 quote per lot; 16 lots exceed the notional cap.
      { symbol: 'ETH-PERP', sequence: 'monotonic', lotSize: u.lotSize[1], maxOrderNotional: 310, ...guards },
    ],
    accounts: [{ name: 'desk', maxGrossNotional: GROSS_QUOTE, maxNetNotional: NET_QUOTE, markMaxAgeMs: 500 }],
    capacity: { maxOrders: 128, fillsPerInstrument: 32, execIds: 4096 },
    // Orders are sent by no strategy, `mm` or `taker` in turn (script-recorder.ts `sendOrder`).
    strategies: [
      { name: 'mm', maxLong: 25, maxShort: 25, maxOpenNotional: 200 },
      { name: 'taker', instruments: [{ symbol: 'BTC-PERP', maxLong: 30, maxShort: 30 }] },
    ],
  });
}

/**
 * The account and loss limits of the allocation config, in quote units (30 per lot on instrument
 * 0, 20 on 1; marks wander about ±2%): each denial of theirs occurs a few hundred times in
 * 200,000 calls, next to every other code.
 */
const GROSS_QUOTE = 1500;
const NET_QUOTE = 900;
const LOSS_LIMIT_QUOTE = 2;
const DRAWDOWN_QUOTE = 0.6;


type Handler = (engine: RiskEngine, ev: Float64Array, b: number) => number;

// Each handler writes its record into one event slot (src/codec/event-slot-layout.ts) and hands
// it to the engine's entry point, as the risk thread hands it a ring slot: typed array to typed
// array, so no number is boxed on the way.
const SLOT = new ArrayBuffer(EVENT_SLOT_BYTES);
export const I32 = new Int32Array(SLOT);
export const F64 = new Float64Array(SLOT);

/** Writes the slot's header words (its `order` and `at` stay as they are: the engine does not read them). */
export function header(tag: number, inst: number, arg: number): void {
  I32[TAG_WORD] = tag;
  I32[INST_WORD] = inst;
  I32[ARG_WORD] = arg;
}

function onFill(engine: RiskEngine, ev: Float64Array, b: number): number {
  const q = ev[b + 5]!;
  header(SlotType.FILL, ev[b + 2]!, q < 0 ? -1 : 1);
  F64[V0_DWORD] = ev[b + 3]!;
  F64[V1_DWORD] = ev[b + 4]!;
  F64[V2_DWORD] = q < 0 ? -q : q;
  F64[V3_DWORD] = ev[b + 6]!;
  F64[V4_DWORD] = ev[b + 7]!;
  return engine.apply(I32, F64, 0);
}

function onOrderUpdate(engine: RiskEngine, ev: Float64Array, b: number): number {
  header(SlotType.ORDER_UPDATE, ev[b + 2]!, ev[b + 4]!);
  F64[V0_DWORD] = ev[b + 3]!;
  F64[V1_DWORD] = ev[b + 5]!;
  F64[V2_DWORD] = ev[b + 6]!;
  F64[V3_DWORD] = ev[b + 7]!;
  F64[V4_DWORD] = 0;
  return engine.apply(I32, F64, 0);
}

function onSnapshot(engine: RiskEngine, ev: Float64Array, b: number): number {
  header(SlotType.SNAPSHOT, ev[b + 2]!, ev[b + 6]!);
  F64[V0_DWORD] = ev[b + 3]!;
  F64[V1_DWORD] = ev[b + 4]!;
  F64[V2_DWORD] = ev[b + 5]!;
  F64[V3_DWORD] = ev[b + 7]!;
  return engine.apply(I32, F64, 0);
}

function onFeed(engine: RiskEngine, ev: Float64Array, b: number): number {
  header(SlotType.FEED, ev[b + 2]!, ev[b + 3] === 1 ? 1 : 0);
  return engine.apply(I32, F64, 0);
}

function onHeartbeat(engine: RiskEngine, ev: Float64Array, b: number): number {
  header(SlotType.HEARTBEAT, ev[b + 2]!, 0);
  return engine.apply(I32, F64, 0);
}

function onMark(engine: RiskEngine, ev: Float64Array, b: number): number {
  header(SlotType.MARK, ev[b + 2]!, 0);
  F64[V0_DWORD] = ev[b + 3]!;
  return engine.apply(I32, F64, 0);
}

function onCheckOrder(engine: RiskEngine, ev: Float64Array, b: number): number {
  // The arg word: side, strategy index + 1 above it (order-request-codec.ts `orderArg`).
  header(SlotType.ORDER, ev[b + 3]!, ev[b + 4]! + ev[b + 7]! * 256);
  F64[V0_DWORD] = ev[b + 2]!;
  F64[V2_DWORD] = ev[b + 5]!;
  F64[V3_DWORD] = ev[b + 6]!;
  F64[V4_DWORD] = 0;
  return engine.decide(I32, F64, 0);
}

function onCheckCancel(engine: RiskEngine, ev: Float64Array, b: number): number {
  header(SlotType.CANCEL, 0, 0);
  F64[V0_DWORD] = ev[b + 2]!;
  return engine.decide(I32, F64, 0);
}

function onKill(engine: RiskEngine, ev: Float64Array, b: number): number {
  header(SlotType.KILL, ev[b + 3]!, ev[b + 2]!);
  return engine.decide(I32, F64, 0);
}

function onDrain(engine: RiskEngine): number {
  let taken = 0;
  while (engine.takeCancelAll() !== NO_CANCEL_ALL) taken++;
  return taken;
}

function onLease(engine: RiskEngine, ev: Float64Array, b: number): number {
  header(SlotType.LEASE, ev[b + 2]!, 0);
  F64[V0_DWORD] = ev[b + 3]!;
  F64[V1_DWORD] = ev[b + 4]!;
  F64[V2_DWORD] = ev[b + 5]!;
  return engine.apply(I32, F64, 0);
}

function onUnknownType(): number {
  return -1000;
}

/**
 * One function per record type, indexed by `Ev`. Called through one call site with ten
 * targets, which V8 does not inline: each type keeps its own stack frame, so a heap profile of
 * a replay attributes every allocation to the type of call that made it.
 */
const HANDLERS: readonly Handler[] = [
  onUnknownType, onFill, onOrderUpdate, onSnapshot, onFeed, onHeartbeat, onMark, onCheckOrder, onCheckCancel, onKill, onDrain, onLease,
];

/**
 * Applies record `n` of `ev` to the engine (advancing the clock and reading it first when its dt
 * is not 0) and returns the engine's result. The same function records and replays.
 */
export function applyEvent(engine: RiskEngine, clock: ManualClock, ev: Float64Array, n: number): number {
  const b = n * STRIDE;
  const dt = ev[b + 1]!;
  if (dt !== 0) {
    clock.advance(dt);
    engine.readClock();
  }
  const type = ev[b]!;
  return (HANDLERS[type >= 1 && type < HANDLERS.length ? type : 0] ?? onUnknownType)(engine, ev, b);
}

/** The stack frame name of the handler of each record type (for reading heap profiles). */
export const HANDLER_NAMES: readonly string[] = HANDLERS.map((h) => h.name);

/**
 * Replays records `[from, to)` and compares each result with the recorded one. Returns the
 * number of differences; `firstDiff[0]` receives the index of the first. Allocates nothing itself.
 */
export function replay(engine: RiskEngine, clock: ManualClock, script: EventScript, from: number, to: number, firstDiff: Float64Array): number {
  const ev = script.events;
  const expected = script.results;
  let diffs = 0;
  for (let n = from; n < to; n++) {
    if (applyEvent(engine, clock, ev, n) !== expected[n]) {
      if (diffs === 0) firstDiff[0] = n;
      diffs++;
    }
  }
  return diffs;
}

export interface EventScript {
  readonly seed: number;
  readonly units: ScriptUnits;
  readonly count: number;
  readonly events: Float64Array;
  /** The result each call returned while the script was recorded. */
  readonly results: Int32Array;
  /** Per step of the recording: 1 while instrument 0 (unsequenced) had an unexplained base. */
  readonly ambiguousShare: number;
  /**
   * Orders the engine still counts at the end that the venue has no open order or pending
   * message for (a recording fault: they would block the engine forever). Should be 0.
   */
  readonly strayOrders: number;
}

/** A fresh engine and clock as the script expects them (same config, clock at `EPOCH_MS`). */
export function scriptEngine(units: ScriptUnits): { engine: RiskEngine; clock: ManualClock } {
  const clock = new ManualClock(EPOCH_MS);
  return { engine: new RiskEngine(allocationConfig(units), clock), clock };
}
