/**
 * The firm-wide availability measure on hand-made truths: both oracles and the cause each missed
 * order is put down to. No NATS: the measure reads only the simulator's histories and the hosts'
 * decisions.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { measureFirmAvailability, positionAt, type DecidedOrder } from '../../src/firmwide/firm-availability.js';
import type { PositionPoint } from '../../src/sim/index.js';

const S = 'BTCUSDT';
const hist = (...pts: [number, number][]): PositionPoint[] => pts.map(([at, position]) => ({ at, symbol: S, position }));
const order = (host: string, at: number, side: 'buy' | 'sell', qty: number, verdict: string, lease: DecidedOrder['lease'] = 'valid'): DecidedOrder => ({ host, at, side, qty, verdict, lease });

test('when a history is read at a time then the last point at or before it counts, 0 before the first', () => {
  const h = hist([10, 2], [20, 5], [30, -1]);
  assert.deepEqual([5, 10, 15, 20, 29, 30, 99].map((t) => positionAt(h, t)), [0, 2, 2, 5, 5, -1, -1]);
});

test('when one host is long and another short then the net oracle nets them and the slice oracle does not', () => {
  // Limit 10: h1 long 8, h2 short 8, firm flat.
  const histories = new Map([['h1', hist([0, 8])], ['h2', hist([0, -8])]]);
  const r = measureFirmAvailability(histories, [
    order('h1', 5, 'buy', 3, 'LEASE_LIMIT'), // net 0+3 ok; longs 8+3 = 11 > 10: only netting approves
    order('h1', 5, 'buy', 2, 'LEASE_LIMIT'), // longs 10: the slice oracle approves too: lots held elsewhere
    order('h2', 5, 'buy', 2, 'APPROVED'), // h2 reduces its short: both approve
    order('h1', 5, 'sell', 20, 'POSITION_LIMIT'), // net -20 < -10: neither oracle approves
  ], 10);
  assert.equal(r.oracleApproved, 3);
  assert.equal(r.bothApproved, 1);
  assert.equal(r.sliceOracleApproved, 2);
  assert.equal(r.sliceBothApproved, 1);
  assert.deepEqual(r.missed, { 'LEASE_LIMIT: slice, no netting': 1, 'LEASE_LIMIT: slice, lots held elsewhere': 1 });
  assert.equal(r.approvedOracleDenied, 0);
});

test('when a host is denied with no lease yet or a lapsed lease then that is the cause, whatever the oracles say', () => {
  const histories = new Map([['h1', hist([0, 0])], ['h2', hist([0, 0])]]);
  const r = measureFirmAvailability(histories, [
    order('h1', 1, 'buy', 1, 'LEASE_LIMIT', 'none'),
    order('h2', 1, 'sell', 1, 'LEASE_LIMIT', 'lapsed'),
    order('h2', 1, 'sell', 1, 'UNCONFIRMED_FILLS'),
  ], 10);
  assert.deepEqual(r.missed, { 'LEASE_LIMIT: no lease yet': 1, 'LEASE_LIMIT: lapsed': 1, UNCONFIRMED_FILLS: 1 });
  assert.equal(r.availability, 0);
});

test('when a host approves what the net oracle denies then it is counted, never hidden', () => {
  const histories = new Map([['h1', hist([0, 10])]]);
  const r = measureFirmAvailability(histories, [order('h1', 1, 'buy', 1, 'APPROVED')], 10);
  assert.equal(r.approvedOracleDenied, 1);
  assert.equal(r.oracleApproved, 0);
  assert.equal(r.availability, 1, 'no oracle approval: nothing was missed');
});

test('when an order crosses a host\'s position through zero then the slice oracle checks the side it ends on', () => {
  // h1 long 3 sells 8: ends short 5; h2 already short 6: shorts 11 > 10; the firm (net 2) ends at -6.
  const histories = new Map([['h1', hist([0, 3])], ['h2', hist([0, -6])], ['h3', hist([0, 5])]]);
  const r = measureFirmAvailability(histories, [order('h1', 1, 'sell', 8, 'LEASE_LIMIT'), order('h1', 1, 'sell', 7, 'APPROVED')], 10);
  assert.equal(r.oracleApproved, 2);
  assert.equal(r.sliceOracleApproved, 1, 'selling 7 ends short 4: shorts 10, within the limit');
  assert.deepEqual(r.missed, { 'LEASE_LIMIT: slice, no netting': 1 });
});
