/**
 * Codec round trips for every slot type, with seeded random values (CODEC_SEED to reproduce),
 * written at a random slot of a multi-slot buffer whose neighbours are canaries that must stay
 * untouched. Also checks the layout's derived offsets.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  EVENT_SLOT_BYTES, SLOT_END, SlotType, MAX_SLOT_TYPE, slotTag, slotOrder,
  encodeFill, decodeFill, encodeOrderUpdate, decodeOrderUpdate, encodeSnapshot, decodeSnapshot,
  encodeFeedStatus, decodeFeedStatus, encodeHeartbeat, decodeHeartbeat, encodeMark, decodeMark,
  encodeOrderRequest, decodeOrderRequest, orderArg, orderArgSide, orderArgStrategy, NO_STRATEGY, MAX_STRATEGY, encodeCancelRequest, decodeCancelRequest,
  encodeKillRequest, decodeKillRequest, encodeDecision, decodeDecision, encodeCancelAll, decodeCancelAll,
  encodeLaneStatus, decodeLaneStatus, copySlot, encodeLease, decodeLease,
} from '../../src/codec/index.js';
import { Prng } from '../ring/support/prng.js';

const SEED = process.env['CODEC_SEED'] !== undefined ? Number(process.env['CODEC_SEED']) >>> 0 : 0xc0dec;
const SLOTS = 8;
const CANARY = 0x5a5a5a5a;

function header(): { tag: number; inst: number; arg: number; order: number; at: number } {
  return { tag: 0, inst: 0, arg: 0, order: 0, at: 0 };
}

class Gen {
  constructor(private readonly r: Prng) {}
  int(lo: number, hi: number): number {
    return lo + this.r.below(hi - lo + 1);
  }
  /** A safe integer of up to 53 bits, either sign. */
  big(): number {
    const v = (this.r.nextU32() % 2 ** 21) * 2 ** 32 + this.r.nextU32();
    return this.r.below(2) === 0 ? v : -v;
  }
  price(): number {
    return (1 + this.r.nextU32()) / 1024;
  }
  maybeNaN(v: number): number {
    return this.r.below(4) === 0 ? NaN : v;
  }
}

test('the layout ends exactly at one 64-byte slot and its tags are dense', () => {
  assert.equal(SLOT_END, EVENT_SLOT_BYTES);
  assert.equal(EVENT_SLOT_BYTES, 64);
  const tags = Object.values(SlotType).sort((a, b) => a - b);
  assert.deepEqual(tags, Array.from({ length: MAX_SLOT_TYPE + 1 }, (_, i) => i));
});

