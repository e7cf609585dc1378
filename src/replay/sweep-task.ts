import type { Assignment } from './sweep-setting.js';
import type { WhatIfResult } from './what-if-run.js';

/** One unit of sweep work, sent to a pool worker: one journal under one grid point. */
export interface SweepTask {
  readonly journal: string;
  readonly point: readonly Assignment[];
}

/** A worker's answer. `error` (with its code) instead of a throw keeps one bad journal from hiding the rest. */
export type SweepTaskResult =
  | { readonly ok: true; readonly result: WhatIfResult }
  | { readonly ok: false; readonly code: string; readonly message: string };
