import type { FeedSourceSpec } from './feed-source.js';

/** `workerData` of a feed-handler worker. */
export interface FeedWorkerData {
  readonly name: string;
  readonly ring: SharedArrayBuffer;
  readonly control: SharedArrayBuffer;
  readonly source: FeedSourceSpec;
  /** CPUs the worker may pin itself to (CpuMap.feeds), or undefined. */
  readonly cpus: readonly number[] | undefined;
  /** The liveness block (liveness-block-layout.ts) and this feed's lane: the worker beats there (`FeedBeat`). */
  readonly liveness: SharedArrayBuffer;
  readonly lane: number;
  /** The deadline was given by the embedding (`FeedSpec.heartbeatDeadlineMs`): a source's own does not replace it. */
  readonly deadlineFromSpec: boolean;
}

/** Messages a feed worker posts to its supervisor. */
export type FeedWorkerMessage =
  | { readonly type: 'ready'; readonly pinned: boolean; readonly reason: string | undefined; readonly cpus: readonly number[] | undefined }
  | { readonly type: 'done'; readonly drops: number };

/** Message the supervisor posts to a feed worker. */
export interface FeedWorkerCommand {
  readonly type: 'stop';
}
