/**
 * The exchange over real loopback sockets: order entry for two accounts, and the private streams
 * decoded by riskgate's own decoders (BybitDecoder, BinanceUsdmDecoder) into the events the truth
 * says happened. Also: the admin truth equals `truth()`, and
 * entry rejects carry stable codes.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { VenueEvent } from '../../src/scenario/scenario-types.js';
import type { SimServer } from '../../src/sim/index.js';
import { SIM_EPOCH_MS } from '../../src/sim/index.js';
import { BinanceUsdmDecoder } from '../../src/venues/binance/binance-decoder.js';
import { BybitDecoder } from '../../src/venues/bybit/bybit-decoder.js';
import type { VenueDecoder } from '../../src/venues/venue-decoder.js';
import type { Client } from './support/sim-clients.js';
import { SYMBOL, SYMBOLS, Trader, binancePrivate, bybitPrivate, closeAfterAll, pushes, startSim, step, sync } from './support/sim-clients.js';

const { servers, clients } = closeAfterAll();

function decodeAll(decoder: VenueDecoder, c: Client): VenueEvent[] {
  const events: VenueEvent[] = [];
  for (const text of c.texts) {
    const r = decoder.decode(text);
    assert.equal(r.error, undefined, `frame decodes: ${text.slice(0, 200)}`);
    events.push(...r.events);
  }
  assert.equal(decoder.stats.malformed, 0);
  return events;
}

/**
 * a rests a GTC sell above the book; b's IOC buy sweeps the synthetic asks and a's order, and its
 * remainder is cancelled; a rests a GTC buy below the book and cancels it.
 */
async function flow(sim: SimServer, privA: Client, privB: Client): Promise<void> {
  const a = new Trader(sim, 'ka');
  const b = new Trader(sim, 'kb');
  clients.push(a, b);
  await Promise.all([a.opened(), b.opened()]);
  a.order('a-1', 'sell', '0.005', '60005', 'GTC');
  await sync(a, 'a1');
  b.order('b-1', 'buy', '0.500', '60005', 'IOC');
  await sync(b, 'b1');
  a.order('a-2', 'buy', '0.002', '59990', 'GTC');
  await sync(a, 'a2');
  await step(sim, 5, 'a', privA);
  a.send({ op: 'cancel', clientId: 'a-2' });
  await sync(a, 'a3');
  await step(sim, 5, 'a', privA);
  await a.reply('a-2', 'canceled');
  await step(sim, 0, 'b', privB);
  assert.equal((await a.reply('a-1', 'ack'))['status'], 'new');
  assert.equal((await b.reply('b-1', 'ack'))['status'], 'canceled', 'the IOC remainder is cancelled');
}

function expectedTaker(sim: SimServer, binance: boolean): VenueEvent[] {
  const t = sim.truth('b');
  const execs = t.executions;
  const total = execs.reduce((s, e) => s + e.qty, 0);
  const events: VenueEvent[] = [];
  if (binance) events.push({ type: 'orderUpdate', symbol: SYMBOL, orderId: 'b-1', status: 'new', cumQty: 0, leavesQty: 500, side: 'buy' });
  let cum = 0;
  for (const e of execs) {
    cum += e.qty;
    const fill: VenueEvent = binance
      ? { type: 'fill', symbol: SYMBOL, orderId: 'b-1', execId: `${SYMBOL}:${e.tradeId}:buy`, side: 'buy', qty: e.qty, price: Number(e.price), venueTime: SIM_EPOCH_MS + e.at }
      : { type: 'fill', symbol: SYMBOL, orderId: 'b-1', execId: e.execId, side: 'buy', qty: e.qty, price: Number(e.price), seq: e.seq };
    events.push(fill);
    if (binance) events.push({ type: 'orderUpdate', symbol: SYMBOL, orderId: 'b-1', status: 'partiallyFilled', cumQty: cum, leavesQty: 500 - cum, side: 'buy' });
  }
  events.push({ type: 'orderUpdate', symbol: SYMBOL, orderId: 'b-1', status: 'canceled', cumQty: total, leavesQty: 0, side: 'buy' });
  // Binance: a fill's venue time is its trade time o.T; the ACCOUNT_UPDATE's transaction time T,
  // the last execution's, is the snapshot's: one clock.
  events.push(binance
    ? { type: 'snapshot', symbol: SYMBOL, position: total, venueTime: SIM_EPOCH_MS + execs.at(-1)!.at }
    : { type: 'snapshot', symbol: SYMBOL, position: total, seq: execs.length });
  return events;
}