test(`when every slot type is encoded with seeded random values then it decodes to the same values and touches only its slot (seed ${SEED})`, () => {
  const r = new Prng(SEED);
  const g = new Gen(r);
  const buf = new ArrayBuffer(SLOTS * EVENT_SLOT_BYTES);
  const i32 = new Int32Array(buf);
  const f64 = new Float64Array(buf);
  for (let round = 0; round < 2000; round++) {
    i32.fill(CANARY);
    const slot = r.below(SLOTS);
    const off = slot * EVENT_SLOT_BYTES;
    const order = g.int(-1, 2 ** 31 - 1);
    const at = g.maybeNaN(g.big());
    const inst = g.int(-2, 1000);
    const kind = 1 + r.below(MAX_SLOT_TYPE);
    switch (kind) {
      case SlotType.FILL: {
        const v = { orderKey: g.big(), execKey: g.big(), side: r.below(2) === 0 ? 1 : -1, qty: g.big(), price: g.price(), seq: g.maybeNaN(g.big()) };
        encodeFill(i32, f64, off, order, at, inst, v.orderKey, v.execKey, v.side, v.qty, v.price, v.seq);
        const out = { ...header(), orderKey: 0, execKey: 0, qty: 0, price: 0, seq: 0 };
        decodeFill(i32, f64, off, out);
        assert.deepEqual(out, { tag: SlotType.FILL, inst, arg: v.side, order, at, orderKey: v.orderKey, execKey: v.execKey, qty: v.qty, price: v.price, seq: v.seq });
        break;
      }
      case SlotType.ORDER_UPDATE: {
        const v = { orderKey: g.big(), status: g.int(0, 4), cumQty: g.big(), leavesQty: g.big(), side: g.int(-1, 1), reduceOnly: g.int(0, 1) };
        encodeOrderUpdate(i32, f64, off, order, at, inst, v.orderKey, v.status, v.cumQty, v.leavesQty, v.side, v.reduceOnly);
        const out = { ...header(), orderKey: 0, cumQty: 0, leavesQty: 0, side: 9, reduceOnly: 9 };
        decodeOrderUpdate(i32, f64, off, out);
        assert.deepEqual(out, { tag: kind, inst, arg: v.status, order, at, orderKey: v.orderKey, cumQty: v.cumQty, leavesQty: v.leavesQty, side: v.side, reduceOnly: v.reduceOnly });
        break;
      }
      case SlotType.SNAPSHOT: {
        const position = g.big();
        const seq = g.maybeNaN(g.big());
        const venueTime = g.maybeNaN(Math.abs(g.big()));
        const asOf = g.maybeNaN(g.big());
        encodeSnapshot(i32, f64, off, order, at, inst, position, seq, venueTime, 0, asOf);
        const out = { ...header(), position: 0, seq: 0, venueTime: 0, asOf: 0 };
        decodeSnapshot(i32, f64, off, out);
        assert.deepEqual(out, { tag: kind, inst, arg: 0, order, at, position, seq, venueTime, asOf });
        break;
      }
      case SlotType.FEED: {
        const up = r.below(2) === 0;
        encodeFeedStatus(i32, f64, off, order, at, inst, up);
        const out = header();
        decodeFeedStatus(i32, f64, off, out);
        assert.deepEqual(out, { tag: kind, inst, arg: up ? 1 : 0, order, at });
        break;
      }
      case SlotType.HEARTBEAT: {
        encodeHeartbeat(i32, f64, off, order, at, inst);
        const out = header();
        decodeHeartbeat(i32, f64, off, out);
        assert.deepEqual(out, { tag: kind, inst, arg: 0, order, at });
        break;
      }
      case SlotType.MARK: {
        const price = g.price();
        encodeMark(i32, f64, off, order, at, inst, price);
        const out = { ...header(), price: 0 };
        decodeMark(i32, f64, off, out);
        assert.deepEqual(out, { tag: kind, inst, arg: 0, order, at, price });
        break;
      }
      case SlotType.ORDER: {
        const v = { requestId: g.big(), orderKey: g.big(), side: r.below(2) === 0 ? 1 : -1, qty: g.big(), price: g.price(), reduceOnly: r.below(2) };
        const strategy = r.below(3) === 0 ? NO_STRATEGY : r.below(3) === 0 ? MAX_STRATEGY : r.below(64);
        encodeOrderRequest(i32, f64, off, order, at, v.requestId, v.orderKey, inst, v.side, v.qty, v.price, v.reduceOnly, strategy);
        const out = { ...header(), orderKey: 0, requestId: 0, qty: 0, price: 0, reduceOnly: -1 };
        decodeOrderRequest(i32, f64, off, out);
        assert.deepEqual(out, { tag: kind, inst, arg: orderArg(v.side, strategy), order, at, orderKey: v.orderKey, requestId: v.requestId, qty: v.qty, price: v.price, reduceOnly: v.reduceOnly });
        assert.equal(orderArgSide(out.arg), v.side);
        assert.equal(orderArgStrategy(out.arg), strategy);
        break;
      }
      case SlotType.CANCEL: {
        const requestId = g.big();
        const orderKey = g.big();
        encodeCancelRequest(i32, f64, off, order, at, requestId, orderKey);
        const out = { ...header(), orderKey: 0, requestId: 0 };
        decodeCancelRequest(i32, f64, off, out);
        assert.deepEqual(out, { tag: kind, inst: 0, arg: 0, order, at, orderKey, requestId });
        break;
      }
      case SlotType.KILL: {
        const requestId = g.big();
        const mode = g.int(0, 2);
        encodeKillRequest(i32, f64, off, order, at, requestId, mode, inst);
        const out = { ...header(), requestId: 0 };
        decodeKillRequest(i32, f64, off, out);
        assert.deepEqual(out, { tag: kind, inst, arg: mode, order, at, requestId });
        break;
      }
      case SlotType.DECISION: {
        const requestId = g.big();
        const code = g.int(0, 18);
        encodeDecision(i32, f64, off, order, at, requestId, code);
        const out = { ...header(), requestId: 0 };
        decodeDecision(i32, f64, off, out);
        assert.deepEqual(out, { tag: kind, inst: 0, arg: code, order, at, requestId });
        break;
      }
      case SlotType.CANCEL_ALL: {
        encodeCancelAll(i32, f64, off, order, at, inst);
        const out = header();
        decodeCancelAll(i32, f64, off, out);
        assert.deepEqual(out, { tag: kind, inst, arg: 0, order, at });
        break;
      }
      case SlotType.LANE_DOWN:
      case SlotType.LANE_UP: {
        const lane = g.int(0, 63);
        encodeLaneStatus(i32, f64, off, lane, kind === SlotType.LANE_UP);
        const out = header();
        decodeLaneStatus(i32, f64, off, out);
        assert.deepEqual(out, { tag: kind, inst: lane, arg: 0, order: -1, at: NaN });
        break;
      }
      case SlotType.LEASE: {
        const v = { long: g.big(), short: g.big(), forMs: g.big() };
        encodeLease(i32, f64, off, order, at, inst, v.long, v.short, v.forMs);
        const out = { ...header(), long: 0, short: 0, forMs: 0 };
        decodeLease(i32, f64, off, out);
        assert.deepEqual(out, { tag: kind, inst, arg: 0, order, at, ...v });
        break;
      }
      default:
        assert.fail(`no round trip for slot type ${kind}`);
    }
    assert.equal(slotTag(i32, off), kind);
    for (let w = 0; w < i32.length; w++) {
      if (w >= off >> 2 && w < (off + EVENT_SLOT_BYTES) >> 2) continue;
      if (i32[w] !== CANARY) assert.fail(`word ${w} outside slot ${slot} was overwritten (type ${kind})`);
    }
    // copySlot moves the whole slot, bit for bit.
    const to = ((slot + 1) % SLOTS) * EVENT_SLOT_BYTES;
    copySlot(i32, off, i32, to);
    assert.deepEqual(i32.subarray(to >> 2, (to >> 2) + 16), i32.subarray(off >> 2, (off >> 2) + 16));
    if (kind !== SlotType.LANE_DOWN && kind !== SlotType.LANE_UP) assert.equal(slotOrder(i32, to), order);
  }
});

