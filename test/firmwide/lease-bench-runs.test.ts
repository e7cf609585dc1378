/**
 * The firm-wide lease benchmark runs end to end against a real nats-server (a few renewals and
 * rebalances, one node) and prints its figures: it checks its own answers (every renewal lands,
 * every rebalance raises the asking host within the firm limit) and exits non-zero otherwise.
 * Only that it runs and answers is asserted here; its timings are the benchmark's to report.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { natsSkip } from './support/nats.js';

const root = new URL('../../../', import.meta.url);

test('when the lease benchmark runs on one node then every renewal and rebalance it times landed and it prints their percentiles', { skip: natsSkip, timeout: 180_000 }, () => {
  const r = spawnSync(process.execPath, ['dist/bench/firmwide/lease-bench.js', '--nodes', '1', '--renewals', '5', '--rebalances', '2', '--rebalance-timeout-ms', '60000'], { cwd: root, encoding: 'utf8', timeout: 170_000 });
  assert.equal(r.status, 0, `${r.stdout}\n${r.stderr}`);
  assert.match(r.stdout, /renewal \(1 node\)\s+n=5\s+p50 [\d.]+ ms\s+p99 [\d.]+ ms/);
  assert.match(r.stdout, /rebalance \(ask→raise\)\s+n=2\s+p50 [\d.]+ ms\s+p99 [\d.]+ ms/);
});
