/**
 * One micro-benchmark case, as bench/run.ts drives it through tinybench.
 *
 * A case builds its state once (`setup`), then every tinybench iteration calls `iterate`, which
 * may prepare untimed (e.g. add the fills a snapshot will confirm), times `calls` calls with
 * `performance.now()` around the whole loop (so the timer's cost is spread over `calls`), cleans
 * up untimed, and returns the timed milliseconds. Per-call figures are iteration figures divided
 * by `calls`. After timing, `verify` checks that every call gave the expected answer and that the
 * engine's counters moved by exactly the number of calls made: a benchmark that measured the
 * wrong path fails loudly instead of printing a number.
 */
export interface BenchCase {
  readonly name: string;
  /** Calls timed per iteration. */
  readonly calls: number;
  /** Builds the state; called once per run, before warm-up. */
  setup(): CaseRunner;
}

export interface CaseRunner {
  /** One iteration; returns the milliseconds spent in the `calls` timed calls only. */
  iterate(): number;
  /** Throws `BenchVerificationError` unless every call so far gave the expected answer. */
  verify(): void;
}

export class BenchVerificationError extends Error {
  readonly code = 'BENCH_VERIFICATION';

  constructor(caseName: string, what: string) {
    super(`${caseName}: ${what}`);
    this.name = 'BenchVerificationError';
  }
}

/**
 * A round that could not be measured because the host did not run its threads in time: a
 * decision or reply that did not arrive within its wait, a run that hit its time limit. Not a
 * wrong answer (those are `BenchVerificationError`): on a busy host it is expected, and the
 * round is discarded and reported as inconclusive (bench/run.ts), like a floor broken only on a
 * busy host.
 */
export class BenchInconclusiveError extends Error {
  readonly code = 'BENCH_INCONCLUSIVE';

  constructor(caseName: string, what: string) {
    super(`${caseName}: ${what}`);
    this.name = 'BenchInconclusiveError';
  }
}

/** Throws a `BenchVerificationError` naming the case and both values unless they are equal. */
export function expectEqual(caseName: string, what: string, actual: number, expected: number): void {
  if (actual !== expected) throw new BenchVerificationError(caseName, `${what}: expected ${expected}, got ${actual}`);
}
