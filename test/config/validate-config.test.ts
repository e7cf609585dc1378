import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError } from '../../src/config/config-error.js';
import { CONFIG_DEFAULTS, CONFIG_DOCS } from '../../src/config/engine-config.js';
import { validateConfig } from '../../src/config/validate-config.js';

const BASE = { symbol: 'BTC', maxLong: 10, maxShort: 5 };

/** The problems `validateConfig` reports for `json` (fails the test when it accepts it). */
function problems(json: unknown, extraTopKeys?: readonly string[]): readonly string[] {
  try {
    validateConfig(json, extraTopKeys);
  } catch (err) {
    assert.ok(err instanceof ConfigError, `not a ConfigError: ${String(err)}`);
    assert.equal(err.code, 'ERR_RISKGATE_CONFIG');
    return err.problems;
  }
  assert.fail(`accepted ${JSON.stringify(json)}`);
}

function withInstrument(extra: Record<string, unknown>): unknown {
  return { instruments: [{ ...BASE, ...extra }] };
}

test('when only the required fields are given then the defaults are applied', () => {
  const c = validateConfig({ instruments: [BASE] });
  const i = c.instruments[0]!;
  assert.equal(i.symbol, 'BTC');
  assert.equal(i.maxLong, 10);
  assert.equal(i.maxShort, 5);
  assert.equal(i.sequence, 'none');
  assert.equal(i.lotSize, '1');
  assert.deepEqual(i.unconfirmed, { maxFills: 0, maxQty: 0 });
  for (const k of ['maxOrderQty', 'maxOrderNotional', 'priceBandBps', 'maxOpenOrders', 'orderRate', 'duplicateWindowMs', 'flipFlop', 'snapshotStaleMs', 'heartbeatTimeoutMs'] as const) {
    assert.equal(i[k], undefined, `${k} is off by default`);
  }
  assert.deepEqual(c.capacity, { maxOrders: 4096, fillsPerInstrument: 256, execIds: 65536 });
});

test('when the defaults are documented then the documented value is the one applied', () => {
  // The expected values are the written-out ones above; this checks the published table (README)
  // against what validation applies, not the defaults object against itself.
  const c = validateConfig({ instruments: [BASE] });
  const i = c.instruments[0]!;
  const documented = new Map(CONFIG_DOCS.map(([path, , , dflt]) => [path, dflt]));
  const applied: [string, string][] = [
    ['instruments[].sequence', i.sequence],
    ['instruments[].lotSize', JSON.stringify(i.lotSize)],
    ['instruments[].unconfirmed.maxFills', String(i.unconfirmed.maxFills)],
    ['instruments[].unconfirmed.maxQty', String(i.unconfirmed.maxQty)],
    ['capacity.maxOrders', String(c.capacity.maxOrders)],
    ['capacity.fillsPerInstrument', String(c.capacity.fillsPerInstrument)],
    ['capacity.execIds', String(c.capacity.execIds)],
  ];
  for (const [path, value] of applied) assert.equal(documented.get(path), value, `${path}: documented default vs applied`);
});

test('when a config is resolved then it is frozen all the way down', () => {
  const c = validateConfig({ instruments: [BASE] });
  assert.ok(Object.isFrozen(c));
  assert.ok(Object.isFrozen(c.instruments));
  assert.ok(Object.isFrozen(c.instruments[0]));
  assert.ok(Object.isFrozen(c.capacity));
  assert.ok(Object.isFrozen(CONFIG_DEFAULTS));
});

