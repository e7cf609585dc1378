#!/usr/bin/env node
// `npm test`: runs the compiled test files (dist/test/**/*.test.js) with node's test runner and,
// when every test passed and no filter was given, the benchmark floors (`bench:ci`): CI runs
// exactly `npm test`, and the benchmark suite's ratios (ring vs postMessage and ringbuf.js, zero
// GC on the risk thread) are part of what CI keeps from regressing.
//
//   npm test                  every test, then the bench floors (bench/floors.ts)
//   npm test -- ring venues   only test files whose path contains one of the words; no bench
//   npm run test:unit         every test, no bench (the quick loop while developing)
//   --durations               also print every file's wall and CPU time, longest first
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
// Concurrency: each (file, server) pair is one node process running the file (node:test runs its
// tests in that process; the reporters below are given on its command line). One per core (at
// least 2) run at once, and up to three times that while the host's CPUs are idle
// (RISKGATE_TEST_JOBS=N: exactly N): most files spend their time waiting on threads, timers and
// child processes (a run's files together keep 2 cores busy well under all of its wall time), so
// the extra files fill idle cores without starving anyone, and a busy host gets no extra. A file's
// output is printed whole when it ends, under a header naming it, its server, its wall and CPU
// time; the run ends with its longest files (`--durations`: all of them). Files start longest
// first, by the last run's times on this machine (node_modules/.cache/riskgate-test-times.json),
// else by scripts/test-times.json (wall times of one full run on a quiet 2-core host, committed,
// so a fresh clone such as CI's also starts its long files first and does not end waiting on
// one; a loaded host's times would misorder it, its waits stretch more than its CPU work);
// times only order the run. No test asserts a duration, so running beside another file
// changes no verdict; a test that waits for something bounds the wait generously, and a time-out
// is a failure named as such.
// A file still running after RISKGATE_TEST_FILE_TIMEOUT_S (900) is killed with its processes
// and counted as failed: a hang never hangs the whole run.
//
// Why not `node --test dist/test/`: on Node 20 a directory argument runs EVERY .js file under a
// `test/` folder, worker fixtures and helpers included, and globs are not supported before
// Node 21. So the files are listed here. And not `node --test <file>` either: that starts a
// second process per file (the runner, which then spawns the file), about 0.4 s of CPU each time
// for nothing, over 160 file runs a minute of CPU. Run directly, a file that fails to load or
// whose process dies writes no tally: it counts as one failed test, named with its exit status.
import { readdirSync, statSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { spawn, spawnSync } from 'node:child_process';

const root = new URL('..', import.meta.url).pathname;
const dir = join(root, 'dist', 'test');
if (!existsSync(dir)) {
  console.error('run-tests: dist/test does not exist; build first (npm run build)');
  process.exit(2);
}
const args = process.argv.slice(2);
const noBench = args.includes('--no-bench');
const durations = args.includes('--durations');
const filters = args.filter((a) => a !== '--no-bench' && a !== '--durations');
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
// Each file runs in its own process group (so that a hung file is killed with its processes),
// which a terminal's Ctrl-C does not reach: stopping the run stops every running file with it.
const liveGroups = new Set();
for (const [sig, code] of [['SIGINT', 130], ['SIGTERM', 143], ['SIGHUP', 129]]) {
  process.on(sig, () => {
    for (const pid of liveGroups) {
      try {
        process.kill(-pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    rmSync(tallyDir, { recursive: true, force: true });
    console.error(`run-tests: ${sig}: stopped ${liveGroups.size} running file(s)`);
    process.exit(code);
  });
}
const reporter = new URL('./test-tally-reporter.mjs', import.meta.url).href;
// One unit per file and server: every file on the first server, the server-facing ones again on
// each other server. Units are independent processes, run `jobs` at a time.
const units = chosen.map((file) => ({ file, server: servers[0], first: true }));
for (const server of servers.slice(1)) for (const file of serverFiles) units.push({ file, server, first: false });
const jobs = testJobs();
/** Share of the host's CPU time that must have been idle over the last second for one more file to start beyond the cores. */
const IDLE_TO_ADD = 0.3;
const concurrency = { peak: 0 };
/** Longest a file may run (s) before it is killed and counted as failed. */
const FILE_TIMEOUT_S = positiveEnv('RISKGATE_TEST_FILE_TIMEOUT_S', 900);
const committedTimes = readJson(join(root, 'scripts', 'test-times.json'));
const localTimes = readTimes();
const times = { ...committedTimes, ...localTimes };
const timesSource = Object.keys(localTimes).length > 0 ? 'the last run\'s times on this machine' : 'scripts/test-times.json';
// Longest first: the run ends with short files, so no core idles for long at the end. A file no
// times name (new) counts as UNKNOWN_MS: after the known long files, before the short ones.
const UNKNOWN_MS = 20_000;
// A file measured on another server (a host where uws does not load runs every file on `node`) takes that time.
const byFile = new Map();
for (const [key, ms] of Object.entries(times)) byFile.set(key.split('|')[0], Math.max(byFile.get(key.split('|')[0]) ?? 0, ms));
const expectedMs = (unit) => times[unitKey(unit)] ?? byFile.get(relative(dir, unit.file)) ?? UNKNOWN_MS;
units.sort((a, b) => expectedMs(b) - expectedMs(a));
console.error(`run-tests: ${units.length} file runs, ${jobs.base === jobs.max ? `${jobs.base} at a time (RISKGATE_TEST_JOBS)` : `${jobs.base} at a time (this host's cores, at least 2), up to ${jobs.max} while its CPUs idle`}`
  + `; longest first, by ${timesSource}`);
const tally = { passed: 0, failed: 0, skipped: 0, skips: [], failures: [] };
let status = 0;
let complete = true;
const started = Date.now();
const loadAtStart = loadavg().map((x) => x.toFixed(2)).join(' ');
const results = await runUnits(units, jobs);
for (const r of results) {
  const one = r.tally;
  if (one === undefined) {
    complete = false;
    console.error(`run-tests: ${relative(root, r.unit.file)} [${r.unit.server} server] wrote no tally (exit ${r.status ?? r.signal})`);
  } else {
    tally.passed += one.passed;
    tally.failed += one.failed;
    tally.skipped += one.skipped;
    tally.skips.push(...one.skips);
    tally.failures.push(...one.failures.map((f) => ({ ...f, name: `${f.name}${r.unit.first ? '' : ` [${r.unit.server} server]`}` })));
  }
  if (r.status !== 0 && status === 0) status = r.status ?? 1;
}
rmSync(tallyDir, { recursive: true, force: true });
writeTimes(results);
const byTime = [...results].sort((a, b) => b.ms - a.ms);
if (durations) printDurations(byTime);
const cpuTotal = results.every((r) => r.cpuMs !== undefined) ? results.reduce((a, r) => a + r.cpuMs, 0) : undefined;
console.error(`run-tests: ${results.length} file runs in ${((Date.now() - started) / 1000).toFixed(0)} s wall, at most ${concurrency.peak} at a time`
  + `${cpuTotal === undefined ? '' : `, ${(cpuTotal / 1000).toFixed(0)} s CPU in all`} (load average ${loadAtStart} at the start, ${loadavg().map((x) => x.toFixed(2)).join(' ')} now); the longest: `
  + byTime.slice(0, 8).map((r) => `${unitLabel(r.unit)} ${(r.ms / 1000).toFixed(0)} s`).join(', '));
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

/**
 * Runs every unit, `base` at a time and up to `max` while the host idles (testJobs), each in its
 * own process (`node <file>`: the same isolation as node's runner, which starts a process per
 * file). A unit's output is held until it ends and then printed whole, under one header line, so
 * concurrent files never interleave their lines. Resolves with every unit's status, time and
 * tally, in start order.
 */
async function runUnits(list, { base, max }) {
  const out = new Array(list.length);
  const running = new Set();
  const idle = idleSampler();
  let next = 0;
  let extraAt = -1;
  const start = (k) => {
    const p = runUnit(list[k], k).then((r) => {
      out[k] = r;
      running.delete(p);
    });
    running.add(p);
    concurrency.peak = Math.max(concurrency.peak, running.size);
  };
  while (next < list.length) {
    if (running.size < base) {
      start(next++);
      continue;
    }
    // Beyond `base`, one more file at a time, and only while the host has idle CPU in a sample
    // taken since the last one was added (its start-up shows in the next sample).
    if (running.size < max && idle.generation > extraAt + 1 && idle.share >= IDLE_TO_ADD) {
      extraAt = idle.generation;
      start(next++);
      continue;
    }
    await Promise.race([...running, new Promise((r) => setTimeout(r, 250))]);
  }
  await Promise.all(running);
  idle.stop();
  return out;
}

/** The host's idle share of CPU time, sampled every second (every process on the host counts). */
function idleSampler() {
  const read = () => cpus().reduce((a, c) => ({ idle: a.idle + c.times.idle, total: a.total + c.times.user + c.times.nice + c.times.sys + c.times.idle + c.times.irq }), { idle: 0, total: 0 });
  let prev = read();
  const state = { share: 0, generation: 0, stop: () => clearInterval(timer) };
  const timer = setInterval(() => {
    const now = read();
    const total = now.total - prev.total;
    state.share = total > 0 ? (now.idle - prev.idle) / total : 0;
    state.generation++;
    prev = now;
  }, 1000);
  return state;
}

function runUnit(unit, k) {
  const tallyFile = join(tallyDir, `tally-${k}.json`);
  const t0 = Date.now();
  return new Promise((resolvePromise) => {
    const argv = [
      process.execPath, '--expose-gc',
      '--test-reporter=spec', '--test-reporter-destination=stdout',
      `--test-reporter=${reporter}`, `--test-reporter-destination=${tallyFile}`,
      unit.file,
    ];
    // The file's CPU time (its own and its child processes', once they were waited for) comes
    // from the shell's `times` after it ended, written to a file (not to an extra pipe, which the
    // file's own child processes would inherit and hold open): node gives no rusage of a child.
    const cpuFile = join(tallyDir, `cpu-${k}.txt`);
    const child = spawn('/bin/sh', ['-c', 'f=$1; shift; "$@"; s=$?; times > "$f"; exit $s', 'sh', cpuFile, ...argv],
      { stdio: ['ignore', 'pipe', 'pipe'], cwd: root, env: { ...process.env, RISKGATE_TEST_SERVER: unit.server }, detached: true });
    liveGroups.add(child.pid);
    const chunks = [];
    // A file that hangs must not hang the run: its process group is killed and the file fails.
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
    }, FILE_TIMEOUT_S * 1000);
    child.stdout.on('data', (c) => chunks.push(c));
    child.stderr.on('data', (c) => chunks.push(c));
    child.on('close', (code, signal) => {
      liveGroups.delete(child.pid);
      clearTimeout(timer);
      const ms = Date.now() - t0;
      const cpuMs = childCpuMs(readText(cpuFile));
      if (timedOut) chunks.push(Buffer.from(`run-tests: ${relative(dir, unit.file)} did not finish within ${FILE_TIMEOUT_S} s (RISKGATE_TEST_FILE_TIMEOUT_S): killed, counted as failed\n`));
      process.stdout.write(`run-tests: ${relative(dir, unit.file)}${unit.first ? '' : ` [again, on the ${unit.server} server]`} (${(ms / 1000).toFixed(1)} s${cpuMs === undefined ? '' : `, ${(cpuMs / 1000).toFixed(1)} s CPU`}${code === 0 ? '' : `, exit ${code ?? signal}`})\n`);
      process.stdout.write(Buffer.concat(chunks));
      const tally = readTally(tallyFile);
      if (timedOut) {
        const t = tally ?? { passed: 0, failed: 0, skipped: 0, skips: [], failures: [] };
        resolvePromise({ unit, status: 1, signal, ms, cpuMs, tally: { ...t, failed: t.failed + 1, failures: [...t.failures, { name: `the file did not finish within ${FILE_TIMEOUT_S} s`, file: unit.file }] } });
        return;
      }
      // A file that failed to load, or whose process died, wrote no tally: one failure, named.
      const ran = tally ?? { passed: 0, failed: 1, skipped: 0, skips: [], failures: [{ name: `the file did not run to its end (exit ${code ?? signal}; its output above says why)`, file: unit.file }] };
      resolvePromise({ unit, status: code === 0 && tally === undefined ? 1 : code, signal, ms, cpuMs, tally: ran });
    });
  });
}

function unitLabel(unit) {
  return `${relative(dir, unit.file)}${unit.first ? '' : ` [${unit.server}]`}`;
}

/**
 * `--durations`: every file run, longest first, with its wall and CPU time (its own and its
 * child processes'), and what bounds the run's wall time: the longest file (no schedule ends
 * before it) and the CPU time over the cores (no schedule on this host ends before that).
 */
function printDurations(byTime) {
  console.error('run-tests: durations (wall s, CPU s, CPU/wall), longest first:');
  for (const r of byTime) {
    const cpu = r.cpuMs === undefined ? '-' : (r.cpuMs / 1000).toFixed(1);
    const share = r.cpuMs === undefined ? '-' : (r.cpuMs / r.ms).toFixed(2);
    console.error(`  ${(r.ms / 1000).toFixed(1).padStart(7)} ${cpu.padStart(7)} ${share.padStart(5)}  ${unitLabel(r.unit)}`);
  }
  const wall = byTime.reduce((a, r) => a + r.ms, 0);
  const cpu = byTime.reduce((a, r) => a + (r.cpuMs ?? 0), 0);
  const cores = availableParallelism();
  console.error(`run-tests: sum of file wall times ${(wall / 1000).toFixed(0)} s, of CPU times ${(cpu / 1000).toFixed(0)} s`
    + ` (over ${cores} cores: ${(cpu / 1000 / cores).toFixed(0)} s); longest file ${(byTime[0].ms / 1000).toFixed(0)} s`);
}

/**
 * CPU time (ms, user + system) of the shell's children from the output of `times`, whose second
 * line is theirs ("0m1.234s 0m0.567s"), or undefined when it is missing (the file was killed).
 */
function childCpuMs(text) {
  const line = text.trim().split('\n')[1];
  const m = line === undefined ? null : line.match(/^(\d+)m([\d.]+)s\s+(\d+)m([\d.]+)s$/);
  if (m === null) return undefined;
  return Math.round((Number(m[1]) * 60 + Number(m[2]) + Number(m[3]) * 60 + Number(m[4])) * 1000);
}

function positiveEnv(name, def) {
  const v = process.env[name];
  if (v === undefined) return def;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) {
    console.error(`run-tests: ${name} must be an integer >= 1, not ${JSON.stringify(v)}`);
    process.exit(2);
  }
  return n;
}

/**
 * Files run at once. RISKGATE_TEST_JOBS=N: exactly N. Otherwise one per core (at least 2), and
 * up to three times that while the host's CPUs are idle: most files spend most of their time waiting on
 * threads, timers and child processes, and a busy host (other work, or CPU-heavy files) gets no
 * more than one per core.
 */
function testJobs() {
  const v = process.env.RISKGATE_TEST_JOBS;
  if (v !== undefined) {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 1) {
      console.error(`run-tests: RISKGATE_TEST_JOBS must be an integer >= 1, not ${JSON.stringify(v)}`);
      process.exit(2);
    }
    return { base: n, max: n };
  }
  const base = Math.max(2, availableParallelism());
  return { base, max: 3 * base };
}

/** Where the last run's per-file times are kept (ordering only; missing or bad: scripts/test-times.json orders). */
function timesFile() {
  return join(root, 'node_modules', '.cache', 'riskgate-test-times.json');
}

function unitKey(unit) {
  return `${relative(dir, unit.file)}|${unit.server}`;
}

function readTimes() {
  return readJson(timesFile());
}

/** A JSON object of times, or {} when the file is missing or not one. */
function readJson(path) {
  try {
    const t = JSON.parse(readFileSync(path, 'utf8'));
    return t !== null && typeof t === 'object' && !Array.isArray(t) ? t : {};
  } catch {
    return {};
  }
}

function writeTimes(results) {
  const t = readTimes();
  for (const r of results) t[unitKey(r.unit)] = r.ms;
  try {
    mkdirSync(dirname(timesFile()), { recursive: true });
    writeFileSync(timesFile(), `${JSON.stringify(t)}\n`);
  } catch {
    // ordering only: a read-only tree runs in path order next time
  }
}

function readText(path) {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}

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
