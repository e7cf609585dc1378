import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ApplyResult, Counter } from '../../src/risk/codes.js';
import { DenyReason } from '../../src/risk/deny-reason.js';
import { assertCode, EngineHarness, Mulberry32, testSeed } from '../support/engine-harness.js';

// Fills and order updates (docs/model.md "Fills and order updates"): exec-id de-duplication,
// fills of orders the engine did not send, inferred fills, watermarks, sticky terminal status,
// and the bounded fill ring.

const ROOMY = { maxFills: 100, maxQty: 1000 };

test('when the same execution id arrives twice then the second is dropped and counted', () => {
  const h = new EngineHarness({ unconfirmed: ROOMY });
  h.snap(0);
  assert.equal(h.fill('buy', 2, { exec: 'e1' }), ApplyResult.OK);
  assert.equal(h.fill('buy', 2, { exec: 'e1' }), ApplyResult.DUPLICATE);
  assert.equal(h.engine.counters[Counter.DUPLICATE_FILLS], 1);
  assert.deepEqual(h.interval(), [2, 2]);
  assert.equal(h.engine.ledger.unconfirmedCount(0), 1);
  assert.equal(h.fill('buy', 2, { exec: 'e2' }), ApplyResult.OK);
  assert.deepEqual(h.interval(), [4, 4]);
});

test('when a duplicate fill of one of our orders arrives then the order’s filled quantity moves once', () => {
  const h = new EngineHarness({ unconfirmed: ROOMY });
  h.snap(0);
  assertCode(h.buy('o1', 3), DenyReason.APPROVED);
  h.fill('buy', 1, { order: 'o1', exec: 'x' });
  h.fill('buy', 1, { order: 'o1', exec: 'x' });
  assert.equal(h.engine.openBuy[0], 2);
  assert.deepEqual(h.interval(), [1, 1]);
});

test('when a fill belongs to no order of ours (liquidation, ADL, manual) then it counts like any other', () => {
  const h = new EngineHarness({ maxLong: 10, unconfirmed: ROOMY });
  h.snap(5);
  h.fill('sell', 3); // liquidation, no order id
  assert.deepEqual(h.interval(), [2, 2]);
  h.fill('buy', 4, { order: 'manual-on-the-venue' }); // an id the engine never approved
  assert.deepEqual(h.interval(), [6, 6]);
  assertCode(h.buy('o1', 5), DenyReason.POSITION_LIMIT);
  assertCode(h.buy('o2', 4), DenyReason.APPROVED);
});

test('when a real fill of our order arrives then it moves the position and leaves the open quantity', () => {
  const h = new EngineHarness({ maxLong: 10, unconfirmed: ROOMY });
  h.snap(0);
  assertCode(h.buy('o1', 4), DenyReason.APPROVED);
  h.fill('buy', 3, { order: 'o1' });
  assert.deepEqual(h.interval(), [3, 3]);
  assert.equal(h.engine.openBuy[0], 1);
  assertCode(h.buy('o2', 7), DenyReason.POSITION_LIMIT);
  assertCode(h.buy('o3', 6), DenyReason.APPROVED);
});

