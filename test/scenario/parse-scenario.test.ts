import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseScenario, ScenarioError } from '../../src/scenario/parse-scenario.js';

const CONFIG = { instruments: [{ symbol: 'BTC', maxLong: 5, maxShort: 5 }, { symbol: 'ETH', maxLong: 5, maxShort: 5, sequence: 'contiguous' }] };
const SNAP = { at: 0, type: 'snapshot', symbol: 'BTC', position: 0 };
const ORDER = { at: 1, type: 'order', orderId: 'o1', symbol: 'BTC', side: 'buy', qty: 1, price: 100, tif: 'IOC' };

/** The problems for a document (fails when it parses). */
function problems(doc: unknown): readonly string[] {
  try {
    parseScenario(doc);
  } catch (err) {
    assert.ok(err instanceof ScenarioError, `not a ScenarioError: ${String(err)}`);
    assert.equal(err.code, 'ERR_RISKGATE_SCENARIO');
    return err.problems;
  }
  assert.fail('parsed');
}

function stepProblems(...steps: unknown[]): readonly string[] {
  return problems({ config: CONFIG, steps });
}

test('when a scenario is well formed then its steps, expectations and config come back', () => {
  const s = parseScenario({
    description: 'd',
    naiveBreaches: true,
    config: CONFIG,
    steps: [SNAP, { ...ORDER, expect: 'approve', expectNaive: 'POSITION_LIMIT' }, { at: 1, type: 'cancel', orderId: 'o1' }],
  }, 'my-name');
  assert.equal(s.name, 'my-name');
  assert.equal(s.description, 'd');
  assert.equal(s.naiveBreaches, true);
  assert.equal(s.config.instruments.length, 2);
  assert.equal(s.steps.length, 3);
  assert.deepEqual(s.steps[0]!.step, SNAP);
  assert.equal(s.steps[1]!.expect, 'approve');
  assert.equal(s.steps[1]!.expectNaive, 'POSITION_LIMIT');
  assert.equal(s.steps[2]!.expect, undefined);
});

test('when optional top-level fields are absent then the description is empty and naiveBreaches unset', () => {
  const s = parseScenario({ config: CONFIG, steps: [] });
  assert.equal(s.name, 'scenario');
  assert.equal(s.description, '');
  assert.equal('naiveBreaches' in s, false);
});

test('when a field of a step is malformed then the message names the step index and the field', () => {
  assert.deepEqual(stepProblems(SNAP, ORDER, ORDER, { ...ORDER, orderId: 'o4', qty: 0 }), ['steps[3].qty must be a positive integer number of lots']);
  assert.deepEqual(stepProblems({ ...SNAP, position: 1.5 }), ['steps[0].position must be an integer number of lots']);
  assert.deepEqual(stepProblems({ ...ORDER, price: -1 }), ['steps[0].price must be a positive number']);
  assert.deepEqual(stepProblems({ ...ORDER, orderId: '' }), ['steps[0].orderId must be a non-empty string']);
  assert.deepEqual(stepProblems({ ...ORDER, side: 'long' }), ['steps[0].side must be one of buy, sell']);
  assert.deepEqual(stepProblems({ ...ORDER, tif: 'FOK' }), ['steps[0].tif must be one of GTC, IOC']);
  assert.deepEqual(stepProblems({ ...ORDER, reduceOnly: 'yes' }), ['steps[0].reduceOnly must be true or false']);
  assert.deepEqual(stepProblems({ ...SNAP, reduceOnly: true }), ['steps[0].reduceOnly is not a field of a snapshot step']);
  assert.deepEqual(stepProblems({ at: 0, type: 'orderUpdate', symbol: 'BTC', orderId: 'o1', status: 'done', cumQty: -1, leavesQty: 0.5 }), [
    'steps[0].status must be one of new, partiallyFilled, filled, canceled, rejected',
    'steps[0].cumQty must be a non-negative integer number of lots',
    'steps[0].leavesQty must be a non-negative integer number of lots',
  ]);
  assert.deepEqual(stepProblems({ at: 0, type: 'feed', status: 'filled' }), ['steps[0].status must be one of up, down']);
  assert.deepEqual(stepProblems({ at: 0, type: 'kill', mode: 'stop' }), ['steps[0].mode must be one of halt, reduce, resume']);
  assert.deepEqual(stepProblems({ at: 0, type: 'snapshot', symbol: 'ETH', position: 0, seq: -1 }), ['steps[0].seq must be a non-negative integer']);
});

