import { closeSync, fdatasyncSync, fstatSync, ftruncateSync, openSync, writeSync } from 'node:fs';
import { systemClock, type Clock } from '../risk/clock.js';
import { EnvelopeEncoder } from '../schema/encode-envelope.js';
import type { RecordBody } from '../schema/record-body.js';
import { CallBoundaries } from './call-boundaries.js';
import { crc32c } from './crc32c.js';
import { JOURNAL_DEFAULTS, type JournalConfig } from './journal-config.js';
import { JournalError } from './journal-error.js';
import {
  FILE_HEADER_BYTES, JOURNAL_FORMAT_VERSION, JOURNAL_LAYOUT_VERSION, JOURNAL_MAGIC, RECORD_CRC_OFFSET,
  RECORD_LENGTH_OFFSET, RECORD_PAYLOAD_OFFSET, VERSION_OFFSET, recordBytes,
} from './journal-layout.js';
import { openJournal } from './open-journal.js';
import type { RecordSink } from './record-sink.js';

export interface JournalWriterOptions {
  /** fsync policy and block size (the config's `journal` section); default JOURNAL_DEFAULTS. */
  readonly journal?: JournalConfig;
  /** Time source for the `intervalMs` policy; default the system clock. */
  readonly clock?: Clock;
  /**
   * `intervalMs` policy only: also sync from an idle timer (unref'd: it never keeps the process
   * alive), so records appended just before a quiet period are durable within the interval.
   * Default true; tests with a manual clock turn it off.
   */
  readonly idleTimer?: boolean;
}

export interface NewJournal {
  /** The validated engine config as JSON text (replay rebuilds the engine from it). */
  readonly configJson: string;
  /** Wall-clock ms since the epoch; default now. */
  readonly createdAt?: number;
  /** Free text naming the producer. */
  readonly writer?: string;
}

/** What a writer reports about the file system's refusals (`JournalWriter.status`). */
export interface JournalWriteStatus {
  /** `failing` from a refused write or sync until a write and sync succeed again. */
  readonly state: 'ok' | 'failing';
  /** Writes and syncs the file system refused, since the journal was opened. */
  readonly writeErrors: number;
  /** Engine calls not in the file because of them (each is inside a `writeFailed` gap record once the disk allows one). */
  readonly lostCalls: number;
  /** Of those, calls no gap record accounts for yet (the disk has refused that too). */
  readonly unmarkedCalls: number;
  /** The last refusal (`write day.rgj: ENOSPC: ...`), when there was one. */
  readonly lastError: string | undefined;
}

/** How often a failing writer tries the file system again (ms of its clock), at a call start. */
export const WRITE_RETRY_MS = 250;
/** The page size gap records are placed within (bytes): a page the file already owns needs no new space. */
const PAGE_BYTES = 4096;

/**
 * Appends records to a journal file (layout: journal-layout.ts). One owner thread; not shared.
 *
 * Batching: framed records are copied into a block of `blockBytes`; a full block is written with
 * one `write`. Records straddle block boundaries freely, so a crash between two writes leaves a
 * torn record at the end of the file, which the reader reports and `repairJournal` cuts.
 * When blocks reach the OS and the disk is the fsync policy's business (fsync-policy.ts).
 *
 * Refused writes (a full disk, an I/O error) are journal loss, never silent and never thrown at
 * the producer: the writer cuts the file back to the last whole call it wrote (`CallBoundaries`),
 * counts the calls it could not keep, and writes a `writeFailed` gap record for them right there,
 * in the file's last page, which the file already owns: a full disk still takes it. (When that
 * page has no room for the gap, it cuts back further, to an earlier call in the page, and counts
 * those calls too.) Then it is `failing`: appends are counted as lost and not written; every
 * `WRITE_RETRY_MS` a call start tries again: when the file system takes a block-sized probe and
 * a gap record for the calls lost since, writing resumes. `close()` makes a last try. `status` reports all of it;
 * whether the engine goes on deciding meanwhile is the `onFailure` policy's business (fsync-policy.ts).
 *
 * Allocation: one reused FlatBuffers builder, one reused frame buffer (grown to the largest
 * record), one block. Each record's strings are encoded to UTF-8 by the builder.
 */
