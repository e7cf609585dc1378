import type { MessagePort } from 'node:worker_threads';
import type { KillRequest, KillSink } from './kill-sink.js';
import type { DecisionRecord, StateSnapshot, StateSource } from './state-source.js';
import type { ThreadRuntimeSample, ThreadRuntimeSampler } from './thread-runtime-sampler.js';

/** Owner → server thread: the state, the decisions since the previous message, the latencies. */
export interface StateMessage {
  readonly type: 'state';
  readonly snapshot: StateSnapshot;
  readonly decisions: readonly DecisionRecord[];
  /** Latencies (ns) measured since the previous message; null when there are none. */
  readonly latencies: Float64Array | null;
  /** The source measures latencies (`takeLatencies`), whether or not any arrived yet. */
  readonly measured: boolean;
  /** The source's shared decision-latency block (`latencyBlock`), shared, not copied; null when none. */
  readonly latencyBlock: SharedArrayBuffer | null;
  /** This thread's runtime (`StatePublisher`'s sampler), about once a second; null in between and without a sampler. */
  readonly runtime: ThreadRuntimeSample | null;
}

/** Server thread → owner: a kill request for the owner to enqueue (`id`: the server's, echoed in the result). */
export interface KillMessage {
  readonly type: 'kill';
  readonly request: KillRequest;
  readonly id: number;
}

/** Owner → server thread: whether the owner's kill sink took request `id` (false: refused, its queue is full). */
export interface KillResultMessage {
  readonly type: 'kill-result';
  readonly id: number;
  readonly taken: boolean;
}

/** Decisions forwarded per publish at most (the server thread's log keeps as many). */
export const PUBLISH_DECISIONS = 4096;

/** Least time between two runtime samples in the messages (ms): the server keeps the last. */
export const RUNTIME_SAMPLE_MS = 1000;

/**
 * Runs on the thread that owns a single-threaded engine and hands its state to the control
 * server thread: every `intervalMs` (and once at start) it posts a `StateMessage` over `port`,
 * and it enqueues the `KillMessage`s it receives into the owner's `KillSink`, answering each with
 * a `KillResultMessage` (taken or refused), so a refusal reaches `/health` and `/metrics`. The
 * server thread reads the copy (`PortStateSource`); it never calls into the engine.
 *
 * Cost on the owner's thread: one `snapshot()` per interval plus a structured clone. The timer
 * is unref'd: it never keeps a process alive on its own. With a `runtime` sampler (this
 * thread's event loop, heap and GC for `/metrics`, `thread="main"`), a sample rides along about
 * once a second; `close()` stops the sampler.
 */
export class StatePublisher {
  private cursor = 0;
  private readonly timer: NodeJS.Timeout;
  private closed = false;
  /** Publishes that failed (the source threw); the last error is kept. Never thrown into the owner's timer. */
  failures = 0;
  lastError: unknown = undefined;
  private lastRuntimeAt = -Infinity;

  constructor(
    private readonly source: StateSource,
    private readonly killSink: KillSink,
    private readonly port: MessagePort,
    intervalMs: number,
    private readonly runtime?: ThreadRuntimeSampler,
  ) {
    port.on('message', (m: KillMessage) => {
      if (m === null || typeof m !== 'object' || m.type !== 'kill') return;
      const taken = this.killSink.requestKill(m.request);
      if (!this.closed) this.port.postMessage({ type: 'kill-result', id: m.id, taken } satisfies KillResultMessage);
    });
    this.publish();
    this.timer = setInterval(() => {
      try {
        this.publish();
      } catch (err) {
        this.failures++;
        this.lastError = err;
      }
    }, intervalMs);
    this.timer.unref();
  }

  /** Posts the state now (also called by the embedding right after something it wants seen at once). */
  publish(): void {
    if (this.closed) return;
    const snapshot = this.source.snapshot();
    const { decisions } = this.source.decisionsSince(this.cursor, PUBLISH_DECISIONS);
    if (decisions.length > 0) this.cursor = decisions[decisions.length - 1]!.seq;
    let latencies: Float64Array | null = null;
    if (this.source.takeLatencies !== undefined) {
      const got: number[] = [];
      this.source.takeLatencies((ns) => got.push(ns));
      if (got.length > 0) latencies = Float64Array.from(got);
    }
    const now = Date.now();
    let runtime: ThreadRuntimeSample | null = null;
    if (this.runtime !== undefined && now - this.lastRuntimeAt >= RUNTIME_SAMPLE_MS) {
      runtime = this.runtime.sample(now);
      this.lastRuntimeAt = now;
    }
    const msg: StateMessage = {
      type: 'state', snapshot, decisions, latencies, measured: this.source.takeLatencies !== undefined, latencyBlock: this.source.latencyBlock?.() ?? null, runtime,
    };
    this.port.postMessage(msg, latencies === null ? [] : [latencies.buffer as ArrayBuffer]);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.timer);
    this.runtime?.stop();
    this.port.close();
  }
}
