/**
 * Runs the micro-benchmarks: `npm run bench` (all), `npm run bench -- --filter check` (case names
 * containing "check", any case; the option may repeat; the naive baseline always runs too). Needs `node --expose-gc` for a collected heap
 * before each case (npm run bench passes it; without it the run says so and goes on).
 *
 * Each case runs alone in its own tinybench `Bench` (warm-up, then about `TIME_MS` of
 * iterations): one progress line per case on stderr, then a table on stdout (per-call
 * percentiles, ops/s and the ratio to the naive check of the same run), the machine, and
 * bench/results/latest.json. A case whose answers were wrong fails the run (exit 1).
 *
 * Thread topology: everything on the main thread; nothing else of riskgate runs. This machine
 * has 2 cores shared with the rest of the host: other load shows up as noise in p99 and max.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { Bench } from 'tinybench';
import { BenchVerificationError, type BenchCase } from './bench-case.js';
import { describeMachine, machineInfo } from './machine-info.js';
import { riskEngineCases } from './risk/risk-engine.bench.js';

const TIME_MS = 1000;
const WARMUP_MS = 250;
const BASELINE = 'naive check (baseline)';
const RESULTS = new URL('../../bench/results/', import.meta.url);

interface CaseResult {
  readonly name: string;
  readonly callsPerIteration: number;
  readonly iterations: number;
  /** Nanoseconds per call (iteration latency / calls). */
  readonly p50: number;
  readonly p99: number;
  readonly p999: number;
  readonly max: number;
  readonly mean: number;
  /** Calls per second, from the mean. */
  readonly opsPerSec: number;
  /** p50 over the naive check's p50 (undefined when the baseline did not run). */
  ratio: number | undefined;
  readonly verified: true;
}

function usage(message: string): never {
  console.error(`bench: ${message}\nusage: node --expose-gc dist/bench/run.js [--filter <substring>]...`);
  process.exit(2);
}

function parseFilters(argv: readonly string[]): string[] {
  const filters: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--filter') {
      const v = argv[++i];
      if (v === undefined || v === '') usage('--filter needs a value');
      filters.push(v);
    } else if (a.startsWith('--filter=')) {
      filters.push(a.slice('--filter='.length));
    } else {
      usage(`unknown argument ${a}`);
    }
  }
  return filters;
}

function runCase(c: BenchCase): CaseResult {
  const runner = c.setup();
  const bench = new Bench({ time: TIME_MS, warmupTime: WARMUP_MS, warmupIterations: 16, iterations: 16, throws: true });
  bench.add(c.name, () => {
    const w0 = performance.now();
    const timed = runner.iterate();
    return { overriddenDuration: timed, overriddenIterationCost: performance.now() - w0 };
  });
  globalThis.gc?.();
  const [task] = bench.runSync();
  const result = task?.result;
  if (result === undefined || (result.state !== 'completed' && result.state !== 'aborted-with-statistics')) {
    throw new Error(`${c.name}: tinybench did not complete (${result?.state ?? 'no task'})`);
  }
  runner.verify(); // after timing: the calls gave the expected answers
  const l = result.latency;
  const perCall = (ms: number): number => (ms * 1e6) / c.calls;
  return {
    name: c.name,
    callsPerIteration: c.calls,
    iterations: l.samplesCount,
    p50: perCall(l.p50),
    p99: perCall(l.p99),
    p999: perCall(l.p999),
    max: perCall(l.max),
    mean: perCall(l.mean),
    opsPerSec: 1e9 / perCall(l.mean),
    ratio: undefined,
    verified: true,
  };
}

function fmt(ns: number): string {
  return ns >= 100 ? ns.toFixed(0) : ns >= 10 ? ns.toFixed(1) : ns.toFixed(2);
}

function table(results: readonly CaseResult[]): string {
  const head = ['case', 'calls/iter', 'p50 ns/op', 'p99 ns/op', 'p99.9 ns/op', 'max ns/op', 'ops/s', 'x naive'];
  const rows = results.map((r) => [
    r.name,
    String(r.callsPerIteration),
    fmt(r.p50),
    fmt(r.p99),
    fmt(r.p999),
    fmt(r.max),
    Math.round(r.opsPerSec).toLocaleString('en'),
    r.ratio === undefined ? '-' : r.ratio.toFixed(1),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: readonly string[]): string => cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ');
  return [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

function main(): void {
  const filters = parseFilters(process.argv.slice(2));
  const all = riskEngineCases();
  const matched = filters.length === 0 ? all : all.filter((c) => filters.some((f) => c.name.toLowerCase().includes(f.toLowerCase())));
  if (matched.length === 0) usage(`no case matches ${filters.join(', ')}; cases: ${all.map((c) => c.name).join('; ')}`);
  // The baseline always runs: ratios are only meaningful against the same run's floor.
  const chosen = matched.some((c) => c.name === BASELINE) ? matched : [...all.filter((c) => c.name === BASELINE), ...matched];
  const machine = machineInfo();
  if (!machine.gcExposed) console.error('bench: global.gc is not available (run with node --expose-gc): cases start from an uncollected heap');

  const results: CaseResult[] = [];
  const started = performance.now();
  for (const [i, c] of chosen.entries()) {
    const t0 = performance.now();
    process.stderr.write(`[${i + 1}/${chosen.length}] ${c.name} ... `);
    try {
      const r = runCase(c);
      results.push(r);
      process.stderr.write(`p50 ${fmt(r.p50)} ns/op, ${r.iterations} iterations, verified (${((performance.now() - t0) / 1000).toFixed(1)} s)\n`);
    } catch (err) {
      process.stderr.write('FAILED\n');
      const why = err instanceof BenchVerificationError ? `wrong answers: ${err.message}` : String(err instanceof Error ? (err.stack ?? err.message) : err);
      console.error(`bench: ${why}`);
      process.exit(1);
    }
  }
  const base = results.find((r) => r.name === BASELINE);
  for (const r of results) r.ratio = base === undefined ? undefined : r.p50 / base.p50;

  console.log(table(results));
  console.log(`\nmachine: ${describeMachine(machine)}`);
  console.log('per-call figures: tinybench iteration latency / calls per iteration; x naive: p50 over the naive check\'s p50');
  if (base === undefined) console.log('(baseline not selected: no ratios)');

  mkdirSync(RESULTS, { recursive: true });
  const file = new URL('latest.json', RESULTS);
  const json = { date: new Date().toISOString(), filters, machine, timeMsPerCase: TIME_MS, warmupMs: WARMUP_MS, unit: 'ns per call', results };
  writeFileSync(file, JSON.stringify(json, null, 2) + '\n');
  console.log(`results: ${file.pathname} (${((performance.now() - started) / 1000).toFixed(0)} s)`);
}

main();
