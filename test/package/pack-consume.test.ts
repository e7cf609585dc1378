/**
 * The package as a new user meets it: `npm pack`, installed into a fresh TypeScript project
 * (with --ignore-scripts, the pnpm and bun default: nothing compiles on install), then a strict
 * compile of a file using the embedding API and every entry point, a misspelled config that must
 * NOT compile, `npx riskgate --version`, and every program in examples/ compiled and run.
 *
 * Needs the npm registry for the package's own dependencies (npm's cache serves repeats).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, posix } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const version = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version;

function run(cmd: string, args: readonly string[], cwd: string, timeoutMs = 240_000): SpawnSyncReturns<string> {
  return spawnSync(cmd, args, { cwd, encoding: 'utf8', timeout: timeoutMs, env: { ...process.env, npm_config_update_notifier: 'false', npm_config_fund: 'false', npm_config_audit: 'false' } });
}
function ok(r: SpawnSyncReturns<string>, what: string): string {
  assert.equal(r.status, 0, `${what} failed (status ${r.status ?? r.signal}):\n${r.stdout}\n${r.stderr}`.slice(-4000));
  return r.stdout;
}

const started = Date.now();
/** Where the time goes (printed; never asserted: the machine may be loaded). */
const phase = (what: string): void => { console.error(`pack-consume: ${what} after ${((Date.now() - started) / 1000).toFixed(1)} s`); };

const TSC_STRICT = ['--noEmit', '--strict', '--noUncheckedIndexedAccess', '--target', 'ES2023', '--module', 'NodeNext', '--moduleResolution', 'NodeNext'];

const GOOD = `
import { RiskGate, Side, DenyReason, StrategyClient, validateConfig, type RiskGateConfig, type SideValue } from 'riskgate';
import { BybitDecoder } from 'riskgate/venues';
import { Reconciler, LiveFeed, LIVE_FEED_SOURCE } from 'riskgate/feeds';
import { SimServer } from 'riskgate/sim';
import { parseScenario, NaiveGate, ManualClock } from 'riskgate/testing';

const config: RiskGateConfig = { instruments: [{ symbol: 'BTCUSDT', maxLong: 10, maxShort: 10, sequence: 'monotonic', lotSize: '0.001' }] };
const gate = new RiskGate(config, { idle: 'park', control: { port: 0, tokenEnv: 'RISKGATE_TOKEN' }, journal: { path: 'j.rgj', fsync: 'everyRecord' } });
const side: SideValue = Side.BUY;
const decide = (c: StrategyClient): boolean => c.decideOrder(1, 0, side, 1, 100) === DenyReason.APPROVED;
export const used = [gate, decide, validateConfig(config), BybitDecoder, Reconciler, LiveFeed, LIVE_FEED_SOURCE, SimServer, parseScenario, NaiveGate, new ManualClock(0)];
`;

/** Each line a mistake the types must refuse, tagged so the compiler's errors can be matched to it. */
const BAD = `
import { RiskGate, StrategyClient } from 'riskgate';
new RiskGate({ instrumnets: [{ symbol: 'BTCUSDT', maxLong: 10, maxShort: 10 }] }); // BAD-1 misspelled top key
new RiskGate({ instruments: [{ symbol: 'BTCUSDT', maxLong: '10', maxShort: 10 }] }); // BAD-2 string limit
new RiskGate({ instruments: [{ symbol: 'BTCUSDT', maxLong: 10, maxShort: 10 }] }, { control: { prot: 9000 } }); // BAD-3 misspelled control key
new RiskGate({ instruments: [{ symbol: 'BTCUSDT', maxLong: 10, maxShort: 10, sequence: 'strict' }] }); // BAD-4 unknown mode
export const f = (c: StrategyClient) => c.decideOrder(1, 0, 2, 1, 100); // BAD-5 a side that is not Side.BUY or Side.SELL
`;

