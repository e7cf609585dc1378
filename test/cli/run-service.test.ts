/**
 * `riskgate run --config FILE` as an operator runs it (spawned): against the exchange simulator
 * (its Bybit private stream and REST endpoint on loopback), JSON log lines on stdout, the control
 * server answering, SIGTERM stopping it with exit 0 and a complete journal that replays.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SimServer } from '../../src/sim/index.js';
import { testServerKind, onServer } from '../server/support/test-server.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const MAIN = join(ROOT, 'dist/src/cli/main.js');
const tmp = mkdtempSync(join(tmpdir(), 'riskgate-run-'));
process.on('exit', () => rmSync(tmp, { recursive: true, force: true }));

const ACCOUNT = { name: 'svc', apiKey: 'svc-key-1234', apiSecret: 'svc-secret-5678' };
const ENV = { RG_TEST_KEY: ACCOUNT.apiKey, RG_TEST_SECRET: ACCOUNT.apiSecret };
const INSTRUMENT = {
  symbol: 'BTCUSDT', lotSize: '0.001', tickSize: '0.1', startPrice: '60000',
  depthLevels: 5, makerLotsMin: 5, makerLotsMax: 10, walkTicks: 1, takerChance: 0, takerLotsMax: 1,
};

function serviceConfig(simPort: number, journalDir: string): Record<string, unknown> {
  const base = `127.0.0.1:${simPort}`;
  return {
    instruments: [{ symbol: 'BTCUSDT', maxLong: 10, maxShort: 10, lotSize: '0.001', sequence: 'contiguous', snapshotStaleMs: 2000 }],
    venues: {
      bybit: {
        endpoint: { ws: `ws://${base}/v5/private`, rest: `http://${base}` },
        credentials: { apiKeyEnv: 'RG_TEST_KEY', secretEnv: 'RG_TEST_SECRET' },
        reconnect: { initialMs: 100, maxMs: 1000, jitter: 0.3 },
        pingIntervalMs: 1000,
        reconcile: { afterMs: 200, cooldownMs: 500 },
      },
    },
    control: { port: 0, server: testServerKind() },
    journal: { dir: journalDir, fsync: 'intervalMs', intervalMs: 20 },
    log: { level: 'info' },
  };
}

interface LogLine {
  readonly level: number;
  readonly msg: string;
  readonly [key: string]: unknown;
}

test(`when riskgate run serves a venue and gets SIGTERM then it exits 0 with a complete journal that replays${onServer()}`, async () => {
  const sim = await SimServer.start({ seed: 3, venue: 'bybit', profile: 'calm', clock: 'realtime', marketStepMs: 25, instruments: [INSTRUMENT], accounts: [ACCOUNT], server: testServerKind() });
  const dir = join(tmp, 'journal');
  const cfg = join(tmp, 'service.json');
  writeFileSync(cfg, JSON.stringify(serviceConfig(sim.port, dir)));
  const child = spawn(process.execPath, [MAIN, 'run', '--config', cfg, '--json'], { cwd: ROOT, env: { ...process.env, ...ENV }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const lines = (): LogLine[] => stdout.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as LogLine);
  const waitFor = async (what: string, pred: (l: LogLine) => boolean, ms = 30_000): Promise<LogLine> => {
    for (const deadline = Date.now() + ms; Date.now() < deadline;) {
      const hit = lines().find(pred);
      if (hit !== undefined) return hit;
      if (child.exitCode !== null) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`no log line for ${what}; stdout:\n${stdout}\nstderr:\n${stderr}`);
  };
  try {
    const started = await waitFor('engine started', (l) => l.msg.startsWith('engine started'));
    const control = started['control'] as { host: string; port: number };
    assert.ok(control.port > 0);
    await waitFor('feed ready', (l) => l['feed'] === 'bybit' && l['event'] === 'ready');
    await waitFor('BTCUSDT healthy', (l) => l['symbol'] === 'BTCUSDT' && l['health'] === 'healthy');
    const metrics = await fetch(`http://${control.host}:${control.port}/metrics`);
    assert.equal(metrics.status, 200);
    assert.match(await metrics.text(), /^riskgate_up 1$/m);
    for (const l of lines()) {
      assert.equal(typeof l.level, 'number');
      assert.match(String(l['time']), /^\d{4}-\d\d-\d\dT/, 'ISO time on every line');
      assert.equal(l['service'], 'riskgate');
    }
    child.kill('SIGTERM');
    const code = await exited;
    assert.equal(code, 0, `stdout:\n${stdout}\nstderr:\n${stderr}`);
    const last = JSON.parse(stdout.trimEnd().split('\n').at(-1)!) as Record<string, unknown>;
    assert.equal(last['stopped'], true);
    assert.equal(last['cleanExit'], true);
    assert.equal(last['journalLost'], 0);
    assert.equal(last['journalError'], null);
    assert.ok((last['journalRecords'] as number) > 0, 'the feed events were journaled');
    assert.ok(lines().some((l) => l.msg.startsWith('stopping (SIGTERM)')));
    const files = readdirSync(dir);
    assert.equal(files.length, 1, files.join(', '));
    assert.equal(join(dir, files[0]!), last['journal']);
    const replay = spawnSync(process.execPath, [MAIN, 'replay', join(dir, files[0]!), '--json'], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
    assert.equal(replay.status, 0, replay.stdout + replay.stderr);
    const r = JSON.parse(replay.stdout.trimEnd().split('\n').at(-1)!) as Record<string, unknown>;
    assert.equal(r['outcome'], 'reproduced');
    assert.equal(r['tornTail'], false, 'the journal was flushed and closed, not cut');
    assert.ok((r['events'] as number) > 0);
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
    await sim.stop();
  }
});

test('when the run config is bad then every problem is named at once, nothing starts, and the exit code is 2', () => {
  const cfg = join(tmp, 'bad.json');
  writeFileSync(cfg, JSON.stringify({
    instrumnets: [],
    venues: { bybit: { credentials: { apiKeyEnv: 'RG_NOT_SET_KEY', secretEnv: 'RG_NOT_SET_SECRET' } } },
    journal: { path: '/tmp/x.rgj', dir: '/tmp' },
    log: { level: 'loud' },
  }));
  const r = spawnSync(process.execPath, [MAIN, 'run', '--config', cfg], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
  assert.equal(r.status, 2, r.stderr);
  assert.equal(r.stdout, '', 'no log line: nothing started');
  assert.match(r.stderr, /^riskgate: --config .*bad\.json: \d+ problem\(s\):/);
  assert.match(r.stderr, /instrumnets/);
  assert.match(r.stderr, /control is required/);
  assert.match(r.stderr, /journal needs exactly one of path .* and dir/);
  assert.match(r.stderr, /log\.level must be one of/);
  const missing = spawnSync(process.execPath, [MAIN, 'run'], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
  assert.equal(missing.status, 2);
  assert.match(missing.stderr, /--config FILE is required/);
});

test('when the run config names credentials the environment lacks then the variable is named and nothing starts', () => {
  const cfg = join(tmp, 'nocreds.json');
  const c = serviceConfig(1, join(tmp, 'unused')) as { venues: { bybit: Record<string, unknown> } };
  c.venues.bybit['credentials'] = { apiKeyEnv: 'RG_NOT_SET_KEY', secretEnv: 'RG_NOT_SET_SECRET' };
  writeFileSync(cfg, JSON.stringify(c));
  const r = spawnSync(process.execPath, [MAIN, 'run', '--config', cfg], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
  assert.equal(r.status, 2, r.stderr);
  assert.match(r.stderr, /RG_NOT_SET_KEY/);
  assert.equal(r.stdout, '');
});

test('when the shipped service config example is validated then it passes, and the unit runs riskgate run with it', async () => {
  const { validateServiceConfig } = await import('../../src/service/service-config.js');
  const { parseConfigText } = await import('../../src/config/parse-json-strict.js');
  const { readFileSync } = await import('node:fs');
  const path = join(ROOT, 'docs/service/riskgate.json');
  const cfg = validateServiceConfig(parseConfigText(readFileSync(path, 'utf8'), path), { BYBIT_API_KEY: 'k', BYBIT_API_SECRET: 's' });
  assert.deepEqual(cfg.journalTarget, { dir: '/var/lib/riskgate' });
  assert.equal(cfg.venues.length, 1);
  const unit = readFileSync(join(ROOT, 'docs/service/riskgate.service'), 'utf8');
  assert.match(unit, /^ExecStart=.*riskgate run --config \/etc\/riskgate\/riskgate\.json$/m);
  assert.match(unit, /^KillSignal=SIGTERM$/m);
  assert.match(unit, /^RestartPreventExitStatus=2$/m);
});
