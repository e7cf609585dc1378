/**
 * Each fault of the profile observed on the wire: a `ws` client on the venue's private stream (or
 * on order entry), order flow, then the fault's signature asserted in the frames received, and
 * the truth's record of it. Profiles are `calm` plus one fault at rate 1 (or scheduled).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { SimServer } from '../../src/sim/index.js';
import { BinanceUsdmDecoder } from '../../src/venues/binance/binance-decoder.js';
import { BybitDecoder } from '../../src/venues/bybit/bybit-decoder.js';
import type { Client } from './support/sim-clients.js';
import { SYMBOLS, Trader, binancePrivate, bybitPrivate, closeAfterAll, pushes, startSim, step, sync, until } from './support/sim-clients.js';

const { servers, clients } = closeAfterAll();

type Frame = Record<string, unknown>;

async function setup(profile: Record<string, unknown>, venue: 'bybit' | 'binance-usdm' = 'bybit'): Promise<{ sim: SimServer; trader: Trader; priv: Client }> {
  const sim = await startSim({ profile, venue });
  servers.push(sim);
  const priv = venue === 'bybit' ? await bybitPrivate(sim, 'ka') : await binancePrivate(sim, 'ka');
  const trader = new Trader(sim, 'ka');
  clients.push(priv, trader);
  await trader.opened();
  return { sim, trader, priv };
}

/** An IOC buy that sweeps several synthetic ask levels (several executions). */
async function take(t: Trader, clientId: string, qty = '0.030'): Promise<void> {
  t.order(clientId, 'buy', qty, '60001', 'IOC');
  await sync(t, clientId);
}

const topic = (f: Frame): string => String(f['topic'] ?? f['e'] ?? f['op']);
const data = (f: Frame): Frame[] => (f['data'] as Frame[] | undefined) ?? [];
const execIds = (priv: Client): string[] => pushes(priv).filter((f) => topic(f) === 'execution').flatMap((f) => data(f).map((d) => String(d['execId'])));
const positions = (priv: Client): Frame[] => pushes(priv).filter((f) => topic(f) === 'position').map((f) => data(f)[0]!);

