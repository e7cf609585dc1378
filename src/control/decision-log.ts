import type { DecisionBatch, DecisionRecord } from './state-source.js';

/** A decision before the log numbers it. */
export type DecisionInput = Omit<DecisionRecord, 'seq'>;

/**
 * The recent decisions and their latencies, bounded: the oldest are overwritten, and a reader
 * that fell behind learns how many it missed. One writer and its readers share a thread (the
 * engine's thread in the single-threaded embedding; the server thread in a `PortStateSource`).
 * Edge-side: allocates a record per decision.
 */
export class DecisionLog {
  private readonly records: (DecisionRecord | undefined)[];
  private last = 0;
  private readonly latencies: Float64Array;
  private latHead = 0;
  private latLen = 0;
  /** Latency samples overwritten before anyone took them. */
  latenciesDropped = 0;

  constructor(
    readonly capacity = 4096,
    latencyCapacity = 65536,
  ) {
    this.records = new Array<DecisionRecord | undefined>(capacity);
    this.latencies = new Float64Array(latencyCapacity);
  }

  /** The seq of the newest decision (0 when none). */
  get lastSeq(): number {
    return this.last;
  }

  /** Appends a decision (numbered here) and, when measured, its latency in ns. */
  append(input: DecisionInput, latencyNs?: number): DecisionRecord {
    const rec: DecisionRecord = { seq: ++this.last, ...input };
    this.records[this.last % this.capacity] = rec;
    if (latencyNs !== undefined) this.recordLatency(latencyNs);
    return rec;
  }

  /** Appends a record numbered elsewhere (a copy of another log); seqs must increase. */
  appendNumbered(rec: DecisionRecord): void {
    if (rec.seq <= this.last) return;
    this.last = rec.seq;
    this.records[rec.seq % this.capacity] = rec;
  }

  recordLatency(ns: number): void {
    const cap = this.latencies.length;
    this.latencies[(this.latHead + this.latLen) % cap] = ns;
    if (this.latLen < cap) this.latLen++;
    else {
      this.latHead = (this.latHead + 1) % cap;
      this.latenciesDropped++;
    }
  }

  since(afterSeq: number, max: number): DecisionBatch {
    const from = Math.max(afterSeq + 1, 1);
    const oldest = Math.max(1, this.last - this.capacity + 1);
    const start = Math.max(from, oldest);
    const end = Math.min(this.last, start + max - 1);
    const decisions: DecisionRecord[] = [];
    for (let s = start; s <= end; s++) {
      const r = this.records[s % this.capacity];
      // A record numbered elsewhere may have holes (appendNumbered): count them as missed.
      if (r !== undefined && r.seq === s) decisions.push(r);
    }
    const missed = start - from + (end - start + 1 - decisions.length);
    return { decisions, missed: Math.max(0, missed) };
  }

  takeLatencies(record: (ns: number) => void): void {
    const cap = this.latencies.length;
    for (let k = 0; k < this.latLen; k++) record(this.latencies[(this.latHead + k) % cap]!);
    this.latHead = 0;
    this.latLen = 0;
  }
}
