/**
 * `riskgate demo` from the command line: the table, the report path and the JSON object with
 * --json, exit 0 by itself; on SIGINT a clean stop, the report still written, exit 130; bad
 * options all reported with exit 2. The CLI picks its simulator's server itself, so this file
 * runs once (the runDemo cases, once per server, are demo-end-to-end.test.ts). Every wait is
 * bounded; nothing asserts on timing.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, describe, it } from 'node:test';

const SEED = 7;
const dir = mkdtempSync(join(tmpdir(), 'riskgate-demo-cli-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const MAIN = fileURLToPath(new URL('../../src/cli/main.js', import.meta.url));

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

describe('riskgate demo from the command line', () => {
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
