import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { threadId } from 'node:worker_threads';
import { validateControlConfig } from '../../src/control/control-config.js';
import { startControlServerThread } from '../../src/control/control-server-thread.js';
import { KillMode } from '../../src/risk/codes.js';
import { EngineRig, http, TOKEN, waitFor } from './support/control-fixture.js';
import { testServerKind } from '../server/support/test-server.js';

const config = (extra: Record<string, unknown> = {}) => validateControlConfig({ port: 0, token: TOKEN, streamIntervalMs: 10, server: testServerKind(), ...extra });

test('when the server runs on its own thread then it serves the engine state and a kill reaches the engine thread', async () => {
  const rig = new EngineRig();
  rig.snapshots(3, 2, 0);
  const server = await startControlServerThread({ config: config(), source: rig.source, killSink: rig.killSink });
  try {
    assert.notEqual(server.threadId, threadId);
    const s = JSON.parse((await http(server.port, 'GET', '/state')).body);
    assert.equal(s.instruments[0].estPosMin, 2);
    rig.order(4, 'o1', 'buy', 1);
    await waitFor(async () => JSON.parse((await http(server.port, 'GET', '/state')).body).instruments[0].openBuy === 1, 'the order published to the server thread');
    assert.equal((await http(server.port, 'POST', '/kill', { body: '{"mode":"halt"}' })).status, 401);
    const r = await http(server.port, 'POST', '/kill', { headers: { authorization: `Bearer ${TOKEN}` }, body: '{"mode":"halt"}' });
    assert.equal(r.status, 202);
    await waitFor(() => rig.engine.globalKillMode === KillMode.HALT, 'the halt applied on the engine thread');
    assert.deepEqual(rig.order(5, 'o2', 'buy', 1), { decision: 'deny', reason: 'KILL_SWITCH' });
    await waitFor(async () => /^riskgate_decisions_total\{reason="KILL_SWITCH"\} 1$/m.test((await http(server.port, 'GET', '/metrics')).body), 'the denial in /metrics');
  } finally {
    assert.equal(await server.stop(), 0);
  }
  assert.equal(await server.stop(), 0, 'stop is idempotent');
});

test('when a process starts and stops the server thread then it exits by itself', async () => {
  const child = spawn(process.execPath, [new URL('./fixtures/thread-child.js', import.meta.url).pathname], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const code = await new Promise<number | null>((resolve) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      resolve(null);
    }, 20_000);
    child.once('exit', (c) => {
      clearTimeout(timer);
      resolve(c);
    });
  });
  assert.equal(code, 0, `the child did not exit by itself (stderr: ${err})`);
  assert.equal(out.trim(), 'health=200:ok exit=0');
});

test('when the port is taken then the thread start rejects with ERR_RISKGATE_CONTROL_LISTEN and no thread is left', async () => {
  const blocker = createServer();
  await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
  const port = (blocker.address() as { port: number }).port;
  const rig = new EngineRig();
  try {
    await assert.rejects(startControlServerThread({ config: config({ port }), source: rig.source, killSink: rig.killSink }), (e: unknown) => (e as { code?: string }).code === 'ERR_RISKGATE_CONTROL_LISTEN');
  } finally {
    await new Promise((r) => blocker.close(r));
  }
});

test('when tokenEnv is unset then the start fails before any thread starts', async () => {
  const rig = new EngineRig();
  const c = validateControlConfig({ port: 0, tokenEnv: 'RISKGATE_TEST_UNSET_TOKEN', server: testServerKind() });
  await assert.rejects(startControlServerThread({ config: c, env: {}, source: rig.source, killSink: rig.killSink }), (e: unknown) => (e as { code?: string }).code === 'ERR_RISKGATE_CONTROL_TOKEN');
});

test('when the source is a module over shared memory (the threaded engine shape) then state, rings and kills go through it', async () => {
  const state = new SharedArrayBuffer(8);
  const words = new Int32Array(state);
  const server = await startControlServerThread({ config: config(), sourceModule: new URL('./fixtures/shared-word-source.js', import.meta.url), sourceData: { state } });
  try {
    Atomics.store(words, 0, KillMode.REDUCE);
    assert.equal(JSON.parse((await http(server.port, 'GET', '/state')).body).globalKillMode, 'reduce');
    const metrics = (await http(server.port, 'GET', '/metrics')).body;
    assert.match(metrics, /^riskgate_ring_used_slots\{ring="feed-0"\} 3$/m);
    assert.match(metrics, /^riskgate_ring_drops_total\{ring="feed-0"\} 2$/m);
    assert.match(metrics, /^riskgate_feed_reconnects_total 4$/m);
    assert.ok(!metrics.includes('riskgate_decision_latency_seconds'), 'no latencies from this source: no histogram');
    assert.equal((await http(server.port, 'POST', '/kill', { headers: { authorization: `Bearer ${TOKEN}` }, body: '{"mode":"halt"}' })).status, 202);
    assert.equal(Atomics.load(words, 1), KillMode.HALT + 1);
  } finally {
    assert.equal(await server.stop(), 0);
  }
  await assert.rejects(
    startControlServerThread({ config: config(), sourceModule: new URL('./fixtures/no-source-module.js', import.meta.url) }),
    (e: unknown) => (e as { code?: string }).code === 'ERR_RISKGATE_CONTROL_SOURCE',
  );
});

test('when the engine thread refuses a kill relayed from the server thread then /health fails kill-switch naming the refusal and /metrics counts it, until a kill is taken', async () => {
  const rig = new EngineRig();
  rig.snapshots(3, 2, 0);
  let refuse = true;
  const killSink = { requestKill: (r: Parameters<typeof rig.killSink.requestKill>[0]) => (refuse ? false : rig.killSink.requestKill(r)) };
  const server = await startControlServerThread({ config: config(), source: rig.source, killSink });
  const kill = () => http(server.port, 'POST', '/kill', { headers: { authorization: `Bearer ${TOKEN}` }, body: '{"mode":"halt"}' });
  const health = async () => {
    const r = await http(server.port, 'GET', '/health');
    return { code: r.status, body: JSON.parse(r.body) as { failing: string[]; parts: { name: string; ok: boolean; detail: string }[] } };
  };
  try {
    const before = await health();
    assert.equal(before.code, 200);
    assert.equal(before.body.parts.find((p) => p.name === 'kill-switch')?.ok, true);
    assert.equal((await kill()).status, 202, 'posted to the engine thread, whose queue decides');
    await waitFor(async () => (await health()).code === 503, 'the refusal in /health');
    const h = await health();
    assert.deepEqual(h.body.failing, ['kill-switch']);
    assert.match(h.body.parts.find((p) => p.name === 'kill-switch')!.detail, /REFUSED .*not applied/);
    assert.match((await http(server.port, 'GET', '/metrics')).body, /^riskgate_control_kill_results_total\{result="KILL_QUEUE_FULL"\} 1$/m);
    assert.equal(rig.engine.globalKillMode, KillMode.RESUME, 'nothing applied');
    refuse = false;
    assert.equal((await kill()).status, 202);
    await waitFor(() => rig.engine.globalKillMode === KillMode.HALT, 'the second kill applied');
    await waitFor(async () => (await health()).code === 200, 'health back once a kill is taken');
    assert.match((await http(server.port, 'GET', '/metrics')).body, /^riskgate_control_kill_results_total\{result="QUEUED"\} 1$/m);
  } finally {
    assert.equal(await server.stop(), 0);
  }
});
