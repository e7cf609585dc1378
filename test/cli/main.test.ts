import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

// The CLI as a user runs it: `node dist/src/cli/main.js ...` from the repository root.

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const MAIN = join(ROOT, 'dist/src/cli/main.js');
const BUNDLED = join(ROOT, 'scenarios/15-kill-switch.json');

interface Run {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function cli(...args: string[]): Run {
  const r = spawnSync(process.execPath, [MAIN, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const tmp = mkdtempSync(join(tmpdir(), 'riskgate-cli-'));
process.on('exit', () => rmSync(tmp, { recursive: true, force: true }));

function file(name: string, content: unknown): string {
  const path = join(tmp, name);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
}

const CONFIG = { instruments: [{ symbol: 'BTC', maxLong: 1, maxShort: 1 }] };
const SNAP = { at: 0, type: 'snapshot', symbol: 'BTC', position: 0 };
const ORDER = { at: 1, type: 'order', orderId: 'o1', symbol: 'BTC', side: 'buy', qty: 1, price: 100, tif: 'IOC' };

function jsonLines(stdout: string): Record<string, unknown>[] {
  return stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
}

test('when --help is given then the commands are listed and the exit code is 0', () => {
  for (const args of [['--help'], ['-h'], ['help'], []]) {
    const r = cli(...args);
    assert.equal(r.status, 0, args.join(' '));
    assert.match(r.stdout, /Usage: riskgate <command>/);
    assert.match(r.stdout, /^\s+scenario FILE\.json \[--naive/m);
    assert.match(r.stdout, /^\s+incidents \[DIR\]/m);
    assert.match(r.stdout, /^\s+help \[COMMAND\]/m);
  }
});

test('when --version is given then the package.json version and the Node version are printed', () => {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
  for (const flag of ['--version', '-v', 'version']) {
    const r = cli(flag);
    assert.equal(r.status, 0, flag);
    assert.equal(r.stdout, `riskgate ${pkg.version} (Node.js ${process.version})\n`, flag);
  }
});

test('when help names a command then that command’s usage is printed', () => {
  const a = cli('help', 'scenario');
  assert.equal(a.status, 0);
  assert.match(a.stdout, /^riskgate scenario FILE\.json \[--naive/);
  const b = cli('scenario', '--help');
  assert.equal(b.status, 0);
  assert.equal(b.stdout, a.stdout);
});

test('when a bundled scenario runs then each request step prints one JSON line with a decision, then a summary line', () => {
  const steps = (JSON.parse(readFileSync(BUNDLED, 'utf8')) as { steps: { type: string; expect?: string }[] }).steps;
  const requests = steps.filter((s) => ['order', 'cancel', 'kill'].includes(s.type));
  const r = cli('scenario', BUNDLED);
  assert.equal(r.status, 0, r.stderr);
  const lines = jsonLines(r.stdout);
  const decisions = lines.filter((l) => 'decision' in l);
  assert.equal(decisions.length, requests.length);
  decisions.forEach((d, n) => {
    assert.ok(d['decision'] === 'approve' || d['decision'] === 'deny', JSON.stringify(d));
    assert.equal(typeof d['at'], 'number');
    const expected = requests[n]!.expect;
    assert.equal(d['decision'] === 'approve' ? 'approve' : d['reason'], expected, `request ${n}`);
  });
  assert.ok(lines.some((l) => l['cancelAll'] === '*'), 'the global halt asks for a cancel-all');
  const summary = lines.at(-1)!['summary'] as Record<string, unknown>;
  assert.equal(summary['gate'], 'riskgate');
  assert.equal((summary['approved'] as number) + (summary['denied'] as number), requests.length);
  assert.equal(lines.filter((l) => 'summary' in l).length, 1);
});

test('when --naive is given then the naive check decides and the summary says so', () => {
  const steps = (JSON.parse(readFileSync(BUNDLED, 'utf8')) as { steps: { type: string; expectNaive?: string }[] }).steps;
  const requests = steps.filter((s) => ['order', 'cancel', 'kill'].includes(s.type));
  const r = cli('scenario', BUNDLED, '--naive');
  assert.equal(r.status, 0, r.stderr);
  const lines = jsonLines(r.stdout);
  const decisions = lines.filter((l) => 'decision' in l);
  decisions.forEach((d, n) => assert.equal(d['decision'] === 'approve' ? 'approve' : d['reason'], requests[n]!.expectNaive, `request ${n}`));
  assert.equal((lines.at(-1)!['summary'] as Record<string, unknown>)['gate'], 'naive');
  assert.ok(!lines.some((l) => 'cancelAll' in l), 'the naive check never asks for a cancel-all');
});

test('when a decision differs from the file’s expectation then the exit code is 1 and stderr names the step', () => {
  const path = file('wrong-expect.json', { config: CONFIG, steps: [SNAP, { ...ORDER, expect: 'POSITION_LIMIT' }] });
  const r = cli('scenario', path);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /step 1 \(at 1\): expected POSITION_LIMIT, got approve/);
  assert.equal(jsonLines(r.stdout).length, 2, 'the decisions and summary are still printed');
});

test('when the scenario file is malformed then the exit code is 2 and the message names the step and field', () => {
  const path = file('bad-qty.json', { config: CONFIG, steps: [SNAP, { ...ORDER, qty: -2 }] });
  const r = cli('scenario', path);
  assert.equal(r.status, 2);
  assert.equal(r.stdout, '');
  assert.match(r.stderr, /^riskgate: .*bad-qty\.json: invalid scenario:/);
  assert.match(r.stderr, /steps\[1\]\.qty must be a positive integer number of lots/);
  assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
});

test('when the file is not JSON or not there then the exit code is 2', () => {
  const a = cli('scenario', file('not-json.json', '{ "steps": [ '));
  assert.equal(a.status, 2);
  assert.match(a.stderr, /not-json\.json is not valid JSON/);
  const b = cli('scenario', join(tmp, 'missing.json'));
  assert.equal(b.status, 2);
  assert.match(b.stderr, /cannot read .*missing\.json/);
});

test('when a step type is an Object.prototype member then the CLI still exits 2 with a message', () => {
  const r = cli('scenario', file('proto-type.json', { config: CONFIG, steps: [{ at: 0, type: 'constructor' }] }));
  assert.equal(r.status, 2);
  assert.match(r.stderr, /steps\[0\]\.type must be one of/);
});

test('when the command is unknown then the exit code is 2 and the help follows', () => {
  const r = cli('frobnicate');
  assert.equal(r.status, 2);
  assert.match(r.stderr, /^riskgate: unknown command "frobnicate"/);
  assert.match(r.stderr, /Commands:/);
});

test('when scenario gets an unknown option or not exactly one file then the exit code is 2', () => {
  const a = cli('scenario', BUNDLED, '--fast');
  assert.equal(a.status, 2);
  assert.match(a.stderr, /unknown option --fast/);
  const b = cli('scenario');
  assert.equal(b.status, 2);
  assert.match(b.stderr, /expected one scenario file/);
  const c = cli('scenario', BUNDLED, BUNDLED);
  assert.equal(c.status, 2);
});

test('when incidents runs on a directory then it prints a table; an empty directory exits 2', () => {
  const dir = mkdtempSync(join(tmp, 'incidents-'));
  writeFileSync(join(dir, 'one.json'), JSON.stringify({ config: CONFIG, steps: [SNAP, { ...ORDER, expect: 'approve', expectNaive: 'approve' }] }));
  const r = cli('incidents', dir);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^scenario\s+riskgate ok\/deny\s+breach\s+naive ok\/deny\s+naive breach\s+expectations/);
  assert.match(r.stdout, /^one\s+1\/0\s+none\s+1\/0\s+none\s+met/m);
  const empty = mkdtempSync(join(tmp, 'empty-'));
  const e = cli('incidents', empty);
  assert.equal(e.status, 2);
  assert.match(e.stderr, /no scenario files/);
});
