/**
 * A client message whose clock sync closes its own socket: in real-time mode every message first
 * brings the simulated clock up to wall time, and a `disconnect` fault due by then closes the
 * stream inside that call. The session must not answer on the closed socket (uWebSockets.js
 * throws on a closed socket, which took the whole simulator down); the next connection works.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SimServer } from '../../src/sim/index.js';
import { onServer, testServerKind } from '../server/support/test-server.js';
import { SYMBOL, bybitPrivate, closeAfterAll, until } from './support/sim-clients.js';

const { servers, clients } = closeAfterAll();

/** A real-time exchange on an injected wall clock that moves only when the test says so. */
async function startOnWall(wall: { ms: number }): Promise<SimServer> {
  const sim = await SimServer.start({
    seed: 42,
    clock: 'realtime',
    // The periodic sync never runs within the test: only client messages move the clock.
    tickMs: 1_000_000_000,
    wallClock: () => wall.ms,
    venue: 'bybit',
    profile: { disconnect: { atMs: [100], perMinute: 0 } },
    instruments: [{ symbol: SYMBOL, lotSize: '0.001', tickSize: '0.1', startPrice: '60000', takerChance: 0 }],
    accounts: [{ name: 'a', apiKey: 'ka' }],
    server: testServerKind(),
  });
  servers.push(sim);
  return sim;
}

describe(`Bybit private stream, a message that closes its own socket${onServer()}`, () => {
  it('when a ping arrives after a due disconnect then the socket closes unanswered and the simulator keeps serving', async () => {
    const wall = { ms: 0 };
    const sim = await startOnWall(wall);
    const priv = await bybitPrivate(sim, 'ka');
    clients.push(priv);
    const before = priv.frames.length;
    wall.ms = 200; // the disconnect at 100 ms is now due, and only this ping's sync runs it
    priv.send({ req_id: 'p-1', op: 'ping' });
    await until(() => priv.closeCode !== undefined, 'close');
    assert.equal(priv.closeCode, 1006, 'closed without a close frame, by the fault');
    assert.equal(priv.frames.length, before, 'no pong on the closed socket');
    assert.equal(sim.exchange.truth('a').faults.filter((f) => f.kind === 'disconnect').length, 1);
    // The simulator is still up: a new stream logs in and its ping is answered.
    const again = await bybitPrivate(sim, 'ka');
    clients.push(again);
    again.send({ req_id: 'p-2', op: 'ping' });
    const pong = await again.waitFor((f) => f['op'] === 'pong', 'pong on the new stream');
    assert.equal(pong['req_id'], 'p-2');
  });

});
