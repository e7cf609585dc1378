import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BusySpinIdle, ParkIdle, RingConsumer, createRing, type ParkTarget } from '../../src/ring/index.js';
import { PARKED_OFFSET } from '../../src/ring/spsc-ring-layout.js';
import { startProducerThread } from './support/producer-thread.js';

class CountingTarget implements ParkTarget {
  parks = 0;
  park(): void {
    this.parks++;
  }
}

test('when polls stay empty then ParkIdle spins the configured number of times, then parks on every empty poll', () => {
  const target = new CountingTarget();
  const idle = new ParkIdle(target, { spins: 3, parkTimeoutMs: 1 });
  for (let i = 0; i < 3; i++) idle.idle(0);
  assert.equal(target.parks, 0);
  idle.idle(0);
  idle.idle(0);
  assert.equal(target.parks, 2);
  assert.equal(idle.parks, 2);
});

test('when work arrives or reset is called then ParkIdle spins again before parking', () => {
  const target = new CountingTarget();
  const idle = new ParkIdle(target, { spins: 2, parkTimeoutMs: 1 });
  idle.idle(0); idle.idle(0); idle.idle(0);
  assert.equal(target.parks, 1);
  idle.idle(5);
  idle.idle(0); idle.idle(0);
  assert.equal(target.parks, 1);
  idle.idle(0);
  assert.equal(target.parks, 2);
  idle.reset();
  idle.idle(0); idle.idle(0);
  assert.equal(target.parks, 2);
});

test('when ParkIdle is built without options then it spins, then parks (the 2-core-safe default)', () => {
  const target = new CountingTarget();
  const idle = new ParkIdle(target);
  for (let i = 0; i < idle.spins + 1; i++) idle.idle(0);
  assert.equal(target.parks, 1);
});

test('when BusySpinIdle idles then it never blocks and counts empty polls until work', () => {
  const idle = new BusySpinIdle();
  for (let i = 0; i < 10_000; i++) idle.idle(0);
  assert.equal(idle.spins, 10_000);
  idle.idle(1);
  assert.equal(idle.spins, 0);
  idle.idle(0);
  idle.reset();
  assert.equal(idle.spins, 0);
});

test('when the consumer is parked in Atomics.wait then a publish from a worker thread wakes it before the timeout', async () => {
  const buffer = createRing({ capacity: 4, slotSize: 64 });
  const consumer = new RingConsumer(buffer);
  assert.equal(consumer.poll(), 0);
  const producer = startProducerThread({
    buffer, byteOffset: 0, mode: 'sequence', count: 1, idle: 'spin', seed: 1, maxBatch: 1, close: false, timeoutMs: 30_000,
  });
  // The worker does not close the ring, so only the publish's notify can end this 30 s park
  // early: 'timed-out' means the wake-up was lost (no timing is asserted otherwise).
  const result = consumer.park(30_000);
  assert.ok(result === 'ok' || result === 'not-equal', `park returned ${result}`);
  assert.equal(Atomics.load(consumer.i32, PARKED_OFFSET >> 2), 0);
  assert.equal(consumer.poll(), 1);
  assert.equal(consumer.f64[consumer.slotOffset(0) >> 3], 0);
  assert.equal((await producer.result).published, 1);
});
