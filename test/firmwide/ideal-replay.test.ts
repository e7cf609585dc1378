/**
 * The ideal-gate replay on hand-made order streams: each rule's own path, the hosts' own limits,
 * reductions always passing. No NATS.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { replayIdealGate } from '../../src/firmwide/ideal-replay.js';

const o = (host: string, at: number, side: 'buy' | 'sell', qty: number) => ({ host, at, side, qty });

test('when two hosts trade in opposite directions then the net gate nets them and the sides gate stops each side at the firm limit', () => {
  // Limit 4: h1 buys 2 three times, h2 sells 2 three times, interleaved.
  const orders = [o('h1', 1, 'buy', 2), o('h2', 2, 'sell', 2), o('h1', 3, 'buy', 2), o('h2', 4, 'sell', 2), o('h1', 5, 'buy', 2), o('h2', 6, 'sell', 2)];
  assert.deepEqual(replayIdealGate(orders, 4, 100, 'net'), { approved: 6, lots: 12 }, 'net never leaves [-2, 2]');
  assert.deepEqual(replayIdealGate(orders, 4, 100, 'sides'), { approved: 4, lots: 8 }, 'longs stop at 4, shorts at 4');
});

test('when the firm is at its limit then orders that would pass it are denied on the gate\'s own path, and a reduction passes', () => {
  const orders = [o('h1', 1, 'buy', 3), o('h2', 2, 'buy', 3), o('h2', 3, 'buy', 1), o('h1', 4, 'sell', 1), o('h2', 5, 'buy', 1)];
  // 3 + 3 = 6 > limit 5: the second buy is denied, the third (4) passes, the sell reduces, the last buy (4) passes.
  assert.deepEqual(replayIdealGate(orders, 5, 100, 'net'), { approved: 4, lots: 6 });
});

test('when a host reaches its own limit then both rules deny it further, whatever the firm has left', () => {
  const orders = [o('h1', 1, 'buy', 3), o('h1', 2, 'buy', 3), o('h1', 3, 'sell', 5)];
  assert.deepEqual(replayIdealGate(orders, 100, 4, 'net'), { approved: 2, lots: 8 }, 'the second buy (6 > 4) is denied; selling to -2 passes');
  assert.deepEqual(replayIdealGate(orders, 100, 4, 'sides'), { approved: 2, lots: 8 });
});

test('when orders arrive out of time order then they are replayed in time order (ties in the order given)', () => {
  const orders = [o('h1', 5, 'sell', 4), o('h1', 1, 'buy', 4), o('h2', 1, 'buy', 1)];
  // In time: h1 buys 4 (net 4), h2 buys 1 (5 > 4: denied), h1 sells 4.
  assert.deepEqual(replayIdealGate(orders, 4, 100, 'net'), { approved: 2, lots: 8 });
});
