/**
 * riskgate's real REST position hooks (`createPositionHook`: src/feeds/bybit/bybit-rest.ts,
 * src/feeds/binance/binance-rest.ts with their RestClient) against the simulator's endpoints, end
 * to end over loopback HTTP: the hook's parsed snapshot equals the ledger's position in lots (and,
 * on Bybit, the seq of the last execution it includes); the venue's rate-limit answers and REST
 * faults reach the hook's counters and back-off. Manual simulator clock; the hook's clock is set
 * to the simulator's venue time, so both sides agree on time.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createPositionHook } from '../../src/feeds/create-position-hook.js';
import type { PositionHook } from '../../src/feeds/position-hook.js';
import { SIM_EPOCH_MS, SimServer } from '../../src/sim/index.js';
import { API_KEY, ENV, SECRET, TestClock, testConfig } from '../feeds/support/feed-config.js';
import { SYMBOL, Trader, closeAfterAll, sync, until } from './support/sim-clients.js';
import { testServerKind } from '../server/support/test-server.js';

const { servers, clients } = closeAfterAll();

type Venue = 'bybit' | 'binance-usdm';

interface Setup {
  readonly sim: SimServer;
  readonly trader: Trader;
  readonly hook: PositionHook;
  readonly clock: TestClock;
  /** Moves the simulator and the hook's clock together. */
  advance(ms: number): void;
}

/** A simulator whose account `a` holds the feed tests' credentials, and the venue's real hook pointed at it. */
async function setup(venue: Venue, profile: Record<string, unknown> = {}, rest: Record<string, number> = {}, secret = SECRET): Promise<Setup> {
  const sim = await SimServer.start({
    seed: 42, clock: 'manual', venue, profile,
    instruments: [{ symbol: SYMBOL, lotSize: '0.001', tickSize: '0.1', startPrice: '60000', takerChance: 0 }],
    accounts: [{ name: 'a', apiKey: API_KEY, apiSecret: secret }], server: testServerKind(),
  });
  servers.push(sim);
  const trader = new Trader(sim, API_KEY);
  clients.push(trader);
  await trader.opened();
  const { config, venue: vc } = testConfig(venue, `${sim.url}/x`, sim.restUrl, [{ symbol: SYMBOL, lotSize: '0.001', sequence: venue === 'bybit' ? 'contiguous' : 'none' }],
    { rest: { maxRequests: 10, perMs: 1_000, backoffMs: 1_000, maxBackoffMs: 8_000, timeoutMs: 2_000, ...rest } });
  const clock = new TestClock(SIM_EPOCH_MS);
  const hook = createPositionHook(vc, config, { clock, env: ENV });
  return {
    sim, trader, hook, clock,
    advance: (ms) => {
      sim.advance(ms);
      clock.now += ms;
    },
  };
}

/**
 * The ledger's position of account `a` in lots, the seq of its last execution (-1 none) and the
 * venue time of that execution (Binance `updateTime`: 0 when none).
 */
function ledger(sim: SimServer): { position: number; seq: number; changedAt: number } {
  const t = sim.truth('a');
  const last = t.executions.at(-1);
  return { position: t.symbols.find((s) => s.symbol === SYMBOL)!.position, seq: last?.seq ?? -1, changedAt: last === undefined ? 0 : SIM_EPOCH_MS + last.at };
}

async function trade(t: Trader, tag: string, side: 'buy' | 'sell', qty: string): Promise<void> {
  t.order(tag, side, qty, side === 'buy' ? '60100' : '59900', 'IOC');
  await sync(t, tag);
}

