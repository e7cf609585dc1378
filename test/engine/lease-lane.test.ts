/**
 * Firm-wide leases reach the risk thread through an event lane (LEASE slots): a host starts with
 * a zero lease, so nothing risk-increasing passes before its first real one; the lease then
 * bounds the worst case and lapses on the risk thread's own clock. Every wait is bounded.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RiskGate } from '../../src/gate/index.js';
import { EventLaneStatus } from '../../src/engine/index.js';
import { Side } from '../../src/risk/codes.js';
import { DenyReason } from '../../src/risk/deny-reason.js';
import { until } from './support/slots.js';

const CONFIG = { instruments: [{ symbol: 'BTC', maxLong: 10, maxShort: 10 }] };
const BTC = 0;

/** The lane's ring is empty: the risk thread applied (and released) every slot published on it. */
function drained(gate: RiskGate, lane: string): boolean {
  return gate.ringStatus().find((r) => r.name === `${lane}:input`)?.used === 0;
}

test('when a host applies a zero lease before trading then only risk-reducing orders pass until a lease arrives, which then bounds the worst case and lapses on the risk thread\'s clock', async () => {
  const gate = new RiskGate(CONFIG);
  await gate.start();
  try {
    const leases = gate.openEventLane('leases');
    assert.equal(leases.lease(BTC, 0, 0, 0), EventLaneStatus.ACCEPTED);
    await until(() => drained(gate, 'leases'), 'the zero lease applied');
    const lane = gate.openEventLane('gateway');
    const client = gate.client(gate.createStrategy('taker'));
    assert.equal(lane.snapshot(BTC, 2), EventLaneStatus.ACCEPTED);
    await until(() => gate.state()?.instruments[BTC]?.health === 0, 'the snapshot applied');
    assert.equal(client.decideOrder(1, BTC, Side.BUY, 1, 100), DenyReason.LEASE_LIMIT, 'no lease yet: nothing risk-increasing');
    assert.equal(client.decideOrder(2, BTC, Side.SELL, 1, 100), DenyReason.APPROVED, 'reducing long 2 passes');

    assert.equal(leases.lease(BTC, 4, 3, 60_000), EventLaneStatus.ACCEPTED);
    await until(() => drained(gate, 'leases'), 'the lease applied');
    assert.equal(client.decideOrder(3, BTC, Side.BUY, 2, 100), DenyReason.APPROVED, 'long 2 + 2 = 4');
    assert.equal(client.decideOrder(4, BTC, Side.BUY, 1, 100), DenyReason.LEASE_LIMIT, 'long 2 + open 2 + 1 = 5 > 4');

    assert.equal(leases.lease(BTC, 9, 9, 150), EventLaneStatus.ACCEPTED);
    await until(() => drained(gate, 'leases'), 'the short lease applied');
    assert.equal(client.decideOrder(5, BTC, Side.BUY, 1, 100), DenyReason.APPROVED);
    await new Promise((r) => setTimeout(r, 400));
    assert.equal(client.decideOrder(6, BTC, Side.BUY, 1, 100), DenyReason.LEASE_LIMIT, 'lapsed: reduce-only');
    assert.equal(client.decideOrder(7, BTC, Side.SELL, 1, 100), DenyReason.APPROVED, 'lapsed: reducing passes');
  } finally {
    await gate.stop();
  }
});
