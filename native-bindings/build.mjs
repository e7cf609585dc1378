#!/usr/bin/env node
/**
 * Builds native-bindings/build/Release/riskgate_native.node with npm's bundled node-gyp.
 *
 * Run by the root package's `install` script, so it runs on every `npm install` / `npm ci`.
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
 *   RISKGATE_NODEDIR=DIR     override the --nodedir passed to node-gyp
 *   RISKGATE_NATIVE_VERBOSE=1  stream node-gyp's output instead of logging it to the file
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
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

function main() {
  if (process.platform !== 'linux') done(`skipped: platform ${process.platform} is not Linux; threads will run unpinned`);
  if (process.env.RISKGATE_SKIP_NATIVE === '1') done('skipped: RISKGATE_SKIP_NATIVE=1; threads will run unpinned');

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
  try {
    const addon = createRequire(import.meta.url)(addonPath);
    const tid = addon.getTid();
    if (typeof tid !== 'number' || tid <= 0) throw new Error(`getTid() returned ${String(tid)}`);
  } catch (e) {
    done(`built but does not load (${e instanceof Error ? e.message : String(e)}); threads will run unpinned`);
  }
  done(`built: ${addonPath}`);
}

try {
  main();
} catch (e) {
  done(`not built (${e instanceof Error ? e.message : String(e)}); threads will run unpinned`);
}
