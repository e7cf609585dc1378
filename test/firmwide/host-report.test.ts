/**
 * Renewals write each host's own key, not the instrument's shared lease entry: against a real
 * nats-server, hosts renewing many times leave the shared entry's revision alone (no host
 * contends on it) while their reports move; a request in a report is granted by the allocator
 * once; and a host whose exposure outgrew its hold writes the shared entry (the hold covers it).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Allocator, validateAllocatorConfig } from '../../src/firmwide/allocator.js';
import { LeaseAgent } from '../../src/firmwide/lease-agent.js';
import { decodeReport, heldSum, reportKey } from '../../src/firmwide/lease-record.js';
import { natsSkip } from './support/nats.js';
import { leaseCluster, RecordingTarget, until } from './support/lease-fixture.js';

const { cluster: fixtureCluster, open } = leaseCluster();

test('when hosts renew with nothing to change then only their own keys are written, a request is granted from a report, and exposure beyond the hold is written to the shared entry', { skip: natsSkip, timeout: 60_000 }, async () => {
  const SYMBOL = 'REPORTUSDT';
  const config = validateAllocatorConfig({
    servers: fixtureCluster().servers, ttlMs: 2000, rebalanceMs: 100, hosts: ['a', 'b'], instruments: [{ symbol: SYMBOL, firmLong: 10, firmShort: 10 }],
  });
  const allocator = new Allocator(await open('allocator'), config);
  await allocator.start();
  const ta = new RecordingTarget();
  const tb = new RecordingTarget();
  const a = new LeaseAgent(await open('host-a'), ta, { host: 'a', symbols: [SYMBOL], renewMs: 50, askLots: 2 });
  const b = new LeaseAgent(await open('host-b'), tb, { host: 'b', symbols: [SYMBOL], renewMs: 50, askLots: 2 });
  const reader = await open('reader');
  await a.start();
  await b.start();
  try {
    await until(() => ta.enforced.long === 5 && tb.enforced.long === 5, 'both hosts enforcing an initial slice of 5');
    // Quiet: both use 1 lot a side, far from their grants; nothing for the allocator to change.
    ta.used = { long: 1, short: 1 };
    tb.used = { long: 1, short: 1 };
    await until(async () => decodeReport((await reader.kv.get(reportKey(SYMBOL, 'a')))!.value).usedLong === 1
      && decodeReport((await reader.kv.get(reportKey(SYMBOL, 'b')))!.value).usedLong === 1, 'both reports carry the exposure');
    const rev0 = (await reader.read(SYMBOL)).revision;
    const renewed0 = a.stats.renewals + b.stats.renewals;
    const beat0 = decodeReport((await reader.kv.get(reportKey(SYMBOL, 'a')))!.value).beat;
    await until(() => a.stats.renewals + b.stats.renewals >= renewed0 + 20, '20 more renewals');
    assert.equal((await reader.read(SYMBOL)).revision, rev0, 'renewals did not write the shared entry');
    assert.equal(a.stats.holdWrites + b.stats.holdWrites, 0);
    assert.ok(decodeReport((await reader.kv.get(reportKey(SYMBOL, 'a')))!.value).beat >= beat0 + 5, 'a\'s report moved');
    assert.equal(a.stats.conflicts + b.stats.conflicts, 0, 'no lost swaps: nobody else writes a host\'s key');
    assert.ok(a.latencyPercentiles().n > 0 && a.stats.renewalP99Ms >= a.stats.renewalP50Ms);

    // a comes near its grant: its report asks, the allocator grants from b's idle lots.
    ta.used = { long: 5, short: 1 };
    await until(() => ta.enforced.long > 5, 'a raised beyond its initial slice');
    const rec = (await reader.read(SYMBOL)).record!;
    assert.ok(heldSum(rec, 'long') <= 10, `long holds ${heldSum(rec, 'long')} within the firm limit`);

    // b's exposure outgrew its hold (a trade outside the engine): its renewal writes the hold up.
    const writes = b.stats.holdWrites;
    tb.used = { long: 1, short: 7 };
    await until(async () => (await reader.read(SYMBOL)).record!.hosts['b']!.heldShort === 7, 'b\'s hold covers its exposure');
    // The entry can be read before b's renewal resumes from the swap and counts it.
    await until(() => b.stats.holdWrites > writes, 'b to count its write of the shared entry', 2000);
    assert.ok(b.stats.holdWrites > writes);
  } finally {
    a.stop();
    b.stop();
    await allocator.stop();
  }
});
