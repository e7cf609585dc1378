/**
 * Threaded strategies: a channel created under a name the config's `strategies` declares writes
 * that strategy's index into its ORDER slots, so the risk thread holds its orders to the
 * strategy's own limits; another channel is limited by the instrument only. The state block
 * carries each strategy's book (`state().strategies`), which /state and /metrics show.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RiskGate } from '../../src/gate/index.js';
import { RiskGateStateSource } from '../../src/control/riskgate-state-source.js';
import { renderMetrics } from '../../src/control/prometheus-metrics.js';
import { ServerStats } from '../../src/control/server-stats.js';
import { DenyReason } from '../../src/risk/deny-reason.js';
import { encodeSnapshot } from '../../src/codec/index.js';
import { until } from './support/slots.js';

const CONFIG = {
  instruments: [{ symbol: 'BTC', maxLong: 10, maxShort: 10, lotSize: '0.5' }],
  strategies: [{ name: 'alpha', maxLong: 3, maxShort: 3 }],
};
const REPLAY = new URL('../../src/engine/scenario-feed-source.js', import.meta.url).href;

test('when a declared strategy and an undeclared one trade one instrument through their channels then only the declared one meets its own limit, and its book is in the state', async () => {
  const gate = new RiskGate(CONFIG);
  await gate.start();
  try {
    const slots = new Int32Array(16);
    encodeSnapshot(slots, new Float64Array(slots.buffer), 0, -1, NaN, 0, 0, NaN);
    gate.attachFeed({ name: 'positions', source: { module: REPLAY, options: { slots, stayOpen: true } } });
    await until(() => gate.state()?.instruments[0]?.health === 0, 'the snapshot applied');
    const alpha = gate.createStrategy('alpha');
    const other = gate.createStrategy('other');
    assert.equal(alpha.strategy, 0);
    assert.equal(other.strategy, -1);
    const a = gate.client(alpha);
    const o = gate.client(other);
    assert.equal(a.decideOrder(1, 0, 1, 3, 100), DenyReason.APPROVED);
    assert.equal(a.decideOrder(2, 0, 1, 1, 100), DenyReason.STRATEGY_POSITION_LIMIT, 'alpha 0 + 3 open + 1 > 3');
    assert.equal(o.decideOrder(3, 0, 1, 4, 100), DenyReason.APPROVED, 'the instrument has room: 3 + 4 <= 10');
    await until(() => gate.state()?.strategies[0]?.instruments[0]?.openBuy === 3, 'the strategy book published');
    const s = gate.state()!;
    assert.deepEqual(s.strategies, [{ name: 'alpha', instruments: [{ symbol: 'BTC', position: 0, openBuy: 3, openSell: 0, openNotional: 150 }] }]);
    assert.equal(s.decisions[DenyReason.STRATEGY_POSITION_LIMIT], 1);

    const snap = new RiskGateStateSource(gate).snapshot();
    assert.deepEqual(snap.strategies, [{ name: 'alpha', instruments: [{ symbol: 'BTC', position: 0, openBuy: 3, openSell: 0, openNotional: 150, maxLong: 3, maxShort: 3, maxOpenNotional: null }] }]);
    assert.equal(snap.decisionsByReason['STRATEGY_POSITION_LIMIT'], 1);
    const metrics = renderMetrics(snap, new ServerStats(), null);
    assert.match(metrics, /riskgate_strategy_position_lots\{strategy="alpha",symbol="BTC"\} 0/);
    assert.match(metrics, /riskgate_strategy_open_lots\{strategy="alpha",symbol="BTC",side="buy"\} 3/);
    assert.match(metrics, /riskgate_strategy_open_notional\{strategy="alpha",symbol="BTC"\} 150/);
    assert.match(metrics, /riskgate_decisions_total\{reason="STRATEGY_POSITION_LIMIT"\} 1/);
    assert.match(metrics, /riskgate_decisions_total\{reason="ORDER_TO_TRADE"\} 0/);
  } finally {
    const report = await gate.stop();
    assert.equal(report.cleanExit, true);
  }
});
