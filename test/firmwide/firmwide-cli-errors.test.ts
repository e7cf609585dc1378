/**
 * The firm-wide commands' errors, as an operator sees them: one line naming the command and what
 * is wrong (the NATS address that cannot be reached, the config key), exit 2, no stack trace.
 * Needs no nats-server: an unreachable address is the case under test.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';

const main = new URL('../../src/cli/main.js', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'riskgate-firmwide-cli-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function run(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, [main, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    p.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    p.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

/** A loopback port nothing listens on (bound, then released). */
function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

function assertOneLine(stderr: string, pattern: RegExp): void {
  const lines = stderr.trim().split('\n');
  assert.equal(lines.length, 1, `one line, got:\n${stderr}`);
  assert.match(lines[0]!, pattern);
  assert.doesNotMatch(stderr, /^\s+at /m, 'no stack trace');
  assert.doesNotMatch(stderr, /internal error/);
}

test('when the monitor cannot reach NATS then it says so in one line naming the address and exits 2', { timeout: 60_000 }, async () => {
  const port = await closedPort();
  const r = await run(['monitor', '--servers', `nats://127.0.0.1:${port}`]);
  assert.equal(r.code, 2, r.stderr);
  assertOneLine(r.stderr, new RegExp(`^riskgate: monitor: cannot reach NATS at nats://127\\.0\\.0\\.1:${port}: `));
  const k = await run(['monitor', '--servers', `nats://127.0.0.1:${port}`, '--kill', 'halt']);
  assert.equal(k.code, 2, k.stderr);
  assertOneLine(k.stderr, /^riskgate: monitor: cannot reach NATS at /);
});

test('when the monitor gets a bad flag then the error names it, exit 2', async () => {
  const r = await run(['monitor', '--servers', 'nats://127.0.0.1:4222', '--kill', 'stop']);
  assert.equal(r.code, 2);
  assertOneLine(r.stderr, /--kill must be halt, reduce or resume/);
  const s = await run(['monitor']);
  assert.equal(s.code, 2);
  assert.match(s.stderr, /^riskgate: --servers is required/);
});

test('when the allocator config is missing or wrong then every problem is named in one line, exit 2', async () => {
  const missing = await run(['allocator', '--config', join(dir, 'absent.json')]);
  assert.equal(missing.code, 2);
  assertOneLine(missing.stderr, /^riskgate: allocator: cannot read allocator config .*absent\.json/);
  const bad = join(dir, 'bad.json');
  writeFileSync(bad, JSON.stringify({ servers: [], ttlMs: 5, instruments: [{ symbol: 'BTCUSDT', firmLong: -1, firmShort: 2 }], extra: 1 }));
  const r = await run(['allocator', '--config', bad]);
  assert.equal(r.code, 2);
  assertOneLine(r.stderr, /allocator\.extra is not a known key.*allocator\.servers must be.*allocator\.ttlMs must be.*instruments\[0\]\.firmLong must be/);
});

test('when firmwide gets a bad flag then the error names it, exit 2, before anything starts', async () => {
  for (const [args, pattern] of [
    [['--nodes', '2'], /--nodes must be 1 or 3/],
    [['--faults', 'wild'], /--faults must be calm or hostile, got wild/],
    [['--hosts', '0'], /--hosts must be an integer from 1 to 16/],
    [['--ttl-ms', '10'], /--ttl-ms must be an integer from 200/],
    [['--seconds', 'x'], /--seconds must be an integer/],
    [['--bogus'], /unknown option --bogus/],
  ] as const) {
    const r = await run(['firmwide', ...args]);
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr.split('\n')[0]!, pattern);
    assert.doesNotMatch(r.stderr, /^\s+at /m);
  }
});
