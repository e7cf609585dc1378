/**
 * A full feed ring never loses an event silently: the producer gets RING_FULL and records a
 * drop; the risk thread counts the loss and holds the feed's instruments down (FEED_STALE for
 * risk-increasing orders) until the producer's loss-end marker, then the core waits for a
 * snapshot published after the loss.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RiskGate } from '../../src/gate/index.js';
import { DenyReason } from '../../src/risk/deny-reason.js';
import { snapshotSlots, until, withHeartbeats } from './support/slots.js';

const SCRIPTED = new URL('./fixtures/scripted-feed-source.js', import.meta.url).href;

test('when a burst overflows a tiny feed ring then drops are counted, the feed is marked down, and orders get FEED_STALE until a fresh snapshot', async () => {
  const gate = new RiskGate({ instruments: [{ symbol: 'BTC', maxLong: 10, maxShort: 10 }, { symbol: 'ETH', maxLong: 10, maxShort: 10 }] });
  await gate.start();
  try {
    const control = new SharedArrayBuffer(8);
    const go = new Int32Array(control);
    // Ring of 4 slots. Phase 1 (released once the worker's LANE_UP is consumed): a snapshot and
    // 20 heartbeats claimed before one publish, so 4 fit and 17 are dropped whatever the
    // consumer's speed.
    gate.attachFeed({
      name: 'btc-feed', instruments: ['BTC'], ringCapacity: 4,
      source: { module: SCRIPTED, options: { phases: [new Int32Array(0), withHeartbeats(snapshotSlots(0), 20), withHeartbeats(new Int32Array(0), 1), snapshotSlots(0)], control } },
    });
    const client = gate.client(gate.createStrategy('s'));
    await until(() => (gate.state()?.events ?? 0) >= 1, 'the LANE_UP to be consumed');
    Atomics.store(go, 0, 1); // phase 1: the burst
    // The risk thread may count the drops over two passes (it loads the counter while they happen).
    await until(() => gate.state()?.lostEvents === 17 && gate.state()?.events === 5, '17 losses and the 4 published slots');
    let s = gate.state()!;
    assert.equal(s.lostEvents, 17);
    assert.equal(s.lanesDown, 1);
    assert.equal(s.instruments[0]!.feedUp, false, 'BTC held down after the loss');
    assert.equal(s.instruments[1]!.feedUp, true, 'ETH is not on this feed');
    assert.equal(client.decideOrder(1, 0, 1, 1, 100), DenyReason.FEED_STALE, 'the snapshot published before the loss does not count');
    Atomics.store(go, 0, 2); // phase 2: the feed recovers (the loss-end marker rides ahead of a heartbeat)
    await until(() => gate.state()?.lanesDown === 0, 'the loss hold to end');
    s = gate.state()!;
    assert.equal(s.instruments[0]!.feedUp, true);
    assert.equal(s.instruments[0]!.awaitingSnapshot, true);
    assert.equal(client.decideOrder(2, 0, 1, 1, 100), DenyReason.FEED_STALE, 'up, but no snapshot since the loss');
    assert.equal(client.decideOrder(3, 1, 1, 1, 100), DenyReason.FEED_STALE, 'ETH never had a snapshot either (unrelated)');
    Atomics.store(go, 0, 3); // phase 3: a fresh snapshot
    await until(() => gate.state()?.instruments[0]?.health === 0, 'the fresh snapshot');
    assert.equal(client.decideOrder(4, 0, 1, 1, 100), DenyReason.APPROVED);
  } finally {
    const report = await gate.stop();
    assert.equal(report.cleanExit, true);
    assert.equal(report.lostEvents, 17);
  }
});
