import { closeSync, fdatasyncSync, fstatSync, openSync, writeSync } from 'node:fs';
import { systemClock, type Clock } from '../risk/clock.js';
import { EnvelopeEncoder } from '../schema/encode-envelope.js';
import type { RecordBody } from '../schema/record-body.js';
import { crc32c } from './crc32c.js';
import { JOURNAL_DEFAULTS, type JournalConfig } from './fsync-policy.js';
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

/**
 * Appends records to a journal file (layout: journal-layout.ts). One owner thread; not shared.
 *
 * Batching: framed records are copied into a block of `blockBytes`; a full block is written with
 * one `write`. Records straddle block boundaries freely, so a crash between two writes leaves a
 * torn record at the end of the file, which the reader reports and `repairJournal` cuts.
 * When blocks reach the OS and the disk is the fsync policy's business (fsync-policy.ts).
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
    this.seq = nextSeq;
    this.clock = opts.clock ?? systemClock;
    this.lastSync = this.clock.nowMs();
    const p = config.policy;
    if (p.fsync === 'intervalMs' && opts.idleTimer !== false) {
      this.timer = setInterval(() => this.tick(), p.intervalMs);
      this.timer.unref();
    }
  }

  /** Creates a new journal (never overwrites an existing file) and writes, flushes and syncs its header. */
  static create(path: string, header: NewJournal, opts: JournalWriterOptions = {}): JournalWriter {
    const fd = openFd(path, 'wx');
    const head = new Uint8Array(FILE_HEADER_BYTES);
    for (let i = 0; i < 4; i++) head[i] = JOURNAL_MAGIC.charCodeAt(i);
    new DataView(head.buffer).setUint32(VERSION_OFFSET, JOURNAL_LAYOUT_VERSION, true);
    writeAll(fd, head, 0, head.length, 0, path);
    const w = new JournalWriter(path, fd, opts.journal ?? JOURNAL_DEFAULTS, FILE_HEADER_BYTES, 0, opts);
    w.append(0, {
      kind: 'header', formatVersion: JOURNAL_FORMAT_VERSION, configJson: header.configJson,
      createdAt: header.createdAt ?? Date.now(), writer: header.writer ?? 'riskgate',
    });
    w.flush();
    if (w.config.policy.fsync !== 'none') w.syncNow();
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
    return new JournalWriter(path, fd, opts.journal ?? JOURNAL_DEFAULTS, j.size, j.records[0]!.seq + j.records.length, opts);
  }

  /** Sequence number the next record gets (= records in the journal so far). */
  get nextSeq(): number {
    return this.seq;
  }

  /** Appends one record (engine time `at`); returns its sequence number. Applies the policy. */
  append(at: number, body: RecordBody): number {
    const seq = this.put(at, body);
    this.afterAppend();
    return seq;
  }

  /** Appends several records as one batch: one policy decision (one fsync) for all of them. */
  appendBatch(records: Iterable<{ readonly at: number; readonly body: RecordBody }>): number {
    let last = -1;
    for (const r of records) last = this.put(r.at, r.body);
    this.endBatch();
    return last;
  }

  endBatch(): void {
    this.afterAppend();
  }

  /** Hands the partial block to the OS (no fsync). */
  flush(): void {
    this.checkOpen();
    if (this.fill > this.flushed) {
      writeAll(this.fd, this.block, this.flushed, this.fill - this.flushed, this.blockStart + this.flushed, this.path);
      this.flushed = this.fill;
    }
  }

  /** Flushes and fsyncs: every record appended so far is durable when this returns. */
  sync(): void {
    this.flush();
    this.syncNow();
  }

  /** Flushes, syncs (unless the policy is `none`) and closes. Idempotent. */
  close(): void {
    if (this.closed) return;
    if (this.timer !== undefined) clearInterval(this.timer);
    this.flush();
    if (this.config.policy.fsync !== 'none') this.syncNow();
    closeSync(this.fd);
    this.closed = true;
  }

  private put(at: number, body: RecordBody): number {
    this.checkOpen();
    const seq = this.seq;
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
    this.copyIntoBlocks(f, size);
    this.seq = seq + 1;
    this.dirty = true;
    return seq;
  }

  /** Copies a framed record into the block, writing out every block it fills. */
  private copyIntoBlocks(src: Uint8Array, size: number): void {
    let from = 0;
    while (from < size) {
      const k = Math.min(size - from, this.block.length - this.fill);
      this.block.set(src.subarray(from, from + k), this.fill);
      this.fill += k;
      from += k;
      if (this.fill === this.block.length) {
        writeAll(this.fd, this.block, this.flushed, this.fill - this.flushed, this.blockStart + this.flushed, this.path);
        this.blockStart += this.block.length;
        this.fill = 0;
        this.flushed = 0;
      }
    }
  }

  private afterAppend(): void {
    const p = this.config.policy;
    if (p.fsync === 'everyRecord') this.sync();
    else if (p.fsync === 'intervalMs' && this.clock.nowMs() - this.lastSync >= p.intervalMs) this.sync();
  }

  private tick(): void {
    if (this.closed || !this.dirty) return;
    const p = this.config.policy;
    if (p.fsync === 'intervalMs' && this.clock.nowMs() - this.lastSync >= p.intervalMs) this.sync();
  }

  private syncNow(): void {
    try {
      fdatasyncSync(this.fd);
    } catch (err) {
      throw new JournalError('ERR_RISKGATE_JOURNAL_IO', `fsync ${this.path}: ${(err as Error).message}`);
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
