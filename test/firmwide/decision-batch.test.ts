/**
 * The exposure publisher's decision batches, without NATS: decisions wait for the timer or a
 * full batch, one publish carries them all, and the monitor's decoder gets every record back in
 * order; a truncated batch is an error, not a silently shorter batch.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { JetStreamClient } from '@nats-io/jetstream';
import { DECISION_BATCH_MAX, DECISION_SUBJECT_PREFIX, ExposurePublisher, decodeDecisionBatch } from '../../src/firmwide/exposure-publisher.js';
import { decodeEnvelope } from '../../src/schema/decode-envelope.js';

function fakeJs(): { js: JetStreamClient; published: { subject: string; data: Uint8Array }[] } {
  const published: { subject: string; data: Uint8Array }[] = [];
  const js = { publish: (subject: string, data: Uint8Array) => {
    published.push({ subject, data: data.slice() });
    return Promise.resolve({ seq: published.length });
  } } as unknown as JetStreamClient;
  return { js, published };
}

test('when a host decides a few orders then they go out as one batch after the timer, decoded in order', async () => {
  const { js, published } = fakeJs();
  const pub = new ExposurePublisher(js, 'h1', ['BTC']);
  pub.decision('o1', 'APPROVED');
  pub.decision('o2', 'LEASE_LIMIT');
  pub.decision('o3', 'APPROVED');
  assert.equal(published.length, 0, 'nothing published per decision');
  await new Promise((r) => setTimeout(r, 250));
  assert.equal(published.length, 1);
  assert.equal(published[0]!.subject, `${DECISION_SUBJECT_PREFIX}h1`);
  const recs = decodeDecisionBatch(published[0]!.data).map((b) => decodeEnvelope(b));
  assert.deepEqual(recs.map((r) => (r.body.kind === 'decision' ? [r.body.orderId, r.body.decision] : null)), [['o1', 'approve'], ['o2', 'deny'], ['o3', 'approve']]);
  assert.deepEqual(pub.stats, { states: 0, decisions: 3, batches: 1, failed: 0 });
});

test('when a batch fills then it is published at once, and close publishes the rest', async () => {
  const { js, published } = fakeJs();
  const pub = new ExposurePublisher(js, 'h2', ['BTC']);
  for (let i = 0; i < DECISION_BATCH_MAX + 5; i++) pub.decision(`o${i}`, 'APPROVED');
  assert.equal(published.length, 1, 'the full batch went out without waiting for the timer');
  assert.equal(decodeDecisionBatch(published[0]!.data).length, DECISION_BATCH_MAX);
  await pub.close();
  assert.equal(published.length, 2);
  assert.equal(decodeDecisionBatch(published[1]!.data).length, 5);
});

test('when a batch is truncated then decoding it throws', () => {
  const { js, published } = fakeJs();
  const pub = new ExposurePublisher(js, 'h3', ['BTC']);
  pub.decision('o1', 'APPROVED');
  void pub.flush();
  const data = published[0]!.data;
  assert.throws(() => decodeDecisionBatch(data.subarray(0, data.length - 1)), /runs past the end/);
  assert.throws(() => decodeDecisionBatch(data.subarray(0, 2)), /truncated/);
});
