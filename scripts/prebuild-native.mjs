#!/usr/bin/env node
// Makes native-bindings/prebuilds/<platform>-<arch>/node.napi.node, the pinning addon shipped in
// the package so that a consumer compiles nothing (run by `prepack`, so `npm pack` and
// `npm publish` ship a fresh one). prebuildify builds it with npm's bundled node-gyp against the
// headers that ship with this Node (--nodedir: nothing is downloaded), as N-API: one binary for
// every Node version. Then the file is copied (prebuildify hard-links it to the build output) and
// loaded once: a prebuild that does not load is never shipped. Linux x64 only (the platform the
// package ships a prebuild for); anywhere else it says so and makes none.
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const cwd = join(root, 'native-bindings');
const target = `${process.platform}-${process.arch}`;
if (target !== 'linux-x64') {
  console.log(`prebuild-native: no prebuild made on ${target} (the package ships linux-x64 only)`);
  process.exit(0);
}
const nodeGyp = [
  process.env.npm_config_node_gyp,
  process.env.npm_execpath && resolve(dirname(process.env.npm_execpath), '../node_modules/node-gyp/bin/node-gyp.js'),
  join(resolve(dirname(process.execPath), '..'), 'lib/node_modules/npm/node_modules/node-gyp/bin/node-gyp.js'),
].find((c) => c && existsSync(c));
if (nodeGyp === undefined) fail("npm's bundled node-gyp not found");
const nodeDir = process.env.RISKGATE_NODEDIR ?? resolve(dirname(process.execPath), '..');
if (!existsSync(join(nodeDir, 'include/node/node_api.h'))) fail(`no Node headers under ${nodeDir}/include/node (set RISKGATE_NODEDIR)`);

// prebuildify runs `node-gyp` from PATH: a shim that runs npm's own.
const shim = mkdtempSync(join(tmpdir(), 'riskgate-prebuild-'));
writeFileSync(join(shim, 'node-gyp'), `#!/bin/sh\nexec "${process.execPath}" "${nodeGyp}" "$@"\n`);
chmodSync(join(shim, 'node-gyp'), 0o755);
// Built in a copy of binding.gyp and src/: the checkout's own build/ (the install script's) is
// left alone, and nothing of prebuildify's build tree reaches the package.
const work = mkdtempSync(join(tmpdir(), 'riskgate-prebuild-src-'));
copyFileSync(join(cwd, 'binding.gyp'), join(work, 'binding.gyp'));
cpSync(join(cwd, 'src'), join(work, 'src'), { recursive: true });
const out = join(cwd, 'prebuilds', target);
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
const prebuildify = join(root, 'node_modules', 'prebuildify', 'bin.js');
const r = spawnSync(process.execPath, [prebuildify, '--napi', '--strip'], {
  cwd: work,
  encoding: 'utf8',
  env: { ...process.env, PATH: `${shim}:${process.env.PATH}`, npm_config_nodedir: nodeDir, npm_config_offline: 'true' },
});
rmSync(shim, { recursive: true, force: true });
const made = join(work, 'prebuilds', target);
const built = r.status === 0 && existsSync(made) ? readdirSync(made).filter((f) => f.endsWith('.node')) : [];
if (r.status !== 0 || built.length !== 1) {
  rmSync(work, { recursive: true, force: true });
  fail(r.status !== 0 ? `prebuildify failed:\n${`${r.stdout ?? ''}${r.stderr ?? ''}`.slice(-2000)}` : `expected one .node in ${made}, found ${built.length}`);
}
// A copy (prebuildify hard-links its output to build/Release), under the N-API name node-gyp-build reads.
const file = join(out, 'node.napi.node');
copyFileSync(join(made, built[0]), file);
rmSync(work, { recursive: true, force: true });
try {
  const tid = createRequire(import.meta.url)(file).getTid();
  if (typeof tid !== 'number' || tid <= 0) throw new Error(`getTid() returned ${String(tid)}`);
} catch (e) {
  rmSync(out, { recursive: true, force: true });
  fail(`the prebuild does not load: ${e instanceof Error ? e.message : String(e)}`);
}
console.log(`prebuild-native: ${file}`);

function fail(why) {
  console.error(`prebuild-native: ${why}`);
  process.exit(1);
}
