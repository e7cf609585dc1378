#!/usr/bin/env node
/**
 * bench-pinned: the benchmark suite, pinned with the host check's CPU map.
 *
 *   node scripts/bench-pinned.mjs [run-pinned options --] [bench options]
 *   e.g. node scripts/bench-pinned.mjs --filter ring     node scripts/bench-pinned.mjs --ci
 *
 * Runs `node --expose-gc dist/bench/run.js ARGS` through scripts/run-pinned.mjs, which takes the
 * map from RISKGATE_CPU_MAP or host-check's suggestion, checks it (a FAIL stops with exit 2),
 * starts the bench under `taskset` off the risk CPU and passes the map in RISKGATE_CPU_MAP. The
 * bench then pins: the engine's risk thread and every baseline consumer to `risk`, producers
 * (feed workers, baseline producers) to `feeds[0]`, the strategy worker to `control`; and it
 * records the map and whether the risk thread reported itself pinned in
 * bench/results/latest.json (`pinning`). Build first (`npm run build`). Exit status: the bench's.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const argv = process.argv.slice(2);
const split = argv.indexOf('--');
const pinnedArgs = split >= 0 ? argv.slice(0, split) : [];
const benchArgs = split >= 0 ? argv.slice(split + 1) : argv;
const child = spawn(process.execPath, [
  'scripts/run-pinned.mjs', ...pinnedArgs, '--', process.execPath, '--expose-gc', 'dist/bench/run.js', ...benchArgs,
], { cwd: root, stdio: 'inherit' });
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(sig, () => child.kill(sig));
child.on('exit', (code, signal) => {
  process.exitCode = code ?? (signal === null ? 1 : 128);
});
