/**
 * Raw venue frames as scenario steps: decoded with the decoder built from the scenario config,
 * applied in order; malformed and ignored frames counted, never a crash.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseScenario, ScenarioError } from '../../src/scenario/parse-scenario.js';
import { runScenario } from '../../src/scenario/run-scenario.js';
import { EngineGate } from '../../src/scenario/engine-gate.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const fx = (venue: string, name: string): unknown => JSON.parse(readFileSync(`${ROOT}test/venues/fixtures/${venue}/${name}`, 'utf8')) as unknown;

const CONFIG = {
  instruments: [{ symbol: 'BTC', maxLong: 600, maxShort: 600, lotSize: '0.001', sequence: 'monotonic' }],
  venues: { bybit: { instruments: [{ symbol: 'BTC', venueSymbol: 'BTCUSDT' }] } },
};

test('when raw Bybit frames are steps then their events are applied in order and decisions follow from them', () => {
  const sc = parseScenario({
    config: CONFIG,
    steps: [
      { at: 0, type: 'snapshot', symbol: 'BTC', position: 0, seq: 1 },
      { at: 1, type: 'raw', venue: 'bybit', frame: fx('bybit', 'subscribe-ack-doc.json') },
      { at: 2, type: 'raw', venue: 'bybit', frame: fx('bybit', 'execution-doc.json') },
      { at: 3, type: 'raw', venue: 'bybit', frame: { topic: 'position', data: [{ symbol: 'BTCUSDT' }] } },
      { at: 4, type: 'raw', venue: 'bybit', frame: 'garbage' },
      { at: 5, type: 'order', orderId: 'o1', symbol: 'BTC', side: 'sell', qty: 200, price: 95000, tif: 'IOC', expect: 'UNCONFIRMED_FILLS' },
      { at: 6, type: 'order', orderId: 'o2', symbol: 'BTC', side: 'buy', qty: 100, price: 95000, tif: 'IOC', expect: 'approve' },
    ],
  });
  // The execution (sell 500 lots, seq'd, unconfirmed) is the only event the raw steps produce:
  // a further sell is risk-increasing and waits; a buy reduces the short and passes.
  assert.deepEqual(sc.steps.map((p) => p.step.type), ['snapshot', 'fill', 'order', 'order']);
  assert.deepEqual(sc.steps.map((p) => p.index), [undefined, 2, 5, 6]);
  assert.deepEqual({ ...sc.raw, errors: sc.raw?.errors.length }, { frames: 4, events: 1, ignored: 1, malformed: 1, malformedRows: 1, errors: 2 });
  assert.match(sc.raw!.errors[0]!, /^steps\[3\] \(bybit\): position: /);
  const run = runScenario(sc, new EngineGate(sc.config));
  assert.deepEqual(run.failures, []);
  const summary = (JSON.parse(run.lines.at(-1)!) as { summary: { raw: unknown } }).summary;
  assert.deepEqual(summary.raw, { frames: 4, events: 1, ignored: 1, malformed: 1, malformedRows: 1 });
});

test('when an expectation fails after a raw step then the failure names the step index in the file', () => {
  const sc = parseScenario({
    config: CONFIG,
    steps: [
      { at: 0, type: 'snapshot', symbol: 'BTC', position: 0, seq: 1 },
      { at: 1, type: 'raw', venue: 'bybit', frame: fx('bybit', 'execution-partial-fills.json') },
      { at: 2, type: 'order', orderId: 'o1', symbol: 'BTC', side: 'buy', qty: 1, price: 95000, tif: 'IOC', expect: 'KILL_SWITCH' },
    ],
  });
  assert.equal(runScenario(sc, new EngineGate(sc.config)).failures[0]!.step, 2);
});

test('when a venue has no section then raw frames map every instrument under its own name', () => {
  const sc = parseScenario({
    config: { instruments: [{ symbol: 'BTCUSDT', maxLong: 1000, maxShort: 1000, lotSize: '0.001', sequence: 'monotonic' }] },
    steps: [{ at: 0, type: 'raw', venue: 'bybit', frame: fx('bybit', 'position-oneway-long.json') }],
  });
  assert.deepEqual(sc.steps[0]!.step, { at: 0, type: 'snapshot', symbol: 'BTCUSDT', position: 3, seq: 140612148849391 });
});

test('when a raw step is malformed itself then every problem is reported at once', () => {
  assert.throws(
    () => parseScenario({
      config: { ...CONFIG, venues: { bybit: { instruments: [{ symbol: 'BTC', venueSymbol: 'BTCUSDT' }], colour: 'red' }, kraken: {} } },
      steps: [{ at: 0, type: 'raw', venue: 'ftx', frame: {} }, { at: 1, type: 'raw', venue: 'bybit', extra: true }],
    }),
    (e: ScenarioError) => {
      assert.equal(e.code, 'ERR_RISKGATE_SCENARIO');
      assert.deepEqual([...e.problems].sort(), [
        'config: venues.bybit.colour is not a known key (known: endpoint, credentials, instruments, category, reconnect, pingIntervalMs, deadAfterMs, positionSilentMs, malformed, rest, reconcile)',
        'config: venues.kraken is not a known venue (known: bybit, okx, deribit, binance-usdm, bitmex)',
        'steps[0].venue must be one of bybit, okx, deribit, binance-usdm, bitmex',
        'steps[1].extra is not a field of a raw step',
        'steps[1].frame is required',
      ]);
      return true;
    },
  );
});
