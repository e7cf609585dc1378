/**
 * The benchmark suite. `npm run bench` runs everything (a few minutes); `npm run bench --
 * --filter ring` runs the cases whose name or group contains "ring" (the option may repeat;
 * the baselines of the chosen cases always run too); `--rounds N` repeats the cross-thread
 * cases; `--ci` runs the short CI set (5 rounds of the cross-thread floors' cases) and exits 1
 * when a floor of bench/floors.ts is broken. Needs `node --expose-gc`.
 *
 * Suites:
 * - micro (bench/risk, bench/venues): tinybench, one thread; per-call percentiles, ops/s, the
 *   main thread's GCs per million calls, ratio to the baseline (naive check, JSON.parse).
 * - cross-thread (bench/ring, bench/engine): HDR histograms in ns from each message's intended
 *   send time at a fixed rate, plus max-throughput runs; ratios to postMessage, MessagePort
 *   polling and ringbuf.js measured in the same round; GCs of the consumer or the risk thread.
 *
 * Output: one progress line per case on stderr, a table on stdout, bench/results/latest.json
 * and bench/results/latest.html (git-ignored). A case whose answers were wrong fails the run.
 *
 * Threads and cores: micro cases use the main thread only. Each cross-thread case runs two
 * busy threads (producer and consumer, or strategy/feed worker and risk thread); on 2 cores
 * they own the machine, and other load on the host shows in the tails: compare ratios.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { BenchVerificationError, type BenchCase } from './bench-case.js';
import { runFeedPath, runStrategyPath, type IdleName } from './engine/engine-paths.js';
import { FLOORS } from './floors.js';
import type { LatencySummary } from './latency-summary.js';
import { describeMachine, machineInfo } from './machine-info.js';
import { runMicro } from './micro/micro-runner.js';
import { benchPinning } from './pinning.js';
import { htmlReport } from './report/html-report.js';
import type { BaselineRatio, CaseResult, FloorCheck, GcFigures, RunResults } from './results-model.js';
import { runCrossThread, TRANSPORTS } from './ring/cross-thread.bench.js';
import type { TransportName } from './ring/transport.js';
import { riskEngineCases } from './risk/risk-engine.bench.js';
import { venueDecoderCases } from './venues/venue-decoders.bench.js';

const RESULTS = new URL('../../bench/results/', import.meta.url);
const NAIVE = 'naive check (baseline)';
/** Fixed rates of the latency runs (messages or events per second). */
const FEED_RATE = 20_000;
const STRATEGY_RATE = 5_000;

interface Options {
  readonly filters: string[];
  readonly ci: boolean;
  readonly rounds: number;
}

function usage(message: string): never {
  console.error(`bench: ${message}\nusage: node --expose-gc dist/bench/run.js [--filter <substring>]... [--rounds N] [--ci]`);
  process.exit(2);
}

function parseOptions(argv: readonly string[]): Options {
  const filters: string[] = [];
  let ci = false;
  let rounds: number | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined || v === '') usage(`${a} needs a value`);
      return v;
    };
    if (a === '--filter') filters.push(value());
    else if (a.startsWith('--filter=')) filters.push(a.slice('--filter='.length));
    else if (a === '--ci') ci = true;
    else if (a === '--rounds') {
      rounds = Number(value());
      if (!Number.isInteger(rounds) || rounds < 1 || rounds > 50) usage('--rounds must be an integer 1..50');
    } else usage(`unknown argument ${a}`);
  }
  return { filters, ci, rounds: rounds ?? (ci ? 5 : 3) };
}

// ------------------------------------------------------------------------------ the cases

/** One round's measurement of a cross-thread case. */
interface Round {
  readonly summary: LatencySummary | undefined;
  readonly throughput: number;
  readonly gc: readonly GcFigures[];
  /** Engine cases: whether the risk thread reported itself pinned. */
  readonly riskPinned?: boolean;
}

interface Entry {
  readonly name: string;
  readonly suite: 'micro' | 'cross-thread';
  readonly group: string;
  readonly role: 'riskgate' | 'baseline';
  readonly baselines: readonly string[];
  readonly inCi: boolean;
  readonly note?: string;
  /** Micro cases: the tinybench case. */
  readonly micro?: BenchCase;
  /** Cross-thread cases: one round. */
  readonly round?: () => Promise<Round>;
}