test('when the packed package is installed into a fresh project then it types, refuses bad configs, runs its bin and every example', { timeout: 600_000 }, () => {
  const tmp = mkdtempSync(join(tmpdir(), 'riskgate-consumer-'));
  try {
    // The prebuild as `prepack` makes it; then pack without scripts (the test run has built dist/).
    ok(run(process.execPath, [join(root, 'scripts', 'prebuild-native.mjs')], root), 'prebuild-native');
    const packed = ok(run('npm', ['pack', '--ignore-scripts', '--silent', '--pack-destination', tmp], root), 'npm pack').trim().split('\n').at(-1)!;
    const tgz = join(tmp, packed);
    phase('packed');

    const files = ok(run('tar', ['-tzf', tgz], tmp), 'tar -t').split('\n').filter((l) => l !== '').map((l) => l.replace(/^package\//, ''));
    assert.ok(files.includes('LICENSE'), 'LICENSE in the package');
    assert.ok(files.includes('native-bindings/prebuilds/linux-x64/node.napi.node'), 'the prebuilt linux-x64 addon in the package');
    const leftovers = files.filter((f) => /native-bindings\/build\/|\.o$|build-native\.log$|Makefile$|\.tgz$|^dist\/test\/|^dist\/bench\//.test(f));
    assert.deepEqual(leftovers, [], 'no build leftovers');
    // Every source map's sources are in the package. The maps are read from one extraction of
    // the tarball: a `tar -xzOf` per map decompressed the whole tarball once per map.
    const maps = files.filter((f) => f.endsWith('.js.map'));
    if (maps.length > 0) {
      const unpacked = join(tmp, 'unpacked');
      mkdirSync(unpacked);
      ok(run('tar', ['-xzf', tgz, '-C', unpacked, ...maps.map((m) => `package/${m}`)], tmp), 'tar -x the source maps');
      const listed = new Set(files);
      for (const map of maps) {
        const sources = (JSON.parse(readFileSync(join(unpacked, 'package', map), 'utf8')) as { sources: string[] }).sources;
        for (const s of sources) assert.ok(listed.has(posix.normalize(posix.join(posix.dirname(map), s))), `${map} points at ${s}, which the package lacks`);
      }
    }

    const c = join(tmp, 'consumer');
    mkdirSync(c);
    writeFileSync(join(c, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
    // --omit=optional: the second uWebSockets.js build (binaries for several ABIs) is not what is tested here.
    ok(run('npm', ['install', '--ignore-scripts', '--prefer-offline', '--omit=optional', '--no-audit', '--no-fund', tgz, '@types/node@20.19.43'], c), 'consumer npm install');
    phase('consumer installed');
    // The project's own TypeScript (the version the package is built with); types resolve from the consumer.
    const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');

    // One strict compile of both files (the package's declarations, checked without
    // skipLibCheck, are the bulk of the work; checking them twice proved nothing more): no error
    // outside bad.ts, and one on each of its lines.
    writeFileSync(join(c, 'good.ts'), GOOD);
    writeFileSync(join(c, 'bad.ts'), BAD);
    const both = run(process.execPath, [tsc, ...TSC_STRICT, '--pretty', 'false', 'good.ts', 'bad.ts'], c);
    phase('compiled');
    assert.notEqual(both.status, 0, 'the misspelled config compiled');
    const errors = [...both.stdout.matchAll(/^(.+?)\((\d+),\d+\): error/gm)].map((m) => ({ file: m[1]!, line: Number(m[2]) }));
    assert.ok(errors.length > 0, `no compile error parsed from:\n${both.stdout}${both.stderr}`);
    assert.deepEqual(errors.filter((e) => e.file !== 'bad.ts'), [], `strict compile of the embedding API (good.ts and the package's declarations):\n${both.stdout}`);
    const errorLines = new Set(errors.map((e) => e.line));
    BAD.split('\n').forEach((line, i) => {
      if (line.includes('// BAD-')) assert.ok(errorLines.has(i + 1), `no compile error for line ${i + 1}: ${line}\n${both.stdout}`);
    });

    const v = ok(run('npx', ['--no-install', 'riskgate', '--version'], c), 'npx riskgate --version');
    assert.match(v, new RegExp(`\\b${version.replaceAll('.', '\\.')}\\b`));

    // Installed with --ignore-scripts: nothing compiled, the prebuild pins.
    const pin = ok(run(process.execPath, ['--input-type=module', '-e', `
      import { resolveAddonPath, loadNativeAddon } from './node_modules/riskgate/dist/src/native/index.js';
      console.log(JSON.stringify({ path: resolveAddonPath(), loaded: loadNativeAddon().loaded }));`], c), 'load the addon');
    assert.deepEqual(JSON.parse(pin), { path: join(c, 'node_modules/riskgate/native-bindings/prebuilds/linux-x64/node.napi.node'), loaded: true });

    const ex = join(c, 'examples');
    mkdirSync(ex);
    const programs = readdirSync(join(root, 'examples')).filter((f) => f.endsWith('.ts'));
    assert.ok(programs.length >= 2, 'examples/ has its programs');
    for (const f of [...programs, 'tsconfig.json']) copyFileSync(join(root, 'examples', f), join(ex, f));
    ok(run(process.execPath, [tsc, '-p', 'examples'], c), 'compile examples/');
    phase('examples compiled');
    for (const p of programs) {
      const out = ok(run(process.execPath, [join(ex, 'dist', p.replace(/\.ts$/, '.js'))], c, 60_000), `examples/${p}`);
      assert.notEqual(out.trim(), '', `examples/${p} printed nothing`);
    }
    phase('examples ran');
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
});
