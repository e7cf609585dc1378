/**
 * The conventions every command follows: `--flag VALUE` and `--flag=VALUE`, errors naming the
 * flag as typed, `--version` and `--json` everywhere, no `\r` progress and no colour where stderr
 * is not a terminal, `NO_COLOR` honoured on a terminal. Checks of parsing run every command
 * in-process through `runCli` (what main.ts runs, minus the process), and one of each kind is
 * also spawned as a user runs it; the commands' results (--json) are spawned.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { COMMANDS } from '../../src/cli/command-registry.js';
import { parseDemoArgs, flagError } from '../../src/cli/demo-command.js';
import { terminalCaps } from '../../src/cli/terminal.js';
import { runCli } from '../../src/cli/run-cli.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const MAIN = join(ROOT, 'dist/src/cli/main.js');
const SCENARIO = join(ROOT, 'scenarios/15-kill-switch.json');
const VERSION = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
const tmp = mkdtempSync(join(tmpdir(), 'riskgate-flags-'));
process.on('exit', () => rmSync(tmp, { recursive: true, force: true }));

interface Run {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function cli(args: readonly string[], env: NodeJS.ProcessEnv = {}): Run {
  const r = spawnSync(process.execPath, [MAIN, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 60_000, env: { ...process.env, NO_COLOR: '', ...env } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** `riskgate ARGS` in this process: what main.ts does, with stdout and stderr captured (no terminal). */
async function inProcess(args: readonly string[]): Promise<Run> {
  const out: string[] = [];
  const err: string[] = [];
  const status = await runCli(args, { out: (l) => void out.push(`${l}\n`), err: (l) => void err.push(`${l}\n`) }, terminalCaps({ isTTY: false }));
  return { status, stdout: out.join(''), stderr: err.join('') };
}

/** The last line of stdout, parsed: it must be one JSON object. */
function lastJson(stdout: string): Record<string, unknown> {
  const last = stdout.trimEnd().split('\n').at(-1) ?? '';
  const v = JSON.parse(last) as unknown;
  assert.ok(typeof v === 'object' && v !== null && !Array.isArray(v), `not a JSON object: ${last}`);
  return v as Record<string, unknown>;
}

test('when any command gets --version then it prints the version and exits 0, and --json adds one JSON object', async () => {
  assert.ok(COMMANDS.length >= 10);
  for (const c of COMMANDS) {
    const r = await inProcess([c.name, '--version']);
    assert.equal(r.status, 0, `${c.name}: ${r.stderr}`);
    assert.equal(r.stdout, `riskgate ${VERSION} (Node.js ${process.version})\n`, c.name);
    assert.deepEqual(lastJson((await inProcess([c.name, '--version', '--json'])).stdout), { name: 'riskgate', version: VERSION, node: process.version }, c.name);
  }
  // The same through the process a user starts: its stdout and exit code.
  const spawned = cli(['sweep', '--version', '--json']);
  assert.equal(spawned.status, 0, spawned.stderr);
  assert.equal(spawned.stdout, `riskgate ${VERSION} (Node.js ${process.version})\n${JSON.stringify({ name: 'riskgate', version: VERSION, node: process.version })}\n`);
});

test('when any command’s usage is printed then it lists --json and --version', async () => {
  for (const entry of COMMANDS) {
    const c = await entry.load();
    assert.equal(c.name, entry.name, 'the registry entry loads the command of its name');
    assert.match(c.usage, /--json\b/, c.name);
    assert.match(c.usage, /--version\b/, c.name);
  }
});

test('when a command gets an unknown flag or a flag without its value then the error names the flag and exits 2', async () => {
  for (const c of COMMANDS) {
    const r = await inProcess([c.name, '--frobnicate']);
    assert.equal(r.status, 2, c.name);
    assert.match(r.stderr, /^riskgate: unknown option --frobnicate\n/, c.name);
    assert.equal(r.stdout, '', c.name);
  }
  // The same through the process a user starts: its stderr and exit code.
  const spawned = cli(['demo', '--frobnicate']);
  assert.equal(spawned.status, 2);
  assert.match(spawned.stderr, /^riskgate: unknown option --frobnicate\n/);
  const missing = await inProcess(['sweep', 'j.rgj', '--threads']);
  assert.equal(missing.status, 2);
  assert.match(missing.stderr, /^riskgate: --threads needs a value/);
  const boolWithValue = await inProcess(['scenario', SCENARIO, '--naive=yes']);
  assert.equal(boolWithValue.status, 2);
  assert.match(boolWithValue.stderr, /^riskgate: --naive takes no value/);
});

test('when demo flags are given as --flag=VALUE or --flag VALUE then they parse the same', () => {
  const spaced = parseDemoArgs(['--seconds', '30', '--seed', '9', '--profile', 'calm', '--report', 'r.html', '--quiet', '--json']);
  const joined = parseDemoArgs(['--seconds=30', '--seed=9', '--profile=calm', '--report=r.html', '--quiet', '--json']);
  assert.deepEqual(joined, spaced);
  assert.deepEqual(spaced, { options: { seconds: 30, seed: 9, profile: 'calm', reportPath: 'r.html' }, quiet: true, json: true });
});

