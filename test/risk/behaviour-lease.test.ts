import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ApplyResult } from '../../src/risk/codes.js';
import { DenyReason } from '../../src/risk/deny-reason.js';
import { EngineHarness } from '../support/engine-harness.js';

const code = (c: number): string => String(c);

function ready(position = 0): EngineHarness {
  const h = new EngineHarness({ maxLong: 10, maxShort: 10 });
  h.snap(position);
  return h;
}

test('when no lease was ever applied then the firm-wide check is off (a single host trades up to its own limits)', () => {
  const h = ready();
  assert.equal(code(h.buy('o1', 10)), code(DenyReason.APPROVED));
});

test('when a lease of 4 long is valid then worst case 4 passes and 5 is denied LEASE_LIMIT', () => {
  const h = ready();
  h.engine.applyLease(0, 4, 2, 1000);
  assert.equal(code(h.buy('o1', 3)), code(DenyReason.APPROVED));
  assert.equal(code(h.buy('o2', 2)), code(DenyReason.LEASE_LIMIT), 'open 3 + 2 = 5 > 4');
  assert.equal(code(h.buy('o3', 1)), code(DenyReason.APPROVED), 'open 3 + 1 = 4');
  assert.equal(code(h.sell('o4', 3)), code(DenyReason.LEASE_LIMIT), 'short side: 0 - 3 < -2');
  assert.equal(code(h.sell('o5', 2)), code(DenyReason.APPROVED));
});

test('when the position limit and the lease both fail then POSITION_LIMIT wins (the host\'s own limit is checked first)', () => {
  const h = ready();
  h.engine.applyLease(0, 4, 4, 1000);
  assert.equal(code(h.buy('o1', 11)), code(DenyReason.POSITION_LIMIT));
});

test('when a host starts with a zero lease of 0 ms then nothing risk-increasing passes until its first real lease', () => {
  const h = ready(3);
  h.engine.applyLease(0, 0, 0, 0);
  h.advance(1);
  assert.equal(code(h.buy('o1', 1)), code(DenyReason.LEASE_LIMIT));
  assert.equal(code(h.sell('o2', 2)), code(DenyReason.APPROVED), 'reducing long 3 by 2 passes');
  assert.equal(code(h.sell('o3', 2)), code(DenyReason.LEASE_LIMIT), 'would cross to short 1 with every open sell filled');
  h.engine.applyLease(0, 6, 6, 1000);
  assert.equal(code(h.buy('o4', 3)), code(DenyReason.APPROVED), '3 + 3 = 6');
});

test('when a lease lapses on the engine clock then only risk-reducing orders pass, and a renewal restores it', () => {
  const h = ready(2);
  h.engine.applyLease(0, 8, 8, 500);
  h.advance(500);
  assert.equal(code(h.buy('o1', 1)), code(DenyReason.APPROVED), 'valid through its last ms');
  h.advance(1);
  assert.equal(code(h.buy('o2', 1)), code(DenyReason.LEASE_LIMIT), 'lapsed: long 3 kept, nothing more');
  assert.equal(code(h.sell('o3', 1)), code(DenyReason.APPROVED), 'lapsed: reducing passes');
  h.engine.applyLease(0, 8, 8, 500);
  assert.equal(code(h.buy('o4', 1)), code(DenyReason.APPROVED));
});

test('when a lease is lowered below the exposure held then nothing increases it and reducing still passes', () => {
  const h = ready(6);
  h.engine.applyLease(0, 8, 8, 1000);
  h.engine.applyLease(0, 4, 4, 1000);
  assert.equal(code(h.buy('o1', 1)), code(DenyReason.LEASE_LIMIT));
  assert.equal(code(h.sell('o2', 1)), code(DenyReason.APPROVED));
});

test('when a lease is malformed then it is refused as invalid and the previous one stays', () => {
  const h = ready();
  h.engine.applyLease(0, 4, 4, 1000);
  assert.equal(h.engine.applyLease(0, -1, 4, 1000), ApplyResult.INVALID);
  assert.equal(h.engine.applyLease(0, 1.5, 4, 1000), ApplyResult.INVALID);
  assert.equal(h.engine.applyLease(0, 4, 4, NaN), ApplyResult.INVALID);
  assert.equal(h.engine.applyLease(7, 4, 4, 1000), ApplyResult.UNKNOWN_INSTRUMENT);
  assert.equal(code(h.buy('o1', 4)), code(DenyReason.APPROVED));
  assert.equal(code(h.buy('o2', 1)), code(DenyReason.LEASE_LIMIT));
});
