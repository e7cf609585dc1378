#!/usr/bin/env node
// `npm test`: runs the compiled test files (dist/test/**/*.test.js) with node's test runner and,
// when every test passed and no filter was given, the benchmark floors (`bench:ci`): CI runs
// exactly `npm test`, and the benchmark suite's ratios (ring vs postMessage and ringbuf.js, zero
// GC on the risk thread) are part of what CI keeps from regressing.
//
//   npm test                  every test, then the bench floors (bench/floors.ts)
//   npm test -- ring venues   only test files whose path contains one of the words; no bench
//   npm run test:unit         every test, no bench (the quick loop while developing)
//
// Why not `node --test dist/test/`: on Node 20 a directory argument runs EVERY .js file under a
// `test/` folder, worker fixtures and helpers included, and globs are not supported before
// Node 21. So the files are listed here.
import { readdirSync, statSync, existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { spawnSync } from 'node:child_process';

const root = new URL('..', import.meta.url).pathname;
const dir = join(root, 'dist', 'test');
if (!existsSync(dir)) {
  console.error('run-tests: dist/test does not exist; build first (npm run build)');
  process.exit(2);
}
const args = process.argv.slice(2);
const noBench = args.includes('--no-bench');
const filters = args.filter((a) => a !== '--no-bench');
const files = [];
(function walk(d) {
  for (const name of readdirSync(d).sort()) {
    const p = join(d, name);
    if (statSync(p).isDirectory()) walk(p);
    else if (name.endsWith('.test.js')) files.push(p);
  }
})(dir);
const chosen = filters.length === 0 ? files : files.filter((f) => filters.some((x) => relative(dir, f).includes(x)));
if (chosen.length === 0) {
  console.error(`run-tests: no test file matches ${filters.join(', ')}`);
  process.exit(2);
}
console.error(`run-tests: ${chosen.length} test files`);
const t = spawnSync(process.execPath, ['--expose-gc', '--test', '--test-reporter=spec', ...chosen], { stdio: 'inherit', cwd: root });
if (t.status !== 0) process.exit(t.status ?? 1);
if (filters.length > 0 || noBench) {
  console.error(`run-tests: tests passed; benchmark floors not run (${noBench ? '--no-bench' : 'a filter was given'}: \`npm test\` alone runs them)`);
  process.exit(0);
}
console.error('run-tests: tests passed; now the benchmark floors (bench:ci, about a minute)');
const b = spawnSync(process.execPath, ['--expose-gc', join(root, 'dist', 'bench', 'run.js'), '--ci'], { stdio: 'inherit', cwd: root });
process.exit(b.status ?? 1);
