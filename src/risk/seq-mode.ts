/**
 * How an instrument's venue orders its executions, as stored per instrument (the configuration's
 * `sequence`): it chooses the instrument's reconciler for good (position-ledger.ts).
 *
 * - `NONE`: no sequence numbers; a snapshot is reconciled by walking the fills back
 *   (walk-back-reconciler.ts).
 * - `MONOTONIC`: increasing sequence numbers, gaps allowed; a snapshot drops the fills at or
 *   below its watermark (sequenced-reconciler.ts).
 * - `CONTIGUOUS`: every execution numbered, one apart: a missing number is a gap.
 */
export const SeqMode = { NONE: 0, MONOTONIC: 1, CONTIGUOUS: 2 } as const;
