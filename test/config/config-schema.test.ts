import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { CONFIG_DOCS } from '../../src/config/engine-config.js';
import { RiskGateConfigSchema, configJsonSchema, type RiskGateConfig } from '../../src/config/config-schema.js';
import { validateConfig } from '../../src/config/validate-config.js';

test('when the shipped JSON Schema is read then it is exactly the one generated from the zod declaration', () => {
  const shipped = readFileSync(new URL('../../../schema/riskgate-config.schema.json', import.meta.url), 'utf8');
  assert.equal(shipped, `${JSON.stringify(configJsonSchema(), null, 2)}\n`,
    'schema/riskgate-config.schema.json is stale: run `npm run gen:config-schema`');
});

/** Every leaf path of a JSON Schema, spelled as CONFIG_DOCS spells it (`[]` for array items). */
function leafPaths(s: Record<string, unknown>, prefix: string, out: string[]): string[] {
  const props = s['properties'] as Record<string, Record<string, unknown>> | undefined;
  const items = s['items'] as Record<string, unknown> | undefined;
  if (props !== undefined) {
    for (const [k, v] of Object.entries(props)) leafPaths(v, prefix === '' ? k : `${prefix}.${k}`, out);
  } else if (items !== undefined && items['properties'] !== undefined) {
    leafPaths(items, `${prefix}[]`, out);
  } else {
    out.push(prefix);
  }
  return out;
}

test('when the schema and CONFIG_DOCS are compared then every documented key is declared and every declared key documented', () => {
  const declared = leafPaths(configJsonSchema(), '', []).sort();
  const documented = CONFIG_DOCS.map(([path]) => path).sort();
  assert.deepEqual(declared, documented);
});

/** Documents on which the schema (types, ranges, unknown keys) and validateConfig must agree. */
const BASE = { symbol: 'BTC', maxLong: 10, maxShort: 5 };
const CASES: readonly [name: string, doc: unknown][] = [
  ['minimal', { instruments: [BASE] }],
  ['every key', { instruments: [{ ...BASE, sequence: 'contiguous', lotSize: '0.001', unconfirmed: { maxFills: 1, maxQty: 2 }, maxOrderQty: 3,
    maxOrderNotional: 1.5, priceBandBps: 20, maxOpenOrders: 4, orderRate: { max: 5, perMs: 1000 }, duplicateWindowMs: 50,
    flipFlop: { windowMs: 1000, maxReversals: 2, maxGrossMultiple: 3, cooldownMs: 10, manualResume: true },
    snapshotStaleMs: 100, heartbeatTimeoutMs: 200 }], capacity: { maxOrders: 16, fillsPerInstrument: 8, execIds: 64 },
    cpuMap: { risk: 1, feeds: [0], control: 0, clock: 0, feedByName: { a: 0 } } }],
  ['misspelled top key', { instrumnets: [BASE] }],
  ['misspelled instrument key', { instruments: [{ ...BASE, maxLnog: 1 }] }],
  ['string limit', { instruments: [{ ...BASE, maxLong: '10' }] }],
  ['negative limit', { instruments: [{ ...BASE, maxShort: -1 }] }],
  ['fractional lots', { instruments: [{ ...BASE, maxOrderQty: 1.5 }] }],
  ['unknown sequence', { instruments: [{ ...BASE, sequence: 'strict' }] }],
  ['empty instruments', { instruments: [] }],
  ['empty symbol', { instruments: [{ ...BASE, symbol: '' }] }],
  ['capacity too small', { instruments: [BASE], capacity: { fillsPerInstrument: 2 } }],
  ['capacity too large', { instruments: [BASE], capacity: { maxOrders: (1 << 20) + 1 } }],
  ['unknown capacity key', { instruments: [BASE], capacity: { orders: 1 } }],
  ['zero price band', { instruments: [{ ...BASE, priceBandBps: 0 }] }],
  ['order rate without window', { instruments: [{ ...BASE, orderRate: { max: 1 } }] }],
  ['flip-flop without multiple', { instruments: [{ ...BASE, flipFlop: { windowMs: 1, maxReversals: 0 } }] }],
  ['string manualResume', { instruments: [{ ...BASE, flipFlop: { windowMs: 1, maxReversals: 0, maxGrossMultiple: 1, manualResume: 'yes' } }] }],
  ['cpu id too large', { instruments: [BASE], cpuMap: { risk: 1024, feeds: 0, control: 0 } }],
  ['not an object', [BASE]],
  ['zero lot size', { instruments: [{ ...BASE, lotSize: '0' }] }],
  ['zero lot size with decimals', { instruments: [{ ...BASE, lotSize: '0.000' }] }],
  ['lot size with an exponent', { instruments: [{ ...BASE, lotSize: '1e-3' }] }],
  ['negative lot size', { instruments: [{ ...BASE, lotSize: '-1' }] }],
  ['symbol listed twice', { instruments: [BASE, BASE] }],
  ['fill budget over the fill table', { instruments: [{ ...BASE, unconfirmed: { maxFills: 8 } }], capacity: { fillsPerInstrument: 8 } }],
];

for (const [name, doc] of CASES) {
  test(`when the document "${name}" is checked then the schema and validateConfig agree on accepting it`, () => {
    let validatorAccepts = true;
    try { validateConfig(doc); } catch { validatorAccepts = false; }
    const parsed = RiskGateConfigSchema.safeParse(doc);
    assert.equal(parsed.success, validatorAccepts,
      `schema ${parsed.success ? 'accepts' : 'rejects'} it, validateConfig ${validatorAccepts ? 'accepts' : 'rejects'} it`);
  });
}

test('when a consumer writes a config then the type rejects misspelled keys and string limits at compile time', () => {
  // Checked by `tsc` (npm run build): each @ts-expect-error fails the build if the line compiles.
  // @ts-expect-error misspelled top-level key
  const a: RiskGateConfig = { instrumnets: [BASE] };
  // @ts-expect-error a limit given as a string
  const b: RiskGateConfig = { instruments: [{ ...BASE, maxLong: '10' }] };
  // @ts-expect-error a sequence mode that does not exist
  const c: RiskGateConfig = { instruments: [{ ...BASE, sequence: 'strict' }] };
  const ok: RiskGateConfig = { instruments: [{ ...BASE, sequence: 'monotonic', flipFlop: { windowMs: 1, maxReversals: 0, maxGrossMultiple: 1 } }] };
  assert.equal(RiskGateConfigSchema.safeParse(ok).success, true);
  for (const bad of [a, b, c]) assert.equal(RiskGateConfigSchema.safeParse(bad).success, false);
});
