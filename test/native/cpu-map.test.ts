import { test } from 'node:test';
import assert from 'node:assert/strict';
import { availableParallelism } from 'node:os';
import { CPU_MAP_ENV, chooseCpuMap, cpuMapFromEnv, feedCpus, hostCpuCount, validateCpuMap } from '../../src/native/cpu-map.js';

test('when the map fits a 2-CPU host then it is returned normalized, the clock on the control CPU, without problems or warnings', () => {
  const check = validateCpuMap({ risk: 1, feeds: [0], control: 0 }, 2);
  assert.deepEqual(check, { map: { risk: 1, feeds: [0], control: 0, clock: 0 }, problems: [], warnings: [] });
  assert.ok(Object.isFrozen(check.map));
  assert.ok(Object.isFrozen(check.map?.feeds));
  assert.deepEqual(validateCpuMap({ risk: 3, feeds: [1], control: 0, clock: 2 }, 4).map, { risk: 3, feeds: [1], control: 0, clock: 2 });
});

test('when feeds is a single CPU id or an unsorted list then it becomes a sorted array', () => {
  assert.deepEqual(validateCpuMap({ risk: 3, feeds: 0, control: 0 }, 4).map, { risk: 3, feeds: [0], control: 0, clock: 0 });
  assert.deepEqual(validateCpuMap({ risk: 3, feeds: [2, 0, 1], control: 0 }, 4).map, { risk: 3, feeds: [0, 1, 2], control: 0, clock: 0 });
});

test('when several things are wrong then every problem is reported and no map is returned', () => {
  const check = validateCpuMap({ risk: 2, feeds: [0, 1.5, 0], control: -1, clock: '1', gpu: 3 }, 2);
  assert.equal(check.map, undefined);
  assert.deepEqual(check.problems, [
    'cpuMap.gpu is not a known key (known: risk, feeds, control, clock, feedByName)',
    'cpuMap.risk must be a CPU id in [0, 1] (this host has 2 CPUs), got 2',
    'cpuMap.control must be a CPU id in [0, 1] (this host has 2 CPUs), got -1',
    'cpuMap.clock must be a CPU id in [0, 1] (this host has 2 CPUs), got "1"',
    'cpuMap.feeds[1] must be a CPU id in [0, 1] (this host has 2 CPUs), got 1.5',
  ]);
});

test('when a role is missing or feeds is empty then the problem names it', () => {
  assert.deepEqual(validateCpuMap({ feeds: [] }, 2).problems, [
    'cpuMap.risk is required',
    'cpuMap.control is required',
    'cpuMap.feeds must be a CPU id or a non-empty array of CPU ids, got []',
  ]);
  assert.deepEqual(validateCpuMap({ risk: 1, control: 0 }, 2).problems, ['cpuMap.feeds is required']);
  assert.deepEqual(validateCpuMap({ risk: 1, feeds: [0, 0], control: 0 }, 2).problems, ['cpuMap.feeds must not list a CPU twice']);
  assert.deepEqual(validateCpuMap({ risk: 1, feeds: '0', control: 0 }, 2).problems, ['cpuMap.feeds must be a CPU id or a non-empty array of CPU ids, got "0"']);
  assert.deepEqual(validateCpuMap([1, 0], 2).problems, ['cpuMap must be an object like {"risk":1,"feeds":[0],"control":0,"clock":0}']);
  assert.deepEqual(validateCpuMap(null, 2).problems, ['cpuMap must be an object like {"risk":1,"feeds":[0],"control":0,"clock":0}']);
});

test('when feeds, control or the clock share the risk CPU then the map is usable but warned about', () => {
  const check = validateCpuMap({ risk: 0, feeds: [0], control: 0 }, 1);
  assert.deepEqual(check.map, { risk: 0, feeds: [0], control: 0, clock: 0 });
  assert.equal(check.problems.length, 0);
  assert.deepEqual(check.warnings, [
    'cpuMap.feeds shares CPU 0 with the risk thread: a spinning risk thread starves a feed handler there',
    'cpuMap.control shares CPU 0 with the risk thread: unpinned work and the control server will compete with it',
    'cpuMap.clock shares CPU 0 with the risk thread: the ticker wakes every tick and preempts a spinning risk thread',
  ]);
  assert.deepEqual(validateCpuMap({ risk: 1, feeds: [0], control: 0, clock: 1 }, 2).warnings, [
    'cpuMap.clock shares CPU 1 with the risk thread: the ticker wakes every tick and preempts a spinning risk thread',
  ]);
  assert.deepEqual(validateCpuMap({ risk: 1, feeds: [0], control: 0, clock: 0 }, 2).warnings, [], 'clock, control and feeds share freely');
});