export class JournalWriter implements RecordSink {
  private readonly encoder = new EnvelopeEncoder();
  private readonly block: Uint8Array;
  private frame = new Uint8Array(1024);
  private frameView = new DataView(this.frame.buffer);
  private fill = 0;
  private flushed = 0;
  /** File offset of block[0]. */
  private blockStart: number;
  private seq: number;
  private lastSync: number;
  private dirty = false;
  private closed = false;
  private readonly timer: ReturnType<typeof setInterval> | undefined;
  private readonly clock: Clock;
  /** Whole-call boundaries (call-boundaries.ts); `safe`: the latest whose bytes were all written. */
  private readonly boundaries = new CallBoundaries();
  /** File bytes written so far (from 0, contiguous). */
  private writtenEnd: number;
  /** Calls appended (events, requests, cancel-alls) and calls accounted for in appended gap records. */
  private calls = 0;
  private gapLost = 0;
  /** Engine time of the last record appended after the header (NaN: none). */
  private lastAt = NaN;
  private lastKind: RecordBody['kind'] = 'header';
  private failing = false;
  private retryAt = 0;
  /**
   * File offset where the last refused write would have ended (0: the last refusal was a sync).
   * A retry's probe must reach it: the cut after a refusal gives pages back to the file system,
   * and a probe that fits in those alone finds only the room the writer itself released.
   */
  private refusedEnd = 0;
  private writeErrors = 0;
  private lostCalls = 0;
  /** Lost calls no gap record in the file accounts for yet. */
  private unmarked = 0;
  private lastError: string | undefined;

  private constructor(
    readonly path: string,
    private readonly fd: number,
    readonly config: JournalConfig,
    end: number,
    nextSeq: number,
    opts: JournalWriterOptions,
  ) {
    this.block = new Uint8Array(config.blockBytes);
    this.blockStart = end;
    this.writtenEnd = end;
    this.seq = nextSeq;
    this.clock = opts.clock ?? systemClock;
    this.lastSync = this.clock.nowMs();
    const p = config.policy;
    if (p.fsync === 'intervalMs' && opts.idleTimer !== false) {
      this.timer = setInterval(() => this.tick(), p.intervalMs);
      this.timer.unref();
    }
  }

  /**
   * Creates a new journal (never overwrites an existing file) and writes, flushes and syncs its
   * header. `firstSeq` / `segment`: a later file of a rotated set (its header continues the
   * set's sequence). Throws `ERR_RISKGATE_JOURNAL_IO` when even the header cannot be written.
   */
  static create(path: string, header: NewJournal, opts: JournalWriterOptions = {}, firstSeq = 0, segment?: number): JournalWriter {
    const fd = openFd(path, 'wx');
    const head = new Uint8Array(FILE_HEADER_BYTES);
    for (let i = 0; i < 4; i++) head[i] = JOURNAL_MAGIC.charCodeAt(i);
    new DataView(head.buffer).setUint32(VERSION_OFFSET, JOURNAL_LAYOUT_VERSION, true);
    try {
      writeAll(fd, head, 0, head.length, 0, path);
    } catch (err) {
      closeSync(fd);
      throw err;
    }
    const w = new JournalWriter(path, fd, opts.journal ?? JOURNAL_DEFAULTS, FILE_HEADER_BYTES, firstSeq, opts);
    w.append(0, {
      kind: 'header', formatVersion: JOURNAL_FORMAT_VERSION, configJson: header.configJson,
      createdAt: header.createdAt ?? Date.now(), writer: header.writer ?? 'riskgate', ...(segment !== undefined ? { segment } : {}),
    });
    w.flush();
    if (!w.failing && w.config.policy.fsync !== 'none') w.syncNow();
    if (w.failing) {
      const why = w.lastError;
      w.closeQuietly();
      throw new JournalError('ERR_RISKGATE_JOURNAL_IO', `cannot write the journal header: ${why}`);
    }
    return w;
  }