describe('faults on the wire (Bybit framing)', () => {
  it('when orderBeforeFill fires then the Filled order update arrives before the execution and the position', async () => {
    const { sim, trader, priv } = await setup({ orderBeforeFill: { rate: 1, delayMs: 20 } });
    await take(trader, 'o-1', '0.001');
    await step(sim, 5, 'a', priv);
    assert.deepEqual(pushes(priv).map(topic), ['order']);
    assert.equal(data(pushes(priv)[0]!)[0]!['orderStatus'], 'Filled');
    await step(sim, 20, 'a', priv);
    assert.deepEqual(pushes(priv).map(topic), ['order', 'execution', 'position']);
    const events = priv.texts.flatMap((t) => new BybitDecoder(SYMBOLS).decode(t).events).filter((e) => e.type !== 'heartbeat');
    assert.deepEqual(events.map((e) => e.type), ['orderUpdate', 'fill', 'snapshot']);
    assert.equal(sim.truth('a').faults[0]?.kind, 'orderBeforeFill');
  });

  it('when positionDelay fires then the execution and order arrive and the position only after the delay', async () => {
    const { sim, trader, priv } = await setup({ positionDelay: { rate: 1, delayMs: 100 } });
    await take(trader, 'd-1');
    await step(sim, 5, 'a', priv);
    assert.deepEqual(pushes(priv).map(topic), ['execution', 'order']);
    await step(sim, 100, 'a', priv);
    assert.deepEqual(pushes(priv).map(topic), ['execution', 'order', 'position']);
  });

  it('when the position subscription dies then positions stop silently, pings are still answered, and a new connection gets them again', async () => {
    const { sim, trader, priv } = await setup({ positionDeath: { atMs: [50], perMinute: 0 } });
    await take(trader, 'p-1', '0.001');
    await step(sim, 5, 'a', priv);
    assert.equal(positions(priv).length, 1);
    sim.advance(50);
    await take(trader, 'p-2', '0.001');
    await step(sim, 5, 'a', priv);
    assert.deepEqual(pushes(priv).map(topic), ['execution', 'order', 'position', 'execution', 'order']);
    priv.send({ req_id: 'hb', op: 'ping' });
    await priv.waitFor((f) => f['op'] === 'pong' && f['req_id'] === 'hb', 'pong');
    assert.equal(priv.closeCode, undefined, 'no error, no close: silence');
    assert.equal(sim.truth('a').faults.find((f) => f.kind === 'positionDeath')?.at, 50);
    const fresh = await bybitPrivate(sim, 'ka');
    clients.push(fresh);
    await take(trader, 'p-3', '0.001');
    sim.advance(5);
    const pos = await fresh.waitFor((f) => f['topic'] === 'position', 'position on the new connection');
    assert.equal(data(pos)[0]!['size'], '0.003');
    assert.equal(positions(priv).length, 1, 'the dead subscription stays silent');
  });

  it('when duplicateExecution fires then every execId arrives twice and decodes to the same fill twice', async () => {
    const { sim, trader, priv } = await setup({ duplicateExecution: { rate: 1, delayMs: 10 } });
    await take(trader, 'u-1');
    await step(sim, 20, 'a', priv);
    const ids = execIds(priv);
    const truth = sim.truth('a').executions;
    assert.ok(truth.length >= 1);
    assert.deepEqual([...ids].sort(), truth.flatMap((e) => [e.execId, e.execId]).sort());
    assert.ok(truth.every((e) => e.duplicated && e.delivered === 2));
    const fills = priv.texts.flatMap((t) => new BybitDecoder(SYMBOLS).decode(t).events).filter((e) => e.type === 'fill');
    assert.equal(fills.length, 2 * truth.length);
  });

  it('when lostExecution fires then no execution frame arrives, the order update and the position still report the fills, and the truth keeps them as lost', async () => {
    const { sim, trader, priv } = await setup({ lostExecution: { rate: 1 } });
    await take(trader, 'l-1');
    await step(sim, 5, 'a', priv);
    assert.deepEqual(pushes(priv).map(topic), ['order', 'position']);
    const truth = sim.truth('a');
    const total = truth.executions.reduce((s, e) => s + e.qty, 0);
    assert.ok(truth.executions.every((e) => e.lost && e.delivered === 0));
    const update = new BybitDecoder(SYMBOLS).decode(pushes(priv)[0]).events[0];
    assert.equal(update?.type === 'orderUpdate' ? update.cumQty : -1, total);
    assert.equal(positions(priv)[0]!['seq'], truth.executions.length, 'the watermark covers the lost executions');
  });

  it('when seqGap fires then execution seqs jump with nothing lost', async () => {
    const { sim, trader, priv } = await setup({ seqGap: { rate: 1, maxSkip: 1 } });
    await take(trader, 'g-1');
    await step(sim, 5, 'a', priv);
    const seqs = pushes(priv).filter((f) => topic(f) === 'execution').flatMap((f) => data(f).map((d) => d['seq'] as number));
    assert.ok(seqs.length >= 1);
    assert.deepEqual(seqs, seqs.map((_, i) => 2 * (i + 1)), 'every seq skips one number');
    assert.ok(sim.truth('a').executions.every((e) => !e.lost && e.delivered === 1));
  });

  it('when staleSnapshot fires then an older position (smaller size, older seq) is re-sent after a newer one', async () => {
    const { sim, trader, priv } = await setup({ staleSnapshot: { rate: 1, delayMs: 30 } });
    await take(trader, 's-1', '0.001');
    await step(sim, 5, 'a', priv);
    await take(trader, 's-2', '0.001');
    await step(sim, 40, 'a', priv);
    assert.deepEqual(positions(priv).map((p) => [p['size'], p['seq']]), [['0.001', 1], ['0.002', 2], ['0.001', 1]]);
  });

  it('when disconnect fires then the socket is closed abruptly mid-stream and frames due later never arrive', async () => {
    const { sim, trader, priv } = await setup({ disconnect: { atMs: [20], perMinute: 0 }, positionDelay: { rate: 1, delayMs: 100 } });
    await take(trader, 'x-1', '0.001');
    await step(sim, 5, 'a', priv);
    assert.deepEqual(pushes(priv).map(topic), ['execution', 'order']);
    sim.advance(200);
    await until(() => priv.closeCode !== undefined, 'close');
    assert.equal(priv.closeCode, 1006, 'closed without a close frame');
    assert.deepEqual(pushes(priv).map(topic), ['execution', 'order'], 'the delayed position was lost with the connection');
    assert.equal(sim.truth('a').faults.find((f) => f.kind === 'disconnect')?.at, 20);
  });

  it('when rateLimit or overload fires then order entry answers "come back later" and the order never trades', async () => {
    for (const [fault, code, retry] of [['rateLimit', 'RATE_LIMITED', 100], ['overload', 'OVERLOADED', 500]] as const) {
      const { sim, trader, priv } = await setup({ [fault]: { rate: 1, retryAfterMs: retry } });
      await take(trader, 'r-1');
      await step(sim, 5, 'a', priv);
      const reply = await trader.reply('r-1');
      assert.deepEqual([reply['op'], reply['code'], reply['retryAfterMs']], ['reject', code, retry]);
      assert.deepEqual(pushes(priv), []);
      assert.equal(sim.truth('a').executions.length, 0);
      assert.deepEqual(sim.truth('a').orders, { accepted: 0, rejected: { [code]: 1 } });
    }
  });

  it('when slowAck fires then the order trades and its private frames arrive before its acknowledgement', async () => {
    const { sim, trader, priv } = await setup({ slowAck: { rate: 1, delayMs: 50 } });
    await take(trader, 'k-1', '0.001');
    await step(sim, 5, 'a', priv);
    assert.deepEqual(pushes(priv).map(topic), ['execution', 'order', 'position']);
    assert.equal(trader.frames.find((f) => f['op'] === 'ack'), undefined, 'no ack yet');
    sim.advance(50);
    assert.equal((await trader.reply('k-1', 'ack'))['status'], 'filled');
  });
});