test('when every optional field is set then each is carried through', () => {
  const c = validateConfig({
    instruments: [{
      ...BASE, sequence: 'contiguous', lotSize: '0.001', unconfirmed: { maxFills: 2, maxQty: 7 }, maxOrderQty: 3,
      maxOrderNotional: 1e6, priceBandBps: 50, maxOpenOrders: 8, orderRate: { max: 10, perMs: 1000 }, duplicateWindowMs: 20,
      flipFlop: { windowMs: 60000, maxReversals: 2, maxGrossMultiple: 4.5, cooldownMs: 7000, manualResume: true }, snapshotStaleMs: 3000, heartbeatTimeoutMs: 5000,
    }],
    capacity: { maxOrders: 16, fillsPerInstrument: 4, execIds: 16 },
  });
  const i = c.instruments[0]!;
  assert.equal(i.sequence, 'contiguous');
  assert.equal(i.lotSize, '0.001');
  assert.deepEqual(i.unconfirmed, { maxFills: 2, maxQty: 7 });
  assert.deepEqual(i.orderRate, { max: 10, perMs: 1000 });
  assert.deepEqual(i.flipFlop, { windowMs: 60000, maxReversals: 2, maxGrossMultiple: 4.5, cooldownMs: 7000, manualResume: true });
  assert.equal(i.maxOrderNotional, 1e6);
  assert.equal(i.heartbeatTimeoutMs, 5000);
  assert.deepEqual(c.capacity, { maxOrders: 16, fillsPerInstrument: 4, execIds: 16 });
});

test('when unconfirmed is given partly then the missing field defaults to 0', () => {
  assert.deepEqual(validateConfig(withInstrument({ unconfirmed: { maxQty: 5 } })).instruments[0]!.unconfirmed, { maxFills: 0, maxQty: 5 });
});

test('when several fields are bad then every problem is reported at once', () => {
  const p = problems({
    instruments: [
      { symbol: '', maxLong: -1, maxShort: 1.5, sequence: 'sometimes', lotSize: '0' },
      { symbol: 'ETH', maxLong: 1, maxShort: 1, maxOrderQty: 0, priceBandBps: -3, orderRate: { max: 0 } },
    ],
    capacity: { maxOrders: 0 },
  });
  for (const expected of [
    'instruments[0].symbol must be a non-empty string',
    'instruments[0].maxLong must be a non-negative integer',
    'instruments[0].maxShort must be a non-negative integer',
    'instruments[0].sequence must be one of none, monotonic, contiguous',
    'instruments[0].lotSize must be a positive decimal string such as "0.001"',
    'instruments[1].maxOrderQty must be an integer >= 1',
    'instruments[1].priceBandBps must be a positive number',
    'instruments[1].orderRate.max must be an integer from 1 to 1048576',
    'instruments[1].orderRate.perMs is required',
    'capacity.maxOrders must be an integer from 1 to 1048576',
  ]) {
    assert.ok(p.includes(expected), `missing "${expected}" in:\n${p.join('\n')}`);
  }
  assert.equal(p.length, 10, p.join('\n'));
});

test('when the error is printed then its message lists every problem', () => {
  try {
    validateConfig(withInstrument({ maxLong: 'ten', maxShort: null }));
    assert.fail('accepted');
  } catch (err) {
    assert.ok(err instanceof ConfigError);
    assert.equal(err.name, 'ConfigError');
    assert.equal(err.message, 'invalid riskgate config:\n  - instruments[0].maxLong must be a non-negative integer\n  - instruments[0].maxShort must be a non-negative integer');
  }
});

test('when required fields are missing then each is named', () => {
  assert.deepEqual(problems({ instruments: [{}] }), [
    'instruments[0].symbol is required',
    'instruments[0].maxLong is required',
    'instruments[0].maxShort is required',
  ]);
});

test('when the document or the instruments are not the right shape then that is said', () => {
  assert.deepEqual(problems(null), ['config must be an object']);
  assert.deepEqual(problems([]), ['config must be an object']);
  assert.deepEqual(problems('x'), ['config must be an object']);
  assert.deepEqual(problems({}), ['instruments must be a non-empty array']);
  assert.deepEqual(problems({ instruments: [] }), ['instruments must be a non-empty array']);
  assert.deepEqual(problems({ instruments: {} }), ['instruments must be a non-empty array']);
  assert.deepEqual(problems({ instruments: [BASE, 3] }), ['instruments[1] must be an object']);
  assert.deepEqual(problems({ instruments: [BASE], capacity: [] }), ['capacity must be an object']);
  assert.deepEqual(problems(withInstrument({ unconfirmed: 5 })), ['instruments[0].unconfirmed must be an object']);
  assert.deepEqual(problems(withInstrument({ orderRate: 'fast' })), ['instruments[0].orderRate must be an object']);
  assert.deepEqual(problems(withInstrument({ flipFlop: true })), ['instruments[0].flipFlop must be an object']);
});