interface Sizes {
  readonly transportLatency: [number, number];
  readonly transportThroughput: [number, number];
  readonly feedLatency: [number, number];
  readonly feedThroughput: [number, number];
  readonly strategyLatency: [number, number];
  readonly strategyThroughput: [number, number];
}

const FULL: Sizes = {
  transportLatency: [5_000, 40_000],
  transportThroughput: [100_000, 1_000_000],
  feedLatency: [8_000, 40_000],
  feedThroughput: [20_000, 400_000],
  strategyLatency: [2_000, 10_000],
  strategyThroughput: [2_000, 20_000],
};
const CI: Sizes = {
  transportLatency: [2_000, 10_000],
  transportThroughput: [20_000, 300_000],
  feedLatency: [4_000, 10_000],
  feedThroughput: [20_000, 200_000],
  strategyLatency: [1_000, 2_500],
  strategyThroughput: [1_000, 10_000],
};

const transportName = (t: TransportName, mode: 'latency' | 'throughput'): string => `ring ${t} ${mode}`;
const BASELINE_TRANSPORTS: readonly TransportName[] = ['postMessage', 'messageport-poll', 'ringbuf.js'];

function crossThreadEntries(s: Sizes): Entry[] {
  const pin = benchPinning().map;
  const transportPin = { producer: pin?.feeds[0], consumer: pin?.risk };
  const out: Entry[] = [];
  for (const mode of ['latency', 'throughput'] as const) {
    for (const t of TRANSPORTS) {
      const baseline = BASELINE_TRANSPORTS.includes(t);
      const [warmup, count] = mode === 'latency' ? s.transportLatency : s.transportThroughput;
      out.push({
        name: transportName(t, mode),
        suite: 'cross-thread',
        group: `transport ${mode}`,
        role: baseline ? 'baseline' : 'riskgate',
        baselines: baseline ? [] : BASELINE_TRANSPORTS.map((b) => transportName(b, mode)),
        inCi: true,
        note: 'one-way: producer worker -> main thread; message = [seq, intended time]',
        round: async () => {
          const r = await runCrossThread(t, warmup, count, mode === 'latency' ? FEED_RATE : 0, transportPin);
          return { summary: r.summary, throughput: r.throughput, gc: [{ thread: 'main', ...r.consumerGc }] };
        },
      });
    }
  }
  const idles: readonly IdleName[] = ['spin', 'park'];
  for (const idle of idles) {
    for (const mode of ['latency', 'throughput'] as const) {
      const [warmup, count] = mode === 'latency' ? s.feedLatency : s.feedThroughput;
      const name = `engine feed->risk ${idle} ${mode}`;
      out.push({
        name,
        suite: 'cross-thread',
        group: `engine feed path ${mode}`,
        role: 'riskgate',
        baselines: BASELINE_TRANSPORTS.map((b) => transportName(b, mode)),
        inCi: true,
        note: `feed worker -> feed ring -> risk thread applies (idle ${idle === 'park' ? 'spin-then-park' : 'spin'}); mark/heartbeat/fill/snapshot cycle`,
        round: async () => {
          const r = await runFeedPath(name, idle, warmup, count, mode === 'latency' ? FEED_RATE : 0);
          return { summary: r.summary, throughput: r.throughput, gc: [riskGc(r.riskThread)], riskPinned: r.riskPinned };
        },
      });
    }
  }
  for (const idle of idles) {
    for (const form of ['spin', 'promise'] as const) {
      for (const mode of ['latency', 'throughput'] as const) {
        if (form === 'promise' && mode === 'throughput') continue;
        const [warmup, count] = mode === 'latency' ? s.strategyLatency : s.strategyThroughput;
        const name = `engine strategy round trip ${idle} ${form === 'spin' ? 'decide' : 'async'} ${mode}`;
        out.push({
          name,
          suite: 'cross-thread',
          group: `engine strategy path ${mode}`,
          role: 'riskgate',
          baselines: BASELINE_TRANSPORTS.map((b) => transportName(b, mode)),
          inCi: form === 'spin' && mode === 'latency',
          note: `strategy worker -> request ring -> risk thread -> decision ring -> StrategyClient (${form === 'spin' ? 'decideOrder/decideCancel' : 'orderAsync/cancelAsync'}); ${mode === 'latency' ? `${STRATEGY_RATE}/s` : 'back to back'}; baselines are one-way transports (a round trip crosses twice)`,
          round: async () => {
            const r = await runStrategyPath(name, idle, form, warmup, count, mode === 'latency' ? STRATEGY_RATE : 0);
            return { summary: r.summary, throughput: r.throughput, gc: [riskGc(r.riskThread)], riskPinned: r.riskPinned };
          },
        });
      }
    }
  }
  return out;
}

