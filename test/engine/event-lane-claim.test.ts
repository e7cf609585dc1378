/**
 * The publisher's claim/commit form writes the event slot the engine will be handed: the slot
 * is byte for byte what the same-named convenience writes, and a value the caller leaves
 * unwritten reads NaN ("none"), never the ring's previous lap (seeded: LANE_CLAIM_SEED).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EVENT_SLOT_BYTES, SlotType, V0_DWORD, V1_DWORD, V2_DWORD, V3_DWORD, V4_DWORD } from '../../src/codec/index.js';
import { createControlBlock } from '../../src/engine/control-block-layout.js';
import { createEventLaneBlock } from '../../src/engine/event-lane-layout.js';
import { EventLanePublisher } from '../../src/engine/event-lane-publisher.js';
import { EventLaneStatus } from '../../src/engine/event-lane-status.js';
import { RingConsumer, createRing } from '../../src/ring/index.js';
import { Prng } from '../ring/support/prng.js';

const SEED = process.env['LANE_CLAIM_SEED'] !== undefined ? Number(process.env['LANE_CLAIM_SEED']) >>> 0 : 0x1a9e;

function lane(): { pub: EventLanePublisher; consumer: RingConsumer } {
  const ring = createRing({ capacity: 4, slotSize: EVENT_SLOT_BYTES });
  const pub = new EventLanePublisher({ name: 'gateway', lane: 1, ring, control: createControlBlock(), owner: createEventLaneBlock() });
  return { pub, consumer: new RingConsumer(ring) };
}

/** The 64 bytes of the oldest unread slot, then released. */
function take(consumer: RingConsumer): Uint8Array {
  assert.equal(consumer.poll() >= 1, true, 'a slot was published');
  const off = consumer.slotOffset(0);
  const bytes = new Uint8Array(consumer.i32.buffer, off, EVENT_SLOT_BYTES).slice();
  consumer.release(1);
  return bytes;
}

test(`when a fill is published through claim/commit then it is the slot the convenience writes (seed ${SEED})`, () => {
  console.log(`lane claim: seed ${SEED}`);
  const r = new Prng(SEED);
  const a = lane();
  const b = lane();
  for (let round = 0; round < 200; round++) {
    const inst = r.below(8);
    const side = r.below(2) === 0 ? 1 : -1;
    const key = 2 ** 52 - r.below(1 << 30);
    const exec = 2 ** 52 + r.below(1 << 30);
    const qty = 1 + r.below(1000);
    const price = 1000 + r.below(1 << 20) / 4;
    const seq = r.below(4) === 0 ? NaN : 1e12 + r.below(1 << 30);
    const off = a.pub.claim(SlotType.FILL, inst, side);
    assert.ok(off >= 0);
    const d = off >> 3;
    a.pub.f64[d + V0_DWORD] = key;
    a.pub.f64[d + V1_DWORD] = exec;
    a.pub.f64[d + V2_DWORD] = qty;
    a.pub.f64[d + V3_DWORD] = price;
    if (seq === seq) a.pub.f64[d + V4_DWORD] = seq; // NaN: left unwritten, as claimed
    assert.equal(a.pub.commit(), EventLaneStatus.ACCEPTED);
    assert.equal(b.pub.fill(inst, key, exec, side, qty, price, seq), EventLaneStatus.ACCEPTED);
    assert.deepEqual(take(a.consumer), take(b.consumer), `round ${round}`);
  }
});

test('when a snapshot is claimed over a slot that held one with a venue time then the unwritten venue time reads NaN', () => {
  const { pub, consumer } = lane();
  for (let k = 0; k < 8; k++) { // twice round the 4-slot ring: every slot had a venue time
    assert.equal(pub.snapshot(0, k, NaN, 1.7e12 + k), EventLaneStatus.ACCEPTED);
    take(consumer);
  }
  const off = pub.claim(SlotType.SNAPSHOT, 0, 0);
  pub.f64[(off >> 3) + V0_DWORD] = 3;
  assert.equal(pub.commit(), EventLaneStatus.ACCEPTED);
  assert.equal(consumer.poll(), 1);
  const d = consumer.slotOffset(0) >> 3;
  assert.equal(consumer.f64[d + V0_DWORD], 3);
  assert.ok(Number.isNaN(consumer.f64[d + V1_DWORD]!), 'seq: none');
  assert.ok(Number.isNaN(consumer.f64[d + V2_DWORD]!), 'venue time: none, not the last lap\'s');
});
