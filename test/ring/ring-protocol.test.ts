import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RingConsumer, RingProducer, createRing } from '../../src/ring/index.js';
import { HEAD_OFFSET, PARKED_OFFSET, TAIL_OFFSET } from '../../src/ring/spsc-ring-layout.js';
import { recordAtomics, recordingView } from './support/atomics-recorder.js';

const HEAD = HEAD_OFFSET >> 2;
const TAIL = TAIL_OFFSET >> 2;
const PARKED = PARKED_OFFSET >> 2;

function ring(capacity = 8, slotSize = 64): { buffer: SharedArrayBuffer; producer: RingProducer; consumer: RingConsumer } {
  const buffer = createRing({ capacity, slotSize });
  return { buffer, producer: new RingProducer(buffer), consumer: new RingConsumer(buffer) };
}

test('when a slot is claimed and written but not published then the consumer cannot see it', () => {
  const { producer, consumer } = ring();
  const off = producer.tryClaim();
  producer.f64[off >> 3] = 42;
  assert.equal(consumer.poll(), 0);
  assert.equal(producer.pending, 1);
  producer.publish();
  assert.equal(consumer.poll(), 1);
  assert.equal(consumer.f64[consumer.slotOffset(0) >> 3], 42);
});

test('when the producer claims then nothing in shared memory changes; publish changes only head', () => {
  const { buffer, producer } = ring();
  const before = new Uint8Array(buffer.slice(0));
  const offs = [producer.tryClaim(), producer.tryClaim(), producer.tryClaim()];
  assert.deepEqual(new Uint8Array(buffer.slice(0)), before, 'tryClaim wrote to shared memory');
  for (const off of offs) producer.i32[off >> 2] = 7;
  const written = new Uint8Array(buffer.slice(0));
  producer.publish();
  const after = new Int32Array(buffer.slice(0));
  const writtenWords = new Int32Array(written.buffer);
  const changed = [...after.keys()].filter((i) => after[i] !== writtenWords[i]);
  assert.deepEqual(changed, [HEAD]);
  assert.equal(after[HEAD], 3);
});

test('when payload is written and published then every payload store precedes the single publish store', () => {
  const { producer } = ring();
  const log = recordAtomics((log) => {
    const f64 = recordingView(producer.f64, 'f64', log);
    const a = producer.tryClaim();
    f64[a >> 3] = 1;
    const b = producer.tryClaim();
    f64[b >> 3] = 2;
    producer.publish();
  });
  const slotA = (512 >> 3);
  const slotB = ((512 + 64) >> 3);
  assert.deepEqual(log, [`write f64[${slotA}]`, `write f64[${slotB}]`, `store ${HEAD}`, `load ${PARKED}`]);
});

test('when the consumer polls, reads and releases a batch then it loads head first and stores tail once', () => {
  const { producer, consumer } = ring();
  for (let i = 0; i < 5; i++) producer.tryClaim();
  producer.publish();
  const log = recordAtomics(() => {
    const n = consumer.poll();
    for (let i = 0; i < n; i++) consumer.slotOffset(i);
    consumer.release(n);
  });
  assert.deepEqual(log, [`load ${HEAD}`, `store ${TAIL}`]);
});

test('when the cached tail says there is room then the producer never loads tail', () => {
  const { producer, consumer } = ring(8);
  const log = recordAtomics(() => {
    for (let i = 0; i < 8; i++) assert.ok(producer.tryClaim() >= 0);
  });
  assert.deepEqual(log, [], 'no Atomics while claiming into known free space');
  producer.publish();
  consumer.release(consumer.poll());
  const full = recordAtomics(() => { assert.ok(producer.tryClaim() >= 0); });
  assert.deepEqual(full, [`load ${TAIL}`], 'one tail load once the cache says full');
});

test('when the consumer is not parked then publish does not notify; when parked it notifies head', () => {
  const { producer } = ring();
  const quiet = recordAtomics(() => { producer.tryClaim(); producer.publish(); });
  assert.ok(!quiet.some((e) => e.startsWith('notify')));
  Atomics.store(producer.i32, PARKED, 1);
  const woken = recordAtomics(() => { producer.tryClaim(); producer.publish(); });
  assert.deepEqual(woken, [`store ${HEAD}`, `load ${PARKED}`, `notify ${HEAD}`]);
});

test('when nothing is claimed then publish is a no-op', () => {
  const { producer } = ring();
  assert.deepEqual(recordAtomics(() => producer.publish()), []);
});

test('when the consumer releases more than it polled then ERR_RING_RELEASE and tail is unchanged', () => {
  const { producer, consumer } = ring();
  producer.tryClaim();
  producer.publish();
  assert.equal(consumer.poll(), 1);
  assert.throws(() => consumer.release(2), { code: 'ERR_RING_RELEASE' });
  assert.equal(Atomics.load(consumer.i32, TAIL), 0);
  consumer.release(0);
  consumer.release(1);
  assert.equal(Atomics.load(consumer.i32, TAIL), 1);
});

test('when the indices run through 2^31 and 2^32 then order, counts and free space stay right', () => {
  for (const start of [0x7fff_fff0, -20]) {
    const buffer = createRing({ capacity: 8, slotSize: 64 });
    const i32 = new Int32Array(buffer);
    i32[HEAD] = start;
    i32[TAIL] = start;
    const producer = new RingProducer(buffer);
    const consumer = new RingConsumer(buffer);
    let next = 0;
    for (let lap = 0; lap < 10; lap++) {
      let claimed = 0;
      for (let off = producer.tryClaim(); off >= 0; off = producer.tryClaim()) {
        producer.f64[off >> 3] = next + claimed++;
      }
      assert.equal(claimed, 8, `start ${start} lap ${lap}: a full lap of free slots`);
      producer.publish();
      assert.equal(consumer.poll(), 8);
      for (let i = 0; i < 8; i++) assert.equal(consumer.f64[consumer.slotOffset(i) >> 3], next++);
      consumer.release(8);
    }
  }
});

test('when the consumer parks with nothing published then the wait times out and parked is cleared', () => {
  const { consumer } = ring();
  assert.equal(consumer.poll(), 0);
  assert.equal(consumer.park(1), 'timed-out');
  assert.equal(Atomics.load(consumer.i32, PARKED), 0);
});

test('when the producer published after the last poll then park returns at once and parked is cleared', () => {
  const { producer, consumer } = ring();
  assert.equal(consumer.poll(), 0);
  producer.tryClaim();
  producer.publish();
  const log = recordAtomics(() => assert.equal(consumer.park(60_000), 'not-equal'));
  assert.deepEqual(log, [`store ${PARKED}`, `wait ${HEAD}`, `store ${PARKED}`]);
  assert.equal(Atomics.load(consumer.i32, PARKED), 0);
});

test('when the producer closes then claimed slots are published before closed is visible', () => {
  const { producer, consumer } = ring();
  producer.tryClaim();
  assert.equal(consumer.isClosed(), false);
  producer.close();
  assert.equal(consumer.isClosed(), true);
  assert.equal(consumer.poll(), 1);
});
