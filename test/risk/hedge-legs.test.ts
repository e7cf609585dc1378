import { test } from 'node:test';
import assert from 'node:assert/strict';
import { validateConfig } from '../../src/config/validate-config.js';
import { ConfigError } from '../../src/config/config-error.js';
import { legLayout } from '../../src/config/hedge-legs.js';
import { ApplyResult } from '../../src/risk/codes.js';
import { DenyReason } from '../../src/risk/deny-reason.js';
import { assertCode, EngineHarness } from '../support/engine-harness.js';

// A hedge-mode instrument: its long leg is `BTC` (also `BTC:long`), its short leg `BTC:short`;
// each leg is its own ledger instrument, limited on its own, and the pair on its net.
const L = 'BTC';
const S = 'BTC:short';
const ROOMY = { maxFills: 50, maxQty: 1000 };

function hedge(cfg: Record<string, unknown> = {}): EngineHarness {
  const h = new EngineHarness([{ symbol: 'BTC', mode: 'hedge', maxLong: 4, maxShort: 4, legs: { maxLong: 6, maxShort: 6 }, ...cfg }, { symbol: 'ETH' }]);
  h.snap(0, NaN, L);
  h.snap(0, NaN, S);
  h.snap(0, NaN, 'ETH');
  return h;
}

test('when a config has a hedge instrument then its short leg follows the configured instruments and one-way indices are unchanged', () => {
  const cfg = validateConfig({ instruments: [{ symbol: 'BTC', mode: 'hedge', maxLong: 4, maxShort: 4 }, { symbol: 'ETH', maxLong: 1, maxShort: 1 }] });
  const layout = legLayout(cfg.instruments);
  assert.deepEqual(layout.symbols, ['BTC', 'ETH', 'BTC:short']);
  assert.deepEqual([...layout.pair], [2, -1, 0]);
  assert.equal(layout.index.get('BTC:long'), 0);
  assert.deepEqual(cfg.instruments[0]!.legs, { maxLong: 4, maxShort: 4 }, 'leg limits default to the instrument limits');
  assert.equal(cfg.instruments[1]!.legs, undefined);
  const h = new EngineHarness([{ symbol: 'BTC', maxLong: 4, maxShort: 4 }]);
  assert.equal(h.engine.instrumentCount, 1, 'a one-way config has exactly its configured instruments');
});

test('when a hedge config is wrong then every problem is named', () => {
  assert.throws(() => validateConfig({ instruments: [
    { symbol: 'BTC', mode: 'hedge', maxLong: 1, maxShort: 1, sequence: 'contiguous' },
    { symbol: 'BTC:short', maxLong: 1, maxShort: 1, legs: { maxLong: 1 } },
    { symbol: 'ETH', mode: 'both', maxLong: 1, maxShort: 1 },
  ] }), (e: unknown) => {
    assert.ok(e instanceof ConfigError);
    const m = (e as Error).message;
    assert.match(m, /instruments\[0\]\.sequence contiguous cannot be checked per leg/);
    assert.match(m, /instruments\[1\]\.legs applies to mode hedge only/);
    assert.match(m, /its short leg takes the name "BTC:short"/);
    assert.match(m, /instruments\[2\]\.mode must be one of oneWay, hedge/);
    return true;
  });
});

test('when a buy would take the long leg past its leg limit then POSITION_LIMIT', () => {
  const h = hedge({ maxLong: 20 });
  assertCode(h.buy('o1', 6, 100, L), DenyReason.APPROVED);
  assertCode(h.buy('o2', 1, 100, L), DenyReason.POSITION_LIMIT);
});

test('when a sell on the long leg exceeds the leg then POSITION_LIMIT: a long leg never goes short', () => {
  const h = new EngineHarness({ symbol: 'BTC', mode: 'hedge', maxLong: 4, maxShort: 4 });
  h.snap(2, NaN, L);
  h.snap(0, NaN, S);
  assertCode(h.sell('o1', 2, 100, L), DenyReason.APPROVED, 'closing the long leg');
  assertCode(h.sell('o2', 1, 100, L), DenyReason.POSITION_LIMIT);
  assertCode(h.buy('o3', 1, 100, S), DenyReason.POSITION_LIMIT, 'a flat short leg has nothing to buy back');
});

