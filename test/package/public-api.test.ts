import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = new URL('../../../', import.meta.url);
const pkg = JSON.parse(readFileSync(new URL('package.json', root), 'utf8')) as { exports: Record<string, string | { types: string; default: string }> };
const entries = Object.entries(pkg.exports).filter((e): e is [string, { types: string; default: string }] => typeof e[1] === 'object');

/** The entry point by its public name, through the package's own `exports` (self-reference). */
async function load(subpath: string): Promise<Record<string, unknown>> {
  const specifier = subpath === '.' ? 'riskgate' : `riskgate/${subpath.slice(2)}`;
  return import(specifier) as Promise<Record<string, unknown>>;
}

test('when the package declares its entry points then there are the five a user plugs in, each with its types', () => {
  assert.deepEqual(entries.map(([k]) => k).sort(), ['.', './feeds', './sim', './testing', './venues']);
  for (const [name, e] of entries) {
    assert.ok(existsSync(new URL(e.default, root)), `${name}: ${e.default} missing (build first)`);
    assert.ok(existsSync(new URL(e.types, root)), `${name}: ${e.types} missing`);
    const source = readFileSync(fileURLToPath(new URL(e.default.replace('./dist/', '').replace(/\.js$/, '.ts'), root)), 'utf8');
    assert.doesNotMatch(source, /export \* from|export type \* from/, `${name} re-exports a whole module: name each export`);
  }
});

test('when each entry point is imported by its public name then it loads and exports what belongs to it', async () => {
  const main = await load('.');
  for (const name of ['RiskGate', 'StrategyClient', 'Side', 'DenyReason', 'KillMode', 'validateConfig', 'RiskGateConfigSchema', 'EngineGate', 'RiskEngine']) {
    assert.ok(name in main, `riskgate lacks ${name}`);
  }
  for (const name of Object.keys(main)) {
    assert.doesNotMatch(name, /Decoder$|^NaiveGate$|^parseScenario$|^runScenario$|^SimServer$|^Reconciler$/, `riskgate exports ${name}, which belongs to a subpath`);
  }
  const venues = await load('./venues');
  for (const name of ['BybitDecoder', 'OkxDecoder', 'DeribitDecoder', 'BinanceUsdmDecoder', 'BitmexDecoder']) assert.equal(typeof venues[name], 'function', name);
  const feeds = await load('./feeds');
  for (const name of ['LiveFeed', 'startLiveFeed', 'createLiveFeed', 'Reconciler', 'createPositionHook', 'loadFeedConfig']) assert.equal(typeof feeds[name], 'function', name);
  assert.ok(existsSync(fileURLToPath(feeds['LIVE_FEED_SOURCE'] as string)), 'LIVE_FEED_SOURCE names a module that exists');
  const sim = await load('./sim');
  assert.equal(typeof sim['SimServer'], 'function');
  const testing = await load('./testing');
  for (const name of ['parseScenario', 'runScenario', 'NaiveGate', 'EngineGate', 'ManualClock']) assert.equal(typeof testing[name], 'function', name);
  assert.ok(existsSync(fileURLToPath(testing['SCENARIO_FEED_SOURCE'] as string)), 'SCENARIO_FEED_SOURCE names a module that exists');
});
