import type { MessagePort } from 'node:worker_threads';
import { ControlError, ControlErrorCode } from './control-error.js';
import { DecisionLog } from './decision-log.js';
import type { KillRequest, KillSink } from './kill-sink.js';
import type { KillMessage, StateMessage } from './state-publisher.js';
import type { DecisionBatch, StateSnapshot, StateSource } from './state-source.js';

/**
 * Inside the server thread: the state a `StatePublisher` posts from the engine's thread, and a
 * `KillSink` that posts kill requests back to it. The copy is at most one publish interval old.
 *
 * `requestKill` returns true once the request is posted: the owner's queue decides, and a
 * request it refuses is not reported back (the owner's queue holds 64; a person does not click
 * faster than the owner's event loop turns).
 */
export class PortStateSource implements StateSource, KillSink {
  private last: StateSnapshot | undefined;
  private readonly log = new DecisionLog();
  private block: SharedArrayBuffer | undefined;
  /** When the last state message arrived (this thread's `Date.now()`); NaN before the first. */
  private lastAt = NaN;
  /** Present once a message says the owner's source measures latencies (absent: no histogram). */
  takeLatencies?: (record: (ns: number) => void) => void;

  constructor(private readonly port: MessagePort) {
    port.on('message', (m: StateMessage) => {
      if (m === null || typeof m !== 'object' || m.type !== 'state') return;
      this.last = m.snapshot;
      this.lastAt = Date.now();
      for (const d of m.decisions) this.log.appendNumbered(d);
      if (m.latencies !== null) for (const ns of m.latencies) this.log.recordLatency(ns);
      if (m.measured) this.takeLatencies ??= (record) => this.log.takeLatencies(record);
      // Each message carries a new handle on the same memory: keep the first.
      if (m.latencyBlock !== null) this.block ??= m.latencyBlock;
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

  requestKill(request: KillRequest): boolean {
    const m: KillMessage = { type: 'kill', request };
    this.port.postMessage(m);
    return true;
  }

  close(): void {
    this.port.close();
  }
}