function riskGc(a: { slots: number; gcCount: number; heapGrowthBytes: number }): GcFigures {
  return { thread: 'risk', ops: a.slots, gcCount: a.gcCount, gcPerMillion: (a.gcCount / a.slots) * 1e6, heapGrowthPerMillion: (a.heapGrowthBytes / a.slots) * 1e6 };
}

function microEntries(): Entry[] {
  const risk = riskEngineCases().map((c): Entry => {
    const group = c.name === NAIVE ? 'risk check' : c.name.startsWith('checkOrder') ? 'risk check' : c.name.startsWith('applySnapshot') ? 'snapshot reconciliation' : 'risk apply';
    return { name: c.name, suite: 'micro', group, role: c.name === NAIVE ? 'baseline' : 'riskgate', baselines: c.name === NAIVE ? [] : [NAIVE], inCi: false, micro: c };
  });
  const venues = venueDecoderCases().flatMap(([d, j]): Entry[] => [
    { name: d.name, suite: 'micro', group: 'venue decoders', role: 'riskgate', baselines: [j.name], inCi: false, micro: d },
    { name: j.name, suite: 'micro', group: 'venue decoders', role: 'baseline', baselines: [], inCi: false, micro: j },
  ]);
  return [...risk, ...venues];
}

// ------------------------------------------------------------------------------ running

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

function fmt(ns: number | null): string {
  if (ns === null) return '-';
  return ns >= 1e6 ? `${(ns / 1e6).toFixed(2)}ms` : ns >= 1e4 ? `${(ns / 1e3).toFixed(1)}us` : ns >= 100 ? ns.toFixed(0) : ns.toFixed(1);
}

