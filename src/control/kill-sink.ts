import type { KillModeName } from './state-source.js';

/** A kill-switch request: every instrument when `symbol` is absent. */
export interface KillRequest {
  readonly mode: KillModeName;
  readonly symbol?: string;
}

/** What became of kill requests a sink took (for `/health` and `/metrics`). */
export interface KillOutcomes {
  /** Answers read so far by result: `APPROVED` (applied) or the deny reason name. */
  readonly results: ReadonlyMap<string, number>;
  /** Requests taken and not answered yet. */
  readonly pending: number;
  /** Ms the oldest unanswered request has waited (0 when none). */
  readonly oldestPendingMs: number;
}

/**
 * How a kill request reaches the risk thread: `requestKill` only enqueues it (the risk thread
 * applies it between events; in the threaded engine through a ring of the control server's
 * own). Returns false when the queue is full (the request is not taken: the caller must say
 * so). Never blocks and never calls into the risk thread.
 */
export interface KillSink {
  requestKill(request: KillRequest): boolean;
  /** Reads the answers to earlier requests (the server calls it on every tick); sinks that cannot see them omit it. */
  poll?(nowMs: number): void;
  /** What became of the requests taken (sinks that read answers). */
  outcomes?(nowMs: number): KillOutcomes;
}
