import { test } from 'node:test';
import assert from 'node:assert/strict';
import { KillMode, NO_CANCEL_ALL, OrderStatusCode } from '../../src/risk/codes.js';
import { DenyReason, denyReasonName } from '../../src/risk/deny-reason.js';
import {
  ARG_WORD, EVENT_SLOT_BYTES, INST_WORD, SlotType, TAG_WORD, V0_DWORD, V2_DWORD, V3_DWORD, V4_DWORD,
} from '../../src/codec/index.js';
import type { RiskEngine } from '../../src/risk/risk-engine.js';
import { applyEvent, EV_NAMES, scriptEngine, STRIDE, UNITS } from './support/engine-event-script.js';
import { generateScript } from './support/script-recorder.js';
import { EngineHarness, Mulberry32, testSeed } from '../support/engine-harness.js';

// The order check (`screenOrder`) is written for the hot path: the slot's int32 instrument index,
// the instrument's gate record for its trading state, health, interval and limits. The same
// checks written one by one from the engine's own arrays and the reference computations
// (`screenOrderReference`: `healthCode`, `knownLoss`, `ledger.estimate`) must give the same
// answer for every state and every order. A seeded venue and strategy script moves the state
// through every kind of trouble; around it the test switches the journal, the global kill
// switch and firm-wide leases, and after every event asks both about a few random orders,
// valid and malformed.

/** The ORDER slot both checks are asked about (event-slot-layout.ts, order-request-codec.ts). */
const SLOT = new ArrayBuffer(EVENT_SLOT_BYTES);
const I32 = new Int32Array(SLOT);
const F64 = new Float64Array(SLOT);
I32[TAG_WORD] = SlotType.ORDER;

/** Writes an order into the slot (its instrument and side are the slot's int32 words). */
function order(key: number, inst: number, side: number, qty: number, price: number, reduceOnly: number): void {
  I32[INST_WORD] = inst;
  I32[ARG_WORD] = side;
  F64[V0_DWORD] = key;
  F64[V2_DWORD] = qty;
  F64[V3_DWORD] = price;
  F64[V4_DWORD] = reduceOnly;
}

/** A random order in the slot: mostly sensible, sometimes each kind of malformed. */
function randomOrder(e: RiskEngine, rng: Mulberry32): void {
  const r = rng.next01();
  const inst = r < 0.9 ? rng.below(2) : [7, -1, -2, 2, 2 ** 30, -(2 ** 31)][rng.below(6)]!;
  const side = rng.next01() < 0.97 ? (rng.next01() < 0.5 ? 1 : -1) : [0, 2, -2][rng.below(3)]!;
  const qty = rng.next01() < 0.95 ? 1 + rng.below(rng.next01() < 0.8 ? 8 : 30) : [0, -1, 1.5, NaN, Infinity, 2 ** 53][rng.below(6)]!;
  const i = inst === 1 ? 1 : 0;
  const u = UNITS.venue;
  const mark = e.mark[i]! > 0 ? e.mark[i]! : u.start[i]!;
  const p = rng.next01();
  const price = p < 0.85 ? mark + (rng.below(21) - 10) * u.tick[i]! : p < 0.95 ? mark * (rng.next01() < 0.5 ? 0.98 : 1.02) : [0, -5, NaN, Infinity][rng.below(4)]!;
  const reduceOnly = rng.next01() < 0.9 ? 0 : rng.next01() < 0.9 ? 1 : 2;
  // The script's keys are small dense handles: some of these are live orders (a duplicate id).
  order(rng.next01() < 0.7 ? 1_000_000 + rng.below(1_000_000) : rng.below(450), inst, side, qty, price, reduceOnly);
}