test('when the CPU count is \'any\' then ids are checked against CPU_SETSIZE only, and the path names the map', () => {
  assert.deepEqual(validateCpuMap({ risk: 1023, feeds: [64], control: 0 }, 'any').problems, []);
  assert.deepEqual(validateCpuMap({ risk: 1024, feeds: [0], control: 0 }, 'any', 'options.cpuMap').problems, [
    'options.cpuMap.risk must be a CPU id from 0 to 1023, got 1024',
  ]);
});

test('when RISKGATE_CPU_MAP is unset, invalid JSON, invalid or valid then cpuMapFromEnv says so, naming the variable', () => {
  assert.equal(cpuMapFromEnv({}, 2), undefined);
  assert.equal(cpuMapFromEnv({ [CPU_MAP_ENV]: '  ' }, 2), undefined);
  const bad = cpuMapFromEnv({ [CPU_MAP_ENV]: '{risk:1}' }, 2);
  assert.equal(bad?.map, undefined);
  assert.match(bad?.problems[0] ?? '', /^RISKGATE_CPU_MAP must be JSON: /);
  assert.deepEqual(cpuMapFromEnv({ [CPU_MAP_ENV]: '{"risk":5,"feeds":[0],"control":0}' }, 2)?.problems, [
    'RISKGATE_CPU_MAP.risk must be a CPU id in [0, 1] (this host has 2 CPUs), got 5',
  ]);
  assert.deepEqual(cpuMapFromEnv({ [CPU_MAP_ENV]: '{"risk":1,"feeds":[0],"control":0}' }, 2)?.map, { risk: 1, feeds: [0], control: 0, clock: 0 });
});

test('when no CPU count is given then the host count is used: at least os.availableParallelism()', () => {
  assert.ok(hostCpuCount() >= availableParallelism());
  const outOfRange = validateCpuMap({ risk: hostCpuCount(), feeds: [0], control: 0 });
  assert.equal(outOfRange.map, undefined);
  assert.equal(outOfRange.problems.length, 1);
});

// ---------------------------------------------------------------- which source is used

const MAP_A = { risk: 1, feeds: [0], control: 0, clock: 0 };
const MAP_B = { risk: 0, feeds: [1], control: 1, clock: 1 };
const ENV_A = { [CPU_MAP_ENV]: JSON.stringify(MAP_A) };
const ENV_B = { [CPU_MAP_ENV]: JSON.stringify(MAP_B) };

test('when no source is set then the choice is unpinned, with no note', () => {
  assert.deepEqual(chooseCpuMap({ option: undefined, config: undefined, env: {}, cpuCount: 2 }), {
    map: undefined, source: undefined, notes: [], problems: [], configProblems: [],
  });
});

test('when only the config section is set then it is used, checked against the host', () => {
  const c = chooseCpuMap({ option: undefined, config: MAP_A, env: {}, cpuCount: 2 });
  assert.deepEqual([c.map, c.source, c.notes, c.problems, c.configProblems], [MAP_A, 'config cpuMap', [], [], []]);
  const tooBig = chooseCpuMap({ option: undefined, config: { risk: 7, feeds: [0], control: 0 }, env: {}, cpuCount: 2 });
  assert.equal(tooBig.map, undefined);
  assert.equal(tooBig.source, undefined);
  assert.deepEqual(tooBig.configProblems, ['cpuMap.risk must be a CPU id in [0, 1] (this host has 2 CPUs), got 7']);
  assert.deepEqual(tooBig.problems, []);
});

