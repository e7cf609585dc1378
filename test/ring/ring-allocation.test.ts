/**
 * The hot path allocates nothing: after a warm-up, 1,000,000 claim → write → publish → poll →
 * read → release round trips on one thread must trigger no garbage collection and leave the
 * heap flat. Needs `node --expose-gc` (to start from a collected heap); skipped without it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { GcCounter } from '../../src/engine/gc-counter.js';
import { RING_FULL, RingConsumer, RingProducer, createRing } from '../../src/ring/index.js';

const ROUND_TRIPS = 1_000_000;
/** Warm-up calls: several calls, so the loop runs as fully optimised code, not just after OSR. */
const WARM_UP_CALLS = 10;
const WARM_UP_ROUND_TRIPS = 50_000;
/** Heap growth allowed over the measured loop (JIT metadata, lazy feedback vectors). */
const HEAP_TOLERANCE_BYTES = 256 * 1024;

/**
 * One batch of round trips (1 … 4 slots, by `seq`), the way an event loop would call the ring:
 * claim and write each slot, publish once, poll, read, release once. Returns the checksum of
 * what was read, or -1 if the ring was unexpectedly full.
 */
function batchRoundTrip(producer: RingProducer, consumer: RingConsumer, seq: number): number {
  const batch = 1 + (seq & 3);
  for (let k = 0; k < batch; k++) {
    const off = producer.tryClaim();
    if (off === RING_FULL) return -1;
    producer.f64[off >> 3] = seq + k;
    producer.i32[(off >> 2) + 2] = k;
  }
  producer.publish();
  const n = consumer.poll();
  let sum = 0;
  for (let i = 0; i < n; i++) sum = (sum + (consumer.f64[consumer.slotOffset(i) >> 3] as number)) | 0;
  consumer.release(n);
  return sum;
}

/** `count` round trips; returns the number of slots moved (or -1 on a full ring). */
function roundTrips(producer: RingProducer, consumer: RingConsumer, count: number): number {
  let seq = 0;
  while (seq < count) {
    if (batchRoundTrip(producer, consumer, seq) < 0) return -1;
    seq += 1 + (seq & 3);
  }
  return seq;
}

test('when 1,000,000 round trips run after warm-up then no GC happens and the heap stays flat', { skip: typeof globalThis.gc !== 'function' ? 'needs node --expose-gc' : false }, async () => {
  const gc = globalThis.gc as () => void;
  const buffer = createRing({ capacity: 1024, slotSize: 64 });
  const producer = new RingProducer(buffer);
  const consumer = new RingConsumer(buffer);
  for (let i = 0; i < WARM_UP_CALLS; i++) roundTrips(producer, consumer, WARM_UP_ROUND_TRIPS);

  const counter = new GcCounter();
  gc();
  await yieldToEventLoop();
  const heapBefore = process.memoryUsage().heapUsed;
  counter.start();
  const moved = roundTrips(producer, consumer, ROUND_TRIPS);
  const gcs = counter.stop(); // synchronous: a collection during the loop cannot be reported late
  const heapAfter = process.memoryUsage().heapUsed;

  assert.ok(moved >= ROUND_TRIPS, 'the ring never reported full');
  assert.equal(gcs, 0, `${gcs} GC(s) during the measured loop`);
  assert.ok(heapAfter - heapBefore < HEAP_TOLERANCE_BYTES, `heap grew by ${heapAfter - heapBefore} bytes`);
  console.log(`allocation check: ${ROUND_TRIPS} round trips, heap delta ${heapAfter - heapBefore} bytes, 0 GCs`);
});
