#!/usr/bin/env node
// Runs the compiled test files (dist/test/**/*.test.js) with node's test runner.
//
// Why not `node --test dist/test/`: on Node 20 a directory argument runs EVERY .js file under a
// `test/` folder, worker fixtures and helpers included, and globs are not supported before
// Node 21. So the files are listed here. Arguments filter by substring: `npm test -- ring venues`.
import { readdirSync, statSync, existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { spawnSync } from 'node:child_process';

const root = new URL('..', import.meta.url).pathname;
const dir = join(root, 'dist', 'test');
if (!existsSync(dir)) {
  console.error('run-tests: dist/test does not exist; build first (npm run build)');
  process.exit(2);
}
const files = [];
(function walk(d) {
  for (const name of readdirSync(d).sort()) {
    const p = join(d, name);
    if (statSync(p).isDirectory()) walk(p);
    else if (name.endsWith('.test.js')) files.push(p);
  }
})(dir);
const filters = process.argv.slice(2);
const chosen = filters.length === 0 ? files : files.filter((f) => filters.some((x) => relative(dir, f).includes(x)));
if (chosen.length === 0) {
  console.error(`run-tests: no test file matches ${filters.join(', ')}`);
  process.exit(2);
}
console.error(`run-tests: ${chosen.length} test files`);
const r = spawnSync(process.execPath, ['--expose-gc', '--test', '--test-reporter=spec', ...chosen], { stdio: 'inherit', cwd: root });
process.exit(r.status ?? 1);