  /**
   * Opens an existing journal to append after its last record. Refuses a journal with a torn
   * tail (`ERR_RISKGATE_JOURNAL_TORN`): repair it first, deliberately.
   */
  static openForAppend(path: string, opts: JournalWriterOptions = {}): JournalWriter {
    const j = openJournal(path);
    if (j.tornTail !== undefined) {
      throw new JournalError('ERR_RISKGATE_JOURNAL_TORN',
        `${path} has a torn tail at offset ${j.tornTail.offset} (${j.tornTail.bytes} bytes, ${j.tornTail.reason}); run repairJournal first`);
    }
    if (j.header === undefined) throw new JournalError('ERR_RISKGATE_JOURNAL_FORMAT', `${path} has no header record`);
    const d = j.damage[0];
    if (d !== undefined) {
      throw new JournalError('ERR_RISKGATE_JOURNAL_TORN',
        `${path} is damaged at offset ${d.offset} (${d.bytes} bytes, ${d.reason}; ${j.damage.length} damaged range(s)); it cannot be appended to: start a new journal`);
    }
    const fd = openFd(path, 'r+');
    const size = fstatSync(fd).size;
    if (size !== j.size) {
      closeSync(fd);
      throw new JournalError('ERR_RISKGATE_JOURNAL_IO', `${path} changed while being opened (${j.size} -> ${size} bytes)`);
    }
    const w = new JournalWriter(path, fd, opts.journal ?? JOURNAL_DEFAULTS, j.size, j.records[0]!.seq + j.records.length, opts);
    const last = j.records[j.records.length - 1]!;
    if (j.records.length > 1) w.lastAt = last.at;
    w.boundaries.push(j.size, w.seq, 0, 0, w.lastAt);
    return w;
  }

  /** Sequence number the next record gets (= records in the journal so far). */
  get nextSeq(): number {
    return this.seq;
  }

  /** File bytes written so far (the size the file has once the block is flushed). */
  get bytes(): number {
    return this.blockStart + this.fill;
  }

  /** The file system's refusals and what they cost. */
  get status(): JournalWriteStatus {
    return { state: this.failing ? 'failing' : 'ok', writeErrors: this.writeErrors, lostCalls: this.lostCalls, unmarkedCalls: this.unmarked, lastError: this.lastError };
  }

  /**
   * Appends one record (engine time `at`); returns its sequence number, or -1 when the writer is
   * failing and the record was counted as lost instead. Applies the policy.
   */
  append(at: number, body: RecordBody): number {
    const seq = this.put(at, body);
    if (seq >= 0) this.afterAppend();
    return seq;
  }

  /** Appends several records as one batch: one policy decision (one fsync) for all of them. */
  appendBatch(records: Iterable<{ readonly at: number; readonly body: RecordBody }>): number {
    let last = -1;
    for (const r of records) last = this.put(r.at, r.body);
    this.endBatch();
    return last;
  }

  /** The end of a batch, and of a whole call: a place the file may be cut back to. Applies the policy. */
  endBatch(): void {
    if (!this.failing && this.lastKind !== 'request') this.boundaries.push(this.bytes, this.seq, this.calls, this.gapLost, this.lastAt);
    this.afterAppend();
  }

  /** Hands the partial block to the OS (no fsync). */
  flush(): void {
    this.checkOpen();
    if (this.failing || this.fill <= this.flushed) return;
    if (this.write(this.block, this.flushed, this.fill - this.flushed, this.blockStart + this.flushed)) this.flushed = this.fill;
  }

