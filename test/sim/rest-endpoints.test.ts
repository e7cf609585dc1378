/**
 * The simulator's REST position endpoints on the wire, requests signed from the venues' docs:
 * Bybit `GET /v5/position/list` and Binance `GET /fapi/v2/positionRisk`. Each: the documented
 * shape with the ledger's position in the venue's units, signature rejection, the documented
 * rate-limit answers under a burst, and the REST faults (stale, slow, 503) observed on the wire,
 * deterministic by seed. Manual clock: every answer is a function of the request sequence.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SIM_EPOCH_MS, SimServer } from '../../src/sim/index.js';
import { BinanceWeightLimit } from '../../src/sim/binance-weight-limit.js';
import type { RestReply } from './support/rest-clients.js';
import { SECRETS, binancePositions, burst, bybitList, bybitPositions, startSignedSim } from './support/rest-clients.js';
import { SYMBOL, Trader, closeAfterAll, startSim, sync, until } from './support/sim-clients.js';
import { testServerKind } from '../server/support/test-server.js';

const { servers, clients } = closeAfterAll();

type Row = Record<string, unknown>;

async function signed(venue: 'bybit' | 'binance-usdm', profile: Record<string, unknown> = {}, seed = 42): Promise<{ sim: SimServer; trader: Trader }> {
  const sim = await startSignedSim(venue, profile, seed);
  servers.push(sim);
  const trader = new Trader(sim, 'ka');
  clients.push(trader);
  await trader.opened();
  return { sim, trader };
}

/** IOC orders that sweep the synthetic book: net `buy - sell` lots of 0.001. */
async function trade(t: Trader, tag: string, buy: string, sell: string): Promise<void> {
  if (buy !== '') t.order(`${tag}-b`, 'buy', buy, '60100', 'IOC');
  if (sell !== '') t.order(`${tag}-s`, 'sell', sell, '59900', 'IOC');
  await sync(t, tag);
}

/** The truth's position of account `a` in lots, and the seq and time of its last execution. */
function ledger(sim: SimServer): { position: number; seq: number; at: number } {
  const t = sim.truth('a');
  const last = t.executions.filter((e) => e.symbol === SYMBOL).at(-1);
  return { position: t.symbols.find((s) => s.symbol === SYMBOL)!.position, seq: last?.seq ?? -1, at: last?.at ?? 0 };
}

const retCode = (r: RestReply): unknown => (r.body as Row)['retCode'];
const code = (r: RestReply): unknown => (r.body as Row)['code'];

