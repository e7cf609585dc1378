/**
 * Cancel-on-disconnect: a riskgate child process keeps the venue's dead-man switch armed through
 * the gateway (Binance `countdownCancelAll`, BitMEX `cancelAllAfter`, 1 s window refreshed every
 * 200 ms); while it lives the account's resting order stays on the simulator's book past the
 * window, and once the process is killed (SIGKILL: no chance to clean up) the simulator cancels
 * it. Real-time simulator clock (the child refreshes on wall time). Every wait is bounded.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { after, describe, it } from 'node:test';
import { SimServer } from '../../src/sim/index.js';
import { testServerKind } from '../server/support/test-server.js';
import { API_KEY, SECRET } from '../feeds/support/feed-config.js';
import { SYMBOL, Trader, closeAfterAll, until } from '../sim/support/sim-clients.js';

const { servers, clients } = closeAfterAll();
const CHILD = fileURLToPath(new URL('./support/dead-man-child.js', import.meta.url));
const children: ChildProcess[] = [];
after(() => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
});

describe('cancel-on-disconnect through the venue\'s dead-man switch', () => {
  for (const venue of ['binance-usdm', 'bitmex'] as const) {
    it(`when the riskgate process keeping the ${venue} switch armed is killed then its resting order disappears from the book`, async () => {
      const sim = await SimServer.start({
        seed: 3, clock: 'realtime', venue, profile: 'calm',
        instruments: [{ symbol: SYMBOL, lotSize: '0.001', tickSize: '0.1', startPrice: '60000', takerChance: 0 }],
        accounts: [{ name: 'a', apiKey: API_KEY, apiSecret: SECRET }], server: testServerKind(),
      });
      servers.push(sim);
      const trader = new Trader(sim, API_KEY);
      clients.push(trader);
      await trader.opened();
      trader.order('resting-1', 'buy', '0.003', '59000', 'GTC');
      await trader.reply('resting-1', 'ack');
      const live = (): string[] => sim.truth('a').liveOrders.map((o) => o.clientId);
      assert.deepEqual(live(), ['resting-1']);

      const child = spawn(process.execPath, [CHILD, venue, sim.restUrl, SYMBOL], { stdio: ['ignore', 'pipe', 'pipe'] });
      children.push(child);
      let out = '';
      child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
      child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
      await until(() => out.includes('armed'), `the child arms the switch (${out})`, 10_000);
      assert.match(out, /armed accepted/);
      // Alive and refreshing: the order outlives the 1 s window by far.
      const armedAt = sim.exchange.clock.nowMs();
      await until(() => sim.exchange.clock.nowMs() - armedAt > 2_500, 'simulated time past two windows', 10_000);
      assert.deepEqual(live(), ['resting-1'], 'refreshed: nothing cancelled while the process lives');

      child.kill('SIGKILL');
      await until(() => child.exitCode !== null || child.signalCode !== null, 'child gone', 5_000);
      await until(() => live().length === 0, 'the venue cancelled the resting order', 10_000);
      assert.equal(sim.truth('a').executions.length, 0, 'cancelled, not filled');
    });
  }
});
