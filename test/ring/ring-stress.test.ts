/**
 * Seeded random stress: a producer worker writes three slot types (int32, float64 and byte
 * patterns) in random batch sizes; the main thread verifies every slot against the same
 * seeded stream while releasing in random batch sizes of its own. Ring shape, idle strategies
 * and batch bounds come from the seed too. Reproduce a failure with RING_SEED=<printed seed>.
 *
 *   worker: Prng(seed) → writeStressSlot ─publish(batch)─► [guard | ring | guard] ─poll/release(batch)─► main: checkStressSlot ← Prng(seed)
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BusySpinIdle, ParkIdle, RingConsumer, type IdleStrategy } from '../../src/ring/index.js';
import { Prng, testSeed } from './support/prng.js';
import { checkStressSlot } from './support/stress-slots.js';
import { createGuardedRing, damagedCanaries } from './support/guarded-ring.js';
import { startProducerThread } from './support/producer-thread.js';
import { awaitClosed, drain } from './support/drain.js';

const COUNT = 100_000;
const TIMEOUT_MS = 90_000;
const CONSUMER_BATCH_SALT = 0x0bad_cafe;

test('when slots of mixed types are published and released in random batches then every one arrives intact, in order', async () => {
  const seed = testSeed('ring stress');
  const shape = new Prng(seed ^ 0x5eed);
  const capacity = 2 ** (1 + shape.below(9)); // 2 … 512
  const slotSize = 64 * (1 + shape.below(4)); // 64 … 256
  const producerIdle = shape.below(2) === 0 ? 'spin' : 'park';
  const consumerPark = shape.below(2) === 0;
  const maxBatch = 1 + shape.below(Math.min(capacity, 64));
  console.log(`ring stress: capacity ${capacity}, slotSize ${slotSize}, producer ${producerIdle}, consumer ${consumerPark ? 'park' : 'spin'}, maxBatch ${maxBatch}`);

  const ring = createGuardedRing({ capacity, slotSize });
  const consumer = new RingConsumer(ring.buffer, ring.byteOffset);
  const idle: IdleStrategy = consumerPark ? new ParkIdle(consumer, { spins: 20, parkTimeoutMs: 2 }) : new BusySpinIdle();
  const producer = startProducerThread({
    buffer: ring.buffer, byteOffset: ring.byteOffset, mode: 'stress', count: COUNT, idle: producerIdle, seed, maxBatch, close: true, timeoutMs: TIMEOUT_MS,
  });
  const content = new Prng(seed);
  const { i32, f64, u8 } = consumer;
  const received = await drain({
    consumer, idle, expected: COUNT, batch: maxBatch, batches: new Prng(seed ^ CONSUMER_BATCH_SALT), timeoutMs: TIMEOUT_MS,
    failure: producer.failure,
    check: (off, seq) => checkStressSlot(i32, f64, u8, off, slotSize, seq, content),
  });
  assert.equal(received, COUNT, `seed ${seed}`);
  assert.equal((await producer.result).published, COUNT);
  await awaitClosed(consumer, TIMEOUT_MS);
  assert.equal(consumer.drops(), 0);
  assert.deepEqual(damagedCanaries(ring), [], `seed ${seed}`);
});
