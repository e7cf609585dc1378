import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { NatsCluster } from '../../src/firmwide/nats-cluster.js';
import type { LeaseStore } from '../../src/firmwide/lease-store.js';
import { free, heldSum, newRecord, renewSlice, setGrant, type LeaseRecord } from '../../src/firmwide/lease-record.js';
import { seededRandom } from '../../src/random/mulberry32.js';
import { natsAbsent, natsSkip, openStore } from './support/nats.js';

let cluster: NatsCluster;
let a: LeaseStore;
let b: LeaseStore;

before(async () => {
  if (natsAbsent) return;
  cluster = await NatsCluster.start(1);
  a = await openStore(cluster, 'rebalancer-a');
  b = await openStore(cluster, 'rebalancer-b');
});

after(async () => {
  await a?.close();
  await b?.close();
  await cluster?.stop();
});

function checkChain(symbol: string, writes: { revision: number; record: LeaseRecord }[]): void {
  writes.sort((x, y) => x.revision - y.revision);
  for (const w of writes) {
    assert.ok(heldSum(w.record, 'long') <= w.record.firmLong, `${symbol} rev ${w.revision}: long holds ${heldSum(w.record, 'long')} > ${w.record.firmLong}`);
    assert.ok(heldSum(w.record, 'short') <= w.record.firmShort, `${symbol} rev ${w.revision}: short holds ${heldSum(w.record, 'short')} > ${w.record.firmShort}`);
  }
}

test('when a write names a revision that is no longer the last then the server refuses it (-1) and nothing changes', { skip: natsSkip }, async () => {
  const r = newRecord('CASUSDT', 10, 10, 3000);
  const rev = await a.cas(null, r, 0);
  assert.ok(rev > 0);
  assert.equal(await b.cas(null, r, 0), -1, 'a create of an existing key loses');
  const g = structuredClone(r);
  setGrant(g, 'h1', 'long', 4);
  const rev2 = await a.cas(r, g, rev);
  assert.equal(rev2, rev + 1);
  assert.equal(await b.cas(r, g, rev), -1, 'a stale revision loses');
  const now = await b.read('CASUSDT');
  assert.equal(now.revision, rev2);
  assert.equal(now.record?.hosts['h1']?.long, 4);
});

test('when a write would hold more than the firm limit then it is refused before it reaches the bucket', { skip: natsSkip }, async () => {
  const r = newRecord('INVUSDT', 10, 10, 3000);
  const rev = await a.cas(null, r, 0);
  const bad = structuredClone(r);
  bad.hosts['h1'] = { long: 11, short: 0, heldLong: 11, heldShort: 0, usedLong: 0, usedShort: 0, wantLong: 0, wantShort: 0, beat: 0, answeredLong: 0, answeredShort: 0 };
  await assert.rejects(a.cas(r, bad, rev), (e: Error & { code?: string }) => e.code === 'ERR_RISKGATE_FIRMWIDE_LEASE_INVARIANT');
  assert.equal((await a.read('INVUSDT')).revision, rev);
});

test('when two rebalances read the same revision and both grant the free lots then one loses the swap and re-reads: never over-granted', { skip: natsSkip }, async () => {
  const r = newRecord('RACEUSDT', 10, 10, 3000);
  const rev = await a.cas(null, r, 0);
  const [ra, rb] = await Promise.all([a.read('RACEUSDT'), b.read('RACEUSDT')]);
  assert.equal(ra.revision, rev);
  assert.equal(rb.revision, rev);
  const ga = structuredClone(ra.record!);
  const gb = structuredClone(rb.record!);
  assert.equal(setGrant(ga, 'h1', 'long', 8), 8);
  assert.equal(setGrant(gb, 'h2', 'long', 8), 8); // each alone would fit: 8 <= 10
  const [wa, wb] = await Promise.all([a.cas(ra.record, ga, rev), b.cas(rb.record, gb, rev)]);
  assert.equal([wa, wb].filter((x) => x === -1).length, 1, 'exactly one of the two swaps lands');
  const loser = wa === -1 ? a : b;
  const host = wa === -1 ? 'h1' : 'h2';
  const m = await loser.mutate('RACEUSDT', (cur) => {
    setGrant(cur!, host, 'long', 8);
    return cur;
  });
  assert.equal(m.record!.hosts[host]!.long, 2, 'the loser re-reads and gets only what is free');
  assert.equal(heldSum(m.record!, 'long'), 10);
});

test('when two allocators rebalance concurrently for 400 rounds (seeded) then every revision holds at most the firm limit', { skip: natsSkip, timeout: 60_000 }, async () => {
  const seed = Number(process.env['FIRMWIDE_SEED'] ?? Date.now() % 100000);
  console.log(`# seed ${seed} (FIRMWIDE_SEED to repeat)`);
  const symbol = 'STRESSUSDT';
  const hosts = ['h1', 'h2', 'h3', 'h4'];
  await a.cas(null, newRecord(symbol, 20, 15, 3000), 0);
  const writes: { revision: number; record: LeaseRecord }[] = [];
  let conflicts = 0;
  const worker = async (store: LeaseStore, rnd: () => number): Promise<void> => {
    for (let i = 0; i < 200; i++) {
      const host = hosts[Math.floor(rnd() * hosts.length)]!;
      const side = rnd() < 0.5 ? 'long' as const : 'short' as const;
      const kind = rnd();
      const m = await store.mutate(symbol, (cur) => {
        const s = cur!.hosts[host];
        if (kind < 0.5) setGrant(cur!, host, side, Math.floor(rnd() * 12)); // allocator: raise from free or lower
        else if (s !== undefined) {
          // host acknowledges: enforces its grants, reports an exposure within what it held
          const usedL = Math.min(s.heldLong, Math.floor(rnd() * (s.heldLong + 1)));
          const usedS = Math.min(s.heldShort, Math.floor(rnd() * (s.heldShort + 1)));
          renewSlice(cur!, host, { long: s.long, short: s.short }, { long: usedL, short: usedS }, { long: 0, short: 0 });
        } else return null;
        return cur;
      });
      conflicts += m.conflicts;
      if (m.written) writes.push({ revision: m.revision, record: m.record! });
    }
  };
  await Promise.all([worker(a, seededRandom(seed)), worker(b, seededRandom(seed + 1))]);
  console.log(`# ${writes.length} writes, ${conflicts} lost swaps retried`);
  assert.ok(conflicts > 0, 'the two allocators did race');
  const revs = writes.map((w) => w.revision).sort((x, y) => x - y);
  for (let i = 1; i < revs.length; i++) assert.ok(revs[i]! > revs[i - 1]!, 'no two writes share a revision');
  checkChain(symbol, writes);
  const last = await a.read(symbol);
  assert.ok(free(last.record!, 'long') >= 0);
  checkChain(symbol, (await a.history(symbol)).map((v) => ({ revision: v.revision, record: v.record! })));
});
