/**
 * The order-gateway worker on all five venues: a strategy hands it orders and never touches a
 * socket; the worker asks the risk thread, sends only what the gate approved (the simulator's
 * truth shows the approved order under its client id and never the denied one), sends a
 * reduce-only request with the venue's flag (the venue refuses it while flat) and publishes the
 * refusal back on its event lane, which frees the headroom the approval had reserved (the same
 * order is approved again). Real-time simulator clock; every wait is bounded; no timing asserts.
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { RiskGate } from '../../src/gate/index.js';
import { GatewayWorker } from '../../src/gateway/index.js';
import { DenyReason } from '../../src/risk/deny-reason.js';
import { SimServer } from '../../src/sim/index.js';
import type { VenueName } from '../../src/feeds/venue-name.js';
import { testServerKind } from '../server/support/test-server.js';
import { API_KEY, ENV, SECRET, testConfig } from '../feeds/support/feed-config.js';
import { SYMBOL, closeAfterAll, until } from '../sim/support/sim-clients.js';

const { servers } = closeAfterAll();
const stops: (() => Promise<unknown>)[] = [];
after(async () => {
  for (const s of stops) await s();
});

const WS: Readonly<Record<VenueName, string>> = { bybit: '/v5/private', 'binance-usdm': '/x', bitmex: '/x', okx: '/ws/v5/private', deribit: '/ws/api/v2' };
const VENUES: readonly VenueName[] = ['bybit', 'binance-usdm', 'bitmex', 'okx', 'deribit'];

async function setup(venue: VenueName): Promise<{ sim: SimServer; gate: RiskGate; gw: GatewayWorker }> {
  const sim = await SimServer.start({
    seed: 9, clock: 'realtime', venue, profile: 'calm',
    instruments: [{ symbol: SYMBOL, lotSize: '0.001', tickSize: '0.1', startPrice: '60000', takerChance: 0 }],
    accounts: [{ name: 'a', apiKey: API_KEY, apiSecret: SECRET }], server: testServerKind(),
  });
  servers.push(sim);
  const lotSize = venue === 'bitmex' ? '1' : '0.001';
  const gate = new RiskGate({ instruments: [{ symbol: SYMBOL, maxLong: 5, maxShort: 5, lotSize }] });
  await gate.start();
  const { venue: cfg } = testConfig(venue, `${sim.url}${WS[venue]}`, sim.restUrl, [{ symbol: SYMBOL, lotSize }], { rest: { maxRequests: 100, perMs: 1_000, backoffMs: 50, maxBackoffMs: 200, timeoutMs: 2_000 } });
  const gw = await GatewayWorker.start(gate, cfg, { env: ENV });
  // The position the account starts with (a REST reconciler's job in production): healthy from here.
  gate.openEventLane('rest').snapshot(0, 0);
  // (The state block's first image is all zeros: health 0 alone is not enough; feedUp is set once the risk thread publishes.)
  await until(() => gate.state()?.instruments[0]?.feedUp === true && gate.state()?.instruments[0]?.health === 0, 'the starting snapshot applied');
  let stopped = false;
  stops.push(async () => {
    if (stopped) return;
    stopped = true;
    await gate.stop();
    await gw.stop();
  });
  return { sim, gate, gw };
}

const live = (sim: SimServer): string[] => sim.truth('a').liveOrders.map((o) => `${o.clientId}:${o.side}:${o.qty}`);

describe('the order-gateway worker', () => {
  for (const venue of VENUES) {
    it(`when a strategy hands ${venue} orders through the gateway worker then only what the gate approved reaches the venue, and a venue refusal frees the headroom`, async () => {
      const { sim, gate, gw } = await setup(venue);
      try {
        const first = await gw.place({ clientId: 'gw1', symbol: SYMBOL, side: 'buy', qty: 3, price: 59_000, tif: 'GTC' });
        assert.equal(first.decision, DenyReason.APPROVED, JSON.stringify(gate.state()?.instruments[0]));
        assert.equal(first.outcome?.kind, 'accepted', first.outcome?.reason);
        assert.deepEqual(live(sim), ['gw1:buy:3'], 'the approved order rests at the venue under its client id, 3 lots');

        const denied = await gw.place({ clientId: 'gw2', symbol: SYMBOL, side: 'buy', qty: 3, price: 59_000, tif: 'GTC' });
        assert.equal(denied.decision, DenyReason.POSITION_LIMIT, '3 open + 3 > 5');
        assert.equal(denied.outcome, undefined, 'nothing sent');
        assert.deepEqual(live(sim), ['gw1:buy:3'], 'the denied order never reached the venue');

        // Reduce-only while flat: the gate approves it (the venue caps it), the venue's flag makes the venue refuse it.
        const reduce = await gw.place({ clientId: 'gw3', symbol: SYMBOL, side: 'sell', qty: 5, price: 61_000, tif: 'GTC', reduceOnly: true });
        assert.equal(reduce.decision, DenyReason.APPROVED);
        assert.equal(reduce.outcome?.kind, 'rejected', reduce.outcome?.reason);
        assert.equal(reduce.laneStatus, 0, 'the refusal was published on the lane');

        // The refusal frees the 5 sell lots the approval reserved.
        await until(() => gate.state()?.instruments[0]?.openSell === 0, 'the refusal applied: the sell headroom is free');
        const sell = await gw.place({ clientId: 'gw4', symbol: SYMBOL, side: 'sell', qty: 5, price: 61_000, tif: 'GTC' });
        assert.equal(sell.decision, DenyReason.APPROVED, 'the freed headroom is spent again');
      } finally {
        await stops.at(-1)?.();
      }
    });
  }
});
