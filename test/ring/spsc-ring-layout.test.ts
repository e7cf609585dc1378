import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as L from '../../src/ring/spsc-ring-layout.js';
import { RingProducer, createRing, initRing } from '../../src/ring/index.js';

const lineOf = (offset: number): number => offset - (offset % L.LINE_BYTES);

test('head, tail and parked each sit alone on their own 128-byte line', () => {
  const lines = [lineOf(L.HEAD_OFFSET), lineOf(L.TAIL_OFFSET), lineOf(L.PARKED_OFFSET)];
  assert.equal(new Set(lines).size, 3);
  for (const line of lines) assert.equal(line % 128, 0);
  assert.equal(L.HEAD_OFFSET, L.PRODUCER_LINE);
  assert.equal(L.TAIL_OFFSET, L.CONSUMER_LINE);
  assert.equal(L.PARKED_OFFSET, L.PARKED_LINE);
  assert.notEqual(lineOf(L.HEAD_OFFSET), lineOf(L.MAGIC_OFFSET));
});

test('each header word lies on the line of the thread that writes it', () => {
  for (const w of [L.MAGIC_OFFSET, L.VERSION_OFFSET, L.SLOT_SIZE_OFFSET, L.CAPACITY_OFFSET]) assert.equal(lineOf(w), L.META_LINE);
  for (const w of [L.HEAD_OFFSET, L.DROPS_OFFSET, L.CLOSED_OFFSET]) assert.equal(lineOf(w), L.PRODUCER_LINE);
  assert.equal(lineOf(L.TAIL_OFFSET), L.CONSUMER_LINE);
  assert.equal(lineOf(L.PARKED_OFFSET), L.PARKED_LINE);
  assert.equal(new Set(L.HEADER_WORDS).size, L.HEADER_WORDS.length);
  for (const w of L.HEADER_WORDS) assert.equal(w % 4, 0);
});

test('the header lines are consecutive and the slot region follows, 64-byte aligned', () => {
  assert.deepEqual([...L.HEADER_LINES], [0, 128, 256, 384]);
  assert.equal(L.SLOTS_OFFSET, L.HEADER_LINES.length * L.LINE_BYTES);
  assert.equal(L.SLOTS_OFFSET % L.SLOT_ALIGN, 0);
  assert.equal(L.ringByteLength(8, 128), L.SLOTS_OFFSET + 8 * 128);
});

test('every claimed slot offset is 64-byte aligned, inside the ring, and distinct per lap', () => {
  const byteOffset = 384;
  const buffer = new SharedArrayBuffer(byteOffset + L.ringByteLength(8, 192));
  initRing(buffer, byteOffset, { capacity: 8, slotSize: 192 });
  const producer = new RingProducer(buffer, byteOffset);
  const seen = new Set<number>();
  for (let i = 0; i < 8; i++) {
    const off = producer.tryClaim();
    assert.equal(off % 64, 0);
    assert.ok(off >= byteOffset + L.SLOTS_OFFSET && off + 192 <= buffer.byteLength);
    seen.add(off);
  }
  assert.equal(seen.size, 8);
  assert.equal(createRing({ capacity: 2, slotSize: 64 }).byteLength, 512 + 128);
});
