import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RING_FULL, RingConsumer, RingProducer, createRing } from '../../src/ring/index.js';

function fill(producer: RingProducer, from: number): number {
  let n = 0;
  for (let off = producer.tryClaim(); off !== RING_FULL; off = producer.tryClaim()) {
    producer.f64[off >> 3] = from + n;
    producer.i32[((off + producer.slotSize) >> 2) - 1] = from + n;
    n++;
  }
  return n;
}

test('when every slot is claimed then tryClaim returns RING_FULL, repeatedly, without an exception', () => {
  const buffer = createRing({ capacity: 4, slotSize: 64 });
  const producer = new RingProducer(buffer);
  assert.equal(fill(producer, 0), 4);
  for (let i = 0; i < 3; i++) assert.equal(producer.tryClaim(), RING_FULL);
  assert.equal(producer.pending, 4);
});

test('when the ring is full then no published slot is overwritten and the consumer reads them all', () => {
  const buffer = createRing({ capacity: 8, slotSize: 128 });
  const producer = new RingProducer(buffer);
  const consumer = new RingConsumer(buffer);
  assert.equal(fill(producer, 100), 8);
  producer.publish();
  assert.equal(fill(producer, 999), 0, 'a published, unreleased ring offers no slot');
  assert.equal(consumer.poll(), 8);
  for (let i = 0; i < 8; i++) {
    const off = consumer.slotOffset(i);
    assert.equal(consumer.f64[off >> 3], 100 + i);
    assert.equal(consumer.i32[((off + 128) >> 2) - 1], 100 + i);
  }
});

test('when the consumer releases k slots then exactly k slots can be claimed again', () => {
  const buffer = createRing({ capacity: 8, slotSize: 64 });
  const producer = new RingProducer(buffer);
  const consumer = new RingConsumer(buffer);
  fill(producer, 0);
  producer.publish();
  assert.equal(consumer.poll(), 8);
  consumer.release(3);
  assert.equal(fill(producer, 8), 3);
  producer.publish();
  assert.equal(consumer.poll(), 8);
  const seen = [];
  for (let i = 0; i < 8; i++) seen.push(consumer.f64[consumer.slotOffset(i) >> 3]);
  assert.deepEqual(seen, [3, 4, 5, 6, 7, 8, 9, 10]);
});

test('when the producer gives up on a full ring then recordDrop counts it where the consumer can read it', () => {
  const buffer = createRing({ capacity: 2, slotSize: 64 });
  const producer = new RingProducer(buffer);
  const consumer = new RingConsumer(buffer);
  fill(producer, 0);
  producer.publish();
  assert.equal(consumer.drops(), 0);
  for (let i = 0; i < 5; i++) {
    if (producer.tryClaim() === RING_FULL) producer.recordDrop();
  }
  assert.equal(producer.drops, 5);
  assert.equal(consumer.drops(), 5);
  assert.equal(consumer.poll(), 2, 'drops do not touch the published slots');
});

test('when the drop counter passes 2^31 then it still reads as an unsigned count', () => {
  const buffer = createRing({ capacity: 2, slotSize: 64 });
  const producer = new RingProducer(buffer);
  Atomics.store(producer.i32, (128 + 4) >> 2, 0x7fff_ffff);
  producer.recordDrop();
  assert.equal(new RingConsumer(buffer).drops(), 2 ** 31);
});
