/**
 * The kill switch never waits on the embedding thread: the control server thread writes kill
 * requests into a ring of its own that the risk thread polls ahead of every strategy's requests,
 * and answers 202 only once the request is in it. Real threads, real HTTP, a strategy deciding in
 * a synchronous loop on the main thread (the README's `decideOrder` usage).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Worker } from 'node:worker_threads';
import { RiskGate } from '../../src/gate/index.js';
import { StrategyClient } from '../../src/engine/index.js';
import { KillMode, OrderStatusCode, Side } from '../../src/risk/codes.js';
import { DenyReason } from '../../src/risk/deny-reason.js';
import { http, TOKEN, waitFor } from '../control/support/control-fixture.js';
import { testServerKind } from '../server/support/test-server.js';

const CONFIG = { instruments: [{ symbol: 'BTC', maxLong: 1_000_000, maxShort: 1_000_000 }] };

/** A thread that POSTs /kill after `afterMs` and stores [ack wall ms, status] into `sab`. */
function killLater(port: number, sab: SharedArrayBuffer, afterMs: number): Worker {
  return new Worker(`
    const { workerData } = require('node:worker_threads');
    const http = require('node:http');
    const a = new Float64Array(workerData.sab);
    setTimeout(() => {
      const req = http.request({ host: '127.0.0.1', port: workerData.port, method: 'POST', path: '/kill',
        headers: { authorization: 'Bearer ' + workerData.token, 'content-type': 'application/json' } },
        (res) => { res.resume(); res.on('end', () => { a[1] = res.statusCode; a[0] = Date.now(); }); });
      req.end('{"mode":"halt"}');
    }, workerData.afterMs);
  `, { eval: true, workerData: { sab, port, token: TOKEN, afterMs } });
}

async function readyGate(options: ConstructorParameters<typeof RiskGate>[1]): Promise<{ gate: RiskGate; client: StrategyClient; reject: (key: number) => void }> {
  const gate = new RiskGate(CONFIG, options);
  await gate.start();
  const lane = gate.openEventLane('gateway');
  lane.snapshot(0, 0, NaN, NaN);
  const client = new StrategyClient(gate.createStrategy('taker'));
  const reject = (key: number): void => void lane.orderUpdate(0, key, OrderStatusCode.REJECTED, 0, 0);
  let key = 1_000_000;
  await waitFor(() => {
    const ok = client.decideOrder(++key, 0, Side.BUY, 1, 100) === DenyReason.APPROVED;
    if (ok) reject(key);
    return ok;
  }, 'the first approval (snapshot applied)');
  return { gate, client, reject };
}

test('when the main thread spins in decideOrder and POST /kill is acknowledged then no order submitted after the ack is approved', async () => {
  const { gate, client, reject } = await readyGate({ control: { server: testServerKind(), port: 0, token: TOKEN, streamIntervalMs: 10 } });
  const sab = new SharedArrayBuffer(16);
  const shared = new Float64Array(sab);
  const worker = killLater(gate.controlServer!.port, sab, 300);
  try {
    let approvedAfterAck = 0;
    let approved = 0;
    let firstKill = -1;
    let decisions = 0;
    const giveUp = Date.now() + 15_000;
    // Synchronous until the kill lands (plus 200 decisions) and its ack is seen, or 15 s: the event loop never turns.
    for (let key = 1; Date.now() < giveUp; key++) {
      const ackSeen = shared[0]! > 0; // read BEFORE submitting: this order is published after the ack
      const code = client.decideOrder(key, 0, key % 2 === 0 ? Side.BUY : Side.SELL, 1, 100);
      decisions++;
      if (code === DenyReason.APPROVED) {
        approved++;
        if (ackSeen) approvedAfterAck++;
        reject(key);
      } else if (code === DenyReason.KILL_SWITCH && firstKill < 0) firstKill = decisions;
      // The risk thread can apply the kill before the killing thread has read the whole 202:
      // keep deciding until the ack is seen too, so the check after it covers every order.
      if (firstKill > 0 && decisions > firstKill + 200 && shared[0]! > 0) break;
    }
    assert.equal(shared[1], 202, 'the kill was acknowledged');
    assert.ok(firstKill > 0, `the kill landed while the main thread never yielded (${decisions} decisions)`);
    assert.ok(approved > 0, 'orders were approved before the kill');
    assert.equal(approvedAfterAck, 0, 'no order submitted after the 202 was approved');
    assert.equal(gate.state()?.globalKill, KillMode.HALT);
  } finally {
    await worker.terminate();
    await gate.stop();
  }
});

