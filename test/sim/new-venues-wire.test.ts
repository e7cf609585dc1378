/**
 * OKX, Deribit and BitMEX on the simulator, end to end through riskgate's own live feeds
 * (src/feeds/<venue>/…-protocol.ts + the venue decoder) and REST hooks: the simulator checks the
 * login signature, the feed subscribes and comes up, the fills it decodes add up to the ledger's
 * position, the venue's position reports agree with it, the REST hook's snapshot is the ledger's
 * position, the venue's rate-limit answer reaches the hook as its documented "come back later",
 * and the stream faults (lost execution, disconnect) act on each venue's stream. Manual clock.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createLiveFeed } from '../../src/feeds/create-live-feed.js';
import { createPositionHook } from '../../src/feeds/create-position-hook.js';
import type { LiveFeed } from '../../src/feeds/live-feed.js';
import { seededRandom } from '../../src/feeds/random.js';
import type { FillEvent, SnapshotEvent } from '../../src/scenario/scenario-types.js';
import { SIM_EPOCH_MS, SimServer } from '../../src/sim/index.js';
import { testServerKind } from '../server/support/test-server.js';
import { API_KEY, ENV, PASSPHRASE, SECRET, TestClock, testConfig } from '../feeds/support/feed-config.js';
import { FeedRecorder } from '../feeds/support/feed-recorder.js';
import { SYMBOL, Trader, closeAfterAll, sync, until } from './support/sim-clients.js';

const { servers, clients } = closeAfterAll();

type NewVenue = 'okx' | 'deribit' | 'bitmex';
const VENUES: readonly NewVenue[] = ['okx', 'deribit', 'bitmex'];
const PATHS: Readonly<Record<NewVenue, string>> = { okx: '/ws/v5/private', deribit: '/ws/api/v2', bitmex: '/realtime' };
/** The simulator sends BitMEX quantities as one contract per lot: riskgate's lot size there is "1". */
const LOT: Readonly<Record<NewVenue, string>> = { okx: '0.001', deribit: '0.001', bitmex: '1' };

interface Setup {
  readonly sim: SimServer;
  readonly trader: Trader;
  readonly rec: FeedRecorder;
  readonly feed: LiveFeed;
  readonly config: ReturnType<typeof testConfig>;
}

async function setup(venue: NewVenue, profile: Record<string, unknown> = {}, secret = SECRET): Promise<Setup> {
  const sim = await SimServer.start({
    seed: 42, clock: 'manual', venue, profile,
    instruments: [{ symbol: SYMBOL, lotSize: '0.001', tickSize: '0.1', startPrice: '60000', takerChance: 0 }],
    accounts: [{ name: 'a', apiKey: API_KEY, apiSecret: secret, passphrase: PASSPHRASE }], server: testServerKind(),
  });
  servers.push(sim);
  const trader = new Trader(sim, API_KEY);
  clients.push(trader);
  await trader.opened();
  const config = testConfig(venue, `${sim.url}${PATHS[venue]}`, sim.restUrl, [{ symbol: SYMBOL, lotSize: LOT[venue] }], { rest: { maxRequests: 1_000, perMs: 1_000, backoffMs: 1_000, maxBackoffMs: 8_000, timeoutMs: 2_000 } });
  const rec = new FeedRecorder();
  const feed = createLiveFeed(config.venue, { onEvent: rec.onEvent, onStatus: rec.onStatus, env: ENV, random: seededRandom(7), logger: rec.logger });
  feed.start();
  return { sim, trader, rec, feed, config };
}

async function trade(t: Trader, tag: string, side: 'buy' | 'sell', qty: string): Promise<void> {
  t.order(tag, side, qty, side === 'buy' ? '60100' : '59900', 'IOC');
  await sync(t, tag);
}

function ledgerPosition(sim: SimServer): number {
  return sim.truth('a').symbols.find((s) => s.symbol === SYMBOL)!.position;
}

const fills = (rec: FeedRecorder): FillEvent[] => rec.events.filter((e): e is FillEvent => e.type === 'fill');
const snapshots = (rec: FeedRecorder): SnapshotEvent[] => rec.events.filter((e): e is SnapshotEvent => e.type === 'snapshot');
const fillSum = (rec: FeedRecorder): number => fills(rec).reduce((s, f) => s + (f.side === 'buy' ? f.qty : -f.qty), 0);

