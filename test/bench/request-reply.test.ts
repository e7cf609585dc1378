/**
 * The request-reply baselines of the strategy path (bench/engine/request-reply.ts) check their
 * own answers: a tiny run over each transport verifies and reports the responder's GC figures;
 * a responder whose engine decides differently from the expected sequence fails the run with a
 * `BenchVerificationError` naming the first wrong request; a responder that cannot start fails
 * the run instead of hanging it. No timing is asserted (shared machine).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { benchRiskConfig, maxOrdersFor } from '../../bench/engine/bench-risk-config.js';
import { runRequestReply } from '../../bench/engine/request-reply.js';
import { REQUEST_REPLY_TRANSPORTS } from '../../bench/engine/request-reply-message.js';
import { DenyReason } from '../../src/risk/deny-reason.js';

const WARMUP = 10;
const COUNT = 40;

for (const transport of REQUEST_REPLY_TRANSPORTS) {
  test(`when every request over ${transport} gets its expected decision then the run verifies and reports every measured round trip and the responder's GCs`, async () => {
    for (const rate of [0, 5000]) {
      const r = await runRequestReply(`test ${transport}`, transport, WARMUP, COUNT, rate);
      assert.equal(r.summary.count, COUNT, `rate ${rate}: one latency per measured request`);
      assert.ok(r.throughput > 0);
      assert.equal(r.responder.ops, WARMUP + COUNT, `rate ${rate}: GCs counted over every answered request`);
      assert.ok(r.responder.gcCount >= 0);
    }
  });

  test(`when the responder's engine denies an order the sequence expects approved over ${transport} then the run fails with BenchVerificationError naming the request and both codes`, async () => {
    // maxLong 0: every buy order (j % 4 == 0) is denied POSITION_LIMIT, its cancel UNKNOWN_ORDER.
    const config = benchRiskConfig(maxOrdersFor(WARMUP + COUNT)) as { instruments: Record<string, unknown>[] };
    config.instruments[0]!['maxLong'] = 0;
    await assert.rejects(runRequestReply(`test ${transport}`, transport, WARMUP, COUNT, 0, { config }), (e: Error & { code?: string }) => {
      assert.equal(e.code, 'BENCH_VERIFICATION');
      assert.match(e.message, /^test \S+: 26 wrong replies; first: request 0 \(order of key 0\): code (\d+), expected 0$/);
      assert.equal(Number(/code (\d+)/.exec(e.message)![1]), DenyReason.POSITION_LIMIT);
      return true;
    });
  });
}

test('when the responder cannot build its engine then the run fails naming the responder instead of hanging', async () => {
  await assert.rejects(runRequestReply('test bad config', 'ringbuf.js', WARMUP, COUNT, 0, { config: { instruments: [] } }), /test bad config: responder worker failed/);
});
