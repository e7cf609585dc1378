import { test } from 'node:test';
import assert from 'node:assert/strict';
import { availableParallelism } from 'node:os';
import { CPU_MAP_ENV, cpuMapFromEnv, hostCpuCount, validateCpuMap } from '../../src/native/cpu-map.js';

test('when the map fits a 2-CPU host then it is returned normalized, without problems or warnings', () => {
  const check = validateCpuMap({ risk: 1, feeds: [0], control: 0 }, 2);
  assert.deepEqual(check, { map: { risk: 1, feeds: [0], control: 0 }, problems: [], warnings: [] });
  assert.ok(Object.isFrozen(check.map));
});

test('when feeds is a single CPU id or an unsorted list then it becomes a sorted array', () => {
  assert.deepEqual(validateCpuMap({ risk: 3, feeds: 0, control: 0 }, 4).map, { risk: 3, feeds: [0], control: 0 });
  assert.deepEqual(validateCpuMap({ risk: 3, feeds: [2, 0, 1], control: 0 }, 4).map, { risk: 3, feeds: [0, 1, 2], control: 0 });
});

test('when several things are wrong then every problem is reported and no map is returned', () => {
  const check = validateCpuMap({ risk: 2, feeds: [0, 1.5, 0], control: -1, gpu: 3 }, 2);
  assert.equal(check.map, undefined);
  assert.deepEqual(check.problems, [
    'cpuMap.gpu is not a known role (risk, feeds, control)',
    'cpuMap.risk must be a CPU id in [0, 1] (this host has 2 CPUs), got 2',
    'cpuMap.control must be a CPU id in [0, 1] (this host has 2 CPUs), got -1',
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
  assert.deepEqual(validateCpuMap([1, 0], 2).problems, ['cpuMap must be an object like {"risk":1,"feeds":[0],"control":0}']);
  assert.deepEqual(validateCpuMap(null, 2).problems, ['cpuMap must be an object like {"risk":1,"feeds":[0],"control":0}']);
});

test('when feeds or control share the risk CPU then the map is usable but warned about', () => {
  const check = validateCpuMap({ risk: 0, feeds: [0], control: 0 }, 1);
  assert.deepEqual(check.map, { risk: 0, feeds: [0], control: 0 });
  assert.equal(check.problems.length, 0);
  assert.deepEqual(check.warnings, [
    'cpuMap.feeds shares CPU 0 with the risk thread: a spinning risk thread starves a feed handler there',
    'cpuMap.control shares CPU 0 with the risk thread: unpinned work and the control server will compete with it',
  ]);
});

test('when RISKGATE_CPU_MAP is unset, invalid JSON or valid then cpuMapFromEnv says so', () => {
  assert.equal(cpuMapFromEnv({}, 2), undefined);
  assert.equal(cpuMapFromEnv({ [CPU_MAP_ENV]: '  ' }, 2), undefined);
  const bad = cpuMapFromEnv({ [CPU_MAP_ENV]: '{risk:1}' }, 2);
  assert.equal(bad?.map, undefined);
  assert.match(bad?.problems[0] ?? '', /^RISKGATE_CPU_MAP must be JSON: /);
  assert.deepEqual(cpuMapFromEnv({ [CPU_MAP_ENV]: '{"risk":1,"feeds":[0],"control":0}' }, 2)?.map, { risk: 1, feeds: [0], control: 0 });
});

test('when no CPU count is given then the host count is used: at least os.availableParallelism()', () => {
  assert.ok(hostCpuCount() >= availableParallelism());
  const outOfRange = validateCpuMap({ risk: hostCpuCount(), feeds: [0], control: 0 });
  assert.equal(outOfRange.map, undefined);
  assert.equal(outOfRange.problems.length, 1);
});