for (const sequence of ['none', 'monotonic'] as const) {
  const seq = (n: number): number => (sequence === 'none' ? NaN : n);

  test(`when the order update (filled) arrives before the fill then exposure moves at once and the real fill is not counted twice (${sequence})`, () => {
    const h = new EngineHarness({ maxLong: 2, sequence, unconfirmed: ROOMY });
    h.snap(0, seq(0));
    assertCode(h.buy('o1', 2), DenyReason.APPROVED);
    assert.equal(h.update('o1', 'filled', 2, 0), ApplyResult.OK);
    assert.equal(h.engine.counters[Counter.INFERRED_FILLS], 1);
    assert.equal(h.engine.openBuy[0], 0);
    const [lo, hi] = h.interval();
    assert.equal(hi, 2, 'the inferred fill moves the worst case at once');
    // Without sequence numbers every fill counts as outside the snapshot: a point. With them,
    // whether the snapshot includes the inferred fill is unknown: [0, 2].
    assert.equal(lo, sequence === 'none' ? 2 : 0);
    assertCode(h.buy('o2', 1), DenyReason.POSITION_LIMIT, 'exposure did not drop when the order left the book');
    h.fill('buy', 2, { order: 'o1', seq: seq(1) });
    assert.deepEqual(h.interval(), [2, 2]);
    assert.equal(h.engine.ledger.unconfirmedCount(0), 1);
    assert.equal(h.engine.orders.used, 0, 'the order slot is released once its fills caught up');
    assertCode(h.buy('o3', 1), DenyReason.POSITION_LIMIT);
    assertCode(h.sell('o4', 2), DenyReason.APPROVED);
  });

  test(`when a partial fill is reported before it arrives then only the reported part is inferred (${sequence})`, () => {
    const h = new EngineHarness({ maxLong: 10, sequence, unconfirmed: ROOMY });
    h.snap(0, seq(0));
    assertCode(h.buy('o1', 5), DenyReason.APPROVED);
    h.update('o1', 'partiallyFilled', 2, 3);
    assert.equal(h.engine.openBuy[0], 3);
    assert.equal(h.interval()[1], 2);
    h.fill('buy', 1, { order: 'o1', seq: seq(1) });
    h.fill('buy', 1, { order: 'o1', seq: seq(2) });
    assert.deepEqual(h.interval(), [2, 2]);
    h.fill('buy', 2, { order: 'o1', seq: seq(3) }); // beyond the reported cumQty: new lots
    assert.deepEqual(h.interval(), [4, 4]);
    assert.equal(h.engine.openBuy[0], 1);
    h.update('o1', 'partiallyFilled', 4, 1); // catches up: nothing new
    assert.deepEqual(h.interval(), [4, 4]);
    assertCode(h.buy('o2', 6), DenyReason.POSITION_LIMIT);
    assertCode(h.buy('o3', 5), DenyReason.APPROVED);
  });

  test(`when an update reports a lower cumQty than seen before then nothing moves back (${sequence})`, () => {
    const h = new EngineHarness({ maxLong: 10, sequence, unconfirmed: ROOMY });
    h.snap(0, seq(0));
    assertCode(h.buy('o1', 5), DenyReason.APPROVED);
    h.update('o1', 'partiallyFilled', 3, 2);
    h.update('o1', 'partiallyFilled', 1, 4); // reordered, older update
    assert.equal(h.interval()[1], 3);
    assert.equal(h.engine.openBuy[0], 2);
  });
}

test('when a sequenced snapshot’s residual equals the inferred total then it proves nothing: the interval stays until the real fill', () => {
  const h = new EngineHarness({ maxLong: 10, sequence: 'monotonic', unconfirmed: ROOMY });
  h.snap(0, 0);
  assertCode(h.buy('o1', 2), DenyReason.APPROVED);
  h.update('o1', 'filled', 2, 0);
  assert.deepEqual(h.interval(), [0, 2]);
  assert.equal(h.snap(0, 3), ApplyResult.OK, 'residual 0: says nothing about the inferred lots');
  assert.deepEqual(h.interval(), [0, 2]);
  assert.equal(h.snap(2, 5), ApplyResult.MISMATCH, 'residual 2 == inferred 2: an outside buy of 2 explains it as well');
  assert.equal(h.engine.counters[Counter.MISMATCHES], 1);
  assert.deepEqual(h.interval(), [2, 4]);
  // The real fill's sequence decides: inside the watermark, dropped; the order's slot is freed.
  assert.equal(h.fill('buy', 2, { order: 'o1', seq: 5 }), ApplyResult.INSIDE_SNAPSHOT);
  assert.deepEqual(h.interval(), [2, 2]);
  assert.equal(h.engine.orders.used, 0);
});

test('when an outside buy of the inferred size is what the snapshot includes then a buy that fits only the collapsed estimate is denied', () => {
  // Before: the residual 2 confirmed o1 inside the snapshot, [2, 2], and a buy of 4 was approved
  // (true worst case 2 + 2 + 4 = 8 > maxLong 6). scenarios/21-*.
  for (const side of ['buy', 'sell'] as const) {
    const s = side === 'buy' ? 1 : -1;
    const h = new EngineHarness({ maxLong: 6, maxShort: 6, sequence: 'monotonic', unconfirmed: ROOMY });
    h.snap(0, 100);
    assertCode(h.order('o1', side, 2), DenyReason.APPROVED);
    h.update('o1', 'filled', 2, 0);
    assert.equal(h.snap(2 * s, 101), ApplyResult.MISMATCH, 'it includes the outside trade at seq 101, not o1');
    assert.deepEqual(h.interval(), s > 0 ? [2, 4] : [-4, -2]);
    assertCode(h.order('o2', side, 4), DenyReason.POSITION_LIMIT, `${side} of 4`);
    assertCode(h.order('o3', side, 2), DenyReason.APPROVED, 'within the worst case');
    h.fill(side, 2, { order: 'o1', seq: 102 });
    assert.deepEqual(h.interval(), [4 * s, 4 * s], 'o1 executed after the watermark: the truth');
  }
});

