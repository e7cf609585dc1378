/**
 * Cancel-on-disconnect on all five venues: a riskgate child process places a resting order
 * through its gateway and keeps the venue's dead-man switch armed (Binance `countdownCancelAll`,
 * BitMEX `cancelAllAfter`, OKX `cancel-all-after`, Bybit's disconnection protection, Deribit's
 * cancel-on-disconnect); while it lives the order stays on the simulator's book past the window,
 * and once the process is killed (SIGKILL: no chance to clean up) the simulator cancels it within
 * the window. Real-time simulator clock, run faster than the wall clock where the venue's shortest
 * window is long (OKX 10 s, Bybit 3 s: `speed`), while the child refreshes on wall time. Every
 * wait is bounded.
 *
 * The cases run side by side: every case has its own simulator and spends its time waiting for
 * simulated windows to pass, so the disarming cases (no child process) wait beside the killed
 * children's, and two children live at a time. Not all five at once: five child processes
 * starting together on a busy 2-core host missed their refreshes.
 * Nothing a case asserts is read from another's simulator.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { after, describe, it } from 'node:test';
import { SimServer } from '../../src/sim/index.js';
import { testServerKind } from '../server/support/test-server.js';
import { API_KEY, ENV, SECRET, testConfig } from '../feeds/support/feed-config.js';
import { RestClient } from '../../src/feeds/rest-client.js';
import { realTimers } from '../../src/feeds/feed-timers.js';
import { DeadManSwitch, createOrderEntry } from '../../src/gateway/index.js';
import { SYMBOL, closeAfterAll, until } from '../sim/support/sim-clients.js';

const { servers } = closeAfterAll();
const CHILD = fileURLToPath(new URL('./support/dead-man-child.js', import.meta.url));
const children: ChildProcess[] = [];
after(() => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
});

/**
 * Per venue: the switch's window (simulated ms), the child's refresh period (wall ms), how many
 * simulated ms pass per wall ms, and the order socket's path. Deribit's window is no setting: it
 * cancels when the connection closes; 1 s is what the test allows it.
 */
const CASES = [
  { venue: 'binance-usdm', windowMs: 1_000, refreshMs: 200, speed: 1, ws: '/x' },
  { venue: 'bitmex', windowMs: 1_000, refreshMs: 200, speed: 1, ws: '/x' },
  { venue: 'okx', windowMs: 10_000, refreshMs: 400, speed: 4, ws: '/ws/v5/private' },
  { venue: 'bybit', windowMs: 3_000, refreshMs: 200, speed: 3, ws: '/v5/private' },
  { venue: 'deribit', windowMs: 1_000, refreshMs: 200, speed: 1, ws: '/ws/api/v2' },
] as const;
/** Wall ms the test allows beyond the window for the kill to be noticed on a loaded host. */
const SLACK_WALL_MS = 2_000;

describe('the dead-man switch on every venue', { concurrency: true }, () => {
  describe('cancel-on-disconnect through the venue\'s dead-man switch', { concurrency: 2 }, () => {
    for (const c of CASES) {
      it(`when the riskgate process keeping the ${c.venue} switch armed is killed then its resting order disappears from the book within the window`, async () => {
        const sim = await SimServer.start({
          seed: 3, clock: 'realtime', venue: c.venue, profile: 'calm', wallClock: () => performance.now() * c.speed,
          instruments: [{ symbol: SYMBOL, lotSize: '0.001', tickSize: '0.1', startPrice: '60000', takerChance: 0 }],
          accounts: [{ name: 'a', apiKey: API_KEY, apiSecret: SECRET }], server: testServerKind(),
        });
        servers.push(sim);
        const live = (): string[] => sim.truth('a').liveOrders.map((o) => o.clientId);
        const child = spawn(process.execPath, [CHILD, c.venue, `${sim.url}${c.ws}`, sim.restUrl, SYMBOL, String(c.windowMs), String(c.refreshMs)], { stdio: ['ignore', 'pipe', 'pipe'] });
        children.push(child);
        let out = '';
        child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
        child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
        await until(() => out.includes('armed'), `the child places its order and arms the switch (${out})`, 60_000); // a child process's start-up: seconds on a busy host
        assert.match(out, /placed accepted/);
        assert.match(out, /armed accepted/);
        assert.deepEqual(live(), ['resting1']);
        // Alive and refreshing: the order outlives the window by far.
        const armedAt = sim.exchange.clock.nowMs();
        await until(() => sim.exchange.clock.nowMs() - armedAt > 2.5 * c.windowMs, 'simulated time past two windows', 20_000);
        assert.deepEqual(live(), ['resting1'], 'refreshed: nothing cancelled while the process lives');

        const killedAt = sim.exchange.clock.nowMs();
        child.kill('SIGKILL');
        await until(() => child.exitCode !== null || child.signalCode !== null, 'child gone', 5_000);
        await until(() => live().length === 0, 'the venue cancelled the resting order', 20_000);
        const goneAfter = sim.exchange.clock.nowMs() - killedAt;
        assert.ok(goneAfter <= c.windowMs + SLACK_WALL_MS * c.speed, `cancelled ${goneAfter} simulated ms after the kill (window ${c.windowMs} ms)`);
        assert.equal(sim.truth('a').executions.length, 0, 'cancelled, not filled');
      });
    }
  });

  describe('disarming the dead-man switch', { concurrency: false }, () => {
    for (const c of CASES) {
      it(`when the ${c.venue} switch is stopped and the entry closed then the resting order stays: a clean stop disarms before it lets go`, async () => {
        const sim = await SimServer.start({
          seed: 4, clock: 'realtime', venue: c.venue, profile: 'calm', wallClock: () => performance.now() * c.speed,
          instruments: [{ symbol: SYMBOL, lotSize: '0.001', tickSize: '0.1', startPrice: '60000', takerChance: 0 }],
          accounts: [{ name: 'a', apiKey: API_KEY, apiSecret: SECRET }], server: testServerKind(),
        });
        servers.push(sim);
        const { venue: cfg } = testConfig(c.venue, `${sim.url}${c.ws}`, sim.restUrl, [{ symbol: SYMBOL, lotSize: c.venue === 'bitmex' ? '1' : '0.001' }], { rest: { maxRequests: 100, perMs: 1_000, backoffMs: 50, maxBackoffMs: 200, timeoutMs: 2_000 } });
        const entry = createOrderEntry(cfg, { env: ENV, client: new RestClient(cfg.endpoint.rest, cfg.rest, realTimers) });
        const placed = await entry.place({ clientId: 'resting2', symbol: SYMBOL, side: 'buy', qty: c.venue === 'bitmex' ? '3' : '0.003', price: '59000', tif: 'GTC' });
        assert.equal(placed.kind, 'accepted', placed.reason);
        const dms = new DeadManSwitch(entry, { windowMs: c.windowMs, refreshMs: c.refreshMs, symbols: [SYMBOL] });
        assert.equal((await dms.start()).kind, 'accepted');
        if (c.venue === 'okx') await new Promise((r) => setTimeout(r, 1_000 / c.speed + 50)); // OKX: one cancel-all-after call per second
        const stopped = await dms.stop();
        assert.equal(stopped.kind, 'accepted', stopped.reason);
        entry.close();
        const at = sim.exchange.clock.nowMs();
        await until(() => sim.exchange.clock.nowMs() - at > 2.5 * c.windowMs, 'simulated time past two windows', 20_000);
        assert.deepEqual(sim.truth('a').liveOrders.map((o) => o.clientId), ['resting2']);
      });
    }
  });
});
