import type { MessagePort } from 'node:worker_threads';
import { ControlError, ControlErrorCode } from './control-error.js';
import { DecisionLog } from './decision-log.js';
import type { HealthPart, HealthProbe } from './health-part.js';
import type { KillOutcomes, KillRequest, KillSink } from './kill-sink.js';
import type { KillMessage, KillResultMessage, StateMessage } from './state-publisher.js';
import type { DecisionBatch, StateSnapshot, StateSource } from './state-source.js';
import type { ThreadRuntimeSample } from './thread-runtime-sampler.js';

/**
 * Inside the server thread: the state a `StatePublisher` posts from the engine's thread, and a
 * `KillSink` that posts kill requests back to it. The copy is at most one publish interval old.
 *
 * `requestKill` returns true once the request is posted: the owner's queue decides (it holds
 * 64), and answers each request (`KillResultMessage`). The answers are counted by result
 * (`QUEUED`: taken, the owner's thread applies it on its next turn; `KILL_QUEUE_FULL`: refused)
 * for `/metrics` (`outcomes`), and `/health`'s `kill-switch` part (`check`) fails while the last
 * answer was a refusal or a request has waited longer than `deadlineMs` for its answer (the
 * owner's thread is blocked): a kill the owner did not take is never silent.
 */
export class PortStateSource implements StateSource, KillSink, HealthProbe {
  private last: StateSnapshot | undefined;
  private readonly log = new DecisionLog();
  private block: SharedArrayBuffer | undefined;
  /** When the last state message arrived (this thread's `Date.now()`); NaN before the first. */
  private lastAt = NaN;
  /** Present once a message says the owner's source measures latencies (absent: no histogram). */
  takeLatencies?: (record: (ns: number) => void) => void;
  private nextKillId = 1;
  /** Kill id → when it was posted (this thread's ms). */
  private readonly pendingKills = new Map<number, number>();
  private readonly killResults = new Map<string, number>();
  private lastKillRefused = false;
  /** The owner thread's last runtime sample (`thread="main"` in /metrics). */
  private runtime: ThreadRuntimeSample | undefined;

  constructor(
    private readonly port: MessagePort,
    /** Longest wait for the owner's answer to a kill before `/health` fails (ms). */
    private readonly deadlineMs = 1000,
  ) {
    port.on('message', (m: StateMessage | KillResultMessage) => {
      if (m !== null && typeof m === 'object' && m.type === 'kill-result') {
        if (!this.pendingKills.delete(m.id)) return;
        const result = m.taken ? 'QUEUED' : 'KILL_QUEUE_FULL';
        this.killResults.set(result, (this.killResults.get(result) ?? 0) + 1);
        this.lastKillRefused = !m.taken;
        return;
      }
      if (m === null || typeof m !== 'object' || m.type !== 'state') return;
      this.last = m.snapshot;
      this.lastAt = Date.now();
      for (const d of m.decisions) this.log.appendNumbered(d);
      if (m.latencies !== null) for (const ns of m.latencies) this.log.recordLatency(ns);
      if (m.measured) this.takeLatencies ??= (record) => this.log.takeLatencies(record);
      // Each message carries a new handle on the same memory: keep the first.
      if (m.latencyBlock !== null) this.block ??= m.latencyBlock;
      if (m.runtime !== null) this.runtime = m.runtime;
    });
  }

  snapshot(): StateSnapshot {
    if (this.last === undefined) throw new ControlError(ControlErrorCode.SOURCE, 'no state has been published to the server thread yet');
    return this.last;
  }

  /** Ms since the owner last published (undefined before the first message): its thread is blocked when this grows. */
  ageMs(nowMs: number): number | undefined {
    return this.lastAt === this.lastAt ? nowMs - this.lastAt : undefined;
  }

  decisionsSince(afterSeq: number, max: number): DecisionBatch {
    return this.log.since(afterSeq, max);
  }

  latencyBlock(): SharedArrayBuffer | undefined {
    return this.block;
  }

  runtimeSamples(): readonly ThreadRuntimeSample[] {
    return this.runtime === undefined ? [] : [this.runtime];
  }

  requestKill(request: KillRequest): boolean {
    const id = this.nextKillId++;
    const m: KillMessage = { type: 'kill', request, id };
    this.pendingKills.set(id, Date.now());
    this.port.postMessage(m);
    return true;
  }

  outcomes(nowMs: number): KillOutcomes {
    let oldest = nowMs;
    for (const at of this.pendingKills.values()) if (at < oldest) oldest = at;
    return { results: this.killResults, pending: this.pendingKills.size, oldestPendingMs: nowMs - oldest };
  }

  /** The `kill-switch` part of `/health`: what became of the kills relayed to the owner's thread. */
  check(nowMs: number): HealthPart[] {
    const o = this.outcomes(nowMs);
    const base = { name: 'kill-switch', deadlineMs: this.deadlineMs };
    if (o.pending > 0 && o.oldestPendingMs > this.deadlineMs) {
      return [{ ...base, ok: false, detail: `${o.pending} kill request(s) not answered by the engine's thread for ${Math.round(o.oldestPendingMs)} ms (blocked?)` }];
    }
    if (this.lastKillRefused) {
      return [{ ...base, ok: false, detail: `the last kill request was REFUSED by the engine's thread (its kill queue was full): it was not applied; send it again (${o.results.get('KILL_QUEUE_FULL') ?? 0} refused so far)` }];
    }
    return [{ ...base, ok: true, detail: o.pending > 0 ? `${o.pending} kill request(s) on their way to the engine's thread` : 'no kill request waiting' }];
  }

  close(): void {
    this.port.close();
  }
}