test('when the demo rejects a value then the error names the flag and what was typed, not the API option', () => {
  assert.equal(flagError('invalid demo options: options.seconds must be a number in (0, 3600]; options.reportPath must be a non-empty path', ['--seconds=abc', '--report', '']),
    'invalid flags: --seconds (given "abc") must be a number in (0, 3600]; --report (given "") must be a non-empty path');
  const r = cli(['demo', '--seconds=abc', '--server', 'node']);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /--seconds \(given "abc"\) must be a number/);
  assert.doesNotMatch(r.stderr, /options\.seconds/);
});

test('when commands run with --json then the last line of stdout is one JSON object holding their result', () => {
  const journal = join(tmp, 'run.rgj');
  const sc = cli(['scenario', SCENARIO, '--journal', journal, '--json']);
  assert.equal(sc.status, 0, sc.stderr);
  assert.ok('summary' in lastJson(sc.stdout));

  const replay = cli(['replay', journal, '--json']);
  assert.equal(replay.status, 0, replay.stderr);
  const rj = lastJson(replay.stdout);
  assert.equal(rj['outcome'], 'reproduced');
  assert.equal(rj['reproduced'], rj['decisions']);
  assert.ok((rj['decisions'] as number) > 0);

  const sweep = cli(['sweep', journal, '--set=instruments[0].maxLong=1,2', '--threads', '1', '--json']);
  assert.equal(sweep.status, 0, sweep.stderr);
  assert.equal((lastJson(sweep.stdout)['rows'] as unknown[]).length, 2);

  const dir = mkdtempSync(join(tmp, 'incidents-'));
  writeFileSync(join(dir, 'one.json'), readFileSync(SCENARIO));
  const inc = cli(['incidents', dir, '--json']);
  assert.equal(inc.status, 0, inc.stderr);
  assert.equal((lastJson(inc.stdout)['scenarios'] as unknown[]).length, 1);

  const docs = cli(['config-docs', '--json']);
  assert.equal(docs.status, 0);
  assert.match(lastJson(docs.stdout)['markdown'] as string, /^\| key \|/);

  const cfg = join(tmp, 'cfg.json');
  writeFileSync(cfg, JSON.stringify({ instruments: [{ symbol: 'BTC', maxLong: 10, maxShort: 10, lotSize: '0.001' }], venues: { bybit: { instruments: [{ symbol: 'BTC', venueSymbol: 'BTCUSDT' }] } } }));
  const frames = join(tmp, 'frames.jsonl');
  writeFileSync(frames, 'pong\n');
  const dec = cli(['decode', '--venue=bybit', `--config=${cfg}`, frames, '--json']);
  assert.equal((lastJson(dec.stdout)['summary'] as Record<string, unknown>)['frames'], 1);
});

test('when stderr is not a terminal then no progress line carries a carriage return', () => {
  const r = cli(['incidents']);
  assert.ok(r.status === 0 || r.status === 1, r.stderr);
  assert.ok(!r.stderr.includes('\r'), JSON.stringify(r.stderr.slice(0, 200)));
  assert.ok(!r.stdout.includes('\r'));
});

test('when the terminal capabilities are read then colour needs a terminal and no NO_COLOR, progress a terminal', () => {
  assert.deepEqual(terminalCaps({ isTTY: false }, {}), { progress: false, color: false });
  assert.deepEqual(terminalCaps({ isTTY: true }, {}), { progress: true, color: true });
  assert.deepEqual(terminalCaps({ isTTY: true }, { NO_COLOR: '1' }), { progress: true, color: false });
  assert.deepEqual(terminalCaps({ isTTY: true }, { NO_COLOR: '' }), { progress: true, color: true }, 'an empty NO_COLOR is unset (no-color.org)');
  assert.deepEqual(terminalCaps({ isTTY: true }, { TERM: 'dumb' }), { progress: true, color: false });
});

// On a real terminal (util-linux `script` gives the CLI a pseudo-terminal): colour unless NO_COLOR.
const SCRIPT = ['/usr/bin/script', '/bin/script'].find((p) => existsSync(p));
test('when stderr is a terminal then errors are coloured, and not with NO_COLOR set', { skip: SCRIPT === undefined ? 'util-linux script(1) is not installed' : false }, () => {
  const run = (env: NodeJS.ProcessEnv): string => {
    const cmd = `${JSON.stringify(process.execPath)} ${JSON.stringify(MAIN)} scenario --frobnicate`;
    const r = spawnSync(SCRIPT!, ['-qefc', cmd, '/dev/null'], { cwd: ROOT, encoding: 'utf8', timeout: 60_000, env: { ...process.env, TERM: 'xterm', ...env } });
    return r.stdout;
  };
  const colored = run({ NO_COLOR: '' });
  assert.match(colored, /\x1b\[31mriskgate:\x1b\[39m unknown option --frobnicate/);
  const plain = run({ NO_COLOR: '1' });
  assert.match(plain, /riskgate: unknown option --frobnicate/);
  assert.doesNotMatch(plain, /\x1b\[/);
});
