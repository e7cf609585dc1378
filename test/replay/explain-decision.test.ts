import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runScenarioWithJournal } from '../../src/journal/record-scenario.js';
import { openJournal } from '../../src/journal/open-journal.js';
import { parseScenario } from '../../src/scenario/parse-scenario.js';
import { EngineGate } from '../../src/scenario/engine-gate.js';
import { recordedConfig } from '../../src/replay/recorded-config.js';
import { replayRecords } from '../../src/replay/replay-journal.js';
import { EXPLAIN_SCENARIO } from './support.js';

const tmp = mkdtempSync(join(tmpdir(), 'riskgate-explain-'));
process.on('exit', () => rmSync(tmp, { recursive: true, force: true }));

function explain(id: string) {
  const sc = parseScenario(EXPLAIN_SCENARIO, 'explain');
  const path = join(tmp, `${id}.rgj`);
  runScenarioWithJournal(sc, new EngineGate(sc.config), path);
  const j = openJournal(path);
  const r = replayRecords(j.records, recordedConfig(j), { explain: id });
  assert.deepEqual(r.differences, []);
  assert.equal(r.explained.length, 1);
  return r.explained[0]!;
}

test('when a POSITION_LIMIT denial is explained then the rule shows the worst case with its numbers and the state it saw', () => {
  const e = explain('b2');
  assert.equal(e.rule.reason, 'POSITION_LIMIT');
  assert.equal(e.rule.stage, 'position limit');
  assert.equal(e.rule.rule, 'POSITION_LIMIT: estPosMax 3 + openBuy 1 + qty 2 = 6 > maxLong 5');
  assert.equal(e.recorded, 'POSITION_LIMIT');
  assert.equal(e.context.now, 2);
  const s = e.context.instrument!.state;
  assert.deepEqual(
    [s.estPosMin, s.estPosMax, s.openBuy, s.openSell, s.activeOrders, s.unconfirmedCount, s.tradingState, s.killMode, s.flipHalted],
    [3, 3, 1, 0, 1, 0, 'active', 'resume', false],
  );
  assert.equal(e.context.instrument!.healthCode, 0);
});

test('when a health-gate denial is explained then the rule names the budget exceeded and why the order is not reducing', () => {
  const e = explain('b3');
  assert.equal(e.rule.stage, 'trading state');
  assert.equal(e.rule.rule, 'UNCONFIRMED_FILLS: unconfirmed 2 fills > maxFills 1; only risk-reducing orders pass and this one is not: estPosMax 3 + openBuy 1 + qty 1 = 5 > 0');
  assert.equal(e.context.instrument!.state.tradingState, 'reducing');
  assert.equal(e.context.instrument!.state.tradingReason, 'UNCONFIRMED_FILLS');
});

test('when a reduce-only denial is explained then the rule shows the order would cross zero', () => {
  const e = explain('s1');
  assert.equal(e.rule.rule, 'REDUCE_ONLY: global kill switch is reduce and the order is not risk-reducing: estPosMin 3 - openSell 0 - qty 9 = -6 < 0');
  assert.equal(e.context.globalKill, 'reduce');
  assert.equal(e.rule.reducing, false);
});

test('when an approval is explained then the passing position check is shown', () => {
  assert.equal(explain('b1').rule.rule, 'APPROVED: every check passed; position: estPosMax 3 + openBuy 0 + qty 1 = 4 <= maxLong 5');
});

test('when a venue-enforced reduce-only approval is explained then the rule names it and the health gate it passed', () => {
  const e = explain('s2');
  assert.equal(e.recorded, 'approve');
  assert.equal(
    e.rule.rule,
    'APPROVED: venue-enforced reduce-only order (the venue caps it at the true position, so it cannot add exposure): it passes the reduce mode, the health gate (unconfirmed 2 fills > maxFills 1) and the position limit',
  );
});

test('when a known-loss denial is explained then the rule says no order was reducing by the estimate', () => {
  const sc = parseScenario(JSON.parse(readFileSync(new URL('../../../scenarios/19-known-loss-sequence-gap.json', import.meta.url), 'utf8')), 'known-loss');
  const path = join(tmp, 'known-loss.rgj');
  runScenarioWithJournal(sc, new EngineGate(sc.config), path);
  const j = openJournal(path);
  const r = replayRecords(j.records, recordedConfig(j), { explain: 's1' });
  assert.deepEqual(r.differences, []);
  const e = r.explained[0]!;
  assert.equal(e.rule.reason, 'SEQUENCE_GAP');
  assert.equal(e.context.instrument!.knownLoss, true);
  assert.equal(
    e.rule.rule,
    'SEQUENCE_GAP: sequence gap open: fills missing up to seq 101, snapshot watermark 100; only risk-reducing orders pass and this one is not: known loss (events may be missing): no order is risk-reducing by the estimate; only venue-enforced reduce-only orders pass',
  );
});

