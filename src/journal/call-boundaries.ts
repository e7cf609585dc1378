/**
 * The places in a journal file where a whole engine call ends and the next begins (before an
 * event, a request, a cancel-all or a gap record; a request's decision belongs to its call),
 * with what had been appended by then. The writer cuts back to one of them when the file system
 * refuses a write, so the file never keeps half a call, and knows how many calls it cut.
 *
 * Kept in file order in typed arrays: every boundary not yet written (the block's), and the
 * last `KEEP_WRITTEN` written ones (enough to find room for a gap record in the file's last
 * page). `written(end)` forgets older ones after each successful write. The arrays double when
 * a block holds more calls than they do, and never shrink: no allocation in the steady state.
 * One owner (the journal writer's thread).
 */
const KEEP_WRITTEN = 128;

export class CallBoundaries {
  private off: Float64Array = new Float64Array(1024);
  private seq: Float64Array = new Float64Array(1024);
  private calls: Float64Array = new Float64Array(1024);
  private gapLost: Float64Array = new Float64Array(1024);
  private at: Float64Array = new Float64Array(1024);
  private count = 0;

  /**
   * Records a boundary at file offset `off` (at or after the last one): the next record gets
   * `seq`; `calls` calls and `gapLost` calls in gap records were appended before it; `at` is the
   * engine time of the record before it (NaN: none after the header). A boundary at the same
   * offset as the last replaces it.
   */
  push(off: number, seq: number, calls: number, gapLost: number, at: number): void {
    let i = this.count;
    if (i > 0 && this.off[i - 1] === off) i--;
    else if (i === this.off.length) this.grow();
    this.off[i] = off;
    this.seq[i] = seq;
    this.calls[i] = calls;
    this.gapLost[i] = gapLost;
    this.at[i] = at;
    this.count = i + 1;
  }

  /** The file is written up to `end`: forget all but the last KEEP_WRITTEN boundaries at or before it. */
  written(end: number): void {
    let i = 0;
    while (i < this.count && this.off[i]! <= end) i++;
    const from = i - KEEP_WRITTEN;
    if (from <= 0) return;
    for (const a of [this.off, this.seq, this.calls, this.gapLost, this.at]) a.copyWithin(0, from, this.count);
    this.count -= from;
  }

  /** Forgets every boundary after `off` (the file was cut back to it). */
  dropAfter(off: number): void {
    while (this.count > 0 && this.off[this.count - 1]! > off) this.count--;
  }

  /** The latest boundary at or before `limit` that `fits` accepts, as an index for the getters, or -1. */
  latest(limit: number, fits: (off: number) => boolean): number {
    for (let i = this.count - 1; i >= 0; i--) if (this.off[i]! <= limit && fits(this.off[i]!)) return i;
    return -1;
  }

  offAt(i: number): number { return this.off[i]!; }
  seqAt(i: number): number { return this.seq[i]!; }
  callsAt(i: number): number { return this.calls[i]!; }
  gapLostAt(i: number): number { return this.gapLost[i]!; }
  atAt(i: number): number { return this.at[i]!; }

  private grow(): void {
    const n = this.off.length * 2;
    const g = (a: Float64Array): Float64Array => {
      const b = new Float64Array(n);
      b.set(a);
      return b;
    };
    this.off = g(this.off);
    this.seq = g(this.seq);
    this.calls = g(this.calls);
    this.gapLost = g(this.gapLost);
    this.at = g(this.at);
  }
}
