/**
 * Two allocators rebalancing the same hosts at once, against a real nats-server: every revision
 * of the lease record (each one, from a watch established before the first write) holds at most
 * the firm limit, and so does what the hosts enforce together at every moment sampled. The swaps
 * serialize the allocators: each write was computed from the revision it replaced.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Allocator, validateAllocatorConfig } from '../../src/firmwide/allocator.js';
import { LeaseAgent } from '../../src/firmwide/lease-agent.js';
import { decodeRecord, heldSum, leaseKey, type LeaseRecord } from '../../src/firmwide/lease-record.js';
import { seededRandom } from '../../src/random/mulberry32.js';
import { natsSkip } from './support/nats.js';
import { leaseCluster, RecordingTarget, until } from './support/lease-fixture.js';

const { cluster: fixtureCluster, open } = leaseCluster();

test('when two allocators rebalance the same hosts at once then no revision and no moment holds more than the firm limit', { skip: natsSkip, timeout: 90_000 }, async () => {
  const seed = Number(process.env['FIRMWIDE_SEED'] ?? Date.now() % 100000);
  console.log(`# seed ${seed} (FIRMWIDE_SEED to repeat)`);
  const SYMBOL = 'TWOALLOCUSDT';
  const FIRM = 9;
  const hosts = ['a', 'b', 'c'];
  const config = validateAllocatorConfig({
    servers: fixtureCluster().servers, ttlMs: 3000, rebalanceMs: 20, hosts, instruments: [{ symbol: SYMBOL, firmLong: FIRM, firmShort: FIRM }],
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
  const hostStores = await Promise.all(hosts.map((h) => open(`two-${h}`)));
  const agents = hosts.map((h, i) => new LeaseAgent(hostStores[i]!, targets[i]!, { host: h, symbols: [SYMBOL], renewMs: 60, checkMs: 20, askLots: 2 }));
  await Promise.all(allocators.map((x) => x.start()));
  for (const ag of agents) await ag.start();
  const rnd = seededRandom(seed);
  let worstLong = 0;
  let worstShort = 0;
  try {
    // 4 s of hosts trading inside what they enforce: each side now idle, now at its grant (asking).
    for (const end = Date.now() + 4000; Date.now() < end;) {
      targets.forEach((t) => {
        const side = (g: number): number => (rnd() < 0.4 ? g : Math.floor(rnd() * (g + 1)));
        t.used = { long: side(t.enforced.long), short: side(t.enforced.short) };
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
  // A renewal under way when its agent stopped may still write: closed, nobody writes any more.
  await Promise.all(hostStores.map((x) => x.close().catch(() => undefined)));
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
  const missed = kept.filter((k) => !revs.includes(k.revision)).map((k) => k.revision);
  assert.ok(kept.length > 0 && missed.length === 0, `the watch saw every revision the bucket kept; missed ${missed.join(', ')} of ${kept.map((k) => k.revision).join(', ')}; seen ${revs.join(', ')}`);
  for (const { revision, record } of seen) {
    assert.ok(heldSum(record, 'long') <= FIRM && heldSum(record, 'short') <= FIRM, `revision ${revision}: holds ${heldSum(record, 'long')} / ${heldSum(record, 'short')} > ${FIRM}`);
    for (const [h, s] of Object.entries(record.hosts)) assert.ok(s.long <= s.heldLong && s.short <= s.heldShort, `revision ${revision}: ${h} granted beyond its hold`);
  }
  assert.ok(worstLong <= FIRM && worstShort <= FIRM, `the hosts enforced together at most long ${worstLong}, short ${worstShort} of ${FIRM}`);
});
