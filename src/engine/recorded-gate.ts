import { denyReasonName } from '../risk/deny-reason.js';
import type { Gate } from '../scenario/gate.js';

/**
 * A `Gate` that answers from a threaded run's record: the decision the risk thread wrote for
 * each request step and the cancel-alls it emitted after each step, keyed by step index. Fed
 * to `runScenario`, it prints the threaded run in exactly the single-threaded format (the
 * runner calls `setTime` once per step, in order, which advances the step cursor).
 */
export class RecordedGate implements Gate {
  readonly name = 'riskgate';
  private step = -1;

  constructor(
    private readonly codes: ReadonlyMap<number, number>,
    private readonly cancelAlls: ReadonlyMap<number, readonly string[]>,
  ) {}

  setTime(): void {
    this.step++;
  }

  apply(): void {}

  request(): { decision: 'approve' | 'deny'; reason?: string } {
    const code = this.codes.get(this.step);
    if (code === undefined) throw new Error(`threaded run: no decision recorded for step ${this.step}`);
    return code === 0 ? { decision: 'approve' } : { decision: 'deny', reason: denyReasonName(code) };
  }

  takeCancelAll(): string[] {
    return [...(this.cancelAlls.get(this.step) ?? [])];
  }
}