describe('Bybit GET /v5/position/list', () => {
  it('when positions are queried then the documented envelope holds the position as side and unsigned size in contracts, with the seq of its last execution; never traded is flat with seq -1', async () => {
    const { sim, trader } = await signed('bybit');
    const flat = await bybitPositions(sim, 'ka');
    assert.equal(flat.status, 200);
    assert.deepEqual(Object.keys(flat.body as Row), ['retCode', 'retMsg', 'result', 'retExtInfo', 'time']);
    assert.deepEqual(Object.keys((flat.body as Row)['result'] as Row), ['list', 'nextPageCursor', 'category']);
    const documented = ['positionIdx', 'riskId', 'riskLimitValue', 'symbol', 'side', 'size', 'avgPrice', 'positionValue', 'tradeMode', 'autoAddMargin', 'positionStatus', 'leverage',
      'markPrice', 'liqPrice', 'bustPrice', 'positionIM', 'positionMM', 'positionBalance', 'takeProfit', 'stopLoss', 'trailingStop', 'unrealisedPnl', 'curRealisedPnl', 'cumRealisedPnl',
      'adlRankIndicator', 'createdTime', 'updatedTime', 'seq', 'isReduceOnly'];
    for (const k of documented) assert.ok(k in bybitList(flat)[0]!, `element has ${k}`);
    assert.deepEqual([bybitList(flat)[0]!['side'], bybitList(flat)[0]!['size'], bybitList(flat)[0]!['seq'], bybitList(flat)[0]!['positionIdx']], ['', '0', -1, 0]);

    await trade(trader, 't1', '0.005', '0.012');
    const truth = ledger(sim);
    assert.equal(truth.position, -7, 'the flow left account a short 7 lots');
    const e = bybitList(await bybitPositions(sim, 'ka'))[0]!;
    assert.deepEqual([e['side'], e['size'], e['seq'], e['updatedTime']], ['Sell', '0.007', truth.seq, String(SIM_EPOCH_MS + truth.at)]);
    assert.equal(bybitList(await bybitPositions(sim, 'kb'))[0]!['size'], '0', 'account b is its own ledger');
    assert.equal(bybitList(await bybitPositions(sim, 'ka', 'category=linear&settleCoin=USDT')).length, 1, 'settleCoin: open positions');
    assert.equal(bybitList(await bybitPositions(sim, 'kb', 'category=linear&settleCoin=USDT')).length, 0);
    assert.equal(retCode(await bybitPositions(sim, 'ka', 'category=spot&symbol=BTCUSDT')), 10001);
    assert.equal(retCode(await bybitPositions(sim, 'ka', 'category=linear')), 10001);
    assert.equal(retCode(await bybitPositions(sim, 'ka', 'category=linear&symbol=NOPE')), 10001);
  });

  it('when the signature or key is wrong then the venue refuses: 10004 for a bad signature, HTTP 401 10003 for an unknown key or missing header', async () => {
    const { sim } = await signed('bybit');
    const bad = await bybitPositions(sim, 'ka', undefined, 'deadbeef');
    assert.deepEqual([bad.status, retCode(bad), (bad.body as Row)['retMsg']], [200, 10004, 'Error sign, please check your signature generation algorithm.']);
    const ts = String(SIM_EPOCH_MS);
    const query = `category=linear&symbol=${SYMBOL}`;
    const otherSecret = (await import('node:crypto')).createHmac('sha256', SECRETS['kb']!).update(`${ts}ka5000${query}`).digest('hex');
    assert.equal(retCode(await bybitPositions(sim, 'ka', query, otherSecret)), 10004, "b's secret does not sign for a");
    const unknown = await bybitPositions(sim, 'nobody');
    assert.deepEqual([unknown.status, retCode(unknown)], [401, 10003]);
    const missing = await fetch(`${sim.restUrl}/v5/position/list?${query}`, { headers: { 'X-BAPI-API-KEY': 'ka' } });
    assert.equal(missing.status, 401);
    await missing.text();
    const open = await SimServer.start({ seed: 1, clock: 'manual', instruments: [{ symbol: SYMBOL, lotSize: '0.001', tickSize: '0.1', startPrice: '60000' }], accounts: [{ name: 'a', apiKey: 'ka' }], server: testServerKind() });
    servers.push(open);
    assert.equal(retCode(await bybitPositions(open, 'ka', undefined, 'anything')), 0, 'an account without apiSecret accepts any signature, as its stream auth does');
  });

  it('when one account bursts then the 51st request in a second gets retCode 10006 with X-Bapi-Limit headers, and the 601st from the IP in 5 s gets HTTP 403 for 10 minutes', async () => {
    const { sim } = await signed('bybit');
    const t0 = SIM_EPOCH_MS + sim.exchange.clock.nowMs();
    const first = await burst(51, () => bybitPositions(sim, 'ka'));
    assert.ok(first.slice(0, 50).every((r) => retCode(r) === 0));
    assert.deepEqual(first.slice(0, 50).map((r) => Number(r.headers.get('x-bapi-limit-status'))), Array.from({ length: 50 }, (_, i) => 49 - i));
    const limited = first[50]!;
    assert.deepEqual([limited.status, retCode(limited), (limited.body as Row)['retMsg']], [200, 10006, 'Too many visits!']);
    assert.deepEqual(['x-bapi-limit', 'x-bapi-limit-status', 'x-bapi-limit-reset-timestamp'].map((h) => limited.headers.get(h)), ['50', '0', String(t0 + 1000)]);
    assert.equal(retCode(await bybitPositions(sim, 'kb')), 0, 'the limit is per UID');
    sim.advance(1000);
    assert.equal(retCode(await bybitPositions(sim, 'ka')), 0, 'a second later the window has room');
    const rest = await burst(600 - 53, () => bybitPositions(sim, 'kb'));
    assert.ok(rest.every((r) => r.status === 200));
    const refused = await bybitPositions(sim, 'ka');
    assert.deepEqual([refused.status, refused.text], [403, 'access too frequent']);
    sim.advance(5000);
    assert.equal((await bybitPositions(sim, 'ka')).status, 403, 'the IP stays refused after the window');
    sim.advance(10 * 60_000);
    assert.equal(retCode(await bybitPositions(sim, 'ka')), 0, 'and is served again after 10 minutes');
  });
});