test('when gate.kill() is called and not awaited then the very next order on this thread is denied KILL_SWITCH, and the promise says it was applied', async () => {
  const { gate, client } = await readyGate({});
  try {
    const answer = gate.kill(KillMode.HALT);
    assert.equal(client.decideOrder(1, 0, Side.BUY, 1, 100), DenyReason.KILL_SWITCH);
    assert.equal(await answer, DenyReason.APPROVED);
  } finally {
    await gate.stop();
  }
});

test('when the risk thread is dead then POST /kill fills the kill ring and is refused with 503, never assumed; /health and /metrics show the unanswered kills', async () => {
  const { gate } = await readyGate({ control: { server: testServerKind(), port: 0, token: TOKEN, streamIntervalMs: 10, healthDeadlineMs: 200 }, strategyRingCapacity: 4 });
  const port = gate.controlServer!.port;
  const auth = { authorization: `Bearer ${TOKEN}` };
  try {
    await (gate as unknown as { riskThread: { worker: Worker } }).riskThread.worker.terminate(); // the risk thread dies (ThreadedEngine -> RiskThreadHandle)
    const statuses: number[] = [];
    for (let k = 0; k < 5; k++) statuses.push((await http(port, 'POST', '/kill', { headers: auth, body: '{"mode":"halt"}' })).status);
    assert.deepEqual(statuses, [202, 202, 202, 202, 503], 'four fit the ring; the fifth is refused');
    const refused = await http(port, 'POST', '/kill', { headers: auth, body: '{"mode":"halt"}' });
    assert.equal(JSON.parse(refused.body).error.code, 'KILL_QUEUE_FULL');
    let body: { status: string; failing: string[]; parts: { name: string; detail: string }[] } = { status: '', failing: [], parts: [] };
    await waitFor(async () => {
      const r = await http(port, 'GET', '/health');
      body = JSON.parse(r.body);
      return r.status === 503 && body.failing.includes('risk') && body.failing.includes('kill-switch');
    }, '/health 503 naming the risk thread and the kill switch');
    assert.match(body.parts.find((p) => p.name === 'kill-switch')!.detail, /^4 kill request\(s\) in the ring unanswered for \d+ ms$/);
    assert.match(body.parts.find((p) => p.name === 'risk')!.detail, /^risk loop has not turned for \d+ ms \(dead or stalled\)$/);
    const metrics = (await http(port, 'GET', '/metrics')).body;
    assert.match(metrics, /^riskgate_up 0$/m);
    assert.match(metrics, /^riskgate_control_kills_pending 4$/m);
    assert.match(metrics, /^riskgate_control_kill_requests_total\{mode="halt",result="queue_full"\} 2$/m);
    assert.ok(Number(/^riskgate_risk_loop_age_seconds (\S+)$/m.exec(metrics)![1]) > 0.2, 'the risk loop age passed the deadline');
  } finally {
    const report = await gate.stop();
    assert.equal(report.cleanExit, false, 'the risk thread did not exit by itself');
  }
});

test('when kills are answered then /metrics counts them by result', async () => {
  const { gate } = await readyGate({ control: { server: testServerKind(), port: 0, token: TOKEN, streamIntervalMs: 10 } });
  const port = gate.controlServer!.port;
  try {
    assert.equal((await http(port, 'POST', '/kill', { headers: { authorization: `Bearer ${TOKEN}` }, body: '{"mode":"reduce","symbol":"BTC"}' })).status, 202);
    await waitFor(async () => /^riskgate_control_kill_results_total\{result="APPROVED"\} 1$/m.test((await http(port, 'GET', '/metrics')).body), 'the applied kill counted');
    assert.match((await http(port, 'GET', '/metrics')).body, /^riskgate_control_kills_pending 0$/m);
  } finally {
    await gate.stop();
  }
});
