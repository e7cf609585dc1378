import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  ParkIdle, RingConsumer, RingProducer, RING_MAGIC, RING_VERSION, createRing, initRing, ringByteLength,
  type RingOptions,
} from '../../src/ring/index.js';
import { CAPACITY_OFFSET, MAGIC_OFFSET, SLOT_SIZE_OFFSET, VERSION_OFFSET } from '../../src/ring/spsc-ring-layout.js';

const CAPACITY_PROBLEM = 'options.capacity must be a power of two from 2 to 2^20';
const SLOT_PROBLEM = 'options.slotSize must be a multiple of 64 from 64 to 65536';

function problemsOf(fn: () => unknown, code: string): readonly string[] {
  try {
    fn();
  } catch (e) {
    const err = e as { code?: unknown; problems?: readonly string[] };
    assert.equal(err.code, code);
    assert.ok(Array.isArray(err.problems));
    return err.problems ?? [];
  }
  assert.fail('expected a RingError');
}

test('when capacity is not a power of two from 2 to 2^20 then ERR_RING_OPTIONS names it', () => {
  for (const capacity of [0, 1, 3, 1.5, 2 ** 21, -4, Number.NaN]) {
    assert.deepEqual(problemsOf(() => createRing({ capacity, slotSize: 64 }), 'ERR_RING_OPTIONS'), [CAPACITY_PROBLEM], `capacity ${capacity}`);
  }
});

test('when slotSize is not a multiple of 64 from 64 to 65536 then ERR_RING_OPTIONS names it', () => {
  for (const slotSize of [0, 32, 100, 65536 + 64, 64.5]) {
    assert.deepEqual(problemsOf(() => createRing({ capacity: 8, slotSize }), 'ERR_RING_OPTIONS'), [SLOT_PROBLEM], `slotSize ${slotSize}`);
  }
});

test('when several options are wrong then every problem is reported, unknown keys included', () => {
  const options = { capacity: 3, slotSize: 10, size: 4 } as unknown as RingOptions;
  const problems = problemsOf(() => createRing(options), 'ERR_RING_OPTIONS');
  assert.deepEqual(problems, ['options.size is not a ring option (known: capacity, slotSize)', CAPACITY_PROBLEM, SLOT_PROBLEM]);
});

test('when the ring would end past 2^31 bytes then ERR_RING_OPTIONS', () => {
  const problems = problemsOf(() => createRing({ capacity: 2 ** 20, slotSize: 4096 }), 'ERR_RING_OPTIONS');
  assert.match(problems[0] ?? '', /^the ring must end below 2\^31 bytes/);
});

test('when initRing gets a misaligned offset, a short buffer or no SharedArrayBuffer then ERR_RING_OPTIONS', () => {
  const options = { capacity: 4, slotSize: 64 };
  const buffer = new SharedArrayBuffer(ringByteLength(4, 64) + 128);
  assert.deepEqual(problemsOf(() => initRing(buffer, 64, options), 'ERR_RING_OPTIONS'), ['byteOffset must be a non-negative multiple of 128']);
  assert.deepEqual(problemsOf(() => initRing(buffer, 256, options), 'ERR_RING_OPTIONS'),
    [`the ring needs bytes 256 to ${256 + ringByteLength(4, 64)} but the buffer has ${buffer.byteLength}`]);
  const plain = new ArrayBuffer(1024) as unknown as SharedArrayBuffer;
  assert.deepEqual(problemsOf(() => initRing(plain, 0, options), 'ERR_RING_OPTIONS'), ['buffer must be a SharedArrayBuffer']);
  initRing(buffer, 128, options);
  assert.equal(new RingConsumer(buffer, 128).capacity, 4);
});

test('when a ring is created then its META line holds magic, version, slot size and capacity', () => {
  const buffer = createRing({ capacity: 16, slotSize: 192 });
  assert.equal(buffer.byteLength, ringByteLength(16, 192));
  const u32 = new Uint32Array(buffer);
  assert.equal(u32[MAGIC_OFFSET >> 2], RING_MAGIC);
  assert.equal(u32[VERSION_OFFSET >> 2], RING_VERSION);
  assert.equal(u32[SLOT_SIZE_OFFSET >> 2], 192);
  assert.equal(u32[CAPACITY_OFFSET >> 2], 16);
  const producer = new RingProducer(buffer);
  assert.equal(producer.capacity, 16);
  assert.equal(producer.slotSize, 192);
});

test('when a producer or consumer attaches to an unformatted region or another version then ERR_RING_LAYOUT', () => {
  const blank = new SharedArrayBuffer(4096);
  assert.match(problemsOf(() => new RingProducer(blank), 'ERR_RING_LAYOUT')[0] ?? '', /^no ring at byteOffset 0/);
  assert.match(problemsOf(() => new RingConsumer(blank, 100), 'ERR_RING_LAYOUT')[0] ?? '', /byteOffset must be a multiple of 128/);
  const buffer = createRing({ capacity: 4, slotSize: 64 });
  new Uint32Array(buffer)[VERSION_OFFSET >> 2] = RING_VERSION + 1;
  assert.deepEqual(problemsOf(() => new RingConsumer(buffer), 'ERR_RING_LAYOUT'),
    [`ring layout version ${RING_VERSION + 1} is not supported (expected ${RING_VERSION})`]);
});

test('when ParkIdle options are out of range then ERR_RING_OPTIONS lists each', () => {
  const target = { park: () => undefined };
  assert.deepEqual(problemsOf(() => new ParkIdle(target, { spins: -1, parkTimeoutMs: 0 }), 'ERR_RING_OPTIONS'),
    ['options.spins must be an integer >= 0', 'options.parkTimeoutMs must be a finite number > 0']);
  assert.equal(new ParkIdle(target).spins, 1000);
});