test('when both legs fit but their net would pass the instrument limit then NET_POSITION_LIMIT', () => {
  const h = hedge();
  assertCode(h.buy('o1', 5, 100, L), DenyReason.NET_POSITION_LIMIT, 'net +5 > maxLong 4');
  assertCode(h.buy('o2', 4, 100, L), DenyReason.APPROVED);
  assertCode(h.sell('o3', 5, 100, S), DenyReason.NET_POSITION_LIMIT, 'net -5 < -4: the long leg\'s open buys may never fill');
  assertCode(h.sell('o4', 4, 100, S), DenyReason.APPROVED);
  assertCode(h.buy('o5', 1, 100, L), DenyReason.NET_POSITION_LIMIT, 'long 0 + 4 open + 1 on a short leg whose sells may never fill');
  assertCode(h.buy('o6', 1, 100, 'ETH'), DenyReason.APPROVED, 'a one-way instrument beside it is checked as before');
});

test('when a net-limited order is venue reduce-only then it passes: the venue caps it at the leg', () => {
  const h = hedge({ unconfirmed: ROOMY });
  h.snap(6, NaN, L);
  h.snap(-6, NaN, S);
  assertCode(h.sell('o1', 6, 100, L), DenyReason.NET_POSITION_LIMIT, 'closing the long leg leaves net -6');
  assertCode(h.reduceOnly('o2', 'sell', 6, 100, L), DenyReason.APPROVED);
});

test('when fills land on each leg then each is reconciled by its own snapshot', () => {
  const h = hedge();
  assertCode(h.buy('o1', 2, 100, L), DenyReason.APPROVED);
  assertCode(h.sell('o2', 3, 100, S), DenyReason.APPROVED);
  assert.equal(h.fill('buy', 2, { order: 'o1', sym: L }), ApplyResult.OK);
  assert.equal(h.fill('sell', 3, { order: 'o2', sym: S }), ApplyResult.OK);
  assert.deepEqual(h.interval(L), [2, 2]);
  assert.deepEqual(h.interval(S), [-3, -3]);
  assertCode(h.health(L), DenyReason.UNCONFIRMED_FILLS);
  assert.equal(h.snap(2, NaN, L), ApplyResult.OK);
  assertCode(h.health(L), DenyReason.APPROVED, 'the long leg is confirmed by its own snapshot');
  assertCode(h.health(S), DenyReason.UNCONFIRMED_FILLS, 'the short leg still waits for its own');
  assertCode(h.buy('o3', 1, 100, L), DenyReason.APPROVED, 'net worst 3 - 3 = 0');
  assertCode(h.sell('o4', 1, 100, S), DenyReason.UNCONFIRMED_FILLS, 'risk on the unconfirmed leg waits');
  assertCode(h.buy('o5', 1, 100, S), DenyReason.APPROVED, 'buying back the short leg reduces it');
  assert.equal(h.snap(-3, NaN, S), ApplyResult.OK);
  assertCode(h.health(S), DenyReason.APPROVED);
});

