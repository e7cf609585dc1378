#!/usr/bin/env node
/**
 * Makes the pinning addon available: the package's prebuild for this platform when one ships
 * and loads (native-bindings/prebuilds/linux-x64/, made by scripts/prebuild-native.mjs when the
 * package is packed), else a build from source into native-bindings/build/Release/ with npm's
 * bundled node-gyp: the fallback, for other platforms and for a prebuild that does not load.
 *
 * Run by the root package's `install` script, so it runs on every `npm install` / `npm ci`
 * (installed with --ignore-scripts it does not run: the prebuild is still found at run time;
 * without one the engine warns, loudly, when a CPU map asks for pinning).
 * It NEVER fails the install: on a platform other than Linux, with RISKGATE_SKIP_NATIVE=1,
 * without node-gyp or a compiler, or when the built file does not load, it prints ONE line
 * saying why and exits 0. The engine then runs unpinned (src/native/ has a typed fallback).
 * The compiler's full output goes to native-bindings/build/build-native.log.
 *
 * Offline by construction: node-gyp gets --nodedir pointing at the headers that ship with this
 * Node (prefix/include/node), so it never tries to download them.
 *
 * Environment:
 *   RISKGATE_SKIP_NATIVE=1   skip the build (also how a test forces the "not built" path)
 *   RISKGATE_BUILD_NATIVE=1  build from source even when a prebuild loads
 *   RISKGATE_NODEDIR=DIR     override the --nodedir passed to node-gyp
 *   RISKGATE_NATIVE_VERBOSE=1  stream node-gyp's output instead of logging it to the file
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const buildDir = join(here, 'build');
const addonPath = join(buildDir, 'Release', 'riskgate_native.node');
const logPath = join(buildDir, 'build-native.log');
const PREFIX = 'riskgate: native addon';
const BUILD_TIMEOUT_MS = 5 * 60_000;

function done(line) {
  console.log(`${PREFIX} ${line}`);
  process.exit(0);
}

/** npm's own node-gyp: npm sets npm_config_node_gyp for scripts; else find it beside npm. */
function findNodeGyp() {
  const candidates = [process.env.npm_config_node_gyp];
  if (process.env.npm_execpath) {
    candidates.push(resolve(dirname(process.env.npm_execpath), '../node_modules/node-gyp/bin/node-gyp.js'));
  }
  const prefix = resolve(dirname(process.execPath), '..');
  candidates.push(join(prefix, 'lib/node_modules/npm/node_modules/node-gyp/bin/node-gyp.js'));
  return candidates.find((c) => c !== undefined && c !== '' && existsSync(c));
}

/** Headers shipped with this Node (e.g. /usr/include/node/node_api.h -> --nodedir=/usr). */
function findNodeDir() {
  if (process.env.RISKGATE_NODEDIR) return process.env.RISKGATE_NODEDIR;
  const prefix = resolve(dirname(process.execPath), '..');
  if (existsSync(join(prefix, 'include/node/node_api.h'))) return prefix;
  if (process.env.npm_config_nodedir) return process.env.npm_config_nodedir;
  return undefined;
}

/** The one line of node-gyp's output that says why: its stack head, a compiler error, or the last line. */
function lastErrorLine(text) {
  const lines = text.split('\n').map((l) => l.trim()).filter((l) => l !== '');
  const pick =
    lines.find((l) => /: (fatal )?error: /.test(l)) ??
    lines.find((l) => /: (not found|No such file or directory)$/.test(l)) ??
    lines.find((l) => /^gyp ERR! stack Error: /.test(l))?.replace(/^gyp ERR! stack Error: /, '') ??
    lines.find((l) => /^gyp ERR! /.test(l) && !/^gyp ERR! (cwd|node -v|node-gyp -v|not ok|command|System|find Python)/.test(l)) ??
    lines.at(-1) ??
    'no output';
  return pick.slice(0, 200);
}

/** The shipped prebuild for `platformArch` (e.g. linux-x64), or undefined. */
function prebuildFor(platformArch) {
  const dir = join(here, 'prebuilds', platformArch);
  if (!existsSync(dir)) return undefined;
  const file = readdirSync(dir).find((f) => f.endsWith('.node'));
  return file === undefined ? undefined : join(dir, file);
}

/** Why the addon at `path` does not work (loads and answers getTid), or undefined when it does. */
function loadProblem(path) {
  try {
    const addon = createRequire(import.meta.url)(path);
    const tid = addon.getTid();
    if (typeof tid !== 'number' || tid <= 0) return `getTid() returned ${String(tid)}`;
    return undefined;
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
}

function main() {
  if (process.platform !== 'linux') done(`skipped: platform ${process.platform} is not Linux; threads will run unpinned`);
  if (process.env.RISKGATE_SKIP_NATIVE === '1') done('skipped: RISKGATE_SKIP_NATIVE=1; threads will run unpinned');

  if (process.env.RISKGATE_BUILD_NATIVE !== '1') {
    const prebuilt = prebuildFor(`${process.platform}-${process.arch}`);
    if (prebuilt !== undefined) {
      const why = loadProblem(prebuilt);
      if (why === undefined) done(`prebuilt for ${process.platform}-${process.arch}: ${prebuilt}`);
      console.log(`${PREFIX}: the prebuild ${prebuilt} does not load (${why}); building from source`);
    }
  }

  const nodeGyp = findNodeGyp();
  if (nodeGyp === undefined) done("not built: npm's bundled node-gyp not found; threads will run unpinned");

  const args = [nodeGyp, 'rebuild', '--release'];
  const nodeDir = findNodeDir();
  if (nodeDir !== undefined) args.push(`--nodedir=${nodeDir}`);

  const verbose = process.env.RISKGATE_NATIVE_VERBOSE === '1';
  const r = spawnSync(process.execPath, args, {
    cwd: here,
    encoding: 'utf8',
    stdio: verbose ? 'inherit' : 'pipe',
    timeout: BUILD_TIMEOUT_MS,
    env: { ...process.env, npm_config_offline: 'true' },
  });
  const output = `$ ${process.execPath} ${args.join(' ')}\n${r.stdout ?? ''}${r.stderr ?? ''}`;
  try {
    mkdirSync(buildDir, { recursive: true });
    writeFileSync(logPath, output);
  } catch {
    // the log is a convenience; never fail the install over it
  }
  if (r.error !== undefined || r.status !== 0) {
    const why = r.error !== undefined ? r.error.message : lastErrorLine(output);
    done(`not built (${why}); threads will run unpinned. Log: ${logPath}`);
  }
  if (!existsSync(addonPath)) done(`not built: node-gyp succeeded but ${addonPath} is missing; threads will run unpinned`);

  // Load it once so a broken build is reported now, not at engine start-up.
  const why = loadProblem(addonPath);
  if (why !== undefined) done(`built but does not load (${why}); threads will run unpinned`);
  done(`built: ${addonPath}`);
}

try {
  main();
} catch (e) {
  done(`not built (${e instanceof Error ? e.message : String(e)}); threads will run unpinned`);
}