test('when a step has an unknown type then the message lists the types', () => {
  assert.deepEqual(stepProblems(SNAP, { at: 1, type: 'trade' }), ['steps[1].type must be one of snapshot, fill, orderUpdate, feed, heartbeat, mark, order, cancel, kill, raw']);
  assert.deepEqual(stepProblems({ at: 1 }), ['steps[0].type must be one of snapshot, fill, orderUpdate, feed, heartbeat, mark, order, cancel, kill, raw']);
  assert.deepEqual(stepProblems(7), ['steps[0] must be an object']);
});

test('when a step type names an Object.prototype member then it is an unknown type, not a crash', () => {
  for (const type of ['constructor', 'toString', '__proto__', 'hasOwnProperty']) {
    assert.deepEqual(stepProblems({ at: 0, type }), ['steps[0].type must be one of snapshot, fill, orderUpdate, feed, heartbeat, mark, order, cancel, kill, raw'], type);
  }
});

test('when a step has a field its type does not have then it is named', () => {
  assert.deepEqual(stepProblems({ ...SNAP, qty: 1 }), ['steps[0].qty is not a field of a snapshot step']);
  assert.deepEqual(stepProblems({ ...SNAP, expect: 'approve' }), ['steps[0].expect is not a field of a snapshot step'], 'expectations belong to requests');
  assert.deepEqual(stepProblems({ at: 0, type: 'cancel', orderId: 'o1', symbol: 'BTC' }), ['steps[0].symbol is not a field of a cancel step']);
});

test('when a required field is missing then it is named', () => {
  assert.deepEqual(stepProblems({ at: 0, type: 'fill', symbol: 'BTC', side: 'buy', qty: 1, price: 1 }), ['steps[0].execId is required']);
  assert.deepEqual(stepProblems({ at: 0, type: 'order', orderId: 'o1' }), [
    'steps[0].symbol is required',
    'steps[0].side is required',
    'steps[0].qty is required',
    'steps[0].price is required',
    'steps[0].tif is required',
  ]);
});

test('when at is missing, negative or earlier than the step before then it is named', () => {
  assert.deepEqual(stepProblems({ ...SNAP, at: undefined }), ['steps[0].at must be a non-negative number of ms']);
  assert.deepEqual(stepProblems({ ...SNAP, at: -1 }), ['steps[0].at must be a non-negative number of ms']);
  assert.deepEqual(stepProblems({ ...SNAP, at: '5' }), ['steps[0].at must be a non-negative number of ms']);
  assert.deepEqual(stepProblems({ ...SNAP, at: 10 }, { ...SNAP, at: 10 }, { ...SNAP, at: 9 }), ['steps[2].at must not be earlier than the step before (10)']);
});

test('when a sequenced instrument’s fill or snapshot has no seq then it is required', () => {
  assert.deepEqual(stepProblems({ at: 0, type: 'snapshot', symbol: 'ETH', position: 0 }), ['steps[0].seq is required: ETH is a sequenced instrument']);
  assert.deepEqual(stepProblems({ at: 0, type: 'fill', symbol: 'ETH', execId: 'e', side: 'buy', qty: 1, price: 1 }), ['steps[0].seq is required: ETH is a sequenced instrument']);
  assert.doesNotThrow(() => parseScenario({ config: CONFIG, steps: [{ at: 0, type: 'snapshot', symbol: 'ETH', position: 0, seq: 3 }] }));
});