  /** Flushes and fsyncs: every record appended so far is durable when this returns (unless the writer is failing). */
  sync(): void {
    this.flush();
    if (!this.failing) this.syncNow();
  }

  /**
   * Flushes, syncs (unless the policy is `none`) and closes. A failing writer first tries once
   * more to mark its unmarked losses with a gap record. Idempotent.
   */
  close(): void {
    if (this.closed) return;
    if (this.timer !== undefined) clearInterval(this.timer);
    this.flush();
    if (!this.failing && this.config.policy.fsync !== 'none') this.syncNow();
    // The last chance to mark what was lost: the gap alone, in the page the file owns.
    if (this.failing && this.unmarked > 0) this.writeGap(this.lastAt, undefined);
    this.closeQuietly();
  }

  private closeQuietly(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    try {
      closeSync(this.fd);
    } catch {
      // the descriptor is gone either way
    }
    this.closed = true;
  }

  private put(at: number, body: RecordBody): number {
    this.checkOpen();
    const startsCall = body.kind !== 'decision' && body.kind !== 'header';
    if (this.failing) {
      if (!startsCall) return -1; // part of a call already counted as lost
      if (body.kind === 'gap' || this.clock.nowMs() < this.retryAt || !this.retry(this.lastAt, at)) {
        const n = body.kind === 'gap' ? body.lost : 1;
        this.lostCalls += body.kind === 'gap' ? 0 : 1; // a ring gap's calls are counted where they were lost
        this.unmarked += n;
        return -1;
      }
    }
    if (startsCall) this.boundaries.push(this.bytes, this.seq, this.calls, this.gapLost, this.lastAt);
    if (body.kind === 'gap') {
      body = { ...body, lostTotal: this.gapLost + body.lost };
      this.gapLost += body.lost;
    } else if (startsCall) this.calls++;
    const seq = this.seq;
    this.frameRecord(seq, at, body);
    this.seq = seq + 1;
    this.lastKind = body.kind;
    if (body.kind !== 'header') this.lastAt = at;
    this.dirty = true;
    return this.copyIntoBlocks(this.frame, recordBytes(this.frameView.getUint32(RECORD_LENGTH_OFFSET, true))) ? seq : -1;
  }

  /** Frames one record (length, checksum, payload, padding) into `frame`; returns its size. */
  private frameRecord(seq: number, at: number, body: RecordBody): number {
    const payload = this.encoder.encode({ seq, at, body });
    const n = payload.length;
    const size = recordBytes(n);
    if (this.frame.length < size) {
      this.frame = new Uint8Array(Math.max(size, this.frame.length * 2));
      this.frameView = new DataView(this.frame.buffer);
    }
    const f = this.frame;
    f.fill(0, RECORD_PAYLOAD_OFFSET + n, size);
    f.set(payload, RECORD_PAYLOAD_OFFSET);
    this.frameView.setUint32(RECORD_LENGTH_OFFSET, n, true);
    let crc = crc32c(f, 0, RECORD_LENGTH_OFFSET, RECORD_CRC_OFFSET);
    crc = crc32c(f, crc, RECORD_PAYLOAD_OFFSET, size);
    this.frameView.setUint32(RECORD_CRC_OFFSET, crc, true);
    return size;
  }

  /** Copies a framed record into the block, writing out every block it fills; false when a write was refused. */
  private copyIntoBlocks(src: Uint8Array, size: number): boolean {
    let from = 0;
    while (from < size) {
      const k = Math.min(size - from, this.block.length - this.fill);
      this.block.set(src.subarray(from, from + k), this.fill);
      this.fill += k;
      from += k;
      if (this.fill === this.block.length) {
        if (!this.write(this.block, this.flushed, this.fill - this.flushed, this.blockStart + this.flushed)) return false;
        this.blockStart += this.block.length;
        this.fill = 0;
        this.flushed = 0;
      }
    }
    return true;
  }