describe('Binance GET /fapi/v2/positionRisk', () => {
  it('when positions are queried then every instrument has a one-way row with signed positionAmt padded to the lot, and updateTime of its last change', async () => {
    const sim = await startSim({
      venue: 'binance-usdm',
      instruments: [{ symbol: SYMBOL, lotSize: '0.001', tickSize: '0.1', startPrice: '60000', takerChance: 0 }, { symbol: 'ETHUSDT', lotSize: '0.01', tickSize: '0.01', startPrice: '3000', takerChance: 0 }],
      accounts: [{ name: 'a', apiKey: 'ka', apiSecret: SECRETS['ka']! }],
    });
    servers.push(sim);
    const trader = new Trader(sim, 'ka');
    clients.push(trader);
    await trader.opened();
    await trade(trader, 't1', '0.005', '0.012');
    const truth = ledger(sim);
    const r = await binancePositions(sim, 'ka');
    assert.equal(r.status, 200);
    assert.equal(r.headers.get('x-mbx-used-weight-1m'), '5');
    const rows = r.body as Row[];
    const documented = ['symbol', 'positionAmt', 'entryPrice', 'breakEvenPrice', 'markPrice', 'unRealizedProfit', 'liquidationPrice', 'leverage', 'maxNotionalValue', 'marginType',
      'isolatedMargin', 'isAutoAddMargin', 'positionSide', 'notional', 'isolatedWallet', 'updateTime'];
    assert.deepEqual(rows.map((x) => Object.keys(x).sort()), [documented.sort(), documented.sort()]);
    assert.deepEqual(rows.map((x) => [x['symbol'], x['positionAmt'], x['positionSide'], x['updateTime']]), [
      [SYMBOL, '-0.007', 'BOTH', SIM_EPOCH_MS + truth.at],
      ['ETHUSDT', '0.00', 'BOTH', 0],
    ]);
    assert.deepEqual((await binancePositions(sim, 'ka', 'symbol=ETHUSDT&')).body, [rows[1]]);
    const unknown = await binancePositions(sim, 'ka', 'symbol=NOPE&');
    assert.deepEqual([unknown.status, code(unknown)], [400, -1121]);
  });

  it('when the signature or key is wrong then HTTP 400 -1022 (wrong), 400 -1102 (missing), 401 -2015 (unknown key)', async () => {
    const { sim } = await signed('binance-usdm');
    const bad = await binancePositions(sim, 'ka', '', 'deadbeef');
    assert.deepEqual([bad.status, bad.body], [400, { code: -1022, msg: 'Signature for this request is not valid.' }]);
    const missing = await binancePositions(sim, 'ka', '', '');
    assert.deepEqual([missing.status, code(missing)], [400, -1102]);
    assert.match(String((missing.body as Row)['msg']), /'signature'/);
    const unknown = await binancePositions(sim, 'nobody');
    assert.deepEqual([unknown.status, code(unknown)], [401, -2015]);
    assert.equal((await binancePositions(sim, 'ka')).status, 200);
  });

  it('when an IP bursts then weight 5 × 480 is served, the 481st gets 429 with Retry-After to the minute, and one more before it gets the 418 ban', async () => {
    const { sim } = await signed('binance-usdm');
    const served = await burst(480, () => binancePositions(sim, 'ka'));
    assert.ok(served.every((r) => r.status === 200));
    assert.equal(served.at(-1)!.headers.get('x-mbx-used-weight-1m'), '2400');
    // Venue time starts at SIM_EPOCH_MS = 1_700_000_000_000, 40 s before the venue minute ends.
    const limited = await binancePositions(sim, 'ka');
    assert.deepEqual([limited.status, code(limited), limited.headers.get('retry-after')], [429, -1003, '40']);
    const banned = await binancePositions(sim, 'kb');
    assert.deepEqual([banned.status, code(banned), banned.headers.get('retry-after')], [418, -1003, '120'], 'per IP: the other account is banned too');
    assert.match(String((banned.body as Row)['msg']), /banned until 1700000120000/);
    sim.advance(60_000);
    assert.equal((await binancePositions(sim, 'ka')).status, 418, 'a new minute does not lift the ban');
    sim.advance(60_000);
    const back = await binancePositions(sim, 'ka');
    assert.deepEqual([back.status, back.headers.get('x-mbx-used-weight-1m')], [200, '5']);
  });

  it('when an IP is banned again then the ban doubles, up to 3 days', () => {
    const w = new BinanceWeightLimit();
    let t = SIM_EPOCH_MS;
    const bans: number[] = [];
    for (let round = 0; round < 14; round++) {
      while (w.take('ip', 5, t).status === 200);
      const ban = w.take('ip', 5, t);
      assert.ok(ban.status === 418, 'the request after the 429 is banned');
      bans.push(ban.untilMs - t);
      t = ban.untilMs;
    }
    assert.deepEqual(bans.slice(0, 4), [120_000, 240_000, 480_000, 960_000]);
    assert.equal(bans.at(-1), 3 * 24 * 3_600_000);
  });
});