test('when a snapshot has a venueTime then it must be a non-negative number, and it comes back as given', () => {
  const ok = parseScenario({ config: CONFIG, steps: [{ ...SNAP, venueTime: 1_700_000_000_123 }, { ...SNAP, at: 1, venueTime: 0 }, { ...SNAP, at: 2, venueTime: 12.5 }] });
  assert.deepEqual(ok.steps.map((s) => (s.step as { venueTime?: number }).venueTime), [1_700_000_000_123, 0, 12.5]);
  for (const bad of [-1, '1000', null]) {
    assert.deepEqual(stepProblems({ ...SNAP, venueTime: bad }), ["steps[0].venueTime must be a non-negative number (the venue's ms)"], String(bad));
  }
  assert.deepEqual(stepProblems({ ...ORDER, at: 0, venueTime: 1 }), ['steps[0].venueTime is not a field of a order step']);
});

test('when an event names a symbol not in the config then it is named; orders and kills may (to test UNKNOWN_INSTRUMENT)', () => {
  assert.deepEqual(stepProblems({ ...SNAP, symbol: 'SOL' }), ['steps[0].symbol "SOL" is not in config.instruments']);
  assert.doesNotThrow(() => parseScenario({ config: CONFIG, steps: [{ ...ORDER, symbol: 'SOL' }, { at: 2, type: 'kill', mode: 'halt', symbol: 'SOL' }] }));
});

test('when expectations are not "approve" or a deny reason name then they are rejected', () => {
  assert.deepEqual(stepProblems({ ...ORDER, expect: 'deny' }), ['steps[0].expect must be "approve" or a deny reason name such as "POSITION_LIMIT"']);
  assert.deepEqual(stepProblems({ ...ORDER, expect: 'APPROVED' }), ['steps[0].expect must be "approve" or a deny reason name such as "POSITION_LIMIT"']);
  assert.deepEqual(stepProblems({ ...ORDER, expectNaive: 15 }), ['steps[0].expectNaive must be "approve" or a deny reason name such as "POSITION_LIMIT"']);
  const s = parseScenario({ config: CONFIG, steps: [{ ...ORDER, expect: 'FEED_STALE' }, { at: 2, type: 'kill', mode: 'halt', expect: 'approve' }] });
  assert.equal(s.steps[0]!.expect, 'FEED_STALE');
});

test('when the config is invalid then its problems are reported with a config: prefix', () => {
  assert.deepEqual(problems({ config: { instruments: [{ symbol: 'BTC', maxLong: -1, maxShort: 1 }] }, steps: [] }), ['config: instruments[0].maxLong must be a non-negative integer']);
  assert.deepEqual(problems({ steps: [] }), ['config: config must be an object']);
});

test('when the document has the wrong shape then that is said', () => {
  assert.deepEqual(problems(null), ['the scenario must be a JSON object']);
  assert.deepEqual(problems([]), ['the scenario must be a JSON object']);
  assert.deepEqual(problems({ config: CONFIG }), ['steps must be an array']);
  assert.deepEqual(problems({ config: CONFIG, steps: [], extra: 1 }), ['extra is not a known key (known: config, steps, description, naiveBreaches)']);
  assert.deepEqual(problems({ config: CONFIG, steps: [], description: 5, naiveBreaches: 'yes' }), ['description must be a string', 'naiveBreaches must be true or false']);
});

test('when a file has many problems then all are reported at once', () => {
  const p = problems({
    config: CONFIG,
    steps: [{ ...SNAP, at: 5 }, { ...ORDER, at: 4, qty: 0, foo: 1 }, { at: 6, type: 'nope' }, { ...ORDER, orderId: 'o2', at: 7, expect: 'maybe' }],
  });
  assert.deepEqual(p, [
    'steps[1].at must not be earlier than the step before (5)',
    'steps[1].foo is not a field of a order step',
    'steps[1].qty must be a positive integer number of lots',
    'steps[2].type must be one of snapshot, fill, orderUpdate, feed, heartbeat, mark, order, cancel, kill, raw',
    'steps[3].expect must be "approve" or a deny reason name such as "POSITION_LIMIT"',
  ]);
});

test('when the bundled scenarios are parsed then every one of them is well formed', () => {
  const dir = fileURLToPath(new URL('../../../scenarios/', import.meta.url));
  const files = readdirSync(dir).filter((f) => f.endsWith('.json'));
  assert.ok(files.length > 0);
  for (const f of files) {
    assert.doesNotThrow(() => parseScenario(JSON.parse(readFileSync(dir + f, 'utf8')), f), f);
  }
});