test('when a sequenced snapshot’s residual matches no hypothesis then it is still exact to its watermark and the mismatch is counted', () => {
  const h = new EngineHarness({ sequence: 'monotonic', unconfirmed: ROOMY });
  h.snap(0, 0);
  h.fill('buy', 1, { seq: 1 });
  assert.equal(h.snap(3, 1), ApplyResult.MISMATCH);
  assert.equal(h.engine.counters[Counter.MISMATCHES], 1);
  assert.deepEqual(h.interval(), [3, 3]);
  assert.equal(h.engine.ledger.unconfirmedCount(0), 0);
  assertCode(h.buy('o1', 1), DenyReason.APPROVED, 'a sequenced snapshot is exact: not dirty');
});

test('when sequenced fills are at or below the watermark then they are inside the snapshot: dropped and counted', () => {
  const h = new EngineHarness({ sequence: 'monotonic', unconfirmed: ROOMY });
  h.snap(4, 10);
  assert.equal(h.fill('buy', 1, { seq: 10 }), ApplyResult.INSIDE_SNAPSHOT);
  assert.equal(h.fill('buy', 1, { seq: 3 }), ApplyResult.INSIDE_SNAPSHOT);
  assert.equal(h.engine.counters[Counter.FILLS_INSIDE_SNAPSHOT], 2);
  assert.deepEqual(h.interval(), [4, 4]);
  assert.equal(h.fill('buy', 1, { seq: 11 }), ApplyResult.OK);
  assert.deepEqual(h.interval(), [5, 5]);
});

test('when a sequenced snapshot arrives then fills up to its watermark are confirmed and later ones stay', () => {
  const h = new EngineHarness({ sequence: 'monotonic', unconfirmed: ROOMY });
  h.snap(0, 0);
  h.fill('buy', 1, { seq: 1 });
  h.fill('buy', 2, { seq: 2 });
  h.fill('sell', 1, { seq: 3 });
  assert.equal(h.snap(3, 2), ApplyResult.OK);
  assert.deepEqual(h.interval(), [2, 2]);
  assert.equal(h.engine.ledger.unconfirmedCount(0), 1);
  assert.equal(h.engine.ledger.unconfirmedQty(0), 1);
});

test('when fills arrive on a sequenced instrument before any snapshot then the first snapshot takes those under its watermark', () => {
  const h = new EngineHarness({ sequence: 'monotonic', unconfirmed: ROOMY });
  h.fill('buy', 1, { seq: 1 });
  h.fill('buy', 1, { seq: 2 });
  assert.equal(h.snap(7, 1), ApplyResult.OK);
  assert.deepEqual(h.interval(), [8, 8]);
});

test('when a terminal update has freed the order then a late "new" does not resurrect it', () => {
  const h = new EngineHarness({ maxLong: 10, unconfirmed: ROOMY });
  h.snap(0);
  assertCode(h.buy('o1', 2), DenyReason.APPROVED);
  h.fill('buy', 2, { order: 'o1' });
  h.update('o1', 'filled', 2, 0);
  assert.equal(h.engine.activeOrders[0], 0);
  assert.equal(h.update('o1', 'new', 0, 2), ApplyResult.UNKNOWN_ORDER);
  assert.equal(h.engine.counters[Counter.UNKNOWN_ORDER_UPDATES], 1);
  assert.equal(h.engine.openBuy[0], 0);
  assert.equal(h.engine.activeOrders[0], 0);
  assertCode(h.cancel('o1'), DenyReason.UNKNOWN_ORDER);
});

test('when a terminal order is still held for its fills then a late "new" leaves it done', () => {
  const h = new EngineHarness({ maxLong: 10, maxOpenOrders: 1, unconfirmed: ROOMY });
  h.snap(0);
  assertCode(h.buy('o1', 2), DenyReason.APPROVED);
  h.update('o1', 'filled', 2, 0); // fill not yet seen: slot held
  assert.equal(h.engine.orders.used, 1);
  assert.equal(h.update('o1', 'new', 0, 2), ApplyResult.OK);
  assert.equal(h.engine.openBuy[0], 0);
  assert.equal(h.engine.activeOrders[0], 0);
  assert.deepEqual(h.interval(), [2, 2]);
  assertCode(h.cancel('o1'), DenyReason.UNKNOWN_ORDER);
  assertCode(h.buy('o2', 1), DenyReason.APPROVED, 'maxOpenOrders 1 is free again');
});

