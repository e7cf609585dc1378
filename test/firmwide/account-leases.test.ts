/**
 * Firm-wide leases per account: one firm limit per (account, symbol), one lease key each
 * (`lease.<ACCOUNT>.<SYMBOL>`). Two accounts trade the same symbol under different firm limits
 * against a real nats-server: every revision of each account's record keeps its own holds within
 * its own limit, and a host whose instrument is in one account never enforces, nor is granted,
 * lots of the other's. Without NATS: key names, config validation, records of earlier versions,
 * and the firm monitor's rows per account.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Allocator, validateAllocatorConfig } from '../../src/firmwide/allocator.js';
import { FirmMonitor } from '../../src/firmwide/firm-monitor.js';
import { LeaseAgent } from '../../src/firmwide/lease-agent.js';
import { decodeRecord, decodeReport, heldSum, leaseKey, parseLeaseKey, reportKey, type LeaseRecord } from '../../src/firmwide/lease-record.js';
import type { LeaseStore } from '../../src/firmwide/lease-store.js';
import { EXPOSURE_SUBJECT_PREFIX } from '../../src/firmwide/exposure-publisher.js';
import { EnvelopeEncoder } from '../../src/schema/encode-envelope.js';
import type { InstrumentStateView } from '../../src/schema/state-view.js';
import { natsSkip } from './support/nats.js';
import { leaseCluster, RecordingTarget, until } from './support/lease-fixture.js';

const { cluster: fixtureCluster, open } = leaseCluster();

test('lease and report keys carry the account (the implicit one by default), and keys of the earlier shape are not read as leases', () => {
  assert.equal(leaseKey('BTCUSDT', 'alpha'), 'lease.alpha.BTCUSDT');
  assert.equal(leaseKey('BTCUSDT'), 'lease.default.BTCUSDT');
  assert.equal(reportKey('BTCUSDT', 'h1', 'beta'), 'host.beta.BTCUSDT.h1');
  assert.deepEqual(parseLeaseKey('alpha.BTCUSDT'), { account: 'alpha', symbol: 'BTCUSDT' });
  assert.deepEqual(parseLeaseKey('beta.BTCUSDT.h1', true), { account: 'beta', symbol: 'BTCUSDT', host: 'h1' });
  assert.equal(parseLeaseKey('BTCUSDT'), undefined, 'lease.<SYMBOL> of an earlier version');
  assert.equal(parseLeaseKey('BTCUSDT.h1', true), undefined, 'host.<SYMBOL>.<host> of an earlier version');
  // A record or report written without an account is the implicit account's.
  const old = decodeRecord(new TextEncoder().encode(JSON.stringify({ symbol: 'X', firmLong: 1, firmShort: 1, ttlMs: 1000, hosts: {} })));
  assert.equal(old.account, 'default');
  const rep = decodeReport(new TextEncoder().encode(JSON.stringify({ host: 'h', symbol: 'X', usedLong: 0, usedShort: 0, wantLong: 0, wantShort: 0, beat: 1 })));
  assert.equal(rep.account, 'default');
});

test('the allocator config has one firm limit per account and symbol, rejects names that cannot be key tokens and a pair listed twice', () => {
  const base = { servers: ['nats://127.0.0.1:4222'], hosts: ['a'] };
  const c = validateAllocatorConfig({ ...base, instruments: [{ symbol: 'S', firmLong: 1, firmShort: 1 }, { account: 'alpha', symbol: 'S', firmLong: 2, firmShort: 3, hosts: ['a'] }] });
  assert.deepEqual(c.instruments.map((i) => [i.account, i.symbol, i.firmLong]), [['default', 'S', 1], ['alpha', 'S', 2]]);
  assert.throws(() => validateAllocatorConfig({ ...base, instruments: [{ account: 'desk.one', symbol: 'S', firmLong: 1, firmShort: 1 }] }),
    /allocator\.instruments\[0\]\.account "desk\.one" cannot name a lease key: NATS KV key tokens are separated by '\.'/);
  assert.throws(() => validateAllocatorConfig({ ...base, instruments: [{ account: 'a b', symbol: 'S>', firmLong: 1, firmShort: 1 }] }),
    /instruments\[0\]\.symbol "S>" cannot name a lease key.*instruments\[0\]\.account "a b" cannot name a lease key/);
  assert.throws(() => validateAllocatorConfig({ ...base, instruments: [{ account: 'x', symbol: 'S', firmLong: 1, firmShort: 1 }, { account: 'x', symbol: 'S', firmLong: 2, firmShort: 2 }] }),
    /account x symbol S is listed twice/);
  assert.throws(() => validateAllocatorConfig({ ...base, instruments: [{ symbol: 'S', firmLong: 1, firmShort: 1, hosts: 'a' }] }), /instruments\[0\]\.hosts must be an array/);
});

test('a lease agent refuses an account that cannot be a key token, naming the instrument', () => {
  const store = {} as LeaseStore;
  assert.throws(() => new LeaseAgent(store, new RecordingTarget(), { host: 'a', symbols: ['S'], accounts: ['desk one'] }),
    /instrument 0 \(S\) account "desk one" cannot name a lease key/);
  assert.throws(() => new LeaseAgent(store, new RecordingTarget(), { host: 'a', symbols: ['S', 'T'], accounts: ['x'] }), /1 accounts for 2 instruments/);
});

function instrument(symbol: string, pos: number, openBuy: number): InstrumentStateView {
  return {
    symbol, estPosMin: pos, estPosMax: pos, hasSnapshot: true, snapPos: pos, unconfirmedCount: 0, unconfirmedQty: 0, openBuy, openSell: 0,
    activeOrders: 0, tradingState: 'active', tradingReasonCode: 0, tradingReason: '', killMode: 'resume', flipHalted: false, feedUp: true,
    awaitingSnapshot: false, lastMessageAt: 0, mismatches: 0, staleSnapshots: 0, gaps: 0, fillsInsideSnapshot: 0,
  };
}

test('the firm monitor shows one row per account and symbol: hosts trading a symbol in two accounts are not summed together', () => {
  const monitor = FirmMonitor.over({} as LeaseStore);
  const enc = new EnvelopeEncoder();
  const state = (host: string, pos: number, openBuy: number): void => {
    monitor.onRecord(`${EXPOSURE_SUBJECT_PREFIX}${host}`, enc.encode({ seq: 0, at: 1000, body: { kind: 'state', state: { globalKill: 'resume', instruments: [instrument('S', pos, openBuy)], counters: {} } } }).slice());
  };
  monitor.noteAccount('h1', 'S', 'alpha');
  monitor.noteAccount('h2', 'S', 'alpha');
  monitor.noteAccount('h3', 'S', 'beta');
  state('h1', 2, 1);
  state('h2', 3, 0);
  state('h3', 4, 2);
  const rows = monitor.view(1000).instruments.map((i) => [i.account, i.symbol, i.posMax, i.worstLong, i.hosts]);
  assert.deepEqual(rows.sort(), [['alpha', 'S', 5, 6, 2], ['beta', 'S', 4, 6, 1]]);
  assert.match(monitor.render(monitor.view(1000)), /alpha\/S +firm position \[5, 5\][^\n]*\(2 hosts\)\nbeta\/S +firm position \[4, 4\]/);
});

test('when two accounts share a symbol under different firm limits then each account\'s holds stay within its own limit, and a host\'s lease in one account gives it nothing of the other\'s', { skip: natsSkip, timeout: 90_000 }, async () => {
  const S = 'SHAREDUSDT';
  const limits: Record<string, { long: number; short: number }> = { alpha: { long: 10, short: 6 }, beta: { long: 4, short: 8 } };
  const config = validateAllocatorConfig({
    servers: fixtureCluster().servers, ttlMs: 1000, rebalanceMs: 100, hosts: ['a', 'b', 'c'],
    instruments: [
      { account: 'alpha', symbol: S, firmLong: limits['alpha']!.long, firmShort: limits['alpha']!.short, hosts: ['a', 'c'] },
      { account: 'beta', symbol: S, firmLong: limits['beta']!.long, firmShort: limits['beta']!.short, hosts: ['b'] },
    ],
  });
  // Every revision of every lease key, checked as it lands.
  const watcher = await open('watcher');
  const seen: { key: string; record: LeaseRecord }[] = [];
  const watch = await watcher.kv.watch({ key: 'lease.>', include: 'history' });
  void (async () => {
    for await (const e of watch) if (e.operation === 'PUT') seen.push({ key: e.key, record: decodeRecord(e.value) });
  })();
  const allocator = new Allocator(await open('allocator'), config);
  await allocator.start();
  // a and c trade S in account alpha, b in account beta (an engine lists a symbol once, in one account).
  const targets = { a: new RecordingTarget(), b: new RecordingTarget(), c: new RecordingTarget() };
  const agents = {
    a: new LeaseAgent(await open('host-a'), targets.a, { host: 'a', symbols: [S], accounts: ['alpha'], renewMs: 80, checkMs: 20, askLots: 2 }),
    b: new LeaseAgent(await open('host-b'), targets.b, { host: 'b', symbols: [S], accounts: ['beta'], renewMs: 80, checkMs: 20, askLots: 2 }),
    c: new LeaseAgent(await open('host-c'), targets.c, { host: 'c', symbols: [S], accounts: ['alpha'], renewMs: 80, checkMs: 20, askLots: 2 }),
  };
  // What the hosts enforce at any instant, per account: never more than that account's limit.
  let worst = { alpha: 0, beta: 0 };
  const sample = setInterval(() => {
    worst = { alpha: Math.max(worst.alpha, targets.a.enforced.long + targets.c.enforced.long), beta: Math.max(worst.beta, targets.b.enforced.long) };
  }, 5);
  for (const g of Object.values(agents)) await g.start();
  try {
    await until(() => targets.a.enforced.long === 5 && targets.c.enforced.long === 5 && targets.b.enforced.long === 4, 'alpha split 5/5 between a and c, beta\'s 4 all b\'s');
    assert.equal(targets.b.enforced.short, 8);
    assert.equal(targets.a.enforced.short + targets.c.enforced.short, 6);

    // b is at its whole grant in beta and asks; alpha has lots c does not use, but they are alpha's.
    targets.b.used = { long: 4, short: 0 };
    // a is at its grant in alpha and asks: it gets what c (idle) gives back, never beta's.
    targets.a.used = { long: 5, short: 0 };
    await until(() => targets.a.enforced.long > 5, 'a raised in alpha from c\'s slice');
    targets.a.used = { ...targets.a.enforced };
    await until(() => targets.a.enforced.long >= 8, 'a raised again in alpha');
    // b kept asking through all of it: beta has nothing free, and alpha's lots are not beta's.
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(targets.b.enforced.long, 4, 'b still enforces beta\'s whole limit and nothing more');

    const alpha = (await watcher.read(S, 'alpha')).record!;
    const beta = (await watcher.read(S, 'beta')).record!;
    assert.deepEqual([alpha.account, alpha.firmLong, beta.account, beta.firmLong], ['alpha', 10, 'beta', 4]);
    assert.deepEqual(Object.keys(alpha.hosts).sort(), ['a', 'c'], 'b has no slice of alpha');
    assert.deepEqual(Object.keys(beta.hosts), ['b'], 'a and c have no slice of beta');
    const bReport = decodeReport((await watcher.kv.get(reportKey(S, 'b', 'beta')))!.value);
    assert.ok(bReport.account === 'beta' && bReport.wantLong > 0, 'b asks in beta, unanswered');
    assert.equal(await watcher.kv.get(reportKey(S, 'b', 'alpha')), null, 'b reports nothing in alpha');
    assert.ok(heldSum(alpha, 'long') <= 10 && heldSum(beta, 'long') <= 4);
    assert.equal((await watcher.read(S)).record, null, 'nothing under the implicit account');
  } finally {
    clearInterval(sample);
    for (const g of Object.values(agents)) g.stop();
    await allocator.stop();
    watch.stop();
  }
  assert.ok(worst.alpha <= limits['alpha']!.long, `alpha's hosts enforced ${worst.alpha} at once`);
  assert.ok(worst.beta <= limits['beta']!.long, `beta's host enforced ${worst.beta}`);
  // Every revision of each key: the record is that key's account's, within that account's limits.
  assert.ok(seen.length > 4, `${seen.length} revisions seen`);
  for (const { key, record } of seen) {
    assert.equal(key, leaseKey(record.symbol, record.account));
    const lim = limits[record.account]!;
    assert.deepEqual([record.firmLong, record.firmShort], [lim.long, lim.short], key);
    assert.ok(heldSum(record, 'long') <= lim.long && heldSum(record, 'short') <= lim.short, `${key}: holds ${heldSum(record, 'long')}/${heldSum(record, 'short')}`);
  }
});