test('when one leg misses a fill and walks back then it answers exactly as a one-way instrument would, and the other leg is untouched', () => {
  const h = hedge({ unconfirmed: ROOMY, maxLong: 10, maxShort: 10 });
  const twin = new EngineHarness({ symbol: 'T', maxLong: 0, maxShort: 6, unconfirmed: ROOMY });
  twin.snap(0);
  // The same script on the short leg and on a one-way twin with the leg's limits.
  const steps: [string, (x: EngineHarness, sym: string) => number][] = [
    ['sell s1 1', (x, sym) => x.sell('s1', 1, 100, sym)],
    ['fill s1', (x, sym) => x.fill('sell', 1, { order: 's1', exec: 'e1', sym })],
    ['snapshot -3: a fill the feed lost', (x, sym) => x.snap(-3, NaN, sym)],
    ['sell s2 1', (x, sym) => x.sell('s2', 1, 100, sym)],
    ['buy s3 1 (reducing)', (x, sym) => x.buy('s3', 1, 100, sym)],
    ['fill s3', (x, sym) => x.fill('buy', 1, { order: 's3', exec: 'e3', sym })],
    ['round trip sell', (x, sym) => x.fill('sell', 1, { exec: 'e4', sym })],
    ['round trip buy', (x, sym) => x.fill('buy', 1, { exec: 'e5', sym })],
    ['snapshot -2', (x, sym) => x.snap(-2, NaN, sym)],
    ['snapshot -2 again', (x, sym) => x.snap(-2, NaN, sym)],
    ['sell s4 1', (x, sym) => x.sell('s4', 1, 100, sym)],
  ];
  let mismatches = 0;
  for (const [what, step] of steps) {
    const leg = step(h, S);
    assert.equal(leg, step(twin, 'T'), `${what}: the leg answers as the one-way twin`);
    assert.deepEqual(h.interval(S), twin.interval('T'), `${what}: the same interval`);
    assert.equal(h.health(S), twin.health('T'), `${what}: the same health`);
    assertCode(h.health(L), DenyReason.APPROVED, `${what}: the long leg is untouched`);
    assert.deepEqual(h.interval(L), [0, 0]);
    if (h.health(S) === DenyReason.POSITION_MISMATCH) mismatches++;
  }
  assert.ok(mismatches > 0, 'the lost fill showed as a mismatch on the leg');
  assertCode(h.buy('l1', 3, 100, L), DenyReason.APPROVED, 'the long leg trades while the short one is dirty');
});

test('when one leg\'s feed has a gap (known loss) then that leg takes only venue reduce-only orders until its snapshot, the other trades on', () => {
  const h = new EngineHarness({ symbol: 'BTC', mode: 'hedge', sequence: 'monotonic', maxLong: 4, maxShort: 4, legs: { maxLong: 6, maxShort: 6 }, unconfirmed: ROOMY });
  h.snap(0, 5, L);
  h.snap(-3, 5, S);
  assert.equal(h.feed(false, S), ApplyResult.OK);
  assertCode(h.buy('s1', 1, 100, S), DenyReason.FEED_STALE, 'buying back is not reducing while fills may be missing');
  assertCode(h.reduceOnly('s2', 'buy', 1, 100, S), DenyReason.APPROVED);
  assertCode(h.buy('l1', 2, 100, L), DenyReason.APPROVED, 'the long leg is healthy');
  h.feed(true, S);
  assertCode(h.sell('s3', 1, 100, S), DenyReason.FEED_STALE, 'back up: waits for a fresh snapshot of the leg');
  assert.equal(h.snap(-3, 6, S), ApplyResult.OK);
  assertCode(h.health(S), DenyReason.APPROVED, 'the leg\'s own snapshot ends its known loss');
  assertCode(h.sell('s4', 1, 100, S), DenyReason.APPROVED);
});

test('when legs are sequenced (monotonic) then each leg\'s watermark confirms only its own fills', () => {
  const h = new EngineHarness([{ symbol: 'BTC', mode: 'hedge', sequence: 'monotonic', maxLong: 10, maxShort: 10 }]);
  h.snap(0, 10, L);
  h.snap(0, 10, S);
  assertCode(h.buy('l1', 1, 100, L), DenyReason.APPROVED);
  assertCode(h.sell('s1', 2, 100, S), DenyReason.APPROVED);
  assert.equal(h.fill('buy', 1, { order: 'l1', seq: 11, sym: L }), ApplyResult.OK);
  assert.equal(h.fill('sell', 2, { order: 's1', seq: 12, sym: S }), ApplyResult.OK, 'a jump of the shared series is no gap on a monotonic leg');
  assert.equal(h.snap(1, 12, L), ApplyResult.OK);
  assertCode(h.health(L), DenyReason.APPROVED);
  assert.equal(h.snap(0, 11, S), ApplyResult.OK, 'a short-leg snapshot from before its fill');
  assertCode(h.health(S), DenyReason.UNCONFIRMED_FILLS, 'its fill at seq 12 is past the watermark');
  assert.deepEqual(h.interval(S), [-2, -2]);
  assert.equal(h.snap(-2, 12, S), ApplyResult.OK);
  assertCode(h.health(S), DenyReason.APPROVED);
});
