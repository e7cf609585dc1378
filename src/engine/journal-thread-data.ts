import type { JournalConfig } from '../journal/fsync-policy.js';

/** `workerData` of the journal thread (journal-thread-main.ts). */
export interface JournalThreadData {
  /** The journal ring (journal-slot-layout.ts): the journal thread is its only consumer. */
  readonly ring: SharedArrayBuffer;
  /** Instrument index → symbol (the config's order). */
  readonly symbols: readonly string[];
  /** Journal file to create (never overwritten), or null: only feed decisions to the control server. */
  readonly path: string | null;
  /** The validated config as JSON: the journal header (replay rebuilds the engine from it). */
  readonly configJson: string;
  readonly journal: JournalConfig;
  /** Longest sleep between two polls of an empty ring (ms). */
  readonly pollMs: number;
  /** The liveness block (liveness-block-layout.ts): this thread beats and reports errors there (`JournalLiveness`). */
  readonly liveness?: SharedArrayBuffer;
  /** The journal status block (journal-status-layout.ts): this thread is its only writer. */
  readonly status: SharedArrayBuffer;
}

/** One decision as the control server's feed wants it (control `DecisionInput`, structured-cloneable). */
export interface JournalDecision {
  readonly at: number;
  readonly kind: 'order' | 'cancel' | 'kill';
  readonly orderId?: string;
  readonly symbol?: string;
  readonly side?: 'buy' | 'sell';
  readonly qty?: number;
  readonly price?: number;
  readonly mode?: 'halt' | 'reduce' | 'resume';
  readonly decision: 'approve' | 'deny';
  readonly reason: string;
  /**
   * The named strategy of an order (the ORDER slot's strategy index, by its name in the config's
   * `strategies`), and the lane the request came from: a journal slot does not carry the lane,
   * so the journal thread leaves it out; the control server and its dashboard show what is given.
   */
  readonly strategy?: string;
  readonly lane?: string;
}

/** Journal thread → embedding. */
export type JournalThreadMessage =
  | { readonly type: 'ready' }
  | { readonly type: 'failed'; readonly code: string; readonly message: string }
  | { readonly type: 'decisions'; readonly decisions: readonly JournalDecision[] }
  /** The writer failed after start: nothing more is written (slots are still drained and counted). */
  | { readonly type: 'error'; readonly code: string; readonly message: string }
  /** The file system refused a write (`failing`) or took one again (`ok`): the status block has the counts. */
  | { readonly type: 'writeState'; readonly state: 'ok' | 'failing'; readonly lastError: string | undefined }
  | {
    readonly type: 'stopped'; readonly slots: number; readonly records: number; readonly ringDrops: number;
    readonly gaps: number; readonly lostInGaps: number; readonly error: string | undefined;
    readonly writeErrors: number; readonly writeLost: number; readonly unmarked: number;
  };

/** Embedding → journal thread. */
export type JournalThreadCommand =
  | { readonly type: 'feed'; readonly on: boolean }
  | { readonly type: 'stop' };
