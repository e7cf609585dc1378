/**
 * Where a `RiskGate`'s CPU map comes from: the config's `cpuMap` section pins every thread role
 * (risk, feed workers, control server, clock ticker; each placement checked, the ticker's against
 * /proc); an explicit `options.cpuMap` overrides it and says so; with 'env', RISKGATE_CPU_MAP must
 * agree with it; a section naming a CPU this host lacks is a ConfigError. Never silent: the
 * source used and every other source set are in `gate.cpuMapChoice`.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError } from '../../src/config/config-error.js';
import { RiskGate } from '../../src/gate/index.js';
import { RiskGateErrorCode, SCENARIO_FEED_SOURCE } from '../../src/engine/index.js';
import { CPU_MAP_ENV, hostCpuCount } from '../../src/native/index.js';
import { assertPlacement, expectPinned, skipWithoutNative, taskCpusAllowed } from '../support/thread-status.js';
import { snapshotSlots } from './support/slots.js';
import { testServerKind } from '../server/support/test-server.js';

const INSTRUMENTS = [{ symbol: 'BTC', maxLong: 10, maxShort: 10 }];
const SECTION = { risk: 1, feeds: [0], control: 0 };

/** Runs `body` with RISKGATE_CPU_MAP set to `value` (undefined: unset), restoring it after: the engine reads process.env. */
async function withEnv<T>(value: string | undefined, body: () => T | Promise<T>): Promise<T> {
  const saved = process.env[CPU_MAP_ENV];
  if (value === undefined) delete process.env[CPU_MAP_ENV];
  else process.env[CPU_MAP_ENV] = value;
  try {
    return await body();
  } finally {
    if (saved === undefined) delete process.env[CPU_MAP_ENV];
    else process.env[CPU_MAP_ENV] = saved;
  }
}

test('when the config has a cpuMap section then every thread role pins from it, the clock ticker on the control CPU, and the source is reported', { timeout: 20_000 }, async () => {
  const gate = await withEnv(undefined, () => new RiskGate({ instruments: INSTRUMENTS, cpuMap: SECTION }, { control: { port: 0, server: testServerKind() } }));
  assert.deepEqual(gate.cpuMapChoice, { map: { risk: 1, feeds: [0], control: 0, clock: 0 }, source: 'config cpuMap', notes: [] });
  await gate.start();
  try {
    gate.attachFeed({ name: 'positions', source: { module: SCENARIO_FEED_SOURCE, options: { slots: snapshotSlots(1) } } });
    const feed = await gate.waitForFeed('positions', ['done']);
    const placements = {
      risk: gate.placement,
      clock: gate.clockPlacement,
      control: gate.controlServer?.placement,
      feed: feed.placement,
    };
    const expected = { risk: [1], clock: [0], control: [0], feed: [0] };
    for (const [role, p] of Object.entries(placements)) {
      assertPlacement(role, p, expected[role as keyof typeof expected]);
    }
    const tid = gate.clockPlacement?.tid;
    if (expectPinned) {
      assert.ok(tid !== undefined, 'the ticker reports its tid');
      assert.equal(taskCpusAllowed(tid), '0', 'the kernel agrees: the ticker runs on the control CPU only');
    }
  } finally {
    const report = await gate.stop();
    assert.equal(report.cleanExit, true);
  }
});

test('when the config section sets the clock CPU apart then the ticker runs there, as the kernel shows', { skip: skipWithoutNative, timeout: 20_000 }, async () => {
  const gate = await withEnv(undefined, () => new RiskGate({ instruments: INSTRUMENTS, cpuMap: { ...SECTION, clock: 1 } }));
  assert.deepEqual(gate.cpuMapChoice.notes, [
    'cpuMap.clock shares CPU 1 with the risk thread: the ticker wakes every tick and preempts a spinning risk thread',
  ], 'usable, and warned about');
  await gate.start();
  try {
    const p = gate.clockPlacement;
    assert.deepEqual([p?.pinned, p?.cpus, p?.currentCpu], [true, [1], 1], JSON.stringify(p));
    assert.equal(taskCpusAllowed(p!.tid!), '1');
  } finally {
    assert.equal((await gate.stop()).cleanExit, true);
  }
});

test('when the config section gives a feed its own CPU then that feed worker runs there and another feed on the feeds list', { skip: skipWithoutNative, timeout: 20_000 }, async () => {
  const gate = await withEnv(undefined, () => new RiskGate({ instruments: INSTRUMENTS, cpuMap: { ...SECTION, feedByName: { named: 1 } } }));
  await gate.start();
  try {
    gate.attachFeed({ name: 'named', source: { module: SCENARIO_FEED_SOURCE, options: { slots: snapshotSlots(1) } } });
    gate.attachFeed({ name: 'other', source: { module: SCENARIO_FEED_SOURCE, options: { slots: snapshotSlots(1) } } });
    const named = await gate.waitForFeed('named', ['done']);
    const other = await gate.waitForFeed('other', ['done']);
    assert.deepEqual([named.placement?.pinned, named.placement?.cpus], [true, [1]], JSON.stringify(named.placement));
    assert.deepEqual([other.placement?.pinned, other.placement?.cpus], [true, [0]], JSON.stringify(other.placement));
  } finally {
    assert.equal((await gate.stop()).cleanExit, true);
  }
});

