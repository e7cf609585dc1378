import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { parseScenario } from '../../src/scenario/parse-scenario.js';
import { runScenario } from '../../src/scenario/run-scenario.js';
import { EngineGate } from '../../src/scenario/engine-gate.js';
import { NaiveGate } from '../../src/scenario/naive-gate.js';

/** The bundled incident scenarios (scenarios/ at the repository root; this file runs from dist/test/scenario/). */
const DIR = fileURLToPath(new URL('../../../scenarios/', import.meta.url));
const FILES = readdirSync(DIR).filter((f) => f.endsWith('.json')).sort();

const REQUIRED_INCIDENTS = [
  'order-update-before-position', 'order-update-before-position-sequenced', 'position-feed-dead', 'duplicate-fills',
  'sequence-gap', 'stale-snapshot-replayed', 'partial-fill-then-cancel', 'cancel-requested-not-confirmed',
  'two-orders-racing', 'walk-back-round-trip', 'walk-back-mismatch', 'inferred-then-real-fill', 'flip-flop-ioc-taker',
  'spam', 'kill-switch',
];

test('when the bundled scenarios are listed then every required incident is there', () => {
  for (const name of REQUIRED_INCIDENTS) {
    assert.ok(FILES.some((f) => f.replace(/^\d+-/, '').replace(/\.json$/, '') === name), `missing scenario ${name}`);
  }
});

for (const file of FILES) {
  const scenario = parseScenario(JSON.parse(readFileSync(join(DIR, file), 'utf8')), file);

  test(`when ${file} runs through riskgate then every stated decision is met and the limit is never breached`, () => {
    const run = runScenario(scenario, new EngineGate(scenario.config));
    assert.deepEqual(run.failures, [], 'decisions differ from the file\'s "expect"');
    assert.equal(run.breaches.exposureBreaches, 0, 'an approval took the true worst case beyond the limit');
    assert.equal(run.breaches.positionBreaches, 0, 'the true position went beyond the limit');
    const stated = scenario.steps.filter((s) => s.expect !== undefined).length;
    const requests = scenario.steps.filter((s) => ['order', 'cancel', 'kill'].includes(s.step.type)).length;
    assert.equal(stated, requests, 'every request step states its expected decision');
    assert.equal(run.decisions.length, requests, 'exactly one decision per request');
  });

  test(`when ${file} runs through the naive check then its stated decisions are met${scenario.naiveBreaches ? ' and it breaches the limit' : ''}`, () => {
    const run = runScenario(scenario, new NaiveGate(scenario.config));
    assert.deepEqual(run.failures, [], 'decisions differ from the file\'s "expectNaive"');
    if (scenario.naiveBreaches === true) {
      assert.ok(run.breaches.exposureBreaches + run.breaches.positionBreaches > 0, 'the naive check was expected to breach here');
    }
  });
}

test('when all incidents run then the naive check breaches in several where riskgate breaches in none', () => {
  let naive = 0;
  for (const file of FILES) {
    const sc = parseScenario(JSON.parse(readFileSync(join(DIR, file), 'utf8')), file);
    const n = runScenario(sc, new NaiveGate(sc.config)).breaches;
    if (n.exposureBreaches + n.positionBreaches > 0) naive++;
  }
  assert.ok(naive >= 5, `the naive check breached in only ${naive} scenarios`);
});
