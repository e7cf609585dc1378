#!/usr/bin/env node
// Availability benchmark: `riskgate demo --json` over several seeds per fault profile, one run at
// a time, and the median of each figure per profile against the goals:
//
//   profile    availability   also
//   calm       >= 99%         0 flip-flop trips on the ordinary taker
//   realistic  >= 95%
//   hostile    >= 80%         every block ends <= 2 s after the fault that caused it ends
//   everywhere 0 breaches (riskgate's account, from the simulator's truth)
//
//   node scripts/availability-bench.mjs [--seeds 1,2,3] [--seconds 30] [--profiles calm,realistic,hostile]
//                                       [--venue bybit|binance-usdm] [--json]
//
// A benchmark measures, it does not gate: the exit code is 0 whatever the figures (2 for bad
// arguments, 1 when a run failed: it is listed, and left out of the medians). The simulator runs on the wall clock, so figures move with the
// host's load: the load average is printed beside them. Needs `npm run build` first.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const main = join(root, 'dist', 'src', 'cli', 'main.js');
if (!existsSync(main)) {
  console.error('availability-bench: dist/src/cli/main.js is missing; run npm run build first');
  process.exit(2);
}
const opts = { seeds: [1, 2, 3], seconds: 30, profiles: ['calm', 'realistic', 'hostile'], venue: 'bybit', json: false };
const args = process.argv.slice(2);
for (let i = 0; i < args.length; i++) {
  const a = args[i];
  const v = () => {
    const x = args[++i];
    if (x === undefined) bad(`${a} needs a value`);
    return x;
  };
  if (a === '--seeds') opts.seeds = v().split(',').map(Number);
  else if (a === '--seconds') opts.seconds = Number(v());
  else if (a === '--profiles') opts.profiles = v().split(',');
  else if (a === '--venue') opts.venue = v();
  else if (a === '--json') opts.json = true;
  else bad(`unknown argument ${a}`);
}
if (!opts.seeds.every(Number.isSafeInteger) || opts.seeds.length === 0) bad('--seeds must be a comma-separated list of integers');
if (!(opts.seconds > 0)) bad('--seconds must be a positive number');
function bad(msg) {
  console.error(`availability-bench: ${msg}`);
  process.exit(2);
}

const dir = mkdtempSync(join(tmpdir(), 'riskgate-availability-'));
const runs = [];
const failed = [];
try {
  for (const profile of opts.profiles) {
    for (const seed of opts.seeds) {
      const load = loadavg()[0];
      const t = spawnSync(process.execPath, [main, 'demo', '--profile', profile, '--seed', String(seed), '--seconds', String(opts.seconds),
        '--venue', opts.venue, '--quiet', '--json', '--report', join(dir, `${profile}-${seed}.html`)], { encoding: 'utf8', maxBuffer: 1 << 26 });
      const last = t.stdout.trim().split('\n').at(-1) ?? '';
      let r;
      try {
        r = JSON.parse(last);
      } catch {
        // A run that did not finish (on an overloaded host a feed may not start in time) is
        // reported and left out of the medians, never silently.
        failed.push({ profile, seed, status: t.status, stderr: t.stderr.trim().split('\n').slice(-3).join(' | ') });
        console.error(`${profile.padEnd(9)} seed ${String(seed).padEnd(4)} FAILED (exit ${t.status}): ${failed.at(-1).stderr}`);
        continue;
      }
      runs.push({ ...r, load });
      const g = r.riskgate;
      console.error(`${profile.padEnd(9)} seed ${String(seed).padEnd(4)} availability ${pct(g.availability)} of ${g.oracleApproved}, breaches ${g.breaches}, trips ${g.guardTrips}, `
        + `recovery max ${g.recoveryMsMax ?? '-'} ms, naive breaches ${r.naive.breaches}, runaway trips ${r.runaway?.guardTrips ?? '-'} (first at ${r.runaway?.firstTripMs ?? '-'} ms, after ${r.runaway?.reversalsBeforeTrip ?? '-'} reversals), load ${load.toFixed(2)}`);
    }
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}

const median = (xs) => {
  const v = xs.filter((x) => x !== null && x !== undefined).sort((a, b) => a - b);
  if (v.length === 0) return null;
  const m = Math.floor(v.length / 2);
  return v.length % 2 === 1 ? v[m] : (v[m - 1] + v[m]) / 2;
};
const GOAL = { calm: 0.99, realistic: 0.95, hostile: 0.8 };
const rows = opts.profiles.map((profile) => {
  const rs = runs.filter((r) => r.profile === profile);
  if (rs.length === 0) return { profile, seeds: [], availability: null, availabilityMin: null, goal: GOAL[profile] ?? null, guardTrips: null, guardTripsMax: null, recoveryMsMax: null, recoveryMsWorst: null, breaches: 0, naiveBreaches: null, runawayTrips: null, runawayFirstTripMs: null, load: 0 };
  const g = rs.map((r) => r.riskgate);
  return {
    profile, seeds: rs.map((r) => r.seed),
    availability: median(g.map((x) => x.availability)), availabilityMin: Math.min(...g.map((x) => x.availability ?? 1)),
    goal: GOAL[profile] ?? null,
    guardTrips: median(g.map((x) => x.guardTrips)), guardTripsMax: Math.max(...g.map((x) => x.guardTrips ?? 0)),
    recoveryMsMax: median(g.map((x) => x.recoveryMsMax)), recoveryMsWorst: Math.max(0, ...g.map((x) => x.recoveryMsMax ?? 0)),
    breaches: g.reduce((n, x) => n + x.breaches, 0), naiveBreaches: median(rs.map((r) => r.naive.breaches)),
    runawayTrips: median(rs.map((r) => r.runaway?.guardTrips)), runawayFirstTripMs: median(rs.map((r) => r.runaway?.firstTripMs)),
    load: median(rs.map((r) => r.load)),
  };
});
if (opts.json) {
  console.log(JSON.stringify({ venue: opts.venue, seconds: opts.seconds, rows, runs, failed }));
} else {
  console.log(`availability over seeds ${opts.seeds.join(',')} (${opts.seconds} s each, venue ${opts.venue}); median (worst) per profile`);
  console.log('| profile | availability (min) | goal | guard trips (max) | recovery after fault, ms (worst) | riskgate breaches (sum) | naive breaches | runaway: trips, first trip (ms into the run) | load avg |');
  console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const r of rows) {
    console.log(`| ${r.profile} | ${pct(r.availability)} (${pct(r.availabilityMin)}) | ${r.goal === null ? '-' : `>= ${pct(r.goal, 0)}`} | ${r.guardTrips} (${r.guardTripsMax}) | `
      + `${r.recoveryMsMax ?? '-'} (${r.recoveryMsWorst ?? '-'}) | ${r.breaches} | ${r.naiveBreaches ?? '-'} | ${r.runawayTrips ?? '-'}, ${r.runawayFirstTripMs ?? '-'} ms | ${r.load.toFixed(2)} |`);
  }
  for (const f of failed) console.log(`failed: ${f.profile} seed ${f.seed} (exit ${f.status}): ${f.stderr}`);
}
process.exitCode = failed.length > 0 ? 1 : 0;

function pct(x, digits = 1) {
  return x === null || x === undefined ? '-' : `${(x * 100).toFixed(digits)}%`;
}
