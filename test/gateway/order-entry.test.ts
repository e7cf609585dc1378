/**
 * riskgate's order entry (src/gateway/) against the simulator's venue order APIs, on all five
 * venues (Bybit, Binance USD-M, BitMEX over REST; OKX and Deribit over their WebSocket order
 * APIs): signed placement with the engine's client id (the simulator files the order under it),
 * cancel by that id, the venue's reduce-only flag enforced, each venue's "come back later" read
 * into the outcome the event lane needs (rate limited, and the overloads BitMEX, OKX and Deribit
 * document as refused before processing, free the headroom; an ambiguous 5xx keeps it), a wrong
 * secret refused, one budget shared with the position hook, and no credential in any reason.
 * Manual simulator clock, moved while a request waits for the exchange's acknowledgement.
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { createPositionHook } from '../../src/feeds/create-position-hook.js';
import { RestClient } from '../../src/feeds/rest-client.js';
import { createOrderEntry, outcomeUpdate, type EntryOutcome, type OrderEntry } from '../../src/gateway/index.js';
import { SIM_EPOCH_MS, SimServer } from '../../src/sim/index.js';
import { testServerKind } from '../server/support/test-server.js';
import { API_KEY, ENV, SECRET, TestClock, testConfig } from '../feeds/support/feed-config.js';
import { SYMBOL, closeAfterAll, until } from '../sim/support/sim-clients.js';

const { servers } = closeAfterAll();
type Venue = 'bybit' | 'binance-usdm' | 'bitmex' | 'okx' | 'deribit';
const VENUES: readonly Venue[] = ['bybit', 'binance-usdm', 'bitmex', 'okx', 'deribit'];
/** Venues whose documented overload answer says the order never reached the book. */
const OVERLOAD_REFUSES: ReadonlySet<Venue> = new Set(['bitmex', 'okx', 'deribit']);
const entries: OrderEntry[] = [];
after(() => {
  for (const e of entries) e.close();
});

interface Setup {
  readonly sim: SimServer;
  readonly entry: OrderEntry;
  readonly client: RestClient;
  readonly config: ReturnType<typeof testConfig>;
  readonly clock: TestClock;
  /** Quantity text in the venue's unit for `lots` (BitMEX: contracts, one per lot). */
  qty(lots: number): string;
}

async function setup(venue: Venue, profile: Record<string, unknown> = {}, secret = SECRET): Promise<Setup> {
  const sim = await SimServer.start({
    seed: 42, clock: 'manual', venue, profile,
    instruments: [{ symbol: SYMBOL, lotSize: '0.001', tickSize: '0.1', startPrice: '60000', takerChance: 0 }],
    accounts: [{ name: 'a', apiKey: API_KEY, apiSecret: SECRET }], server: testServerKind(),
  });
  servers.push(sim);
  const ws = venue === 'okx' ? `${sim.url}/ws/v5/private` : venue === 'deribit' ? `${sim.url}/ws/api/v2` : `${sim.url}/x`;
  const config = testConfig(venue, ws, sim.restUrl, [{ symbol: SYMBOL, lotSize: venue === 'bitmex' ? '1' : '0.001' }], { rest: { maxRequests: 1_000, perMs: 1_000, backoffMs: 1, maxBackoffMs: 1, timeoutMs: 2_000 } });
  const clock = new TestClock(SIM_EPOCH_MS);
  const client = new RestClient(config.venue.endpoint.rest, config.venue.rest, clock);
  const entry = createOrderEntry(config.venue, { clock, env: secret === SECRET ? ENV : { ...ENV, FEED_SECRET: secret }, client });
  entries.push(entry);
  return { sim, entry, client, config, clock, qty: (lots) => (venue === 'bitmex' ? String(lots) : (lots / 1000).toFixed(3)) };
}

/** Resolves `p` while moving the manual clock (the exchange acknowledges after its latency). */
async function settle<T>(s: Setup, p: Promise<T>): Promise<T> {
  let done = false;
  const q = p.finally(() => {
    done = true;
  });
  for (let i = 0; !done && i < 2_000; i++) {
    s.sim.advance(1);
    s.clock.now += 1;
    await new Promise((r) => setTimeout(r, 1));
  }
  return q;
}

const place = (s: Setup, clientId: string, side: 'buy' | 'sell', lots: number, price: string, tif: 'GTC' | 'IOC', reduceOnly = false): Promise<EntryOutcome> =>
  settle(s, s.entry.place({ clientId, symbol: SYMBOL, side, qty: s.qty(lots), price, tif, reduceOnly }));

const position = (sim: SimServer): number => sim.truth('a').symbols.find((x) => x.symbol === SYMBOL)!.position;