function table(cases: readonly CaseResult[]): string {
  const head = ['case', 'p50', 'p99', 'p99.9', 'p99.99', 'max', 'ops/s', 'GC/1M (thread)', 'vs baseline: p50 ratio / tput ratio'];
  const rows = cases.map((c) => [
    c.name,
    fmt(c.p50), fmt(c.p99), fmt(c.p999), fmt(c.p9999), fmt(c.max),
    Math.round(c.throughput).toLocaleString('en'),
    c.gc.map((g) => `${g.gcPerMillion.toFixed(1)} (${g.thread})`).join(' '),
    c.baselines.map((b) => `${b.baseline.replace(/^ring | (latency|throughput)$/g, '').replace(/^JSON\.parse .*/, 'JSON.parse')} ${b.p50Ratio === null ? '-' : b.p50Ratio.toFixed(3)}/${b.throughputRatio === null ? '-' : b.throughputRatio.toFixed(2)}`).join(', '),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: readonly string[]): string => cells.map((cell, i) => (i === 0 || i === cells.length - 1 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ').trimEnd();
  return [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

function select(all: readonly Entry[], o: Options): Entry[] {
  const pool = o.ci ? all.filter((e) => e.inCi && e.suite === 'cross-thread') : all;
  const match = (e: Entry): boolean => o.filters.length === 0 || o.filters.some((f) => `${e.name} ${e.group}`.toLowerCase().includes(f.toLowerCase()));
  const chosen = new Set(pool.filter(match).map((e) => e.name));
  if (chosen.size === 0) usage(`no case matches ${o.filters.join(', ')}; cases: ${pool.map((e) => e.name).join('; ')}`);
  // Baselines always run: ratios are only meaningful against the same run.
  for (const e of pool) if (chosen.has(e.name)) for (const b of e.baselines) chosen.add(b);
  return all.filter((e) => chosen.has(e.name));
}

async function main(): Promise<void> {
  const o = parseOptions(process.argv.slice(2));
  const machine = machineInfo();
  if (!machine.gcExposed) usage('global.gc is not available: run with node --expose-gc (npm run bench does)');
  const pinning = benchPinning();
  const entries = select([...microEntries(), ...crossThreadEntries(o.ci ? CI : FULL)], o);
  const micro = entries.filter((e) => e.micro !== undefined);
  const cross = entries.filter((e) => e.round !== undefined);
  const steps = micro.length + cross.length * o.rounds;
  let step = 0;
  const started = performance.now();
  const progress = (label: string): void => {
    step++;
    process.stderr.write(`[${step}/${steps}] ${label} ... `);
  };
  const results = new Map<string, { entry: Entry; rounds: Round[]; micro?: Awaited<ReturnType<typeof runMicro>> }>();
  let riskPinned: boolean | null = null;

  try {
    for (const e of micro) {
      progress(e.name);
      const t0 = performance.now();
      const m = await runMicro(e.micro!, o.ci ? 300 : 1000, o.ci ? 100 : 250, o.ci ? 500 : 1500);
      results.set(e.name, { entry: e, rounds: [], micro: m });
      process.stderr.write(`p50 ${fmt(m.p50)} ns/op, ${m.gc.gcPerMillion.toFixed(1)} GC/1M, verified (${((performance.now() - t0) / 1000).toFixed(1)} s)\n`);
    }
    for (let r = 0; r < o.rounds; r++) {
      for (const e of cross) {
        progress(`${e.name} (round ${r + 1}/${o.rounds})`);
        const t0 = performance.now();
        const m = await e.round!();
        const slot = results.get(e.name) ?? { entry: e, rounds: [] };
        slot.rounds.push(m);
        results.set(e.name, slot);
        if (m.riskPinned !== undefined) riskPinned = (riskPinned ?? true) && m.riskPinned;
        const gc = m.gc.map((g) => `${g.gcCount} GC (${g.thread})`).join(', ');
        process.stderr.write(`${m.summary === undefined ? '' : `p50 ${fmt(m.summary.p50)} p99 ${fmt(m.summary.p99)}, `}${Math.round(m.throughput).toLocaleString('en')}/s, ${gc}, verified (${((performance.now() - t0) / 1000).toFixed(1)} s)\n`);
      }
    }
  } catch (err) {
    process.stderr.write('FAILED\n');
    const why = err instanceof BenchVerificationError ? `wrong answers: ${err.message}` : String(err instanceof Error ? (err.stack ?? err.message) : err);
    console.error(`bench: ${why}`);
    process.exit(1);
  }

  // Aggregate: medians over rounds; ratios per round, then their median.
  const cases: CaseResult[] = [];
  for (const { entry: e, rounds, micro: m } of results.values()) {
    const ratios: BaselineRatio[] = e.baselines.map((b) => {
      const base = results.get(b);
      if (base === undefined) return { baseline: b, p50Ratio: null, throughputRatio: null };
      if (m !== undefined && base.micro !== undefined) return { baseline: b, p50Ratio: m.p50 / base.micro.p50, throughputRatio: m.opsPerSec / base.micro.opsPerSec };
      const n = Math.min(rounds.length, base.rounds.length);
      const p50s: number[] = [];
      const tputs: number[] = [];
      for (let k = 0; k < n; k++) {
        const a = rounds[k]!;
        const z = base.rounds[k]!;
        if (a.summary !== undefined && z.summary !== undefined) p50s.push(a.summary.p50 / z.summary.p50);
        tputs.push(a.throughput / z.throughput);
      }
      return { baseline: b, p50Ratio: p50s.length > 0 ? median(p50s) : null, throughputRatio: median(tputs) };
    });
    if (m !== undefined) {
      cases.push({
        name: e.name, suite: e.suite, group: e.group, role: e.role, unit: 'ns/op', rounds: 1,
        p50: m.p50, p99: m.p99, p999: m.p999, p9999: null, max: m.max, throughput: m.opsPerSec,
        gc: [{ thread: 'main', ops: m.gc.ops, gcCount: m.gc.gcCount, gcPerMillion: m.gc.gcPerMillion, heapGrowthPerMillion: m.gc.heapGrowthPerMillion }],
        baselines: ratios, distribution: null, verified: true,
      });
      continue;
    }
    const timed = rounds.filter((x) => x.summary !== undefined);
    const med = (f: (s: LatencySummary) => number): number | null => (timed.length === 0 ? null : median(timed.map((x) => f(x.summary!))));
    const p50 = med((s) => s.p50);
    const mid = timed.length === 0 ? undefined : [...timed].sort((a, b) => a.summary!.p50 - b.summary!.p50)[timed.length >> 1];
    const gcThreads = [...new Set(rounds.flatMap((x) => x.gc.map((g) => g.thread)))];
    const gc: GcFigures[] = gcThreads.map((thread) => {
      const gs = rounds.flatMap((x) => x.gc.filter((g) => g.thread === thread));
      const ops = gs.reduce((a, g) => a + g.ops, 0);
      const count = gs.reduce((a, g) => a + g.gcCount, 0);
      return { thread, ops, gcCount: count, gcPerMillion: (count / ops) * 1e6, heapGrowthPerMillion: median(gs.map((g) => g.heapGrowthPerMillion)) };
    });
    cases.push({
      name: e.name, suite: e.suite, group: e.group, role: e.role, unit: 'ns', rounds: rounds.length,
      p50, p99: med((s) => s.p99), p999: med((s) => s.p999), p9999: med((s) => s.p9999), max: med((s) => s.max),
      throughput: median(rounds.map((x) => x.throughput)), gc, baselines: ratios,
      distribution: mid?.summary?.distribution ?? null, verified: true, ...(e.note !== undefined ? { note: e.note } : {}),
    });
  }

  const floors = o.ci ? checkFloors(cases) : [];
  const methodology = `micro: tinybench, ${o.ci ? 300 : 1000} ms per case after warm-up and a GC, per-call = iteration time / calls; cross-thread: ${o.rounds} round(s), cases interleaved within each round, latency at a fixed rate (${FEED_RATE}/s transports and feed, ${STRATEGY_RATE}/s strategy) timed from the intended send time, percentiles = median over rounds, ratios = median of per-round ratios (p50 ratio < 1: riskgate faster; throughput ratio > 1: riskgate more)`;
  const run: RunResults = {
    date: new Date().toISOString(),
    mode: o.ci ? 'ci' : 'full',
    filters: o.filters,
    machine,
    pinning: { cpuMap: pinning.map ?? null, riskThreadPinned: riskPinned, note: pinning.map === undefined ? `unpinned (${pinning.reason})` : `pinned by RISKGATE_CPU_MAP ${JSON.stringify(pinning.map)}: risk thread and transport consumers on CPU ${pinning.map.risk}, producers on ${pinning.map.feeds.join(',')}, strategy worker on ${pinning.map.control}` },
    methodology,
    cases,
    floors,
  };
  console.log(table(cases));
  console.log(`\nmachine: ${describeMachine(machine)}; ${run.pinning.note}`);
  console.log(`method: ${methodology}`);
  mkdirSync(RESULTS, { recursive: true });
  writeFileSync(new URL('latest.json', RESULTS), JSON.stringify(run, null, 2) + '\n');
  writeFileSync(new URL('latest.html', RESULTS), htmlReport(run));
  console.log(`results: ${new URL('latest.json', RESULTS).pathname}, ${new URL('latest.html', RESULTS).pathname} (${((performance.now() - started) / 1000).toFixed(0)} s)`);
  if (floors.length > 0) {
    console.log('\nfloors (bench/floors.ts):');
    for (const f of floors) console.log(`  ${f.pass ? 'PASS' : 'FAIL'}  ${f.id}: measured ${f.measured === null ? '-' : f.measured.toFixed(3)}, floor ${f.floor}`);
    if (floors.some((f) => !f.pass)) {
      console.error('bench:ci: a floor is broken');
      process.exitCode = 1;
    }
  }
}

function checkFloors(cases: readonly CaseResult[]): FloorCheck[] {
  return FLOORS.map((f): FloorCheck => {
    if (f.metric === 'riskThreadGc') {
      const engine = cases.filter((c) => c.name.startsWith(f.riskgate));
      const gcs = engine.flatMap((c) => c.gc.filter((g) => g.thread === 'risk').map((g) => g.gcCount));
      const total = gcs.length === 0 ? null : gcs.reduce((a, b) => a + b, 0);
      return { id: f.id, description: f.description, measured: total, floor: `<= ${f.limit} GC`, pass: total !== null && total <= f.limit };
    }
    const c = cases.find((x) => x.name === f.riskgate);
    const ratio = c?.baselines.find((b) => b.baseline === f.baseline)?.[f.metric] ?? null;
    const pass = ratio !== null && (f.metric === 'p50Ratio' ? ratio <= f.limit : ratio >= f.limit);
    return { id: f.id, description: f.description, measured: ratio, floor: f.metric === 'p50Ratio' ? `p50 ratio <= ${f.limit}` : `throughput ratio >= ${f.limit}`, pass };
  });
}

await main();
