import type { KillModeName } from './state-source.js';

/** A kill-switch request: every instrument when `symbol` is absent. */
export interface KillRequest {
  readonly mode: KillModeName;
  readonly symbol?: string;
}

/**
 * How a kill request reaches the risk thread: `requestKill` only enqueues it (the risk thread
 * applies it between events; in the threaded engine through a control ring). Returns false when
 * the queue is full (the request is not taken). Never blocks and never calls into the risk thread.
 */
export interface KillSink {
  requestKill(request: KillRequest): boolean;
}