test('when the slots clock is used then there is no ticker and no clock placement', async () => {
  const gate = await withEnv(undefined, () => new RiskGate({ instruments: INSTRUMENTS, cpuMap: SECTION }, { clock: 'slots' }));
  await gate.start();
  try {
    assert.equal(gate.clockPlacement, undefined);
  } finally {
    await gate.stop();
  }
});

test('when options.cpuMap and the config section differ then the option pins and cpuMapChoice names the overridden section', async () => {
  const gate = await withEnv(undefined, () => new RiskGate({ instruments: INSTRUMENTS, cpuMap: SECTION }, { cpuMap: { risk: 0, feeds: [1], control: 1 } }));
  assert.deepEqual(gate.cpuMapChoice, {
    map: { risk: 0, feeds: [1], control: 1, clock: 1 },
    source: 'options.cpuMap',
    notes: ['config cpuMap {"risk":1,"feeds":[0],"control":0,"clock":0} not used: options.cpuMap overrides it'],
  });
  assert.ok(Object.isFrozen(gate.cpuMapChoice));
  await gate.stop();
});

test('when options.cpuMap is \'env\' and RISKGATE_CPU_MAP disagrees with the config section then RiskGate refuses with both maps named', async () => {
  await withEnv('{"risk":0,"feeds":[1],"control":1}', () => {
    assert.throws(() => new RiskGate({ instruments: INSTRUMENTS, cpuMap: SECTION }, { cpuMap: 'env' }), (e: Error & { code?: string }) => {
      assert.equal(e.code, RiskGateErrorCode.OPTIONS);
      assert.match(e.message, /^RISKGATE_CPU_MAP \{"risk":0,"feeds":\[1\],"control":1,"clock":1\} and the config's cpuMap \{"risk":1,"feeds":\[0\],"control":0,"clock":0\} disagree: /);
      return true;
    });
  });
});

test('when options.cpuMap is \'env\' and RISKGATE_CPU_MAP agrees with the config section then the section is used and the agreement noted', async () => {
  const gate = await withEnv('{"risk":1,"feeds":0,"control":0,"clock":0}', () => new RiskGate({ instruments: INSTRUMENTS, cpuMap: SECTION }, { cpuMap: 'env' }));
  assert.equal(gate.cpuMapChoice.source, 'config cpuMap');
  assert.deepEqual(gate.cpuMapChoice.notes, ['RISKGATE_CPU_MAP agrees with the config\'s cpuMap']);
  await gate.stop();
});

test('when RISKGATE_CPU_MAP is set but options.cpuMap is not \'env\' then it is not read, and cpuMapChoice says so', async () => {
  const gate = await withEnv('{"risk":0,"feeds":[1],"control":1}', () => new RiskGate({ instruments: INSTRUMENTS }));
  assert.deepEqual(gate.cpuMapChoice, { map: undefined, source: undefined, notes: ['RISKGATE_CPU_MAP is set but not read: options.cpuMap is not \'env\''] });
  await gate.stop();
});

test('when the config section names a CPU this host lacks then RiskGate throws a ConfigError naming it', async () => {
  const cpu = hostCpuCount();
  await withEnv(undefined, () => {
    assert.throws(() => new RiskGate({ instruments: INSTRUMENTS, cpuMap: { ...SECTION, clock: cpu } }), (e: unknown) => {
      assert.ok(e instanceof ConfigError);
      assert.deepEqual(e.problems, [`cpuMap.clock must be a CPU id in [0, ${cpu - 1}] (this host has ${cpu} CPUs), got ${cpu}`]);
      return true;
    });
  });
});

test('when options.cpuMap is invalid then its problems come with the other option problems, at once', () => {
  assert.throws(() => new RiskGate({ instruments: INSTRUMENTS }, { idle: 'nap', cpuMap: { risk: 1, feeds: [], control: 0, gpu: 1 } } as never), (e: Error & { code?: string }) => {
    assert.equal(e.code, RiskGateErrorCode.OPTIONS);
    assert.match(e.message, /options\.idle must be "park" or "spin"/);
    assert.match(e.message, /options\.cpuMap\.gpu is not a known key \(known: risk, feeds, control, clock, feedByName\)/);
    assert.match(e.message, /options\.cpuMap\.feeds must be a CPU id or a non-empty array of CPU ids, got \[\]/);
    return true;
  });
  assert.throws(() => new RiskGate({ instruments: INSTRUMENTS }, { cpuMap: 'envv' } as never), /options\.cpuMap must be an object like/);
});
