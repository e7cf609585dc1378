/**
 * The allocator's pool of idle lots and two allocators at once, against a real nats-server: an
 * idle side goes back to the pool (but for its exposure and a reserve), a request is then granted
 * from the pool without lowering anyone, and two allocators rebalancing the same hosts at once
 * never over-grant: not in any revision of the record (every one, seen by a watch), and not in
 * what the hosts enforce together at any moment sampled.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Allocator, validateAllocatorConfig } from '../../src/firmwide/allocator.js';
import { LeaseAgent } from '../../src/firmwide/lease-agent.js';
import { decodeRecord, decodeReport, heldSum, leaseKey, reportKey, type LeaseRecord } from '../../src/firmwide/lease-record.js';
import { seededRandom } from '../../src/random/mulberry32.js';
import { natsSkip } from './support/nats.js';
import { leaseCluster, RecordingTarget, until } from './support/lease-fixture.js';

const { cluster: fixtureCluster, open } = leaseCluster();

test('when a side stays idle then its grant goes back to the pool but for its exposure and a reserve, and a denied host is granted from the pool with nobody lowered', { skip: natsSkip, timeout: 60_000 }, async () => {
  const SYMBOL = 'POOLUSDT';
  const config = validateAllocatorConfig({
    servers: fixtureCluster().servers, ttlMs: 3000, rebalanceMs: 50, idleMs: 300, hosts: ['a', 'b'], instruments: [{ symbol: SYMBOL, firmLong: 12, firmShort: 12 }],
  });
  const allocator = new Allocator(await open('pool-allocator'), config);
  await allocator.start();
  const ta = new RecordingTarget();
  const tb = new RecordingTarget();
  const a = new LeaseAgent(await open('pool-a'), ta, { host: 'a', symbols: [SYMBOL], renewMs: 200, askLots: 3 });
  const b = new LeaseAgent(await open('pool-b'), tb, { host: 'b', symbols: [SYMBOL], renewMs: 200, askLots: 3 });
  const reader = await open('pool-reader');
  await a.start();
  await b.start();
  try {
    // b uses 2 lots long; a uses nothing. Reserve: max(1, floor(12 / (4 * 2))) = 1.
    tb.used = { long: 2, short: 0 };
    await until(() => ta.enforced.long === 1 && ta.enforced.short === 1 && tb.enforced.long === 3 && tb.enforced.short === 1, 'idle sides down to exposure + 1', 20_000);
    await until(async () => heldSum((await reader.read(SYMBOL)).record!, 'long') === 4, 'the holds given back (12 - 4 free)');
    // Nothing asks on a side it does not use, although a grant of 1 is within its near share.
    await new Promise((r) => setTimeout(r, 600));
    const rep = decodeReport((await reader.kv.get(reportKey(SYMBOL, 'a')))!.value);
    assert.equal(rep.wantLong, 0, 'an unused side is not asked for');
    assert.equal(ta.enforced.long, 1);

    // a is denied a 2-lot buy: it asks, and the allocator grants from the 8 free lots at once.
    const lowered = b.stats.lowered;
    a.noteDenied(0, 'buy', 2);
    await until(() => ta.enforced.long >= 1 + 4, 'a granted at least half of the pool').catch(async (e: Error) => {
      const r = (await reader.read(SYMBOL)).record;
      const report = decodeReport((await reader.kv.get(reportKey(SYMBOL, 'a')))!.value);
      throw new Error(`${e.message}: a enforces ${JSON.stringify(ta.enforced)}, reports ${JSON.stringify(report)}, record ${JSON.stringify(r)}, allocator ${JSON.stringify(allocator.stats)}, agent ${JSON.stringify(a.stats)}`);
    });
    assert.equal(b.stats.lowered, lowered, 'nobody was lowered for it: the lots were in the pool');
    assert.equal(tb.enforced.long, 3);
    const rec = (await reader.read(SYMBOL)).record!;
    assert.ok(heldSum(rec, 'long') <= 12);
  } finally {
    a.stop();
    b.stop();
    await allocator.stop();
  }
});

test('when two allocators rebalance the same hosts at once then no revision and no moment holds more than the firm limit', { skip: natsSkip, timeout: 90_000 }, async () => {
  const seed = Number(process.env['FIRMWIDE_SEED'] ?? Date.now() % 100000);
  console.log(`# seed ${seed} (FIRMWIDE_SEED to repeat)`);
  const SYMBOL = 'TWOALLOCUSDT';
  const FIRM = 9;
  const hosts = ['a', 'b', 'c'];
  const config = validateAllocatorConfig({
    servers: fixtureCluster().servers, ttlMs: 3000, rebalanceMs: 20, idleMs: 100, hosts, instruments: [{ symbol: SYMBOL, firmLong: FIRM, firmShort: FIRM }],
  });
  // Every revision of the record, from a watch on its own connection (the bucket keeps only 64).
  const watcher = await open('two-watch');
  const seen: { revision: number; record: LeaseRecord }[] = [];
  // Established before any write (awaited), from the key's first revision on.
  const watch = await watcher.kv.watch({ key: leaseKey(SYMBOL), include: 'history' });
  const watched = (async () => {
    for await (const e of watch) if (e.operation === 'PUT') seen.push({ revision: e.revision, record: decodeRecord(e.value) });
  })();
  const allocators = [new Allocator(await open('two-alloc-1'), config), new Allocator(await open('two-alloc-2'), config)];
  const targets = hosts.map(() => new RecordingTarget());
  const agents = await Promise.all(hosts.map(async (h, i) => new LeaseAgent(await open(`two-${h}`), targets[i]!, { host: h, symbols: [SYMBOL], renewMs: 60, checkMs: 20, askLots: 2 })));
  await Promise.all(allocators.map((x) => x.start()));
  for (const ag of agents) await ag.start();
  const rnd = seededRandom(seed);
  let worstLong = 0;
  let worstShort = 0;
  try {
    // 4 s of hosts trading inside what they enforce, each pushing on a random side.
    for (const end = Date.now() + 4000; Date.now() < end;) {
      targets.forEach((t, i) => {
        t.used = { long: Math.floor(rnd() * (t.enforced.long + 1)), short: Math.floor(rnd() * (t.enforced.short + 1)) };
        if (rnd() < 0.5) agents[i]!.noteDenied(0, rnd() < 0.5 ? 'buy' : 'sell', 1 + Math.floor(rnd() * 3));
      });
      worstLong = Math.max(worstLong, targets.reduce((n, t) => n + t.enforced.long, 0));
      worstShort = Math.max(worstShort, targets.reduce((n, t) => n + t.enforced.short, 0));
      await new Promise((r) => setTimeout(r, 15));
    }
  } finally {
    agents.forEach((ag) => ag.stop());
  }
  const stats = allocators.map((x) => ({ ...x.stats })); // before stop: a pass cut short by the close is not a failure
  await Promise.all(allocators.map((x) => x.stop()));
  await until(async () => seen.at(-1)?.revision === (await watcher.read(SYMBOL)).revision, 'the watch to catch up with the last revision');
  watch.stop();
  await watched;
  console.log(`# ${seen.length} revisions; allocator writes ${stats.map((s) => s.writes).join(' + ')}, lost swaps ${stats.map((s) => s.conflicts).join(' + ')}; most enforced at once: long ${worstLong}, short ${worstShort}`);
  assert.ok(stats.every((s) => s.writes > 0), 'both allocators wrote');
  assert.ok(stats.every((s) => s.failures === 0), stats.map((s) => s.lastError).join('; '));
  assert.ok(agents.reduce((n, ag) => n + ag.stats.raised, 0) > 0, 'leases were raised');
  // Revisions number the whole bucket (the hosts' reports too): in order, and every one the bucket
  // still keeps of this key (its last 64) was seen.
  const revs = seen.map((s) => s.revision);
  for (let i = 1; i < revs.length; i++) assert.ok(revs[i]! > revs[i - 1]!, 'the watch saw the revisions in order');
  const kept = await watcher.history(SYMBOL);
  assert.ok(kept.length > 0 && kept.every((k) => revs.includes(k.revision)), 'the watch saw every revision the bucket kept');
  for (const { revision, record } of seen) {
    assert.ok(heldSum(record, 'long') <= FIRM && heldSum(record, 'short') <= FIRM, `revision ${revision}: holds ${heldSum(record, 'long')} / ${heldSum(record, 'short')} > ${FIRM}`);
    for (const [h, s] of Object.entries(record.hosts)) assert.ok(s.long <= s.heldLong && s.short <= s.heldShort, `revision ${revision}: ${h} granted beyond its hold`);
  }
  assert.ok(worstLong <= FIRM && worstShort <= FIRM, `the hosts enforced together at most long ${worstLong}, short ${worstShort} of ${FIRM}`);
});
