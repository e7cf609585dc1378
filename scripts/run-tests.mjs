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
// It ends with one line of counts, alone on the line, whatever happened:
//   tests: <n> passed, <n> failed, <n> skipped
// preceded by every skipped test grouped by the reason it gave (scripts/test-tally-reporter.mjs),
// so a check that did not run is never mistaken for one that passed.
//
// Why not `node --test dist/test/`: on Node 20 a directory argument runs EVERY .js file under a
// `test/` folder, worker fixtures and helpers included, and globs are not supported before
// Node 21. So the files are listed here.
import { readdirSync, statSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
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
const tallyDir = mkdtempSync(join(tmpdir(), 'riskgate-tests-'));
const tallyFile = join(tallyDir, 'tally.json');
const reporter = new URL('./test-tally-reporter.mjs', import.meta.url).href;
const t = spawnSync(process.execPath, [
  '--expose-gc', '--test',
  '--test-reporter=spec', '--test-reporter-destination=stdout',
  `--test-reporter=${reporter}`, `--test-reporter-destination=${tallyFile}`,
  ...chosen,
], { stdio: 'inherit', cwd: root });
const tally = readTally();
rmSync(tallyDir, { recursive: true, force: true });
const testsLine = tally === undefined
  ? 'tests: counts unavailable (the test runner wrote no tally)'
  : `tests: ${tally.passed} passed, ${tally.failed} failed, ${tally.skipped} skipped`;
if (tally !== undefined) printSkips(tally.skips);
if (t.status !== 0 || tally === undefined || tally.failed > 0) {
  if (tally !== undefined) for (const f of tally.failures) console.error(`run-tests: failed: ${f.name}${f.file ? ` (${relative(root, f.file)})` : ''}`);
  console.error(`run-tests: the test runner exited with status ${t.status ?? t.signal}; benchmark floors not run`);
  console.log(testsLine);
  process.exit(t.status === 0 || t.status === null ? 1 : t.status);
}
if (filters.length > 0 || noBench) {
  console.error(`run-tests: tests passed; benchmark floors not run (${noBench ? '--no-bench' : 'a filter was given'}: \`npm test\` alone runs them)`);
  console.log(testsLine);
  process.exit(0);
}
console.error('run-tests: tests passed; now the benchmark floors (bench:ci, about a minute)');
const b = spawnSync(process.execPath, ['--expose-gc', join(root, 'dist', 'bench', 'run.js'), '--ci'], { stdio: 'inherit', cwd: root });
console.error(`run-tests: benchmark floors ${b.status === 0 ? 'held' : `failed (status ${b.status ?? b.signal})`}`);
console.log(testsLine);
process.exit(b.status ?? 1);

/** The reporter's tally, or undefined when the runner died before writing it. */
function readTally() {
  try {
    return JSON.parse(readFileSync(tallyFile, 'utf8'));
  } catch {
    return undefined;
  }
}

/** Every skipped test, grouped by the reason it gave. */
function printSkips(skips) {
  if (skips.length === 0) return;
  const byReason = new Map();
  for (const s of skips) byReason.set(s.reason, [...(byReason.get(s.reason) ?? []), s]);
  console.error(`run-tests: ${skips.length} test(s) skipped:`);
  for (const [reason, list] of byReason) {
    console.error(`  ${list.length} skipped: ${reason}`);
    for (const s of list) console.error(`    - ${s.name}${s.file ? ` (${relative(root, s.file)})` : ''}`);
  }
}