test('when a partially filled order is cancelled then a reordered earlier update does not reopen it', () => {
  const h = new EngineHarness({ maxLong: 10, maxOpenOrders: 1, unconfirmed: ROOMY });
  h.snap(0);
  assertCode(h.buy('o1', 5), DenyReason.APPROVED);
  h.update('o1', 'partiallyFilled', 2, 3);
  h.update('o1', 'canceled', 2, 0);
  h.update('o1', 'partiallyFilled', 2, 3); // late, reordered
  assert.deepEqual(h.interval(), [2, 2]);
  assert.equal(h.engine.openBuy[0], 0);
  assert.equal(h.engine.activeOrders[0], 0);
  assert.equal(h.engine.orders.used, 1, 'held until its 2 lots are seen as fills');
  h.fill('buy', 2, { order: 'o1' });
  assert.equal(h.engine.orders.used, 0);
  assert.deepEqual(h.interval(), [2, 2]);
});

test('when an event is malformed then it is ignored and counted as invalid', () => {
  const h = new EngineHarness({ unconfirmed: ROOMY });
  h.snap(0);
  const e = h.engine;
  assert.equal(e.applyFill(0, -1, 1, 1, 0, 100, NaN), ApplyResult.INVALID);
  assert.equal(e.applyFill(0, -1, 2, 1, 1.5, 100, NaN), ApplyResult.INVALID);
  assert.equal(e.applyFill(0, -1, 3, 0, 1, 100, NaN), ApplyResult.INVALID);
  assert.equal(e.applySnapshot(0, 0.5, NaN), ApplyResult.INVALID);
  assert.equal(e.applyOrderUpdate(0, 1, 0, -1, 0), ApplyResult.INVALID);
  assert.equal(e.applyOrderUpdate(0, 1, 9, 0, 0), ApplyResult.INVALID);
  assert.equal(e.counters[Counter.INVALID_EVENTS], 6);
  assert.deepEqual(h.interval(), [0, 0]);
  assert.equal(e.applyFill(0, -1, 1, 1, 1, 100, NaN), ApplyResult.OK, 'an invalid fill does not burn its exec id');
});

test('when a sequenced fill has no sequence number then it is invalid', () => {
  const h = new EngineHarness({ sequence: 'contiguous', unconfirmed: ROOMY });
  h.snap(0, 0);
  assert.equal(h.fill('buy', 1), ApplyResult.INVALID);
  assert.deepEqual(h.interval(), [0, 0]);
});

test('when an event names an unknown instrument then it is ignored (UNKNOWN_INSTRUMENT)', () => {
  const h = new EngineHarness();
  const e = h.engine;
  assert.equal(e.applySnapshot(3, 0, NaN), ApplyResult.UNKNOWN_INSTRUMENT);
  assert.equal(e.applyFill(-1, -1, 1, 1, 1, 100, NaN), ApplyResult.UNKNOWN_INSTRUMENT);
  assert.equal(e.applyOrderUpdate(1, 1, 0, 0, 0), ApplyResult.UNKNOWN_INSTRUMENT);
  assert.equal(e.applyFeedStatus(2, false), ApplyResult.UNKNOWN_INSTRUMENT);
  assert.equal(e.applyHeartbeat(2), ApplyResult.UNKNOWN_INSTRUMENT);
  assert.equal(e.applyMark(2, 100), ApplyResult.UNKNOWN_INSTRUMENT);
});

test('when an order update names an order of another instrument then it is an unknown order there', () => {
  const h = new EngineHarness([{ symbol: 'A' }, { symbol: 'B' }]);
  h.snap(0, NaN, 'A');
  assertCode(h.buy('o1', 1, 100, 'A'), DenyReason.APPROVED);
  assert.equal(h.update('o1', 'filled', 1, 0, 'B'), ApplyResult.UNKNOWN_ORDER);
  assert.equal(h.engine.openBuy[0], 1);
});