function expectedMaker(sim: SimServer, binance: boolean): VenueEvent[] {
  const [e] = sim.truth('a').executions;
  assert.ok(e !== undefined && e.isMaker && e.qty === 5 && e.price === '60005');
  const fill: VenueEvent = binance
    ? { type: 'fill', symbol: SYMBOL, orderId: 'a-1', execId: `${SYMBOL}:${e.tradeId}:sell`, side: 'sell', qty: 5, price: 60005, venueTime: SIM_EPOCH_MS + e.at }
    : { type: 'fill', symbol: SYMBOL, orderId: 'a-1', execId: e.execId, side: 'sell', qty: 5, price: 60005, seq: 1 };
  return [
    { type: 'orderUpdate', symbol: SYMBOL, orderId: 'a-1', status: 'new', cumQty: 0, leavesQty: 5, side: 'sell' },
    fill,
    { type: 'orderUpdate', symbol: SYMBOL, orderId: 'a-1', status: 'filled', cumQty: 5, leavesQty: 0, side: 'sell' },
    binance ? { type: 'snapshot', symbol: SYMBOL, position: -5, venueTime: SIM_EPOCH_MS + e.at } : { type: 'snapshot', symbol: SYMBOL, position: -5, seq: 1 },
    { type: 'orderUpdate', symbol: SYMBOL, orderId: 'a-2', status: 'new', cumQty: 0, leavesQty: 2, side: 'buy' },
    { type: 'orderUpdate', symbol: SYMBOL, orderId: 'a-2', status: 'canceled', cumQty: 0, leavesQty: 0, side: 'buy' },
  ];
}

describe('simulator over the wire', () => {

  it('when two accounts trade on the Bybit framing then BybitDecoder yields exactly the events of the truth', async () => {
    const sim = await startSim();
    servers.push(sim);
    assert.ok(sim.port > 0);
    const privA = await bybitPrivate(sim, 'ka');
    const privB = await bybitPrivate(sim, 'kb', ['execution.linear', 'order.linear', 'position.linear']);
    clients.push(privA, privB);
    await flow(sim, privA, privB);
    assert.deepEqual(decodeAll(new BybitDecoder(SYMBOLS), privA).filter((e) => e.type !== 'heartbeat'), expectedMaker(sim, false));
    assert.deepEqual(decodeAll(new BybitDecoder(SYMBOLS), privB), expectedTaker(sim, false));
    assert.ok(pushes(privB).every((f) => String(f['topic']).endsWith('.linear')), 'pushes carry the topic as subscribed');
    const b = sim.truth('b');
    assert.equal(b.symbols[0]?.position, b.executions.reduce((s, e) => s + e.qty, 0));
    assert.deepEqual(sim.truth('a').liveOrders, []);
  });

  it('when two accounts trade on the Binance framing then BinanceUsdmDecoder yields exactly the events of the truth', async () => {
    const sim = await startSim({ venue: 'binance-usdm' });
    servers.push(sim);
    const privA = await binancePrivate(sim, 'ka');
    const privB = await binancePrivate(sim, 'kb');
    clients.push(privA, privB);
    await flow(sim, privA, privB);
    assert.deepEqual(decodeAll(new BinanceUsdmDecoder(SYMBOLS), privA), expectedMaker(sim, true));
    assert.deepEqual(decodeAll(new BinanceUsdmDecoder(SYMBOLS), privB), expectedTaker(sim, true));
  });

  it('when the admin socket asks for the truth then it answers what truth() returns', async () => {
    const sim = await startSim();
    servers.push(sim);
    const t = new Trader(sim, 'ka');
    const admin = new (await import('./support/sim-clients.js')).Client(`${sim.url}/admin`);
    clients.push(t, admin);
    await Promise.all([t.opened(), admin.opened()]);
    t.order('x-1', 'buy', '0.001', '60001', 'IOC');
    await sync(t, 'x');
    sim.advance(5);
    admin.send({ op: 'truth', account: 'a' });
    const reply = await admin.waitFor((f) => f['op'] === 'truth', 'truth reply');
    assert.deepEqual(reply['truth'], JSON.parse(JSON.stringify(sim.truth('a'))));
    assert.equal(sim.truth('a').symbols[0]?.position, 1);
    admin.send({ op: 'truth', account: 'nobody' });
    assert.equal((await admin.waitFor((f) => f['op'] === 'error', 'error reply'))['code'], 'UNKNOWN_ACCOUNT');
    admin.send({ op: 'advance', ms: 10 });
    assert.equal((await admin.waitFor((f) => f['op'] === 'advanced', 'advanced'))['t'], sim.exchange.clock.nowMs());
  });

  it('when order entry is malformed or off-grid then the reject carries a stable code', async () => {
    const sim = await startSim();
    servers.push(sim);
    const t = new Trader(sim, 'ka');
    clients.push(t);
    await t.opened();
    t.send({ op: 'order', clientId: 'bad-1', symbol: SYMBOL, side: 'up', qty: '1', price: '1', tif: 'GTC' });
    t.order('bad-2', 'buy', '0.0005', '60000', 'GTC');
    t.order('bad-3', 'buy', '0.001', '60000.05', 'GTC');
    t.send({ op: 'order', clientId: 'bad-4', symbol: 'DOGEUSDT', side: 'buy', qty: '1', price: '1', tif: 'GTC' });
    t.send({ op: 'cancel', clientId: 'nope' });
    await sync(t, 'r');
    sim.advance(5);
    const codes = await Promise.all(['bad-1', 'bad-2', 'bad-3', 'bad-4', 'nope'].map(async (id) => (await t.reply(id, 'reject'))['code']));
    assert.deepEqual(codes, ['BAD_REQUEST', 'BAD_QUANTITY', 'BAD_PRICE', 'UNKNOWN_SYMBOL', 'UNKNOWN_ORDER']);
  });

  it('when an unknown API key connects then the upgrade is refused with 401', async () => {
    const sim = await startSim();
    servers.push(sim);
    const t = new Trader(sim, 'wrong');
    clients.push(t);
    await assert.rejects(t.opened(), /401/);
  });
});
