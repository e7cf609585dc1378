/**
 * The places in a journal file where a whole engine call ends and the next begins (before an
 * event, a request, a cancel-all or a gap record; a request's decision belongs to its call),
 * with what had been appended by then. The writer cuts back to one of them when the file system
 * refuses a write, so the file never keeps half a call, and knows how many calls it cut.
 *
 * A ring of the last `capacity` boundaries in typed arrays: recording one allocates nothing.
 * One owner (the journal writer's thread).
 */
export class CallBoundaries {
  private readonly off: Float64Array;
  private readonly seq: Float64Array;
  private readonly calls: Float64Array;
  private readonly gapLost: Float64Array;
  private readonly at: Float64Array;
  private head = 0;
  private count = 0;

  constructor(private readonly capacity = 256) {
    this.off = new Float64Array(capacity);
    this.seq = new Float64Array(capacity);
    this.calls = new Float64Array(capacity);
    this.gapLost = new Float64Array(capacity);
    this.at = new Float64Array(capacity);
  }

  /**
   * Records a boundary at file offset `off`: the next record gets `seq`; `calls` calls and
   * `gapLost` calls in gap records were appended before it; `at` is the engine time of the
   * record before it (NaN: none after the header). A boundary at the same offset replaces the last.
   */
  push(off: number, seq: number, calls: number, gapLost: number, at: number): void {
    if (this.count > 0 && this.off[(this.head + this.capacity - 1) % this.capacity] === off) this.head = (this.head + this.capacity - 1) % this.capacity;
    else if (this.count < this.capacity) this.count++;
    const i = this.head;
    this.off[i] = off;
    this.seq[i] = seq;
    this.calls[i] = calls;
    this.gapLost[i] = gapLost;
    this.at[i] = at;
    this.head = (i + 1) % this.capacity;
  }

  /** Forgets every boundary after `off` (the file was cut back to it). */
  dropAfter(off: number): void {
    while (this.count > 0 && this.off[(this.head + this.capacity - 1) % this.capacity]! > off) {
      this.head = (this.head + this.capacity - 1) % this.capacity;
      this.count--;
    }
  }

  /**
   * The latest boundary at or before `limit` that `fits` accepts, as an index for the getters,
   * or -1 when none is kept.
   */
  latest(limit: number, fits: (off: number) => boolean): number {
    for (let k = 1; k <= this.count; k++) {
      const i = (this.head + this.capacity - k) % this.capacity;
      if (this.off[i]! <= limit && fits(this.off[i]!)) return i;
    }
    return -1;
  }

  offAt(i: number): number { return this.off[i]!; }
  seqAt(i: number): number { return this.seq[i]!; }
  callsAt(i: number): number { return this.calls[i]!; }
  gapLostAt(i: number): number { return this.gapLost[i]!; }
  atAt(i: number): number { return this.at[i]!; }
}
