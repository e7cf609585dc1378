/**
 * Determinism by seed: the same seed, profile and order flow give the same frame log, on the
 * simulator's side (every frame written, with its simulated time and connection) and on the
 * client's (every frame received, private and order entry), even under the hostile profile with
 * a disconnect and a dead position subscription mid-run. A different seed gives a different log.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { HOSTILE } from '../../src/sim/index.js';
import type { Client } from './support/sim-clients.js';
import { SYMBOL, Trader, binancePrivate, bybitPrivate, closeAfterAll, startSim, sync, until } from './support/sim-clients.js';

const { servers, clients } = closeAfterAll();

interface RunLog {
  readonly server: string[];
  readonly received: string[];
  readonly entry: string[];
  readonly truth: string;
}

const PROFILE = { ...HOSTILE, disconnect: { atMs: [400], perMinute: 0 }, positionDeath: { atMs: [900], perMinute: 0 } };

async function run(seed: number, venue: 'bybit' | 'binance-usdm'): Promise<RunLog> {
  const sim = await startSim({ seed, venue, profile: PROFILE, instruments: [{ symbol: SYMBOL, lotSize: '0.001', tickSize: '0.1', startPrice: '60000' }] });
  servers.push(sim);
  const connect = (): Promise<Client> => (venue === 'bybit' ? bybitPrivate(sim, 'ka') : binancePrivate(sim, 'ka'));
  const streams: Client[] = [await connect()];
  clients.push(...streams);
  const trader = new Trader(sim, 'ka');
  clients.push(trader);
  await trader.opened();
  trader.send({ op: 'quotes', symbols: [SYMBOL] });
  const pushCount = (): number => streams.reduce((s, c) => s + c.frames.filter((f) => f['op'] === undefined).length, 0);
  for (let i = 1; i <= 40; i++) {
    if (i % 5 === 0) trader.order(`g-${i}`, 'buy', '0.002', '59999', 'GTC');
    else trader.order(`i-${i}`, i % 2 === 0 ? 'buy' : 'sell', '0.005', i % 2 === 0 ? '60010' : '59990', 'IOC');
    if (i % 5 === 2 && i > 5) trader.send({ op: 'cancel', clientId: `g-${i - 2}` });
    await sync(trader, `s-${i}`);
    sim.advance(37);
    const sent = sim.exchange.stream('a').sentFrames().length;
    await until(() => pushCount() >= sent, `${sent} private frames`);
    const last = streams.at(-1)!;
    if (sim.exchange.stream('a').connectionCount === 0) {
      // The simulator dropped the stream: reconnect before simulated time moves on, as a feed handler would.
      await until(() => last.closeCode !== undefined, 'close of the dropped stream');
      const fresh = await connect();
      streams.push(fresh);
      clients.push(fresh);
    }
  }
  sim.advance(1000);
  const sent = sim.exchange.stream('a').sentFrames().length;
  await until(() => pushCount() >= sent, `${sent} private frames`);
  await sync(trader, 'end');
  return {
    server: sim.exchange.stream('a').sentFrames().map((f) => `${f.at} ${f.connection} ${f.text}`),
    received: streams.flatMap((c) => c.texts),
    entry: trader.texts,
    truth: JSON.stringify(sim.truth('a')),
  };
}

describe('determinism by seed', () => {
  for (const venue of ['bybit', 'binance-usdm'] as const) {
    it(`when the same seed and flow run twice under the hostile profile (${venue}) then the frame logs are identical`, async () => {
      const one = await run(7, venue);
      const two = await run(7, venue);
      assert.ok(one.server.length > 50, `a substantial log (${one.server.length} frames)`);
      assert.deepEqual(two.server, one.server);
      assert.deepEqual(two.received, one.received);
      assert.deepEqual(two.entry, one.entry);
      assert.equal(two.truth, one.truth);
      const faults = new Set((JSON.parse(one.truth) as { faults: { kind: string }[] }).faults.map((f) => f.kind));
      for (const kind of ['disconnect', 'positionDeath', 'orderBeforeFill', 'positionDelay']) assert.ok(faults.has(kind), `the run exercised ${kind}`);
      const other = await run(8, venue);
      assert.notDeepEqual(other.server, one.server);
    });
  }
});
