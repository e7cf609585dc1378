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
// Servers: the test files that reach the control server or the simulator (those importing
// test/server/support/test-server.ts, directly or through their helpers) run once per server
// that runs on this Node and this host, `RISKGATE_TEST_SERVER` telling them which: `uws` and
// `node` where a native uWebSockets.js build loads, `node` alone where none does (printed with
// the reason). Every other file runs once. The counts line adds up every pass.
//
// Why not `node --test dist/test/`: on Node 20 a directory argument runs EVERY .js file under a
// `test/` folder, worker fixtures and helpers included, and globs are not supported before
// Node 21. So the files are listed here.
import { readdirSync, statSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
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

/** Whether `file` reaches test-server.js through relative imports (any relative '.js' literal counts). */
const reachCache = new Map();
function reachesTestServer(file, seen = new Set()) {
  if (reachCache.has(file)) return reachCache.get(file);
  if (seen.has(file) || !existsSync(file)) return false;
  seen.add(file);
  if (file.endsWith(join('server', 'support', 'test-server.js'))) return true;
  const text = readFileSync(file, 'utf8');
  let hit = false;
  for (const m of text.matchAll(/['"](\.{1,2}\/[^'"]+\.js)['"]/g)) {
    if (reachesTestServer(resolve(dirname(file), m[1]), seen)) {
      hit = true;
      break;
    }
  }
  reachCache.set(file, hit);
  return hit;
}

const { loadUws } = await import(new URL('../dist/src/server/index.js', import.meta.url).href);
const uws = loadUws();
const servers = uws.module !== undefined ? ['uws', 'node'] : ['node'];
const serverFiles = chosen.filter((f) => reachesTestServer(f));
console.error(`run-tests: Node ${process.versions.node}; ${chosen.length} test files; ${serverFiles.length} of them on ${servers.join(' and ')}`
  + (uws.module !== undefined ? ` (uws: ${uws.build})` : ` (no uws: ${uws.attempts.map((a) => `${a.build}: ${a.reason}`).join('; ')})`));
const tallyDir = mkdtempSync(join(tmpdir(), 'riskgate-tests-'));
const reporter = new URL('./test-tally-reporter.mjs', import.meta.url).href;
const passes = [{ files: chosen, server: servers[0] }];
for (const server of servers.slice(1)) if (serverFiles.length > 0) passes.push({ files: serverFiles, server });
const tally = { passed: 0, failed: 0, skipped: 0, skips: [], failures: [] };
let status = 0;
let complete = true;
for (const [i, pass] of passes.entries()) {
  if (i > 0) console.error(`run-tests: the ${pass.files.length} server-facing test files again, on the ${pass.server} server`);
  const tallyFile = join(tallyDir, `tally-${i}.json`);
  const t = spawnSync(process.execPath, [
    '--expose-gc', '--test',
    '--test-reporter=spec', '--test-reporter-destination=stdout',
    `--test-reporter=${reporter}`, `--test-reporter-destination=${tallyFile}`,
    ...pass.files,
  ], { stdio: 'inherit', cwd: root, env: { ...process.env, RISKGATE_TEST_SERVER: pass.server } });
  const one = readTally(tallyFile);
  if (one === undefined) complete = false;
  else {
    tally.passed += one.passed;
    tally.failed += one.failed;
    tally.skipped += one.skipped;
    tally.skips.push(...one.skips);
    tally.failures.push(...one.failures.map((f) => ({ ...f, name: `${f.name}${i > 0 ? ` [${pass.server} server]` : ''}` })));
  }
  if (t.status !== 0 && status === 0) status = t.status ?? 1;
  if (status !== 0 || !complete) break;
}
rmSync(tallyDir, { recursive: true, force: true });
const testsLine = !complete
  ? 'tests: counts unavailable (the test runner wrote no tally)'
  : `tests: ${tally.passed} passed, ${tally.failed} failed, ${tally.skipped} skipped`;
if (complete) printSkips(tally.skips);
if (status !== 0 || !complete || tally.failed > 0) {
  for (const f of tally.failures) console.error(`run-tests: failed: ${f.name}${f.file ? ` (${relative(root, f.file)})` : ''}`);
  console.error(`run-tests: the test runner exited with status ${status}; benchmark floors not run`);
  console.log(testsLine);
  process.exit(status === 0 ? 1 : status);
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
function readTally(tallyFile) {
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