test('when unknown keys appear at any level then each is rejected with the known keys', () => {
  const top = problems({ instruments: [BASE], threads: 4 });
  assert.equal(top.length, 1);
  assert.match(top[0]!, /^threads is not a known key \(known: instruments, accounts, capacity, strategies, cpuMap\)$/);
  assert.match(problems(withInstrument({ maxlong: 1 }))[0]!, /^instruments\[0\]\.maxlong is not a known key \(known: symbol, maxLong, /);
  assert.deepEqual(problems(withInstrument({ unconfirmed: { maxFill: 1 } })), ['instruments[0].unconfirmed.maxFill is not a known key (known: maxFills, maxQty)']);
  assert.deepEqual(problems(withInstrument({ orderRate: { max: 1, perMs: 1, burst: 2 } })), ['instruments[0].orderRate.burst is not a known key (known: max, perMs)']);
  assert.deepEqual(problems(withInstrument({ flipFlop: { windowMs: 1, maxReversals: 0, maxGrossMultiple: 1, x: 1 } })), [
    'instruments[0].flipFlop.x is not a known key (known: windowMs, maxReversals, maxGrossMultiple, cooldownMs, manualResume)',
  ]);
  assert.deepEqual(problems({ instruments: [BASE], capacity: { orders: 5 } }), ['capacity.orders is not a known key (known: maxOrders, fillsPerInstrument, execIds)']);
});

test('when a config file names its JSON Schema for an editor then the $schema key is not a problem', () => {
  assert.equal(validateConfig({ $schema: './node_modules/riskgate/schema/riskgate-config.schema.json', instruments: [BASE] }).instruments.length, 1);
});

test('when a later section registers its top-level key then it is accepted', () => {
  assert.doesNotThrow(() => validateConfig({ instruments: [BASE], control: { port: 1 } }, ['control']));
});

test('when a symbol is listed twice then that is a problem', () => {
  assert.deepEqual(problems({ instruments: [BASE, { ...BASE }, { ...BASE, symbol: 'ETH' }] }), ['instruments[1].symbol "BTC" is listed twice']);
});

test('when lotSize is not a positive decimal string then it is rejected', () => {
  for (const lotSize of [0.001, '0', '-1', 'abc', '', '1/3', '0.0']) {
    assert.deepEqual(problems(withInstrument({ lotSize })), ['instruments[0].lotSize must be a positive decimal string such as "0.001"'], String(lotSize));
  }
  assert.equal(validateConfig(withInstrument({ lotSize: '1e-3' })).instruments[0]!.lotSize, '1e-3');
});

test('when unconfirmed.maxFills is not below capacity.fillsPerInstrument then it is rejected', () => {
  assert.deepEqual(problems({ instruments: [{ ...BASE, unconfirmed: { maxFills: 4 } }], capacity: { fillsPerInstrument: 4 } }), [
    'instruments[0].unconfirmed.maxFills must be below capacity.fillsPerInstrument (4)',
  ]);
  assert.deepEqual(problems({ instruments: [{ ...BASE, unconfirmed: { maxFills: 256 } }] }), [
    'instruments[0].unconfirmed.maxFills must be below capacity.fillsPerInstrument (256)',
  ]);
  assert.doesNotThrow(() => validateConfig({ instruments: [{ ...BASE, unconfirmed: { maxFills: 3 } }], capacity: { fillsPerInstrument: 4 } }));
});

test('when capacities are outside their ranges then each is rejected with its range', () => {
  assert.deepEqual(problems({ instruments: [BASE], capacity: { maxOrders: 2 ** 20 + 1, execIds: 15 } }), [
    'capacity.maxOrders must be an integer from 1 to 1048576',
    'capacity.execIds must be an integer from 16 to 16777216',
  ]);
  for (const fillsPerInstrument of [3, 65537, 4.5]) {
    const p = problems({ instruments: [BASE], capacity: { fillsPerInstrument } });
    assert.ok(p.includes('capacity.fillsPerInstrument must be an integer from 4 to 65536'), p.join('\n'));
  }
  assert.doesNotThrow(() => validateConfig({ instruments: [BASE], capacity: { maxOrders: 2 ** 20, fillsPerInstrument: 65536, execIds: 2 ** 24 } }));
});

test('when capacity.fillsPerInstrument is invalid then it is the only problem reported about it', () => {
  assert.deepEqual(problems({ instruments: [BASE], capacity: { fillsPerInstrument: 'x' } }), [
    'capacity.fillsPerInstrument must be an integer from 4 to 65536',
  ]);
});

test('when the flip-flop guard lacks a field then each missing one is named; a non-positive multiple is rejected', () => {
  assert.deepEqual(problems(withInstrument({ flipFlop: {} })), [
    'instruments[0].flipFlop.windowMs is required',
    'instruments[0].flipFlop.maxReversals is required',
    'instruments[0].flipFlop.maxGrossMultiple is required',
  ]);
  assert.deepEqual(problems(withInstrument({ flipFlop: { windowMs: 1, maxReversals: 0, maxGrossMultiple: 1, cooldownMs: 0, manualResume: 'yes' } })), [
    'instruments[0].flipFlop.cooldownMs must be an integer >= 1',
    'instruments[0].flipFlop.manualResume must be a boolean',
  ]);
  assert.deepEqual(problems(withInstrument({ flipFlop: { windowMs: 1, maxReversals: 0, maxGrossMultiple: 0 } })), [
    'instruments[0].flipFlop.maxGrossMultiple must be a positive number',
  ]);
});

test('when numbers are not finite, not integers or of the wrong type then the field is named', () => {
  assert.deepEqual(problems(withInstrument({ maxOrderNotional: Infinity, heartbeatTimeoutMs: 1.5, snapshotStaleMs: '100', duplicateWindowMs: 0, maxOpenOrders: NaN })), [
    'instruments[0].maxOrderNotional must be a positive number',
    'instruments[0].maxOpenOrders must be an integer >= 1',
    'instruments[0].duplicateWindowMs must be an integer >= 1',
    'instruments[0].snapshotStaleMs must be an integer >= 1',
    'instruments[0].heartbeatTimeoutMs must be an integer >= 1',
  ]);
  assert.deepEqual(problems(withInstrument({ maxLong: 2 ** 53 })), ['instruments[0].maxLong must be a non-negative integer']);
});

test('when the documented keys are compared with the validator then they are the same set', () => {
  // Every key the validator knows, read back from its own "known:" lists.
  const known = (json: unknown, path: string): string[] => {
    const p = problems(json).find((m) => m.includes('is not a known key'));
    assert.ok(p !== undefined);
    return /\(known: (.*)\)$/.exec(p)![1]!.split(', ').map((k) => `${path}${k}`);
  };
  const nested = (key: string, value: Record<string, unknown>): string[] => known(withInstrument({ [key]: { ...value, zz: 1 } }), `instruments[].${key}.`);
  const validated = [
    ...known(withInstrument({ zz: 1 }), 'instruments[].').filter((k) => !['instruments[].unconfirmed', 'instruments[].orderRate', 'instruments[].flipFlop', 'instruments[].legs', 'instruments[].lossLimit', 'instruments[].orderToTrade'].includes(k)),
    ...nested('lossLimit', {}),
    ...known({ instruments: [BASE], accounts: [{ name: 'A', zz: 1 }] }, 'accounts[].').filter((k) => k !== 'accounts[].lossLimit'),
    ...known({ instruments: [BASE], accounts: [{ name: 'A', lossLimit: { zz: 1 } }] }, 'accounts[].lossLimit.'),
    ...nested('unconfirmed', {}),
    ...nested('legs', {}),
    ...nested('orderRate', { max: 1, perMs: 1 }),
    ...nested('flipFlop', { windowMs: 1, maxReversals: 0, maxGrossMultiple: 1 }),
    ...nested('orderToTrade', { maxRatio: 1, windowMs: 1 }),
    ...known({ instruments: [BASE], strategies: [{ name: 's', zz: 1 }] }, 'strategies[].').filter((k) => k !== 'strategies[].instruments'),
    ...known({ instruments: [BASE], strategies: [{ name: 's', instruments: [{ symbol: 'BTC', zz: 1 }] }] }, 'strategies[].instruments[].'),
    ...known({ instruments: [BASE], capacity: { zz: 1 } }, 'capacity.'),
    ...known({ instruments: [BASE], cpuMap: { risk: 1, feeds: [0], control: 0, zz: 1 } }, 'cpuMap.'),
  ].sort();
  assert.deepEqual(CONFIG_DOCS.map(([path]) => path).sort(), validated);
});

// ---------------------------------------------------------------- accounts

test('when no accounts are listed then the resolved config has none and its instruments name none (one implicit account)', () => {
  const c = validateConfig({ instruments: [BASE] });
  assert.equal('accounts' in c, false);
  assert.equal('account' in c.instruments[0]!, false);
});

test('when accounts and loss limits are given then they are resolved with their defaults and survive a JSON round trip (journal headers)', () => {
  const c = validateConfig({
    instruments: [{ ...BASE, account: 'A', refPrice: 100, lossLimit: { maxLoss: 50 } }],
    accounts: [{ name: 'A', maxGrossNotional: 1000, lossLimit: { maxDrawdown: 20, onBreach: 'halt' } }],
  });
  assert.deepEqual(c.accounts, [{ name: 'A', maxGrossNotional: 1000, maxNetNotional: undefined, markMaxAgeMs: 10_000, lossLimit: { maxLoss: undefined, maxDrawdown: 20, drawdownWindowMs: 3_600_000, onBreach: 'halt' } }]);
  assert.deepEqual(c.instruments[0]!.lossLimit, { maxLoss: 50, maxDrawdown: undefined, drawdownWindowMs: 3_600_000, onBreach: 'reduce' });
  assert.deepEqual(JSON.parse(JSON.stringify(validateConfig(JSON.parse(JSON.stringify(c))))), JSON.parse(JSON.stringify(c)));
});

test('when accounts are listed twice, not named by an instrument, or named without a list then each is a problem', () => {
  assert.deepEqual(problems({ instruments: [BASE, { ...BASE, symbol: 'ETH', account: 'B' }], accounts: [{ name: 'A' }, { name: 'A' }] }), [
    'accounts[1].name "A" is listed twice',
    'instruments[0].account is required when accounts are listed',
    'instruments[1].account "B" is not in accounts',
  ]);
  assert.deepEqual(problems(withInstrument({ account: 'A' })), ['instruments[0].account "A" names an account, but no accounts are listed']);
  assert.deepEqual(problems({ instruments: [{ ...BASE, account: 'A' }], accounts: [{ name: 'A', lossLimit: { onBreach: 'flatten' } }] }), ['accounts[0].lossLimit.onBreach must be one of reduce, halt']);
});

// ---------------------------------------------------------------- the cpuMap section

const CPU_MAP = { risk: 1, feeds: [0], control: 0 };

test('when the cpuMap section is absent then the resolved config has none', () => {
  assert.equal('cpuMap' in validateConfig({ instruments: [BASE] }), false);
});

test('when the cpuMap section is valid then it is resolved: feeds sorted, the clock on the control CPU, frozen', () => {
  const c = validateConfig({ instruments: [BASE], cpuMap: { risk: 3, feeds: [2, 1], control: 0 } });
  assert.deepEqual(c.cpuMap, { risk: 3, feeds: [1, 2], control: 0, clock: 0 });
  assert.ok(Object.isFrozen(c.cpuMap));
  assert.ok(Object.isFrozen(c.cpuMap?.feeds));
  assert.deepEqual(validateConfig({ instruments: [BASE], cpuMap: { ...CPU_MAP, feeds: 0, clock: 1 } }).cpuMap, { risk: 1, feeds: [0], control: 0, clock: 1 });
});

test('when the cpuMap section names a CPU this host lacks then validateConfig accepts it: the engine checks the host, a recorded config replays anywhere', () => {
  assert.deepEqual(validateConfig({ instruments: [BASE], cpuMap: { risk: 1023, feeds: [512], control: 0 } }).cpuMap, { risk: 1023, feeds: [512], control: 0, clock: 0 });
});

test('when the resolved config is serialized and read again then the cpuMap section is the same (journal headers)', () => {
  const c = validateConfig({ instruments: [BASE], cpuMap: { ...CPU_MAP, clock: 1 } });
  assert.deepEqual(validateConfig(JSON.parse(JSON.stringify(c))), c);
});

test('when roles share the risk CPU then the section is valid: sharing is warned about where the engine chooses its map, never rejected', () => {
  assert.deepEqual(validateConfig({ instruments: [BASE], cpuMap: { risk: 0, feeds: [0], control: 0, clock: 0 } }).cpuMap, { risk: 0, feeds: [0], control: 0, clock: 0 });
});

test('when the cpuMap section is not an object then that is said', () => {
  for (const cpuMap of [null, [1, 0], 1, 'env']) {
    assert.deepEqual(problems({ instruments: [BASE], cpuMap }), ['cpuMap must be an object like {"risk":1,"feeds":[0],"control":0,"clock":0}'], JSON.stringify(cpuMap));
  }
});

test('when the cpuMap section has bad CPU ids, missing roles, unknown keys or a feed CPU twice then every problem is reported with the others', () => {
  assert.deepEqual(problems({
    instruments: [{ ...BASE, maxLong: -1 }],
    cpuMap: { risk: -1, feeds: [0, 0.5, 1024], control: '0', clock: 1024, feed: 1 },
  }), [
    'instruments[0].maxLong must be a non-negative integer',
    'cpuMap.feed is not a known key (known: risk, feeds, control, clock, feedByName)',
    'cpuMap.risk must be a CPU id from 0 to 1023, got -1',
    'cpuMap.control must be a CPU id from 0 to 1023, got "0"',
    'cpuMap.clock must be a CPU id from 0 to 1023, got 1024',
    'cpuMap.feeds[1] must be a CPU id from 0 to 1023, got 0.5',
    'cpuMap.feeds[2] must be a CPU id from 0 to 1023, got 1024',
  ]);
  assert.deepEqual(problems({ instruments: [BASE], cpuMap: {} }), ['cpuMap.risk is required', 'cpuMap.control is required', 'cpuMap.feeds is required']);
  assert.deepEqual(problems({ instruments: [BASE], cpuMap: { ...CPU_MAP, feeds: [] } }), ['cpuMap.feeds must be a CPU id or a non-empty array of CPU ids, got []']);
  assert.deepEqual(problems({ instruments: [BASE], cpuMap: { ...CPU_MAP, feeds: { bybit: 0 } } }), ['cpuMap.feeds must be a CPU id or a non-empty array of CPU ids, got {"bybit":0}']);
  assert.deepEqual(problems({ instruments: [BASE], cpuMap: { ...CPU_MAP, feeds: [1, 0, 1] } }), ['cpuMap.feeds must not list a CPU twice']);
  assert.deepEqual(problems({ instruments: [BASE], cpuMap: { ...CPU_MAP, clock: null } }), ['cpuMap.clock must be a CPU id from 0 to 1023, got null']);
});