describe('order entry through the gateway against the simulator', () => {
  for (const venue of VENUES) {
    it(`when ${venue} places a resting order then the venue files it under the engine's client id, and a cancel by that id takes it off the book`, async () => {
      const s = await setup(venue);
      const placed = await place(s, 'g1', 'buy', 3, '59000', 'GTC');
      assert.equal(placed.kind, 'accepted', placed.reason);
      assert.ok(placed.venueOrderId !== undefined && placed.venueOrderId !== '');
      assert.deepEqual(s.sim.truth('a').liveOrders.map((o) => o.clientId), ['g1']);
      assert.deepEqual(outcomeUpdate(placed, SYMBOL, 3), { type: 'orderUpdate', symbol: SYMBOL, orderId: 'g1', status: 'new', cumQty: 0, leavesQty: 3 });
      const canceled = await settle(s, s.entry.cancel('g1', SYMBOL));
      assert.equal(canceled.kind, 'accepted', canceled.reason);
      assert.deepEqual(s.sim.truth('a').liveOrders, []);
      const again = await settle(s, s.entry.cancel('g1', SYMBOL));
      assert.equal(again.kind, 'rejected', 'a second cancel finds no live order');
    });

    it(`when ${venue} sends a reduce-only order then the venue's flag goes out: refused while flat or growing the position, accepted when it reduces it`, async () => {
      const s = await setup(venue);
      const flat = await place(s, 'r0', 'sell', 2, '59900', 'IOC', true);
      assert.equal(flat.kind, 'rejected', 'reduce-only while flat');
      assert.equal((await place(s, 'r1', 'buy', 5, '60100', 'IOC')).kind, 'accepted');
      assert.equal(position(s.sim), 5);
      assert.equal((await place(s, 'r2', 'buy', 1, '60100', 'IOC', true)).kind, 'rejected', 'reduce-only on the position\'s own side');
      const reduce = await place(s, 'r3', 'sell', 2, '59900', 'IOC', true);
      assert.equal(reduce.kind, 'accepted', reduce.reason);
      assert.equal(position(s.sim), 3);
      assert.deepEqual(outcomeUpdate(flat, SYMBOL, 2), { type: 'orderUpdate', symbol: SYMBOL, orderId: 'r0', status: 'rejected', cumQty: 0, leavesQty: 0 });
    });

    it(`when the ${venue} venue answers "too many requests" then the outcome is rate limited, the order never reached the book, and the lane frees its headroom`, async () => {
      const s = await setup(venue, { rateLimit: { rate: 1, retryAfterMs: 100 } });
      const o = await place(s, 'l1', 'buy', 2, '60100', 'IOC');
      assert.equal(o.kind, 'rate-limited', o.reason);
      assert.equal(s.sim.truth('a').executions.length, 0);
      assert.equal(outcomeUpdate(o, SYMBOL, 2)?.status, 'rejected');
      assert.equal(s.client.stats.rateLimited, 1);
    });

    it(`when the ${venue} venue is overloaded then the outcome is ${OVERLOAD_REFUSES.has(venue) ? 'overloaded (the venue documents that such a request never reached the book): headroom freed' : 'unknown (the venue does not say the order never reached the book): headroom kept'}`, async () => {
      const s = await setup(venue, { overload: { rate: 1, retryAfterMs: 100 } });
      const o = await place(s, 'o1', 'buy', 2, '60100', 'IOC');
      assert.equal(o.kind, OVERLOAD_REFUSES.has(venue) ? 'overloaded' : 'unknown', o.reason);
      assert.equal(outcomeUpdate(o, SYMBOL, 2)?.status, OVERLOAD_REFUSES.has(venue) ? 'rejected' : undefined);
    });

    it(`when ${venue} order entry signs with the wrong secret then the venue refuses it, and no credential appears in the reason`, async () => {
      const s = await setup(venue, {}, 'not-the-secret');
      const o = await place(s, 'w1', 'buy', 1, '59000', 'GTC');
      assert.equal(o.kind, 'rejected', o.reason);
      assert.deepEqual(s.sim.truth('a').liveOrders, []);
      for (const secret of [API_KEY, SECRET, 'not-the-secret']) assert.ok(!o.reason.includes(secret));
    });

    it(`when ${venue} order entry and the position hook share one REST client then both draw on one budget`, async () => {
      const s = await setup(venue);
      const hook = createPositionHook(s.config.venue, s.config.config, { clock: s.clock, env: ENV, client: s.client });
      await place(s, 'b1', 'buy', 4, '60100', 'IOC');
      const [snap] = await hook.fetchSnapshots([SYMBOL]);
      assert.equal(snap?.position, 4);
      assert.equal(s.client.stats.requests, 2, 'one order, one position request, one client');
    });
  }

  for (const venue of ['okx', 'deribit'] as const) {
    it(`when the ${venue} socket closes while an order waits for its answer then the outcome is unknown: the order may be live, its headroom is kept`, async () => {
      const s = await setup(venue);
      const pending = s.entry.place({ clientId: 'c1', symbol: SYMBOL, side: 'buy', qty: s.qty(1), price: '59000', tif: 'GTC' });
      await until(() => s.sim.truth('a').liveOrders.length === 1, 'the order reached the venue');
      await s.sim.stop();
      const o = await pending;
      assert.equal(o.kind, 'unknown', o.reason);
      assert.equal(outcomeUpdate(o, SYMBOL, 1), undefined);
    });
  }

  it('when an OKX client id is not 1-32 letters and digits then it is refused unsent, as OKX would refuse it', async () => {
    const s = await setup('okx');
    const o = await place(s, 'has-dash', 'buy', 1, '59000', 'GTC');
    assert.equal(o.kind, 'rejected');
    assert.match(o.reason, /not sent/);
    assert.equal(s.client.stats.requests, 0);
  });
});
