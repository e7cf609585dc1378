/**
 * Fault profiles and simulator options: named profiles, partial profiles over calm, every problem
 * reported at once with stable codes, and the seeded generator's reproducibility.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CALM, HOSTILE, PROFILES, REALISTIC, SimError, SimExchange, SimServer, resolveProfile } from '../../src/sim/index.js';
import { Prng } from '../../src/sim/prng.js';

const INSTRUMENT = { symbol: 'BTCUSDT', lotSize: '0.001', tickSize: '0.1', startPrice: '60000' };

function problemsOf(fn: () => unknown): readonly string[] {
  try {
    fn();
  } catch (e) {
    assert.equal((e as SimError).code, 'ERR_SIM_CONFIG');
    return (e as SimError).problems;
  }
  assert.fail('expected ERR_SIM_CONFIG');
}

describe('fault profiles', () => {
  it('when a profile is named then it is the documented constant, and calm injects nothing', () => {
    assert.equal(resolveProfile('calm'), CALM);
    assert.equal(resolveProfile('realistic'), REALISTIC);
    assert.equal(resolveProfile('hostile'), HOSTILE);
    assert.deepEqual(Object.keys(PROFILES), ['calm', 'realistic', 'hostile']);
    for (const [k, v] of Object.entries(CALM)) {
      if (k === 'latencyMs') continue;
      const f = v as { rate?: number; perMinute?: number; atMs?: number[] };
      assert.ok((f.rate ?? 0) === 0 && (f.perMinute ?? 0) === 0 && (f.atMs?.length ?? 0) === 0, `calm.${k} is off`);
    }
  });

  it('when a partial profile is given then it is laid over calm fault by fault', () => {
    const p = resolveProfile({ lostExecution: { rate: 1 }, positionDelay: { delayMs: 7 } });
    assert.equal(p.lostExecution.rate, 1);
    assert.deepEqual(p.positionDelay, { rate: 0, delayMs: 7 });
    assert.deepEqual(p.orderBeforeFill, CALM.orderBeforeFill);
  });

  it('when a profile has several problems then every one is reported', () => {
    assert.deepEqual(problemsOf(() => resolveProfile({ lostExecution: { rate: 2 }, bogus: {}, seqGap: { maxSkip: 0, extra: 1 }, disconnect: { atMs: [-1] }, latencyMs: -1 })), [
      'profile.lostExecution.rate must be a probability in [0, 1]',
      'profile.bogus is not a known fault',
      'profile.seqGap.maxSkip must be an integer >= 1',
      'profile.seqGap.extra is not a known field (rate, maxSkip)',
      'profile.disconnect.atMs must be an array of non-negative times in ms',
      'profile.latencyMs must be a non-negative finite number',
    ]);
    assert.deepEqual(problemsOf(() => resolveProfile('wild' as 'calm')), ['profile must be one of calm, realistic, hostile, got "wild"']);
  });

  it('when exchange options are wrong then every problem is reported with ERR_SIM_CONFIG', () => {
    const problems = problemsOf(() => new SimExchange({
      seed: 1.5, venue: 'ftx' as 'bybit', instruments: [{ ...INSTRUMENT, tickSize: '0', startPrice: '60000.05' }],
      accounts: [{ name: 'a', apiKey: 'k' }, { name: 'a', apiKey: 'k' }], profile: { nope: {} },
    }));
    assert.deepEqual(problems, [
      'options.seed must be an integer',
      'options.venue must be one of "bybit", "binance-usdm", "okx", "deribit", "bitmex"',
      'options.instruments[0].tickSize must be a positive decimal string',
      'options.instruments[0].startPrice must be a positive decimal string on the tick grid',
      'options.accounts[1].name a is used twice',
      'options.accounts[1].apiKey is used twice',
      'profile.nope is not a known fault',
    ]);
  });

  it('when the server options are wrong then start rejects before listening', async () => {
    await assert.rejects(SimServer.start({ clock: 'wall' as 'manual', port: -1, instruments: [INSTRUMENT], accounts: [{ name: 'a', apiKey: 'k' }] }), (e: SimError) => e.code === 'ERR_SIM_CONFIG' && e.problems.length === 2);
  });

  it('when unknown accounts are queried then ERR_SIM_UNKNOWN_ACCOUNT is thrown', () => {
    const ex = new SimExchange({ instruments: [INSTRUMENT], accounts: [{ name: 'a', apiKey: 'k' }] });
    assert.throws(() => ex.truth('zz'), (e: SimError) => e.code === 'ERR_SIM_UNKNOWN_ACCOUNT');
  });
});

describe('seeded generator', () => {
  it('when two generators share a seed then they draw the same sequence, and forks are independent of draw order', () => {
    const seed = 20240601;
    const a = new Prng(seed);
    const b = new Prng(seed);
    const xs = Array.from({ length: 100 }, () => a.nextU32());
    assert.deepEqual(Array.from({ length: 100 }, () => b.nextU32()), xs, `seed ${seed}`);
    const f1 = new Prng(seed).fork('faults').next();
    const root = new Prng(seed);
    root.next();
    assert.equal(root.fork('faults').next(), f1);
    assert.notEqual(new Prng(seed).fork('market').next(), f1);
    assert.match(new Prng(seed).uuid(), /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('when ints are drawn then they stay within bounds and hit both ends', () => {
    const p = new Prng(3);
    const seen = new Set<number>();
    for (let i = 0; i < 2000; i++) {
      const v = p.int(-2, 2);
      assert.ok(v >= -2 && v <= 2);
      seen.add(v);
    }
    assert.deepEqual([...seen].sort(), [-1, -2, 0, 1, 2].sort());
  });
});