  /** One positioned write; on a refusal, the failure handling (`fail`) and false. */
  private write(buf: Uint8Array, off: number, len: number, pos: number): boolean {
    try {
      writeAll(this.fd, buf, off, len, pos, this.path);
    } catch (err) {
      this.refusedEnd = pos + len;
      this.fail(err);
      return false;
    }
    this.writtenEnd = Math.max(this.writtenEnd, pos + len);
    this.boundaries.written(this.writtenEnd);
    return true;
  }

  /**
   * A refused write or sync: cut the file back to a whole call that leaves room for a gap record
   * in a page the file owns, count what was cut, write the gap there, and fail until a retry.
   * The cut may give whole pages back to the file system (the refused write had taken the
   * file's last page before it was refused): `retry` does not count those as space come back.
   */
  private fail(err: unknown): void {
    this.writeErrors++;
    this.lastError = (err as Error).message;
    this.failing = true;
    this.retryAt = this.clock.nowMs() + WRITE_RETRY_MS;
    const gapBytes = this.frameRecord(this.seq, 0, { kind: 'gap', lost: 1, lostTotal: 1, fromAt: 1, toAt: 1, cause: 'writeFailed' });
    const written = this.writtenEnd;
    const fits = (off: number): boolean => (off < written || off % PAGE_BYTES !== 0) && (off % PAGE_BYTES) + gapBytes <= PAGE_BYTES;
    let b = this.boundaries.latest(written, fits);
    if (b < 0) b = this.boundaries.latest(written, () => true);
    if (b < 0) {
      // Nothing after the header was kept: the file ends at the header (create() reports it).
      this.fill = 0;
      this.flushed = 0;
      return;
    }
    const cut = this.calls - this.boundaries.callsAt(b);
    this.lostCalls += cut;
    this.unmarked += cut + (this.gapLost - this.boundaries.gapLostAt(b));
    this.rewind(b);
    this.writeGap(this.boundaries.atAt(b), undefined);
  }

  /** Back to boundary `b`: the file, the block, the sequence and the counters. */
  private rewind(b: number): void {
    const off = this.boundaries.offAt(b);
    try {
      ftruncateSync(this.fd, off);
    } catch (err) {
      this.writeErrors++;
      this.lastError = `truncate ${this.path}: ${(err as Error).message}`;
    }
    this.blockStart = off;
    this.fill = 0;
    this.flushed = 0;
    this.writtenEnd = Math.min(this.writtenEnd, off);
    this.seq = this.boundaries.seqAt(b);
    this.calls = this.boundaries.callsAt(b);
    this.gapLost = this.boundaries.gapLostAt(b);
    this.lastAt = this.boundaries.atAt(b);
    this.lastKind = 'gap';
    this.boundaries.dropAfter(off);
  }

  /**
   * Writes a `writeFailed` gap for the unmarked losses at the current end, straight to the file
   * (and syncs, unless the policy is `none`). True when it is in the file.
   */
  private writeGap(fromAt: number, toAt: number | undefined): boolean {
    if (this.unmarked === 0) return true;
    const off = this.blockStart;
    const lost = this.unmarked;
    const size = this.frameRecord(this.seq, Number.isNaN(fromAt) ? (toAt ?? 0) : fromAt, {
      kind: 'gap', lost, lostTotal: this.gapLost + lost, ...(Number.isNaN(fromAt) ? {} : { fromAt }), ...(toAt !== undefined ? { toAt } : {}), cause: 'writeFailed',
    });
    try {
      writeAll(this.fd, this.frame, 0, size, off, this.path);
      if (this.config.policy.fsync !== 'none') fdatasyncSync(this.fd);
    } catch (err) {
      this.writeErrors++;
      this.lastError = (err as Error).message;
      try {
        ftruncateSync(this.fd, off);
      } catch {
        // counted above; the reader reports what is left
      }
      return false;
    }
    this.blockStart = off + size;
    this.writtenEnd = this.blockStart;
    this.seq++;
    this.gapLost += lost;
    this.unmarked = 0;
    this.lastKind = 'gap';
    this.boundaries.push(this.blockStart, this.seq, this.calls, this.gapLost, this.lastAt);
    return true;
  }

