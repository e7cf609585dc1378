import { Bench } from 'tinybench';
import type { BenchCase } from '../bench-case.js';
import { countGc, type GcCount } from '../gc-count.js';

/** Per-call figures of one micro case (ns per call), and the main thread's GCs over ~1e6 calls. */
export interface MicroMeasure {
  readonly p50: number;
  readonly p99: number;
  readonly p999: number;
  readonly max: number;
  readonly mean: number;
  readonly opsPerSec: number;
  readonly iterations: number;
  readonly gc: GcCount;
}

/**
 * Runs one `BenchCase` alone in its own tinybench `Bench`: `warmupMs` of warm-up, a GC, then
 * about `timeMs` of iterations, each timing `c.calls` calls (`performance.now()` around the
 * loop, so the timer's cost spreads over the calls); then the answers are verified (throws
 * `BenchVerificationError`). Then the allocation pass: a GC, then iterations until 1e6 calls
 * (or `allocMs`), counting GCs and heap growth. That pass includes each iteration's untimed
 * preparation (fills a snapshot will confirm, orders an update will settle) and two
 * `performance.now()` results per iteration: an upper bound of the calls' own allocation.
 */
export async function runMicro(c: BenchCase, timeMs: number, warmupMs: number, allocMs: number): Promise<MicroMeasure> {
  const runner = c.setup();
  const bench = new Bench({ time: timeMs, warmupTime: warmupMs, warmupIterations: 16, iterations: 16, throws: true });
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
  runner.verify(); // after timing: every call gave the expected answer
  const l = result.latency;
  const perCall = (ms: number): number => (ms * 1e6) / c.calls;

  const gc = countGc();
  gc.start();
  const until = performance.now() + allocMs;
  let calls = 0;
  while (calls < 1e6 && performance.now() < until) {
    runner.iterate();
    calls += c.calls;
  }
  const gcCount = await gc.stop(calls);
  runner.verify();
  return {
    p50: perCall(l.p50), p99: perCall(l.p99), p999: perCall(l.p999), max: perCall(l.max), mean: perCall(l.mean),
    opsPerSec: 1e9 / perCall(l.mean), iterations: l.samplesCount, gc: gcCount,
  };
}