describe('the REST hooks against the simulator', () => {
  for (const venue of ['bybit', 'binance-usdm'] as const) {
    it(`when the ${venue} hook asks for positions then its snapshot is the ledger's position in lots${venue === 'bybit' ? ' with the seq of the last execution' : ''}, flat before any trade`, async () => {
      const { sim, trader, hook, advance } = await setup(venue);
      const expect = (position: number, seq: number, venueTime: number): unknown => (venue === 'bybit' ? { type: 'snapshot', symbol: SYMBOL, position, seq } : { type: 'snapshot', symbol: SYMBOL, position, venueTime });
      // Never traded: Bybit reports seq -1, which includes no execution: watermark 0 (without it a
      // sequenced instrument could never get its first snapshot over REST). Binance: updateTime 0.
      assert.deepEqual(await hook.fetchSnapshots([SYMBOL]), [expect(0, 0, 0)]);
      const seen: number[] = [];
      for (const [i, [side, qty]] of ([['buy', '0.013'], ['sell', '0.020'], ['sell', '0.001'], ['buy', '0.008']] as const).entries()) {
        await trade(trader, `h${i}`, side, qty);
        advance(200);
        const truth = ledger(sim);
        seen.push(truth.position);
        assert.deepEqual(await hook.fetchSnapshots([SYMBOL]), [expect(truth.position, truth.seq, truth.changedAt)], `after trade ${i}`);
      }
      assert.deepEqual(seen, [13, -7, -8, 0]);
      assert.deepEqual([hook.stats.requests, hook.stats.ok, hook.stats.rateLimited, hook.stats.serverErrors], [5, 5, 0, 0]);
    });

    it(`when the ${venue} hook signs with the wrong secret then the venue refuses it and the hook rejects`, async () => {
      const { hook } = await setup(venue, {}, {}, 'not-the-feed-secret');
      await assert.rejects(hook.fetchSnapshots([SYMBOL]), venue === 'bybit' ? /retCode 10004 Error sign/ : /HTTP 400/);
    });

    it(`when ${venue} answers 503 or a stale position then the hook counts the 5xx and backs off, and parses the stale answer as the ledger's position of then`, async () => {
      const { hook } = await setup(venue, { restError: { rate: 1 } });
      await assert.rejects(hook.fetchSnapshots([SYMBOL]), /HTTP 503/);
      await assert.rejects(hook.fetchSnapshots([SYMBOL]), /backing off/);
      assert.deepEqual([hook.stats.requests, hook.stats.serverErrors, hook.stats.skippedBackoff], [1, 1, 1]);

      const stale = await setup(venue, { restStale: { rate: 1, ageMs: 500 } });
      await trade(stale.trader, 's1', 'buy', '0.004');
      const then = ledger(stale.sim);
      stale.advance(600);
      await trade(stale.trader, 's2', 'buy', '0.003');
      assert.equal(ledger(stale.sim).position, 7);
      const [snap] = await stale.hook.fetchSnapshots([SYMBOL]);
      assert.deepEqual(snap, venue === 'bybit' ? { type: 'snapshot', symbol: SYMBOL, position: 4, seq: then.seq } : { type: 'snapshot', symbol: SYMBOL, position: 4, venueTime: then.changedAt });
    });
  }

  it('when the Bybit hook bursts past 50 requests a second then the 10006 answer is counted as rate limited and the hook waits for X-Bapi-Limit-Reset-Timestamp', async () => {
    const { hook, advance } = await setup('bybit', {}, { maxRequests: 1_000 });
    for (let i = 0; i < 50; i++) await hook.fetchSnapshots([SYMBOL]);
    await assert.rejects(hook.fetchSnapshots([SYMBOL]), /retCode 10006|rate limit/i);
    assert.equal(hook.stats.rateLimited, 1);
    await assert.rejects(hook.fetchSnapshots([SYMBOL]), /backing off/);
    assert.equal(hook.stats.requests, 51, 'no request while the venue said wait');
    advance(1_000);
    assert.equal((await hook.fetchSnapshots([SYMBOL])).length, 1);
  });

  it('when the Binance hook bursts past 2400 weight a minute then the 429 backs it off for Retry-After and it is never banned (418)', async () => {
    const { hook, advance } = await setup('binance-usdm', {}, { maxRequests: 1_000, maxBackoffMs: 60_000 });
    for (let i = 0; i < 480; i++) await hook.fetchSnapshots([SYMBOL]);
    await assert.rejects(hook.fetchSnapshots([SYMBOL]), /HTTP 429, backing off 40000 ms/);
    await assert.rejects(hook.fetchSnapshots([SYMBOL]), /backing off/);
    advance(40_000);
    assert.equal((await hook.fetchSnapshots([SYMBOL])).length, 1);
    assert.deepEqual([hook.stats.requests, hook.stats.rateLimited, hook.stats.banned, hook.stats.skippedBackoff], [482, 1, 0, 1]);
  });

  it('when Bybit answers slowly then the hook receives the position as it was when its request arrived', async () => {
    const { sim, trader, hook, advance } = await setup('bybit', { restSlow: { rate: 1, delayMs: 300 } });
    await trade(trader, 'w0', 'sell', '0.002');
    const before = ledger(sim);
    const pending = hook.fetchSnapshots([SYMBOL]);
    await until(() => sim.exchange.restFaults('a').drawn === 1, 'the request arrived');
    await trade(trader, 'w1', 'sell', '0.005');
    advance(300);
    assert.deepEqual(await pending, [{ type: 'snapshot', symbol: SYMBOL, position: -2, seq: before.seq }]);
    assert.equal(ledger(sim).position, -7);
  });
});
