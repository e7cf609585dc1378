/**
 * The decision-latency block (decision-latency-layout.ts): bucket boundaries, the layout's
 * lines, the recorder's rounding and 64-bit sum, the reader's extension of wrapping words, and
 * two writer threads recording into one block at once (every sample counted, the sum exact).
 *
 *   worker A: Mulberry32(seed)     ─record─┐
 *                                          ├─► [ block ] ─read─► main: counts, sum == replay of both seeds
 *   worker B: Mulberry32(seed + 1) ─record─┘
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Worker } from 'node:worker_threads';
import * as L from '../../src/engine/decision-latency-layout.js';
import { DecisionLatencyReader } from '../../src/engine/decision-latency-reader.js';
import { DecisionLatencyRecorder } from '../../src/engine/decision-latency-recorder.js';
import { Mulberry32 } from '../../src/random/mulberry32.js';
import { latencySample, latencySeed } from './support/latency-samples.js';

const lineOf = (offset: number): number => offset - (offset % L.LATENCY_LINE_BYTES);

test('when a sample sits on or next to a boundary then it goes to the bucket whose upper bound is the smallest boundary >= it', () => {
  const cases: [number, number][] = [
    [0, 100], [1, 100], [100, 100], [101, 110], [110, 110], [111, 120], [999, 1000], [1000, 1000], [1001, 1100],
    [2500, 2500], [2501, 2600], [9_999, 10_000], [10_001, 11_000], [1e9, 1e9], [1e9 + 1, 1.1e9], [1e11, 1e11], [1e11 + 1, Infinity],
  ];
  for (const [ns, upper] of cases) assert.equal(L.latencyBucketUpperNs(L.latencyBucket(ns)), upper, `${ns} ns`);
});

test('when every bucket is walked then its upper bound maps to it, one more ns to the next, and bounds rise by at most 10%', () => {
  for (let b = 0; b < L.LATENCY_OVERFLOW_BUCKET; b++) {
    const upper = L.latencyBucketUpperNs(b);
    assert.ok(Number.isInteger(upper), `bucket ${b} bound ${upper}`);
    assert.equal(L.latencyBucket(upper), b, `upper bound of bucket ${b}`);
    assert.equal(L.latencyBucket(upper + 1), b + 1, `just above bucket ${b}`);
    if (b > 0) assert.ok(upper <= L.latencyBucketUpperNs(b - 1) * 1.1 + 1e-9, `bucket ${b} is at most 10% wide`);
  }
  assert.equal(L.LATENCY_BUCKETS, 812);
  assert.equal(L.latencyBucketUpperNs(L.LATENCY_OVERFLOW_BUCKET - 1), L.LATENCY_CEIL_NS);
});

test('when the layout is read then META, SUM and BUCKETS each start their own 128-byte line and a new block is formatted and zero', () => {
  assert.deepEqual([L.LATENCY_META_LINE, L.LATENCY_SUM_LINE, L.LATENCY_BUCKETS_OFFSET], [0, 128, 256]);
  for (const w of [L.LATENCY_MAGIC_OFFSET, L.LATENCY_VERSION_OFFSET, L.LATENCY_BUCKET_COUNT_OFFSET]) assert.equal(lineOf(w), L.LATENCY_META_LINE);
  for (const w of [L.LATENCY_SUM_LO_OFFSET, L.LATENCY_SUM_HI_OFFSET]) assert.equal(lineOf(w), L.LATENCY_SUM_LINE);
  assert.equal(L.LATENCY_BLOCK_BYTES, 256 + 4 * L.LATENCY_BUCKETS);
  const block = L.createDecisionLatencyBlock();
  const w = new Int32Array(block);
  assert.equal(w[L.LATENCY_MAGIC_WORD], L.LATENCY_MAGIC);
  assert.equal(w[L.LATENCY_VERSION_WORD], L.LATENCY_VERSION);
  assert.equal(w[L.LATENCY_BUCKET_COUNT_WORD], L.LATENCY_BUCKETS);
  const used = new Set([L.LATENCY_MAGIC_WORD, L.LATENCY_VERSION_WORD, L.LATENCY_BUCKET_COUNT_WORD]);
  assert.ok(w.every((v, k) => used.has(k) || v === 0), 'padding, sum and buckets start at zero');
  assert.throws(() => new DecisionLatencyRecorder(new SharedArrayBuffer(L.LATENCY_BLOCK_BYTES)), (e: unknown) => (e as { code?: string }).code === 'ERR_RISKGATE_OPTIONS');
  assert.throws(() => new DecisionLatencyReader(new SharedArrayBuffer(8)), (e: unknown) => (e as { code?: string }).code === 'ERR_RISKGATE_OPTIONS');
});

test('when samples are recorded then they are rounded, negatives and NaN count as 0, and the 64-bit sum carries exactly', () => {
  const block = L.createDecisionLatencyBlock();
  const rec = new DecisionLatencyRecorder(block);
  const reader = new DecisionLatencyReader(block);
  rec.record(-5);
  rec.record(NaN);
  rec.record(100.4);
  rec.record(100.6); // 101: next bucket
  let t = reader.read();
  assert.equal(t.count, 4);
  assert.equal(t.counts[0], 3);
  assert.equal(t.counts[1], 1);
  assert.equal(t.sumNs, 201);
  rec.record(2 ** 32 - 1); // the low word wraps on this add
  rec.record(2 ** 33 + 7); // high bits and a carry
  rec.record(Infinity); // clamped
  t = reader.read();
  assert.equal(t.count, 7);
  assert.equal(t.sumNs, 201 + 2 ** 32 - 1 + 2 ** 33 + 7 + L.LATENCY_MAX_SAMPLE_NS);
  assert.equal(t.counts[L.LATENCY_OVERFLOW_BUCKET], 1);
});

test('when a bucket word wraps past 2^32 between reads then the reader still counts every sample', () => {
  const block = L.createDecisionLatencyBlock();
  const w = new Int32Array(block);
  const reader = new DecisionLatencyReader(block);
  const word = L.LATENCY_BUCKETS_WORD + 5;
  Atomics.add(w, word, 0xffff_fff0 | 0); // 4294967280 samples, as a writer's adds would leave it
  assert.equal(reader.read().counts[5], 0xffff_fff0);
  Atomics.add(w, word, 0x20); // wraps: the word now reads 16
  const t = reader.read();
  assert.equal(Atomics.load(w, word), 0x10);
  assert.equal(t.counts[5], 0xffff_fff0 + 0x20);
  assert.equal(t.count, 0xffff_fff0 + 0x20);
});

test('when a reader lands between a writer\'s low add and its carry then it never reports a smaller sum, and is exact once the carry lands', () => {
  const block = L.createDecisionLatencyBlock();
  const w = new Int32Array(block);
  const reader = new DecisionLatencyReader(block);
  Atomics.add(w, L.LATENCY_SUM_LO_WORD, 0xffff_fff0 | 0);
  assert.equal(reader.read().sumNs, 0xffff_fff0);
  Atomics.add(w, L.LATENCY_SUM_LO_WORD, 0x20); // a writer's low add wrapped; its carry is not there yet
  assert.equal(reader.read().sumNs, 0xffff_fff0, 'the pending carry reads 2^32 short: the previous sum is kept');
  Atomics.add(w, L.LATENCY_SUM_HI_WORD, 1); // the carry lands
  assert.equal(reader.read().sumNs, 0xffff_fff0 + 0x20);
});

test('when two worker threads record into one block at the same time then every sample is counted in its bucket and the sum is exact', async () => {
  const seed = latencySeed('decision-latency writers', 0x1a7e_0c5d);
  const count = 200_000;
  const block = L.createDecisionLatencyBlock();
  const start = new SharedArrayBuffer(8);
  const go = new Int32Array(start);
  const url = new URL('./fixtures/latency-writer-worker.js', import.meta.url);
  const workers = [seed, seed + 1].map((s) => new Worker(url, { workerData: { block, start, seed: s, count } }));
  const done = workers.map((wk) => new Promise<void>((resolve, reject) => {
    wk.once('message', () => resolve());
    wk.once('error', reject);
  }));
  const readyBy = Date.now() + 10_000;
  while (Atomics.load(go, 1) < 2) { // both writers ready?
    if (Date.now() > readyBy) throw new Error('the writer threads did not start');
    await new Promise((r) => setTimeout(r, 1));
  }
  Atomics.store(go, 0, 1); // start both
  Atomics.notify(go, 0);
  await Promise.all(done);

  const expected = new Float64Array(L.LATENCY_BUCKETS);
  let sum = 0;
  for (const s of [seed, seed + 1]) {
    const rng = new Mulberry32(s);
    for (let i = 0; i < count; i++) {
      const v = latencySample(rng);
      expected[L.latencyBucket(v)]!++;
      sum += v;
    }
  }
  assert.ok(sum < Number.MAX_SAFE_INTEGER && sum > 2 ** 40, `the sum ${sum} carries many times and stays exact in a double`);
  const t = new DecisionLatencyReader(block).read();
  assert.equal(t.count, 2 * count, `seed ${seed}`);
  assert.deepEqual(Array.from(t.counts), Array.from(expected), `seed ${seed}: per-bucket counts`);
  assert.equal(t.sumNs, sum, `seed ${seed}: sum`);
});