describe('faults on the wire (Binance framing)', () => {
  const trades = (priv: Client): Frame[] => pushes(priv).filter((f) => f['e'] === 'ORDER_TRADE_UPDATE' && (f['o'] as Frame)['x'] === 'TRADE').map((f) => f['o'] as Frame);

  it('when orderBeforeFill fires then the ORDER_TRADE_UPDATEs arrive and the ACCOUNT_UPDATE only after the delay', async () => {
    const { sim, trader, priv } = await setup({ orderBeforeFill: { rate: 1, delayMs: 20 } }, 'binance-usdm');
    await take(trader, 'o-1', '0.001');
    await step(sim, 5, 'a', priv);
    assert.deepEqual(pushes(priv).map((f) => f['e']), ['ORDER_TRADE_UPDATE', 'ORDER_TRADE_UPDATE']);
    assert.equal((pushes(priv)[1]!['o'] as Frame)['X'], 'FILLED');
    await step(sim, 20, 'a', priv);
    assert.equal(pushes(priv).at(-1)!['e'], 'ACCOUNT_UPDATE');
  });

  it('when duplicateExecution fires then each TRADE frame (same trade id t) arrives twice', async () => {
    const { sim, trader, priv } = await setup({ duplicateExecution: { rate: 1, delayMs: 10 } }, 'binance-usdm');
    await take(trader, 'u-1');
    await step(sim, 20, 'a', priv);
    const ts = trades(priv).map((o) => o['t'] as number);
    const truth = sim.truth('a').executions;
    assert.deepEqual([...ts].sort((x, y) => x - y), truth.flatMap((e) => [e.tradeId, e.tradeId]).sort((x, y) => x - y));
    const decoder = new BinanceUsdmDecoder(SYMBOLS);
    const fills = priv.texts.flatMap((t) => decoder.decode(t).events).filter((e) => e.type === 'fill');
    assert.equal(new Set(fills.map((f) => (f.type === 'fill' ? f.execId : ''))).size, truth.length, 'duplicates decode to the same execId');
  });

  it('when lostExecution fires then the TRADE frames are missing and the next order update jumps to the full cumulative quantity', async () => {
    const { sim, trader, priv } = await setup({ lostExecution: { rate: 1 } }, 'binance-usdm');
    await take(trader, 'l-1', '0.001');
    await step(sim, 5, 'a', priv);
    assert.deepEqual(trades(priv), []);
    assert.deepEqual(pushes(priv).map((f) => f['e']), ['ORDER_TRADE_UPDATE', 'ACCOUNT_UPDATE']);
    const acct = (pushes(priv)[1]!['a'] as Frame)['P'] as Frame[];
    assert.equal(acct[0]!['pa'], '0.001');
    assert.equal((pushes(priv)[0]!['o'] as Frame)['p'], '60001.0', 'prices padded to the tick decimals');
    assert.equal(sim.truth('a').executions[0]?.lost, true);
  });

  it('when disconnect fires then the user data stream is closed abruptly', async () => {
    const { sim, priv } = await setup({ disconnect: { atMs: [10], perMinute: 0 } }, 'binance-usdm');
    sim.advance(20);
    await until(() => priv.closeCode !== undefined, 'close');
    assert.equal(priv.closeCode, 1006);
  });
});
