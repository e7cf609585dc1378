/**
 * Real-thread wrap-around: a producer worker publishes sequence numbers, one slot per publish,
 * for hundreds of laps of a small ring; the main thread verifies every number arrives once and
 * in order, then that the guard canaries around the ring are intact.
 *
 *   worker (producer-worker.js) ──tryClaim/write/publish──► [guard | ring 64×64 B | guard] ──poll/release──► main (verifier)
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BusySpinIdle, ParkIdle, RingConsumer, type IdleStrategy } from '../../src/ring/index.js';
import { createGuardedRing, damagedCanaries } from './support/guarded-ring.js';
import { startProducerThread } from './support/producer-thread.js';
import { awaitClosed, drain } from './support/drain.js';

const CAPACITY = 64;
const SLOT_SIZE = 64;
const LAPS = 500;
/** The verifier releases half a ring at a time: batch release, and a producer that often finds the ring full. */
const BATCH = CAPACITY / 2;
const TIMEOUT_MS = 60_000;

for (const idleKind of ['spin', 'park'] as const) {
  test(`when a worker publishes ${LAPS} laps with ${idleKind} idle then every sequence number arrives once, in order, canaries intact`, async () => {
    const ring = createGuardedRing({ capacity: CAPACITY, slotSize: SLOT_SIZE });
    const consumer = new RingConsumer(ring.buffer, ring.byteOffset);
    const idle: IdleStrategy = idleKind === 'spin' ? new BusySpinIdle() : new ParkIdle(consumer, { spins: 50, parkTimeoutMs: 5 });
    const count = CAPACITY * LAPS;
    const producer = startProducerThread({
      buffer: ring.buffer, byteOffset: ring.byteOffset, mode: 'sequence', count, idle: idleKind, seed: 1, maxBatch: 1, close: true, timeoutMs: TIMEOUT_MS,
    });
    const { i32, f64 } = consumer;
    const received = await drain({
      consumer, idle, expected: count, batch: BATCH, timeoutMs: TIMEOUT_MS, failure: producer.failure,
      check: (off, seq) => {
        if (f64[off >> 3] !== seq) return `slot at ${off}: sequence ${f64[off >> 3]} where ${seq} was expected`;
        if (i32[(off >> 2) + 2] !== ~seq || i32[((off + SLOT_SIZE) >> 2) - 1] !== seq) return `seq ${seq}: torn slot`;
        return '';
      },
    });
    assert.equal(received, count);
    const result = await producer.result;
    assert.equal(result.published, count);
    await awaitClosed(consumer, TIMEOUT_MS);
    assert.equal(consumer.drops(), 0);
    assert.deepEqual(damagedCanaries(ring), []);
    if (idle instanceof ParkIdle) console.log(`park idle: consumer parked ${idle.parks} times; producer saw full ${result.fullSeen} times`);
  });
}
