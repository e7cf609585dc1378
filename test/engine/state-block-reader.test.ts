/**
 * The state block as a reader sees it before and after the risk thread's first publish.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { StateBlockReader } from '../../src/engine/state-block-reader.js';
import { StateBlockWriter } from '../../src/engine/state-block-writer.js';
import { stateBlockBytes } from '../../src/engine/state-block-layout.js';
import { RiskEngine } from '../../src/risk/risk-engine.js';
import { validateConfig } from '../../src/config/validate-config.js';
import { ManualClock } from '../../src/risk/clock.js';
import { DenyReason } from '../../src/risk/deny-reason.js';

const config = { instruments: [{ symbol: 'BTC', maxLong: 5, maxShort: 5, unconfirmed: { maxFills: 4, maxQty: 4 } }] };

test('when the risk thread has not published yet then the state says version 0, the position unknown and the instrument not healthy', () => {
  const buffer = new SharedArrayBuffer(stateBlockBytes(1));
  const s = new StateBlockReader(buffer, ['BTC']).read();
  assert.ok(s !== undefined);
  assert.equal(s.version, 0);
  const i = s.instruments[0]!;
  assert.equal(i.health, DenyReason.FEED_STALE);
  assert.equal(i.estPosMin, -Infinity);
  assert.equal(i.estPosMax, Infinity);
  assert.equal(i.feedUp, false);
  assert.equal(i.snapPos, undefined);
  assert.equal(s.decisions.every((n) => n === 0), true);
});

test('when a fresh engine publishes then the reader shows the same unknown position and health as before the publish', () => {
  const buffer = new SharedArrayBuffer(stateBlockBytes(1));
  const engine = new RiskEngine(validateConfig(config), new ManualClock(0));
  const reader = new StateBlockReader(buffer, ['BTC']);
  const before = reader.read()!;
  new StateBlockWriter(buffer, engine).publish();
  const after = reader.read()!;
  assert.equal(after.version, 1);
  for (const key of ['health', 'estPosMin', 'estPosMax', 'snapPos', 'unconfirmedCount', 'openBuy', 'openSell'] as const) {
    assert.equal(after.instruments[0]![key], before.instruments[0]![key], key);
  }
  assert.deepEqual(Object.keys(after.counters), Object.keys(before.counters));
  assert.equal(after.decisions.length, before.decisions.length);
});