test('when an explicit option and the config section differ then the option is used and the config named as overridden', () => {
  const c = chooseCpuMap({ option: { risk: 0, feeds: 1, control: 1 }, config: MAP_A, env: ENV_A, cpuCount: 2 });
  assert.equal(c.source, 'options.cpuMap');
  assert.deepEqual(c.map, MAP_B);
  assert.deepEqual(c.notes, [
    'config cpuMap {"risk":1,"feeds":[0],"control":0,"clock":0} not used: options.cpuMap overrides it',
    'RISKGATE_CPU_MAP is set but not read: options.cpuMap is an explicit map',
  ]);
  const shared = chooseCpuMap({ option: { risk: 0, feeds: [1], control: 0 }, config: undefined, env: {}, cpuCount: 2 });
  assert.deepEqual(shared.notes, [
    'options.cpuMap.control shares CPU 0 with the risk thread: unpinned work and the control server will compete with it',
    'options.cpuMap.clock shares CPU 0 with the risk thread: the ticker wakes every tick and preempts a spinning risk thread',
  ], 'the chosen map\'s warnings follow the notes');
  assert.deepEqual(chooseCpuMap({ option: MAP_A, config: MAP_A, env: {}, cpuCount: 2 }).notes, [], 'an agreeing config is not a note');
});

test('when the explicit option is invalid then its problems name options.cpuMap and nothing is chosen', () => {
  const c = chooseCpuMap({ option: { risk: 9, feeds: [0], control: 0 }, config: MAP_A, env: {}, cpuCount: 2 });
  assert.deepEqual([c.map, c.source], [undefined, undefined]);
  assert.deepEqual(c.problems, ['options.cpuMap.risk must be a CPU id in [0, 1] (this host has 2 CPUs), got 9']);
  assert.deepEqual(chooseCpuMap({ option: 'spin', config: undefined, env: {}, cpuCount: 2 }).problems, [
    'options.cpuMap must be an object like {"risk":1,"feeds":[0],"control":0,"clock":0}',
  ]);
});

test('when the option is \'env\' and only RISKGATE_CPU_MAP is set then it is used; unset, the note says unpinned', () => {
  const c = chooseCpuMap({ option: 'env', config: undefined, env: ENV_B, cpuCount: 2 });
  assert.deepEqual([c.map, c.source, c.notes, c.problems], [MAP_B, 'RISKGATE_CPU_MAP', [], []]);
  const unset = chooseCpuMap({ option: 'env', config: undefined, env: {}, cpuCount: 2 });
  assert.deepEqual([unset.map, unset.source, unset.notes], [undefined, undefined, ['options.cpuMap is \'env\' but RISKGATE_CPU_MAP is unset: unpinned']]);
  const bad = chooseCpuMap({ option: 'env', config: undefined, env: { [CPU_MAP_ENV]: '{"risk":1}' }, cpuCount: 2 });
  assert.deepEqual(bad.problems, ['RISKGATE_CPU_MAP.control is required', 'RISKGATE_CPU_MAP.feeds is required']);
});

test('when the option is \'env\' and RISKGATE_CPU_MAP agrees with the config section then the config is the source, the agreement noted', () => {
  const c = chooseCpuMap({ option: 'env', config: MAP_A, env: { [CPU_MAP_ENV]: '{"risk":1,"feeds":0,"control":0}' }, cpuCount: 2 });
  assert.deepEqual([c.map, c.source, c.notes, c.problems], [MAP_A, 'config cpuMap', ['RISKGATE_CPU_MAP agrees with the config\'s cpuMap'], []]);
  const configOnly = chooseCpuMap({ option: 'env', config: MAP_A, env: {}, cpuCount: 2 });
  assert.deepEqual([configOnly.map, configOnly.source, configOnly.notes], [MAP_A, 'config cpuMap', []]);
});