for (const sequence of ['none', 'monotonic'] as const) {
  test(`when the fill ring (capacity 4) overflows with no snapshot then the estimate stays exact and the count includes folded fills (${sequence})`, () => {
    const h = new EngineHarness({ sequence, maxLong: 1000, maxShort: 1000, unconfirmed: { maxFills: 3, maxQty: 1000 } }, { fillsPerInstrument: 4 });
    h.snap(0, 0);
    let truth = 0;
    for (let n = 1; n <= 20; n++) {
      const q = (n % 3) + 1;
      const side = n % 4 === 0 ? 'sell' : 'buy';
      truth += side === 'buy' ? q : -q;
      h.fill(side, q, { seq: n });
    }
    assert.deepEqual(h.interval(), [truth, truth]);
    assert.equal(h.engine.ledger.unconfirmedCount(0), 20);
    assert.equal(h.engine.ledger.aggCount[0], 16);
    assertCode(h.buy('o1', 1), DenyReason.UNCONFIRMED_FILLS);
    // A snapshot past every fill confirms the aggregate as well.
    h.snap(truth, 20);
    assert.equal(h.engine.ledger.unconfirmedCount(0), 0);
    assert.deepEqual(h.interval(), [truth, truth]);
    assert.equal(h.engine.counters[Counter.MISMATCHES], 0);
    assertCode(h.buy('o2', 1), DenyReason.APPROVED);
  });

  test(`when the fill ring overflows with orders whose updates run ahead of their fills then the interval always contains the true position (${sequence}, seeded)`, () => {
    const seed = testSeed(`fill-ring overflow ${sequence}`);
    const rnd = new Mulberry32(seed);
    const h = new EngineHarness({ sequence, maxLong: 1e6, maxShort: 1e6, unconfirmed: { maxFills: 3, maxQty: 1e6 } }, { fillsPerInstrument: 4, maxOrders: 64 });
    // Every order is approved up front, while the book is healthy; the steps then report them.
    h.snap(0, 0);
    const orders: ['buy' | 'sell', number][] = [];
    for (let n = 0; n < 60; n++) {
      const side = rnd.below(2) === 0 ? 'buy' : 'sell';
      const q = 1 + rnd.below(3);
      assertCode(h.order(`o${n}`, side, q), DenyReason.APPROVED, `seed ${seed} order ${n}`);
      orders.push([side, q]);
    }
    let truth = 0;
    let seq = 0;
    let nextOrder = 0;
    // Orders whose update (filled) arrived but whose fill has not: [id, side, qty].
    const pending: [string, 'buy' | 'sell', number][] = [];
    for (let step = 0; step < 400; step++) {
      const r = rnd.below(10);
      const side = rnd.below(2) === 0 ? 'buy' : 'sell';
      const q = 1 + rnd.below(3);
      if (r < 4) {
        h.fill(side, q, { seq: ++seq }); // a trade the engine did not send
        truth += side === 'buy' ? q : -q;
      } else if (r < 7 && nextOrder < orders.length) {
        const id = `o${nextOrder}`;
        const [os, oq] = orders[nextOrder++]!;
        h.update(id, 'filled', oq, 0);
        truth += os === 'buy' ? oq : -oq;
        pending.push([id, os, oq]);
      } else if (pending.length > 0) {
        const [id, s, pq] = pending.splice(rnd.below(pending.length), 1)[0]!;
        h.fill(s, pq, { order: id, seq: ++seq });
      }
      const [lo, hi] = h.interval();
      assert.ok(lo <= truth && truth <= hi, `seed ${seed} step ${step}: truth ${truth} outside [${lo}, ${hi}]`);
    }
  });
}

// --- Folded aggregate and later snapshots (found while writing these tests; see the todo notes).

function splitAggregate(maxShort: number): EngineHarness {
  // Capacity 4: six fills seq 1..6 leave seq 1, 2 folded into the aggregate; a snapshot with
  // watermark 1 falls inside it (part of the aggregate is now inside the snapshot).
  const h = new EngineHarness({ sequence: 'monotonic', maxLong: 100, maxShort, unconfirmed: { maxFills: 3, maxQty: 100 } }, { fillsPerInstrument: 4 });
  h.snap(0, 0);
  for (let s = 1; s <= 6; s++) h.fill('buy', 1, { seq: s });
  assert.equal(h.snap(1, 1), ApplyResult.OK);
  assert.deepEqual(h.interval(), [5, 7]);
  return h;
}

test('when a watermark fell inside the folded aggregate then a later snapshot consistent with every fill is not a mismatch', () => {
  const h = splitAggregate(100);
  assert.equal(h.snap(6, 6), ApplyResult.OK);
  assert.equal(h.engine.counters[Counter.MISMATCHES], 0);
});