  /**
   * A failing writer tries again: a probe (written and cut off again) of a block past the file's
   * end and at least through the end of the last refused write, then the gap for the losses
   * since the last one, written and synced on its own; when the file system takes both, the
   * writer is ok again. `toAt`: engine time of the call about to be appended (undefined at close).
   */
  private retry(fromAt: number, toAt: number | undefined): boolean {
    this.retryAt = this.clock.nowMs() + WRITE_RETRY_MS;
    // Probe: a whole block's worth of space, taken and given back. A gap record alone fits in
    // the last page even on a full disk; resuming on that would flap at every retry. And through
    // the refused write's end: the cut after the refusal gave the file's last page back, and a
    // block from the cut end can fit in that page alone. Resuming on it, the engine would
    // approve orders again (onFailure halt) whose block the disk refuses once more: approvals
    // with no record, while the disk never had more room than when it first refused.
    const end = this.blockStart;
    const through = Math.max(end + this.block.length, this.refusedEnd);
    try {
      for (let p = end; p < through; p += this.block.length) writeAll(this.fd, this.block, 0, Math.min(this.block.length, through - p), p, this.path);
    } catch (err) {
      this.lastError = (err as Error).message;
      return false;
    } finally {
      try {
        ftruncateSync(this.fd, end);
      } catch {
        // the next write at `end` overwrites what the probe left
      }
    }
    if (!this.writeGap(fromAt, toAt)) return false;
    try {
      fdatasyncSync(this.fd);
    } catch (err) {
      this.writeErrors++;
      this.lastError = (err as Error).message;
      return false;
    }
    this.failing = false;
    this.lastSync = this.clock.nowMs();
    return true;
  }

  private afterAppend(): void {
    if (this.failing) return;
    const p = this.config.policy;
    if (p.fsync === 'everyRecord') this.sync();
    else if (p.fsync === 'intervalMs' && this.clock.nowMs() - this.lastSync >= p.intervalMs) this.sync();
  }

  private tick(): void {
    if (this.closed || !this.dirty || this.failing) return;
    const p = this.config.policy;
    if (p.fsync === 'intervalMs' && this.clock.nowMs() - this.lastSync >= p.intervalMs) this.sync();
  }

  private syncNow(): void {
    try {
      fdatasyncSync(this.fd);
    } catch (err) {
      this.refusedEnd = 0;
      // What was written may not be on the disk: handled as a refused write (the calls not yet
      // written are cut and counted, a gap marks them), failing until a retry syncs.
      this.fail(new Error(`fsync ${this.path}: ${(err as Error).message}`));
      return;
    }
    this.lastSync = this.clock.nowMs();
    this.dirty = false;
  }

  private checkOpen(): void {
    if (this.closed) throw new JournalError('ERR_RISKGATE_JOURNAL_CLOSED', `journal ${this.path} is closed`);
  }
}

function openFd(path: string, flags: string): number {
  try {
    return openSync(path, flags, 0o644);
  } catch (err) {
    throw new JournalError('ERR_RISKGATE_JOURNAL_IO', `cannot open ${path}: ${(err as Error).message}`);
  }
}

function writeAll(fd: number, buf: Uint8Array, off: number, len: number, pos: number, path: string): void {
  let done = 0;
  try {
    while (done < len) done += writeSync(fd, buf, off + done, len - done, pos + done);
  } catch (err) {
    throw new JournalError('ERR_RISKGATE_JOURNAL_IO', `write ${path}: ${(err as Error).message}`);
  }
}
