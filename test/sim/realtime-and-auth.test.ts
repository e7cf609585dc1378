/**
 * The real-time clock (what the demo runs: simulated time follows the wall clock) and the Bybit
 * auth check with a configured secret. Bounded waits only; nothing asserts on timing.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bybitSignature } from '../../src/sim/index.js';
import { Client, SYMBOL, Trader, bybitPrivate, closeAfterAll, startSim } from './support/sim-clients.js';

const { servers, clients } = closeAfterAll();

describe('real-time clock', () => {
  it('when the clock is real-time then quotes stream by themselves and an IOC at the ask fills', async () => {
    const sim = await startSim({ clock: 'realtime', tickMs: 2, marketStepMs: 20 });
    servers.push(sim);
    const priv = await bybitPrivate(sim, 'ka');
    const t = new Trader(sim, 'ka');
    clients.push(priv, t);
    await t.opened();
    t.send({ op: 'quotes', symbols: [SYMBOL] });
    const q = await t.waitFor((f) => f['op'] === 'quote' && (f['t'] as number) > 0, 'a quote after time moved');
    t.order('rt-1', 'buy', '0.001', String(q['ask']), 'IOC');
    const ack = await t.reply('rt-1', 'ack');
    assert.ok(ack['status'] === 'filled' || ack['status'] === 'canceled', 'an IOC ends at once');
    await priv.waitFor((f) => f['topic'] === 'order', 'the order update on the private stream');
    assert.throws(() => sim.advance(1), /manual/);
  });
});

describe('Bybit auth with a configured secret', () => {
  it('when the signature is wrong then auth fails and nothing is pushed; when right then it succeeds', async () => {
    const sim = await startSim({ accounts: [{ name: 'a', apiKey: 'ka', apiSecret: 's3cret' }] });
    servers.push(sim);
    const bad = new Client(`${sim.url}/v5/private`);
    const good = new Client(`${sim.url}/v5/private`);
    clients.push(bad, good);
    await Promise.all([bad.opened(), good.opened()]);
    bad.send({ op: 'auth', args: ['ka', 1700000100000, 'deadbeef'] });
    assert.deepEqual(await bad.waitFor((f) => f['op'] === 'auth', 'auth reply'), { success: false, ret_msg: 'Request not authorized', op: 'auth', conn_id: 'sim-1' });
    bad.send({ op: 'subscribe', args: ['order'] });
    assert.equal((await bad.waitFor((f) => f['op'] === 'subscribe', 'subscribe reply'))['success'], false);
    good.send({ req_id: 'r1', op: 'auth', args: ['ka', 1700000100000, bybitSignature('s3cret', 1700000100000)] });
    assert.deepEqual(await good.waitFor((f) => f['op'] === 'auth', 'auth reply'), { req_id: 'r1', success: true, ret_msg: '', op: 'auth', conn_id: 'sim-2' });
    good.send({ req_id: 'p', op: 'ping' });
    const pong = await good.waitFor((f) => f['op'] === 'pong', 'pong');
    assert.deepEqual(Object.keys(pong), ['req_id', 'op', 'args', 'conn_id']);
    assert.equal(sim.exchange.stream('a').connectionCount, 1);
  });
});
