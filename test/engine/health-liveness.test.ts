/**
 * `/health` tells the truth because it comes from liveness, read by the control server thread
 * from shared memory: real threads, real HTTP. A feed worker stuck in a synchronous loop, a feed
 * whose run() resolved, a blocked embedding thread and a dead risk thread each fail their part
 * with a 503 that names it; the metrics say the same.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Worker } from 'node:worker_threads';
import { RiskGate } from '../../src/gate/index.js';
import { http, TOKEN, waitFor } from '../control/support/control-fixture.js';
import { testServerKind } from '../server/support/test-server.js';

const CONFIG = { instruments: [{ symbol: 'BTC', maxLong: 10, maxShort: 10 }] };
const STALLING = new URL('./fixtures/stalling-feed-source.js', import.meta.url).href;

interface Health {
  readonly status: string;
  readonly failing: readonly string[];
  readonly parts: readonly { name: string; ok: boolean; detail: string; ageMs?: number; deadlineMs?: number }[];
}

async function health(port: number): Promise<{ code: number; body: Health }> {
  const r = await http(port, 'GET', '/health');
  return { code: r.status, body: JSON.parse(r.body) as Health };
}

async function until(port: number, what: string, cond: (h: Health, code: number) => boolean, timeoutMs = 10_000): Promise<Health> {
  let last: Health | undefined;
  await waitFor(async () => {
    const h = await health(port);
    last = h.body;
    return cond(h.body, h.code);
  }, `${what} (last: ${JSON.stringify(last)})`, timeoutMs);
  return last!;
}

const part = (h: Health, name: string) => h.parts.find((p) => p.name === name);

test('when a feed worker blocks in a busy loop, or its run() resolves, then /health is 503 naming that feed within its deadline, and /metrics says it is down', async () => {
  const gate = new RiskGate(CONFIG, { control: { server: testServerKind(), port: 0, token: TOKEN, streamIntervalMs: 10 } });
  await gate.start();
  const port = gate.controlServer!.port;
  try {
    // One at a time: worker start-up on a loaded host can take longer than a source's delay.
    gate.attachFeed({ name: 'stuck', source: { module: STALLING, options: { mode: 'spin', afterMs: 1000, spinMs: 2500 } }, heartbeatDeadlineMs: 250 });
    const ok = await until(port, 'the first feed beating and every part ok', (h, code) => code === 200 && part(h, 'feed:stuck')?.detail === 'feed worker beating');
    assert.deepEqual(ok.parts.map((p) => p.name).sort(), ['feed:stuck', 'journal', 'kill-switch', 'risk', 'state']);
    assert.equal(part(ok, 'feed:stuck')!.deadlineMs, 250, 'the deadline given at attach');
    const stuck = await until(port, 'the spinning feed named', (h, code) => code === 503 && h.failing.includes('feed:stuck'));
    assert.equal(stuck.status, 'failing');
    assert.match(part(stuck, 'feed:stuck')!.detail, /^feed worker silent for \d+ ms \(dead, or its thread is blocked\)$/);
    gate.attachFeed({ name: 'ending', source: { module: STALLING, options: { mode: 'end', afterMs: 1000, heartbeatDeadlineMs: 300 } } });
    const beating = await until(port, 'the second feed beating', (h) => part(h, 'feed:ending')?.detail === 'feed worker beating');
    assert.equal(part(beating, 'feed:ending')!.deadlineMs, 300, 'the deadline the source names for its venue');
    const ended = await until(port, 'the ended feed named', (h) => h.failing.includes('feed:ending'));
    assert.equal(part(ended, 'feed:ending')!.detail, 'feed source ended (its run() resolved): it produces nothing more');
    assert.equal(part(ended, 'risk')!.ok, true, 'the risk thread is fine');
    const metrics = (await http(port, 'GET', '/metrics')).body;
    assert.match(metrics, /^riskgate_up 0$/m);
    assert.match(metrics, /^riskgate_feed_up\{feed="ending"\} 0$/m);
    assert.match(metrics, /^riskgate_health_part_up\{part="risk"\} 1$/m);
    assert.match(metrics, /^riskgate_journal_errors_total 0$/m);
  } finally {
    await gate.stop();
  }
});

test('when the embedding thread is blocked then /health, asked from another thread meanwhile, is 503 naming the stale state; when the risk thread dies it names the risk loop', async () => {
  const gate = new RiskGate(CONFIG, { control: { server: testServerKind(), port: 0, token: TOKEN, streamIntervalMs: 10, healthDeadlineMs: 300 } });
  await gate.start();
  const port = gate.controlServer!.port;
  try {
    await until(port, 'healthy', (_h, code) => code === 200);
    // Another thread asks /health while this one spins (this thread cannot answer anything).
    const asker = new Worker(`
      const { parentPort, workerData } = require('node:worker_threads');
      const http = require('node:http');
      setTimeout(() => http.get({ host: '127.0.0.1', port: workerData.port, path: '/health' }, (res) => {
        let b = ''; res.on('data', (c) => b += c); res.on('end', () => parentPort.postMessage({ code: res.statusCode, body: b }));
      }), 900);
    `, { eval: true, workerData: { port } });
    const answer = new Promise<{ code: number; body: string }>((resolve) => asker.once('message', resolve));
    await new Promise((resolve) => asker.once('online', resolve));
    for (const end = Date.now() + 1800; Date.now() < end;) {
      // the embedding thread blocked: no event-loop turn, no state publish
    }
    const seen = await answer;
    await asker.terminate();
    assert.equal(seen.code, 503);
    const h = JSON.parse(seen.body) as Health;
    assert.ok(h.failing.includes('state'), `state named: ${seen.body}`);
    assert.match(part(h, 'state')!.detail, /^the state copy is \d+ ms old: the engine's \(embedding\) thread has not published it \(blocked\?\); \/state and \/stream are stale$/);
    await until(port, 'healthy again once the thread turns', (_h, code) => code === 200);

    await (gate as unknown as { riskThread: { worker: Worker } }).riskThread.worker.terminate(); // the risk thread dies (ThreadedEngine -> RiskThreadHandle)
    const dead = await until(port, 'the risk loop named', (x, code) => code === 503 && x.failing.includes('risk'));
    assert.ok(part(dead, 'risk')!.ageMs! > 300);
    const metrics = (await http(port, 'GET', '/metrics')).body;
    assert.match(metrics, /^riskgate_health_part_up\{part="risk"\} 0$/m);
    assert.ok(Number(/^riskgate_risk_loop_age_seconds (\S+)$/m.exec(metrics)![1]) > 0.3);
  } finally {
    await gate.stop();
  }
});
