/**
 * The allocator and the hosts' lease agents against a real nats-server: initial slices, a
 * rebalance that takes back before it grants, a host cut off from NATS whose lease lapses on its
 * own clock (its hold kept), an allocator restarted from the bucket, and every revision of the
 * record within the firm limit. The hosts' risk threads are stand-ins that record what they were
 * told to enforce (the engine's own lease checks are tested in test/risk and test/engine).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Allocator, validateAllocatorConfig } from '../../src/firmwide/allocator.js';
import { LeaseAgent } from '../../src/firmwide/lease-agent.js';
import { heldSum } from '../../src/firmwide/lease-record.js';
import { natsSkip } from './support/nats.js';
import { leaseCluster, RecordingTarget, until } from './support/lease-fixture.js';

const { cluster: fixtureCluster, open } = leaseCluster();

test('when hosts renew under an allocator then each gets its slice, a busy host gets what an idle one gives back, a cut-off host lapses, a restarted allocator re-grants nothing, and no revision holds more than the firm limit', { skip: natsSkip, timeout: 90_000 }, async () => {
  const SYMBOL = 'FIRMUSDT';
  const config = validateAllocatorConfig({
    servers: fixtureCluster().servers, ttlMs: 1000, rebalanceMs: 100, hosts: ['a', 'b'], instruments: [{ symbol: SYMBOL, firmLong: 10, firmShort: 10 }],
  });
  let allocator = new Allocator(await open('allocator-1'), config);
  await allocator.start();
  const ta = new RecordingTarget();
  const tb = new RecordingTarget();
  const storeA = await open('host-a');
  const a = new LeaseAgent(storeA, ta, { host: 'a', symbols: [SYMBOL], renewMs: 150, askLots: 3 });
  const b = new LeaseAgent(await open('host-b'), tb, { host: 'b', symbols: [SYMBOL], renewMs: 150, askLots: 3 });
  await a.start();
  await b.start();
  try {
    await until(() => ta.enforced.long === 5 && tb.enforced.long === 5 && a.valid(0) && b.valid(0), 'both hosts enforcing an initial slice of 5');

    // a is at its grant and asks; b holds nothing: b's grant is lowered first, then a's raised.
    ta.used = { long: 5, short: 0 };
    await until(() => ta.enforced.long > 5, 'a raised beyond its initial slice');
    assert.ok(tb.enforced.long < 5, `b enforces less (${tb.enforced.long}) before a could get more`);
    assert.ok(b.stats.lowered > 0 && a.stats.raised > 0);
    const mid = (await storeA.read(SYMBOL)).record!;
    assert.ok(heldSum(mid, 'long') <= 10, `holds ${heldSum(mid, 'long')}`);

    // Cut a off (its connection closed): its renewals fail, its lease lapses on its own clock.
    const aLong = ta.enforced.long;
    ta.used = { long: aLong, short: 0 };
    const renewed = a.stats.renewals;
    await storeA.close();
    await until(() => !a.valid(0), 'a\'s lease lapsed', 5000);
    assert.ok(a.stats.renewals <= renewed + 1, 'no renewal lands while cut off');
    await until(async () => (await allocator.store.read(SYMBOL)).record!.hosts['a']!.long === 0, 'the allocator grants a nothing more');
    const rec = (await allocator.store.read(SYMBOL)).record!;
    assert.ok(rec.hosts['a']!.heldLong >= aLong, `a's hold (${rec.hosts['a']!.heldLong}) is kept: its exposure may still be there`);

    // Kill the allocator; a new one continues from the bucket without granting anything twice.
    await allocator.stop();
    const before = (await allocator.store.read(SYMBOL).catch(() => undefined)) ?? (await (await open('reader')).read(SYMBOL));
    allocator = new Allocator(await open('allocator-2'), config);
    await allocator.start();
    await new Promise((r) => setTimeout(r, 500));
    const after = (await allocator.store.read(SYMBOL)).record!;
    assert.ok(heldSum(after, 'long') <= 10 && heldSum(after, 'short') <= 10);
    assert.equal(after.hosts['b']!.heldLong <= 10 - after.hosts['a']!.heldLong, true);
    assert.ok(before.record !== null);

    // Every stored revision kept the holds within the firm limit.
    for (const v of await allocator.store.history(SYMBOL)) {
      assert.ok(heldSum(v.record!, 'long') <= 10 && heldSum(v.record!, 'short') <= 10, `revision ${v.revision}`);
    }
  } finally {
    a.stop();
    b.stop();
    await allocator.stop();
  }
});