test('when a watermark fell inside the folded aggregate then a later snapshot does not confirm an inferred sell it does not contain', () => {
  const h = splitAggregate(0);
  assertCode(h.sell('s1', 1), DenyReason.APPROVED);
  h.update('s1', 'filled', 1, 0); // executed (true position 5); its fill (seq 7) is on the way
  h.snap(6, 6); // true position at seq 6: the six buys, not the sell
  const [lo, hi] = h.interval();
  assert.ok(lo <= 5 && 5 <= hi, `true position 5 outside [${lo}, ${hi}]`);
  assertCode(h.sell('s2', 6), DenyReason.POSITION_LIMIT, 'selling 6 from a true 5 breaches maxShort 0');
});

test('when an inferred fill was folded into the aggregate and a walk snapshot confirmed it then its real fill is not counted twice', () => {
  const h = new EngineHarness({ maxLong: 100, unconfirmed: { maxFills: 3, maxQty: 100 } }, { fillsPerInstrument: 4 });
  h.snap(0);
  assertCode(h.buy('o1', 1), DenyReason.APPROVED);
  h.update('o1', 'filled', 1, 0); // inferred +1 ...
  for (let n = 0; n < 4; n++) h.fill('buy', 1); // ... folded by the fourth of these
  assert.deepEqual(h.interval(), [5, 5]);
  assert.equal(h.snap(5), ApplyResult.OK);
  h.fill('buy', 1, { order: 'o1' });
  assert.deepEqual(h.interval(), [5, 5]);
});

test('when an inferred fill\'s execution is lost on a sequenced venue then a fill of an order approved after its update bounds it, and a watermark past that bound confirms it inside', () => {
  const h = new EngineHarness({ sequence: 'contiguous', maxLong: 10, maxShort: 10, snapshotStaleMs: 1000 });
  h.at(0).snap(0, 10);
  assertCode(h.buy('o1', 2), DenyReason.APPROVED);
  assertCode(h.buy('q', 1), DenyReason.APPROVED); // a resting quote: the book is never quiescent
  h.update('q', 'new', 0, 1);
  h.at(5).update('o1', 'filled', 2, 0); // inferred +2; its execution (seq 11) never arrives
  assert.deepEqual(h.interval(), [0, 2]);
  h.at(10).snap(2, 11); // includes seq 11, but the inferred entry has no sequence: still open
  assert.deepEqual(h.interval(), [2, 4], 'inside or not: unknown');
  assertCode(h.health(), DenyReason.APPROVED, 'a question of placement only: held in the interval, off the budget');
  assertCode(h.buy('o3', 6), DenyReason.POSITION_LIMIT, 'checked on the worst case: 4 + 1 open + 6 > 10');
  h.at(1500);
  assertCode(h.health(), DenyReason.APPROVED, 'and it does not age into FEED_STALE');
  assertCode(h.sell('o2', 1), DenyReason.APPROVED);
  h.update('o2', 'filled', 1, 0);
  h.fill('sell', 1, { order: 'o2', seq: 12 }); // o2 was approved after o1's update: o1's execution is below 12
  h.at(1510).snap(1, 12);
  assert.deepEqual(h.interval(), [1, 1], 'the watermark 12 passes the bound: o1 is inside');
  assertCode(h.health(), DenyReason.APPROVED);
  h.at(2000);
  assertCode(h.health(), DenyReason.APPROVED);
  h.fill('buy', 2, { order: 'o1', seq: 11 }); // the lost execution shows up after all: inside, counted once
  assert.deepEqual(h.interval(), [1, 1]);
});

test('when the later fill belongs to an order approved before the inferred update arrived then it bounds nothing', () => {
  const h = new EngineHarness({ sequence: 'contiguous', maxLong: 10, maxShort: 10, unconfirmed: ROOMY });
  h.at(0).snap(0, 10);
  assertCode(h.buy('o1', 2), DenyReason.APPROVED);
  assertCode(h.buy('o2', 1), DenyReason.APPROVED); // approved before o1's update: may have executed first
  h.at(5).update('o1', 'filled', 2, 0);
  h.fill('buy', 1, { order: 'o2', seq: 11 });
  h.at(10).snap(1, 11);
  assert.deepEqual(h.interval(), [1, 3], 'o1\'s execution may be seq 12, after o2\'s: still open');
});