/** Switches what the script itself does not: the journal, the global kill switch, leases (each for a short while). */
function perturb(e: RiskEngine, rng: Mulberry32): void {
  const r = rng.next01();
  if (e.journalDown === 1) {
    if (r < 0.2) e.journalDown = 0;
  } else if (r < 0.003) {
    e.journalDown = 1;
  }
  if (e.globalKillMode !== KillMode.RESUME) {
    if (rng.next01() < 0.1) e.kill(KillMode.RESUME, -1);
  } else if (rng.next01() < 0.004) {
    e.kill(rng.next01() < 0.5 ? KillMode.REDUCE : KillMode.HALT, -1);
  }
  if (rng.next01() < 0.01) e.applyLease(rng.below(2), rng.below(50), rng.below(50), rng.next01() < 0.3 ? 0 : rng.below(5_000));
  while (e.takeCancelAll() !== NO_CANCEL_ALL);
}

/** Asks both checks about the order in the slot (neither writes it); fails naming the state unless they agree. */
function compare(e: RiskEngine, where: () => string, seen: Map<number, number>): void {
  const reference = e.screenOrderReference(I32, F64, 0);
  const hot = e.screenOrder(I32, F64, 0);
  if (hot !== reference) {
    assert.fail(
      `${where()}, order inst=${I32[INST_WORD]} side=${I32[ARG_WORD]} qty=${F64[V2_DWORD]} price=${F64[V3_DWORD]} `
      + `reduceOnly=${F64[V4_DWORD]} key=${F64[V0_DWORD]}: hot ${denyReasonName(hot)}, reference ${denyReasonName(reference)}`,
    );
  }
  seen.set(hot, (seen.get(hot) ?? 0) + 1);
}

function missingAnswers(seen: ReadonlyMap<number, number>, every: readonly number[]): string[] {
  return every.filter((c) => (seen.get(c) ?? 0) === 0).map((c) => denyReasonName(c));
}

function reached(seen: ReadonlyMap<number, number>): string {
  return [...seen].map(([c, k]) => `${denyReasonName(c)} ${k}`).join(', ');
}

test('when a seeded script drives the engine through every kind of state then the hot order check answers exactly what the reference checks answer', () => {
  const seed = testSeed('order check against the reference checks');
  const script = generateScript(seed, 30_000, 'venue');
  const { engine, clock } = scriptEngine('venue');
  const rng = new Mulberry32(seed ^ 0x5bd1e995);
  const seen = new Map<number, number>();
  for (let n = 0; n < script.count; n++) {
    applyEvent(engine, clock, script.events, n);
    perturb(engine, rng);
    for (let k = 0; k < 4; k++) {
      randomOrder(engine, rng);
      compare(engine, () => `seed ${seed}: after event ${n} (${EV_NAMES[script.events[n * STRIDE]!]})`, seen);
    }
  }
  // The states must have reached every answer they can give, or this proves little (a sequence
  // gap needs a contiguous instrument: the next test).
  const every = [
    DenyReason.APPROVED, DenyReason.UNKNOWN_INSTRUMENT, DenyReason.INVALID_ORDER, DenyReason.DUPLICATE_ORDER_ID, DenyReason.MAX_ORDER_QTY,
    DenyReason.MAX_ORDER_NOTIONAL, DenyReason.PRICE_BAND, DenyReason.DUPLICATE_ORDER, DenyReason.JOURNAL_DOWN, DenyReason.KILL_SWITCH,
    DenyReason.FLIP_FLOP, DenyReason.REDUCE_ONLY, DenyReason.FEED_STALE, DenyReason.POSITION_MISMATCH,
    DenyReason.UNCONFIRMED_FILLS, DenyReason.POSITION_LIMIT, DenyReason.LEASE_LIMIT, DenyReason.MAX_OPEN_ORDERS, DenyReason.RATE_LIMIT,
  ];
  assert.deepEqual(missingAnswers(seen, every), [], `seed ${seed}: answers never reached (reached: ${reached(seen)})`);
});