test('when a snapshot is encoded without a venue time or as-of into a reused slot then they read NaN, not the old values', () => {
  const buf = new SharedArrayBuffer(EVENT_SLOT_BYTES);
  const i32 = new Int32Array(buf);
  const f64 = new Float64Array(buf);
  encodeSnapshot(i32, f64, 0, 0, 1, 0, 5, NaN, 1_700_000_000_123, 1, 12_345);
  encodeSnapshot(i32, f64, 0, 1, 2, 0, 6, NaN);
  const out = { ...header(), position: 0, seq: 0, venueTime: 0, asOf: 0 };
  decodeSnapshot(i32, f64, 0, out);
  assert.equal(out.position, 6);
  assert.ok(Number.isNaN(out.venueTime));
  assert.ok(Number.isNaN(out.asOf));
});

test('when an ORDER slot\'s arg word packs a side and a strategy then both read back; a format-7 word (the side alone) reads as no strategy; no side but ±1 becomes valid', () => {
  assert.equal(orderArg(1, NO_STRATEGY), 1, 'no strategy: the word is the side, as format 7 wrote it');
  assert.equal(orderArg(-1, NO_STRATEGY), -1);
  for (const side of [1, -1]) {
    for (const strategy of [NO_STRATEGY, 0, 1, 255, 256, MAX_STRATEGY]) {
      const arg = orderArg(side, strategy);
      assert.equal(orderArgSide(arg), side, `side of ${arg}`);
      assert.equal(orderArgStrategy(arg), strategy, `strategy of ${arg}`);
    }
  }
  for (const side of [0, 2, -2, 255, 257, -255, 1 << 20, 0x7fffffff]) {
    for (const strategy of [NO_STRATEGY, 0, 7, MAX_STRATEGY]) assert.equal(orderArgSide(orderArg(side, strategy)), 0, `side ${side} is written as 0`);
  }
  for (const legacy of [0, 2, -2, 100, -100]) {
    assert.equal(orderArgStrategy(legacy), NO_STRATEGY, `a format-7 side word ${legacy} names no strategy`);
    assert.equal(orderArgSide(legacy), legacy);
  }
});