describe('REST faults on the wire', () => {
  for (const venue of ['bybit', 'binance-usdm'] as const) {
    const amount = async (sim: SimServer): Promise<{ qty: string; seq?: unknown }> => {
      if (venue === 'binance-usdm') return { qty: String(((await binancePositions(sim, 'ka')).body as Row[])[0]!['positionAmt']) };
      const e = bybitList(await bybitPositions(sim, 'ka'))[0]!;
      return { qty: String(e['size']), seq: e['seq'] };
    };

    it(`when restStale fires (${venue}) then the answer is the position as of ageMs ago, with that moment's watermark, while the truth has moved on`, async () => {
      const { sim, trader } = await signed(venue, { restStale: { rate: 1, ageMs: 500 } });
      await trade(trader, 's1', '0.003', '');
      const then = ledger(sim);
      sim.advance(600);
      await trade(trader, 's2', '0.002', '');
      assert.equal(ledger(sim).position, 5);
      const stale = await amount(sim);
      assert.equal(stale.qty, '0.003');
      if (venue === 'bybit') assert.equal(stale.seq, then.seq, 'the seq of the older position');
      assert.equal(sim.truth('a').faults.filter((f) => f.kind === 'restStale').length, 1);
      sim.advance(600);
      assert.equal((await amount(sim)).qty, '0.005', '500 ms after the second trade the stale answer shows it');
    });

    it(`when restSlow fires (${venue}) then the answer, computed on arrival, is written only after delayMs of simulated time`, async () => {
      const { sim, trader } = await signed(venue, { restSlow: { rate: 1, delayMs: 200 } });
      let settled = false;
      const pending = amount(sim).finally(() => {
        settled = true;
      });
      await until(() => sim.truth('a').faults.some((f) => f.kind === 'restSlow'), 'the request arrived');
      await trade(trader, 'w1', '0.004', '');
      sim.advance(199);
      await sync(trader, 'w2');
      assert.equal(settled, false, 'not answered 199 ms later');
      sim.advance(1);
      assert.equal((await pending).qty, venue === 'bybit' ? '0' : '0.000', 'the position when the request arrived, before the trade');
    });

    it(`when restError fires (${venue}) then HTTP 503 with the venue's error body`, async () => {
      const { sim } = await signed(venue, { restError: { rate: 1 } });
      const r = venue === 'bybit' ? await bybitPositions(sim, 'ka') : await binancePositions(sim, 'ka');
      assert.equal(r.status, 503);
      assert.deepEqual(venue === 'bybit' ? retCode(r) : code(r), venue === 'bybit' ? 10016 : -1001);
      assert.deepEqual(sim.truth('a').faults.map((f) => f.kind), ['restError']);
    });

    it(`when the same seed and flow run twice with every REST fault (${venue}) then the answers are identical, and another seed differs`, async () => {
      const run = async (seed: number): Promise<string[]> => {
        const { sim, trader } = await signed(venue, { restError: { rate: 0.3 }, restStale: { rate: 0.5, ageMs: 150 }, restSlow: { rate: 0.3, delayMs: 40 } }, seed);
        const log: string[] = [];
        for (let i = 0; i < 16; i++) {
          await trade(trader, `d${i}`, i % 3 === 2 ? '' : '0.002', i % 3 === 2 ? '0.003' : '');
          const answer = venue === 'bybit' ? bybitPositions(sim, 'ka') : binancePositions(sim, 'ka');
          // Simulated time moves only once the request has been drawn: a slow answer is then due at the same simulated time in every run.
          await until(() => sim.exchange.restFaults('a').drawn === i + 1, `request ${i} arrived`);
          sim.advance(50);
          const r = await answer;
          log.push(`${r.status} ${r.text}`);
          sim.advance(50);
        }
        log.push(JSON.stringify(sim.truth('a').faults));
        return log;
      };
      const one = await run(7);
      const two = await run(7);
      assert.deepEqual(two, one);
      const kinds = new Set((JSON.parse(one.at(-1)!) as { kind: string }[]).map((f) => f.kind));
      assert.deepEqual([...kinds].sort(), ['restError', 'restSlow', 'restStale']);
      assert.notDeepEqual(await run(8), one);
    });
  }
});