test('when random fills with sequence gaps, reversals, snapshots and orders hit a contiguous instrument then the hot order check answers exactly what the reference checks answer', () => {
  const seed = testSeed('order check against the reference checks, contiguous');
  const rng = new Mulberry32(seed);
  const guards = {
    maxLong: 12, maxShort: 12, maxOrderQty: 6, maxOpenOrders: 5, orderRate: { max: 4, perMs: 50 },
    unconfirmed: { maxFills: 4, maxQty: 12 }, snapshotStaleMs: 400, heartbeatTimeoutMs: 300, duplicateWindowMs: 20, priceBandBps: 300,
    flipFlop: { windowMs: 500, maxReversals: 2, maxGrossMultiple: 6, cooldownMs: 300 },
  };
  // Instrument 0 contiguous (gaps), 1 monotonic (fills stay unconfirmed until a snapshot).
  const h = new EngineHarness([{ symbol: 'C', sequence: 'contiguous', ...guards }, { symbol: 'M', sequence: 'monotonic', ...guards }]);
  const e = h.engine;
  const seen = new Map<number, number>();
  const seqs = [0, 0];
  const positions = [0, 0];
  let key = 1;
  e.applyMark(0, 100);
  e.applyMark(1, 100);
  for (let n = 0; n < 30_000; n++) {
    const i = rng.below(2);
    const r = rng.next01();
    if (r < 0.3) {
      const q = 1 + rng.below(4);
      const side = rng.next01() < 0.5 ? 1 : -1;
      seqs[i]! += rng.next01() < 0.05 ? 2 + rng.below(3) : 1; // sometimes skips numbers: a gap on the contiguous one
      positions[i]! += side * q;
      e.applyFill(i, -1, 1_000_000 + n, side, q, 100, seqs[i]!);
    } else if (r < 0.37) {
      e.applySnapshot(i, positions[i]! + (rng.next01() < 0.05 ? 1 : 0), seqs[i]! - (rng.next01() < 0.3 ? rng.below(3) : 0));
    } else if (r < 0.42) {
      e.applyHeartbeat(i);
    } else if (r < 0.43) {
      e.applyFeedStatus(i, rng.next01() < 0.7);
    } else if (r < 0.46) {
      e.applyMark(i, 100 + rng.below(5) - 2);
    } else if (r < 0.47) {
      e.kill([KillMode.RESUME, KillMode.RESUME, KillMode.REDUCE, KillMode.HALT][rng.below(4)]!, rng.next01() < 0.5 ? i : -1);
      while (e.takeCancelAll() !== NO_CANCEL_ALL);
    } else if (r < 0.52) {
      e.applyOrderUpdate(i, 1 + rng.below(key), [OrderStatusCode.NEW, OrderStatusCode.FILLED, OrderStatusCode.CANCELED][rng.below(3)]!, 0, 0);
    } else if (r < 0.57) {
      h.advance(rng.below(100));
    } else {
      const k = rng.next01() < 0.9 ? key : 1 + rng.below(key);
      const side = rng.next01() < 0.5 ? 1 : -1;
      const qty = 1 + rng.below(8);
      const price = 100 + rng.below(5) - 2;
      order(k, i, side, qty, price, rng.next01() < 0.1 ? 1 : 0);
      compare(e, () => `seed ${seed}: after step ${n}`, seen);
      if (e.decide(I32, F64, 0) === DenyReason.APPROVED) key++;
    }
  }
  const every = [
    DenyReason.APPROVED, DenyReason.DUPLICATE_ORDER_ID, DenyReason.MAX_ORDER_QTY, DenyReason.DUPLICATE_ORDER, DenyReason.KILL_SWITCH,
    DenyReason.FLIP_FLOP, DenyReason.REDUCE_ONLY, DenyReason.FEED_STALE, DenyReason.SEQUENCE_GAP, DenyReason.UNCONFIRMED_FILLS,
    DenyReason.POSITION_LIMIT, DenyReason.MAX_OPEN_ORDERS, DenyReason.RATE_LIMIT,
  ];
  assert.deepEqual(missingAnswers(seen, every), [], `seed ${seed}: answers never reached (reached: ${reached(seen)})`);
});
