import type { DecisionBatch, StateSnapshot } from './state-source.js';
import type { LatencySummary } from './latency-view.js';

/** One WebSocket message. */
export interface StreamFrame {
  readonly data: string | Uint8Array;
  readonly binary: boolean;
}

/** What a `state` message carries: the engine's state and the server's latency summary. */
export interface StateView {
  readonly state: StateSnapshot;
  readonly latency: LatencySummary | null;
}

/**
 * How `/stream` encodes its messages. A client picks one with `?encoding=<name>`; the server's
 * default is the first encoder it was given. Each message is encoded once per tick and the same
 * frame is sent to every client of that encoding.
 *
 * Messages, in order on a connection: one `hello`, one `state`, then `decisions` (new decisions,
 * oldest first, with the count of decisions the server could not deliver) and `state` (when the
 * state changed) as they happen.
 */
export interface StreamEncoder {
  readonly name: string;
  hello(intervalMs: number): StreamFrame;
  state(view: StateView): StreamFrame;
  /** One frame (JSON: the whole batch) or several (FlatBuffers: one envelope per record). */
  decisions(batch: DecisionBatch): StreamFrame | readonly StreamFrame[];
}
