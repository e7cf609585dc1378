/**
 * The demo end to end: calm and hostile with a short duration and a fixed
 * seed. riskgate's account never goes beyond its limit and the naive one does under hostile,
 * both asserted from the simulator's own position history (the truth), never from riskgate's
 * view; riskgate reconciles through the venue's real REST hook against the simulator's REST
 * endpoint; the report exists with its SVG; the CLI process exits by itself, and on SIGINT with 130.
 * Every wait is bounded; nothing asserts on timing.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, describe, it } from 'node:test';
import { runDemo, type DemoResult } from '../../src/demo/index.js';
import { testServerKind } from '../server/support/test-server.js';

const SEED = 7;
const dir = mkdtempSync(join(tmpdir(), 'riskgate-demo-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const MAIN = fileURLToPath(new URL('../../src/cli/main.js', import.meta.url));

function worstTrue(r: DemoResult['riskgate']): number {
  return Math.max(0, ...r.history.map((p) => Math.abs(p.position)));
}

function runCli(args: readonly string[], interruptAfterMs?: number): Promise<{ code: number | null; signal: string | null; out: string; err: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [MAIN, 'demo', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const kill = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`riskgate demo did not exit by itself within 50 s\n${out}\n${err}`));
    }, 50_000);
    if (interruptAfterMs !== undefined) {
      // Interrupt once it trades (the progress line says so), or after the given time at most.
      const poll = setInterval(() => {
        if (err.includes('sent')) {
          clearInterval(poll);
          child.kill('SIGINT');
        }
      }, 20);
      setTimeout(() => {
        clearInterval(poll);
        child.kill('SIGINT');
      }, interruptAfterMs).unref();
    }
    child.on('exit', (code, signal) => {
      clearTimeout(kill);
      resolve({ code, signal, out, err });
    });
  });
}

describe('riskgate demo', () => {
  it('when calm then neither strategy breaches, riskgate trades, and the report holds the charts', async () => {
    const reportPath = join(dir, 'calm.html');
    const r = await runDemo({ profile: 'calm', seconds: 3, seed: SEED, reportPath, server: testServerKind() });
    console.log(`seed ${SEED} calm: riskgate worst ${worstTrue(r.riskgate)} fills ${r.riskgate.fills}; naive worst ${worstTrue(r.naive)}`);
    assert.equal(r.interrupted, false);
    assert.ok(r.riskgate.fills > 0, 'riskgate traded');
    assert.ok(worstTrue(r.riskgate) <= r.riskgate.limit, 'riskgate within its limit (truth)');
    assert.equal(r.riskgate.breach.count, 0);
    assert.equal(r.engineCleanExit, true, 'the risk thread exited by itself');
    assert.ok(r.rest.ok > 0 && r.reconcileSnapshots > 0, 'the real REST hook answered the reconciler from the simulator');
    assert.equal(r.gateway.snapshots, r.reconcileSnapshots, 'every REST snapshot went through the event lane');
    assert.ok(r.gateway.orderReports > 0, 'order-entry outcomes went through the event lane');
    assert.equal(r.gateway.notAccepted, 0);
    assert.ok(r.latency.count > 0 && r.latency.p50 > 0 && r.latency.p50 <= r.latency.max);
    const a = r.riskgate.availability!;
    assert.ok(a.oracleApproved > 0, 'the oracle was asked beside every decision');
    assert.equal(a.bothApproved + Object.values(a.missedBy).reduce((n, c) => n + c, 0), a.oracleApproved);
    assert.ok(a.oracleApproved <= r.riskgate.stats.decisions);
    assert.equal(a.approvedOracleDenied, 0, 'riskgate never approved what the limits on the truth deny');
    assert.deepEqual(r.riskgate.faults, {}, 'calm: no fault injected');
    assert.equal(a.recoveryMsMax, null, 'calm: no block caused by a fault');
    assert.equal(r.riskgate.flipFlopTrips, 0, 'the ordinary taker does not trip the guard');
    const html = readFileSync(reportPath, 'utf8');
    assert.ok(html.includes('<svg'), 'the report embeds SVG');
    assert.ok(!/https?:\/\//.test(html.replace(/http:\/\/www\.w3\.org\/2000\/svg/g, '')), 'the report loads nothing from the network');
  });

  it('when hostile then riskgate never breaches and the naive check does (simulator truth)', async () => {
    const reportPath = join(dir, 'hostile.html');
    const r = await runDemo({ profile: 'hostile', seconds: 4, seed: SEED, reportPath, server: testServerKind() });
    console.log(`seed ${SEED} hostile: riskgate worst ${worstTrue(r.riskgate)} fills ${r.riskgate.fills}; naive worst ${worstTrue(r.naive)} breaches ${r.naive.breach.count}; REST ${JSON.stringify(r.rest)}`);
    assert.ok(r.riskgate.fills > 0, 'riskgate traded');
    assert.ok(worstTrue(r.riskgate) <= r.riskgate.limit, 'riskgate within its limit (truth)');
    assert.equal(r.riskgate.breach.count, 0);
    assert.ok(worstTrue(r.naive) > r.naive.limit, 'the naive check went beyond its limit (truth)');
    assert.ok(r.naive.breach.count > 0 && r.naive.breach.maxExcess > 0);
    assert.ok(r.rest.ok > 0, 'the real REST hook answered the reconciler from the simulator');
    assert.ok(readFileSync(reportPath, 'utf8').includes('<svg'));
  });

  it('when hostile on Binance (a walk-back venue: no sequence numbers) then riskgate never breaches (simulator truth) and the real Binance REST hook answers', async () => {
    const reportPath = join(dir, 'hostile-binance.html');
    const r = await runDemo({ profile: 'hostile', seconds: 4, seed: SEED, venue: 'binance-usdm', reportPath, server: testServerKind() });
    console.log(`seed ${SEED} hostile binance: riskgate worst ${worstTrue(r.riskgate)} sent ${r.riskgate.stats.sent} fills ${r.riskgate.fills}; naive worst ${worstTrue(r.naive)}; REST ${JSON.stringify(r.rest)}`);
    assert.ok(worstTrue(r.riskgate) <= r.riskgate.limit, 'riskgate within its limit (truth)');
    assert.equal(r.riskgate.breach.count, 0);
    assert.ok(r.riskgate.fills > 0, 'riskgate traded');
    assert.ok(r.rest.ok > 0, 'the real Binance REST hook answered the reconciler from the simulator');
  });

  for (const venue of ['okx', 'deribit', 'bitmex'] as const) {
    it(`when hostile on ${venue} then riskgate never breaches (simulator truth), trades, and its availability is measured against the oracle`, async () => {
      const reportPath = join(dir, `hostile-${venue}.html`);
      const r = await runDemo({ profile: 'hostile', seconds: 3, seed: SEED, venue, reportPath, server: testServerKind() });
      const a = r.riskgate.availability!;
      console.log(`seed ${SEED} hostile ${venue}: riskgate worst ${worstTrue(r.riskgate)} sent ${r.riskgate.stats.sent} fills ${r.riskgate.fills} availability ${a.bothApproved}/${a.oracleApproved}; naive worst ${worstTrue(r.naive)}; REST ${JSON.stringify(r.rest)}`);
      assert.ok(worstTrue(r.riskgate) <= r.riskgate.limit, 'riskgate within its limit (truth)');
      assert.equal(r.riskgate.breach.count, 0);
      assert.ok(r.riskgate.fills > 0, 'riskgate traded');
      assert.ok(a.oracleApproved > 0, 'the oracle was asked beside every decision');
      assert.equal(a.approvedOracleDenied, 0, 'riskgate never approved what the limits on the truth deny');
      assert.ok(readFileSync(reportPath, 'utf8').includes('<svg'));
    });
  }

  it('when run from the CLI with --json then it prints the table, the report path and, last, one JSON object of the run, and exits by itself with 0', async () => {
    const reportPath = join(dir, 'cli.html');
    const { code, out } = await runCli(['--profile', 'hostile', '--seconds', '2', '--seed', String(SEED), '--quiet', '--json', '--report', reportPath]);
    assert.equal(code, 0, out);
    assert.match(out, /worst true \|position\|/);
    assert.match(out, /decision latency p99\.9/);
    assert.match(out, /availability \(oracle approvals also approved\)/);
    assert.ok(out.includes(`report: ${reportPath}`));
    const j = JSON.parse(out.trim().split('\n').at(-1)!) as Record<string, Record<string, unknown>>;
    const g = j['riskgate']!;
    assert.ok(g['availability'] === null || (typeof g['availability'] === 'number' && g['availability'] >= 0 && g['availability'] <= 1), 'availability in 0..1 or null');
    assert.equal(g['breaches'], 0);
    assert.equal(typeof g['guardTrips'], 'number');
    assert.ok(g['recoveryMsMax'] === null || (typeof g['recoveryMsMax'] === 'number' && g['recoveryMsMax'] >= 0), 'recoveryMsMax: ms or null');
    assert.equal(typeof j['naive']!['breaches'], 'number');
    assert.equal(typeof j['runaway']!['guardTrips'], 'number');
    // Why trading stopped, by cause, in the table and in the JSON, and the two agree.
    const missedBy = g['missedBy'] as Record<string, number>;
    const missed = Object.values(missedBy).reduce((n, c) => n + c, 0);
    assert.equal(missed, (g['oracleApproved'] as number) - Math.round((g['availability'] as number | null ?? 1) * (g['oracleApproved'] as number)), 'every missed approval has its code');
    assert.match(out, new RegExp(`oracle approvals denied, by code +${missed} `));
    for (const [code, n] of Object.entries(missedBy)) assert.match(out, new RegExp(`\\n  ${code} +${n} `), `missed by ${code}`);
    const blockedMs = g['blockedMs'] as Record<string, number>;
    for (const code of Object.keys(blockedMs)) assert.match(out, new RegExp(`\\n  ${code} +[0-9.]+ s `), `blocked by ${code}`);
    const html = readFileSync(reportPath, 'utf8');
    assert.ok(html.includes('<svg'));
    assert.match(html, /trading-state timeline/);
  });

  it('when interrupted (SIGINT) then it stops cleanly, still writes the report and exits 130', async () => {
    const reportPath = join(dir, 'interrupted.html');
    const { code, out } = await runCli(['--seconds', '30', '--seed', String(SEED), '--report', reportPath], 8000);
    assert.equal(code, 130, out);
    assert.match(out, /\(interrupted\)/);
    assert.ok(readFileSync(reportPath, 'utf8').includes('<svg'));
  });

  it('when options are bad then every problem is reported with exit 2', async () => {
    const { code, err } = await runCli(['--profile', 'wild', '--seconds=-1']);
    assert.equal(code, 2);
    assert.match(err, /--profile \(given "wild"\) must be/);
    assert.match(err, /--seconds \(given "-1"\) must be/);
  });
});