describe('OKX, Deribit and BitMEX on the simulator, through riskgate\'s feeds', () => {
  for (const venue of VENUES) {
    it(`when riskgate's ${venue} feed trades on the simulator then it comes up, its fills add up to the ledger and its last position report is the ledger's`, async () => {
      const { sim, trader, rec, feed } = await setup(venue);
      try {
        await until(() => rec.feedTrail().includes('up'), `${venue} feed up`);
        const trades = [['buy', '0.013'], ['sell', '0.020'], ['buy', '0.004']] as const;
        for (const [i, [side, qty]] of trades.entries()) {
          await trade(trader, `w${i}`, side, qty);
          sim.advance(10);
        }
        const position = ledgerPosition(sim);
        assert.equal(position, 13 - 20 + 4);
        const executions = sim.truth('a').executions.length;
        await until(() => fills(rec).length === executions && snapshots(rec).at(-1)?.position === position, `${venue}: ${executions} fills and a position report of ${position}`);
        assert.equal(fillSum(rec), position);
        assert.deepEqual(new Set(fills(rec).map((f) => f.orderId)), new Set(['w0', 'w1', 'w2']), 'fills carry the client order ids');
        for (const s of [API_KEY, SECRET, PASSPHRASE]) assert.ok(!rec.everything().includes(s), `${venue}: no credential in the feed's output`);
      } finally {
        await feed.stop();
      }
    });

    it(`when the ${venue} login is signed with the wrong secret then the simulator refuses it and the feed never comes up`, async () => {
      const { rec, feed } = await setup(venue, {}, 'another-secret');
      try {
        await until(() => rec.statuses.some((s) => s.startsWith('down')) || rec.logs.some((l) => /rejected|error/i.test(l)), `${venue} login refused`);
        assert.ok(!rec.feedTrail().includes('up'));
      } finally {
        await feed.stop();
      }
    });

    it(`when every ${venue} execution is lost then the feed sees no fill but the position report still matches the ledger`, async () => {
      const { sim, trader, rec, feed } = await setup(venue, { lostExecution: { rate: 1 } });
      try {
        await until(() => rec.feedTrail().includes('up'), `${venue} feed up`);
        await trade(trader, 'l0', 'buy', '0.007');
        sim.advance(10);
        await until(() => snapshots(rec).at(-1)?.position === 7, `${venue} position report`);
        assert.equal(fills(rec).length, 0);
        assert.equal(sim.truth('a').executions.every((e) => e.lost), true);
      } finally {
        await feed.stop();
      }
    });

    it(`when the ${venue} stream is disconnected by the fault then riskgate's feed goes down, reconnects, logs in again and comes back up`, async () => {
      const { sim, rec, feed } = await setup(venue, { disconnect: { atMs: [100], perMinute: 0 } });
      try {
        await until(() => rec.feedTrail().includes('up'), `${venue} feed up`);
        sim.advance(150);
        await until(() => rec.feedTrail().join(',') === 'up,down,up', `${venue} down then up: ${rec.feedTrail().join(',')}`, 5000);
        assert.equal(sim.truth('a').faults.filter((f) => f.kind === 'disconnect').length, 1);
      } finally {
        await feed.stop();
      }
    });

    it(`when riskgate's ${venue} REST hook asks for positions then its snapshot is the ledger's, and past the venue's limit it is told to come back later`, async () => {
      const { sim, trader, feed, config } = await setup(venue);
      await feed.stop();
      const clock = new TestClock(SIM_EPOCH_MS);
      const hook = createPositionHook(config.venue, config.config, { clock, env: ENV });
      await trade(trader, 'r0', 'sell', '0.011');
      const [snap] = await hook.fetchSnapshots([SYMBOL]);
      assert.equal(snap?.position, -11);
      assert.equal(ledgerPosition(sim), -11);
      // Without moving simulated time: OKX allows 10 per 2 s, Deribit 100 bursts of credits, BitMEX 120 a minute.
      const limit = { okx: 10, deribit: 100, bitmex: 120 }[venue];
      let refused: unknown;
      for (let i = 0; i <= limit && refused === undefined; i++) {
        try {
          await hook.fetchSnapshots([SYMBOL]);
        } catch (e) {
          refused = e;
        }
      }
      assert.ok(refused !== undefined, `${venue}: refused within ${limit + 1} requests`);
      assert.match(String((refused as Error).message), /rate limit|429|too_many_requests/i);
      assert.equal(hook.stats.rateLimited, 1, `${venue}: counted as rate limited (${JSON.stringify(hook.stats)})`);
    });
  }

  // Deribit's positions carry no time and no watermark of their own, and user.changes is one
  // ordered stream per subscription: the simulator never delivers an older position after a
  // newer one there (riskgate's walk-back could not tell it from the current one). OKX and
  // BitMEX stamp theirs (uTime, timestamp), so the re-send stays a fault they must survive.
  it('when staleSnapshot and positionDelay fire on deribit then its position reports still arrive in order, none re-sent', async () => {
    const { sim, trader, rec, feed } = await setup('deribit', { staleSnapshot: { rate: 1, delayMs: 30 }, positionDelay: { rate: 0.5, delayMs: 40 } });
    try {
      await until(() => rec.feedTrail().includes('up'), 'deribit feed up');
      for (let i = 0; i < 6; i++) {
        await trade(trader, `o${i}`, 'buy', '0.001');
        sim.advance(5);
      }
      sim.advance(200);
      await until(() => snapshots(rec).some((s) => s.position === 6), 'deribit position report of 6');
      // Frames the simulator already wrote: a re-send would be on the wire now.
      await new Promise((resolve) => setTimeout(resolve, 100));
      const seen = snapshots(rec).map((s) => s.position);
      assert.deepEqual(seen, [...seen].sort((a, b) => a - b), `in order: ${seen.join(',')}`);
      assert.equal(new Set(seen).size, seen.length, `none re-sent: ${seen.join(',')}`);
      assert.ok(sim.truth('a').faults.some((f) => f.kind === 'positionDelay'), 'a position was delayed');
      assert.ok(!sim.truth('a').faults.some((f) => f.kind === 'staleSnapshot'), 'no stale re-send recorded');
    } finally {
      await feed.stop();
    }
  });

  // Nothing in a Deribit get_positions answer dates it: a lagging answer would be walked as current.
  it('when restStale fires on deribit then the REST hook still gets the current position, and no stale answer is recorded', async () => {
    const { sim, trader, feed, config } = await setup('deribit', { restStale: { rate: 1, ageMs: 500 } });
    await feed.stop();
    const hook = createPositionHook(config.venue, config.config, { clock: new TestClock(SIM_EPOCH_MS), env: ENV });
    await trade(trader, 's0', 'buy', '0.004');
    sim.advance(600);
    await trade(trader, 's1', 'buy', '0.003');
    assert.equal(ledgerPosition(sim), 7);
    const [snap] = await hook.fetchSnapshots([SYMBOL]);
    assert.equal(snap?.position, 7);
    assert.ok(!sim.truth('a').faults.some((f) => f.kind === 'restStale'));
  });
});
