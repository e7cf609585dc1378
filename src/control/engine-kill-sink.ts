import { ALL_INSTRUMENTS, KillMode, UNKNOWN_SYMBOL } from '../risk/codes.js';
import { denyReasonName } from '../risk/deny-reason.js';
import type { RiskEngine } from '../risk/risk-engine.js';
import type { DecisionLog } from './decision-log.js';
import type { KillRequest, KillSink } from './kill-sink.js';

const MODE = { halt: KillMode.HALT, reduce: KillMode.REDUCE, resume: KillMode.RESUME } as const;
/** Requests waiting for the engine's thread; more are refused (a person does not send 64 kills between two turns of the event loop). */
const QUEUE = 64;

/**
 * A `KillSink` for a single-threaded `RiskEngine`: requests wait in a bounded queue and the
 * engine's own thread applies them on its next turn of the event loop (`setImmediate`), never
 * in the middle of an engine call. Each applied kill is appended to `log` as a decision.
 *
 * Threading: `requestKill` is called on the engine's thread (directly, or by the
 * `StatePublisher` relaying a request from the server thread).
 */
export class EngineKillSink implements KillSink {
  private readonly queue: KillRequest[] = [];
  private scheduled = false;

  constructor(
    private readonly engine: RiskEngine,
    private readonly log?: DecisionLog,
  ) {}

  requestKill(request: KillRequest): boolean {
    if (this.queue.length >= QUEUE) return false;
    this.queue.push(request);
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => this.drain());
    }
    return true;
  }

  /** Applies every queued request now (also called by tests and embeddings that poll). */
  drain(): void {
    this.scheduled = false;
    for (let r = this.queue.shift(); r !== undefined; r = this.queue.shift()) {
      // An unknown symbol's index is -1, which is also ALL_INSTRUMENTS: pass `UNKNOWN_SYMBOL` instead.
      const index = r.symbol === undefined ? ALL_INSTRUMENTS : this.engine.instrumentIndex(r.symbol);
      const code = this.engine.kill(MODE[r.mode], r.symbol !== undefined && index < 0 ? UNKNOWN_SYMBOL : index);
      this.log?.append({
        at: this.engine.time,
        kind: 'kill',
        mode: r.mode,
        ...(r.symbol !== undefined ? { symbol: r.symbol } : {}),
        decision: code === 0 ? 'approve' : 'deny',
        reason: denyReasonName(code),
      });
    }
  }
}