test('when a journal with marks is replayed then the account denials are reproduced and explained with the account\'s numbers', () => {
  const sc = parseScenario(JSON.parse(readFileSync(new URL('../../../scenarios/25-loss-limit-on-mark.json', import.meta.url), 'utf8')), 'accounts');
  const path = join(tmp, 'accounts.rgj');
  runScenarioWithJournal(sc, new EngineGate(sc.config), path);
  const j = openJournal(path);
  const gross = replayRecords(j.records, recordedConfig(j), { explain: 'o3' });
  assert.deepEqual(gross.differences, []);
  assert.equal(gross.reproduced, gross.decisions);
  const g = gross.explained[0]!;
  assert.equal(g.rule.reason, 'ACCOUNT_GROSS_NOTIONAL');
  assert.equal(g.rule.stage, 'position limit');
  assert.match(g.rule.rule, /^ACCOUNT_GROSS_NOTIONAL: account desk gross notional 900 before the order, and with it \(qty 3 \* lotSize 1 at mark 50\) above maxGrossNotional 1000;/);
  const loss = replayRecords(j.records, recordedConfig(j), { explain: 'o4' }).explained[0]!;
  assert.equal(loss.rule.reason, 'LOSS_LIMIT');
  assert.equal(loss.rule.stage, 'trading state');
  assert.equal(loss.context.instrument!.account.accountPnl, -130);
  assert.match(loss.rule.rule, /^LOSS_LIMIT: account desk \(PnL -130, drawdown 130\) breached its lossLimit\.maxLoss/);
});

test('when a strategy\'s own limit and the order-to-trade guard deny then explain shows each rule with its numbers', () => {
  const sc = parseScenario({
    config: {
      instruments: [{ symbol: 'BTC', maxLong: 10, maxShort: 10, lotSize: '0.5', orderToTrade: { maxRatio: 1, windowMs: 60_000, minOrders: 3 } }],
      strategies: [{ name: 'mm', maxLong: 3, maxOpenNotional: 200 }],
    },
    steps: [
      { at: 0, type: 'snapshot', symbol: 'BTC', position: 0 },
      { at: 1, type: 'order', orderId: 'm1', symbol: 'BTC', side: 'buy', qty: 2, price: 100, tif: 'GTC', strategy: 'mm' },
      { at: 2, type: 'order', orderId: 'm2', symbol: 'BTC', side: 'buy', qty: 2, price: 100, tif: 'GTC', strategy: 'mm' },
      { at: 3, type: 'order', orderId: 'm3', symbol: 'BTC', side: 'sell', qty: 2, price: 200, tif: 'GTC', strategy: 'mm' },
      { at: 4, type: 'order', orderId: 'x1', symbol: 'BTC', side: 'buy', qty: 1, price: 100, tif: 'GTC' },
      { at: 5, type: 'cancel', orderId: 'x1' },
      { at: 6, type: 'order', orderId: 'x2', symbol: 'BTC', side: 'buy', qty: 1, price: 101, tif: 'GTC' },
    ],
  }, 'strategy-explain');
  const path = join(tmp, 'strategy.rgj');
  runScenarioWithJournal(sc, new EngineGate(sc.config), path);
  const j = openJournal(path);
  const at = (id: string) => {
    const r = replayRecords(j.records, recordedConfig(j), { explain: id });
    assert.deepEqual(r.differences, []);
    return r.explained[0]!.rule;
  };
  assert.deepEqual([at('m2').reason, at('m2').stage], ['STRATEGY_POSITION_LIMIT', 'position limit']);
  assert.equal(at('m2').rule, 'STRATEGY_POSITION_LIMIT: strategy mm on BTC (its own fills and open orders): position 0 + openBuy 2 + qty 2 = 4 > maxLong 3');
  assert.equal(at('m3').rule, 'STRATEGY_NOTIONAL_LIMIT: strategy mm on BTC: open notional 100 + qty 2 x lotSize 0.5 x price 200 = 300 > maxOpenNotional 200');
  assert.deepEqual([at('x2').reason, at('x2').stage], ['ORDER_TO_TRADE', 'throttle']);
  assert.match(at('x2').rule, /^ORDER_TO_TRADE: 3 messages \(orders and cancels\) and 0 fills in 60000 ms: at least minOrders 3 and more than maxRatio 1 per fill/);
});