test('when the option is \'env\' and RISKGATE_CPU_MAP disagrees with the config section then that is a problem naming both maps', () => {
  const c = chooseCpuMap({ option: 'env', config: MAP_A, env: ENV_B, cpuCount: 2 });
  assert.deepEqual([c.map, c.source], [undefined, undefined]);
  assert.deepEqual(c.problems, [
    'RISKGATE_CPU_MAP {"risk":0,"feeds":[1],"control":1,"clock":1} and the config\'s cpuMap {"risk":1,"feeds":[0],"control":0,"clock":0} disagree: '
      + 'unset RISKGATE_CPU_MAP (or start with scripts/run-pinned.mjs --config FILE), or remove the config\'s section',
  ]);
  const both = chooseCpuMap({ option: 'env', config: { risk: 7, feeds: [0], control: 0 }, env: { [CPU_MAP_ENV]: 'nope' }, cpuCount: 2 });
  assert.equal(both.problems.length, 1, 'the env problem');
  assert.deepEqual(both.configProblems, ['cpuMap.risk must be a CPU id in [0, 1] (this host has 2 CPUs), got 7'], 'and the config problem, at once');
});

test('when the option is not \'env\' then RISKGATE_CPU_MAP is not read, and a note says it is set', () => {
  const c = chooseCpuMap({ option: undefined, config: MAP_A, env: { [CPU_MAP_ENV]: 'not even JSON' }, cpuCount: 2 });
  assert.deepEqual([c.map, c.source, c.problems], [MAP_A, 'config cpuMap', []]);
  assert.deepEqual(c.notes, ['RISKGATE_CPU_MAP is set but not read: options.cpuMap is not \'env\'']);
  const none = chooseCpuMap({ option: undefined, config: undefined, env: ENV_B, cpuCount: 2 });
  assert.deepEqual([none.map, none.source, none.notes], [undefined, undefined, ['RISKGATE_CPU_MAP is set but not read: options.cpuMap is not \'env\'']]);
});

test('when feedByName gives named feeds their own CPUs then those feeds get them and every other feed the feeds list', () => {
  const check = validateCpuMap({ risk: 3, feeds: [0, 1], control: 0, feedByName: { bybit: 2, okx: 1 } }, 4);
  assert.deepEqual(check.problems, []);
  const map = check.map!;
  assert.deepEqual([feedCpus(map, 'bybit'), feedCpus(map, 'okx'), feedCpus(map, 'binance')], [[2], [1], [0, 1]]);
  assert.deepEqual(feedCpus(map, 'constructor'), [0, 1], 'a feed named like an Object property is not found on the prototype');
  assert.deepEqual(feedCpus(map, '__proto__'), [0, 1]);
  assert.ok(Object.isFrozen(map.feedByName));
});

test('when feedByName is malformed or shares the risk CPU then the problem or warning names the feed', () => {
  assert.deepEqual(validateCpuMap({ risk: 1, feeds: [0], control: 0, feedByName: [2] }, 4).problems, ['cpuMap.feedByName must be a non-empty object of feed name -> CPU id, like {"bybit":2}, got [2]']);
  assert.deepEqual(validateCpuMap({ risk: 1, feeds: [0], control: 0, feedByName: {} }, 4).problems, ['cpuMap.feedByName must be a non-empty object of feed name -> CPU id, like {"bybit":2}, got {}']);
  assert.deepEqual(validateCpuMap({ risk: 1, feeds: [0], control: 0, feedByName: { bybit: 9, '': 0 } }, 4).problems, [
    'cpuMap.feedByName.bybit must be a CPU id in [0, 3] (this host has 4 CPUs), got 9',
    'cpuMap.feedByName has an empty feed name',
  ]);
  const shared = validateCpuMap({ risk: 1, feeds: [0], control: 0, feedByName: { bybit: 1 } }, 2);
  assert.deepEqual(shared.warnings, ['cpuMap.feedByName.bybit shares CPU 1 with the risk thread: a spinning risk thread starves that feed handler']);
  assert.notEqual(shared.map, undefined);
});

test('when two maps differ only in feedByName then the choice treats them as different', () => {
  const env = { [CPU_MAP_ENV]: JSON.stringify({ risk: 1, feeds: [0], control: 0, feedByName: { a: 0 } }) };
  const c = chooseCpuMap({ option: 'env', config: { risk: 1, feeds: [0], control: 0, feedByName: { a: 1 } }, env, cpuCount: 2 });
  assert.equal(c.problems.length, 1, JSON.stringify(c));
});
