import { appendFileSync, closeSync, openSync, writeSync } from 'node:fs';
import { basename } from 'node:path';
import { systemClock, type Clock } from '../risk/clock.js';
import type { RecordBody } from '../schema/record-body.js';
import type { JournalRotation } from './fsync-policy.js';
import { JournalError } from './journal-error.js';
import { JournalWriter, type JournalWriteStatus, type JournalWriterOptions, type NewJournal } from './journal-writer.js';
import type { RecordSink } from './record-sink.js';

/** First line of a rotated set's index file; each further line names one file of the set, in order. */
export const INDEX_MAGIC = 'riskgate journal index 1';

/** The path of file `n` of the set whose index is `indexPath`: `day.rgj` → `day.rgj.000003`. */
export function segmentPath(indexPath: string, n: number): string {
  return `${indexPath}.${String(n).padStart(6, '0')}`;
}

/**
 * A journal written as a rotated set: `path` is the index (a text file: `INDEX_MAGIC`, then one
 * file name per line, relative to the index's directory), and the records go to
 * `path.000000`, `path.000001`, ... A new file starts at the end of a batch once the current one
 * holds `rotate.bytes` or has been open `rotate.ms` (the writer's clock). Every file is a whole
 * journal with its own header (the set's config and creation time, its `segment` number); its
 * header's `seq` continues the set's sequence, so `riskgate replay path` reads the set as one
 * journal, and a file read alone is refused by nothing but its place.
 *
 * The index line is appended after the new file exists, so a crash between the two leaves an
 * unlisted file, never a listed one that is missing. A file that cannot be created (a full disk)
 * leaves the writer on the current one: the refusal is counted and it tries again at the next
 * batch end. One owner thread, like `JournalWriter`.
 */
export class RotatingJournalWriter implements RecordSink {
  private writer: JournalWriter;
  private segment = 0;
  private openedAt: number;
  private readonly clock: Clock;
  private priorErrors = 0;
  private priorLost = 0;
  private rotateErrors = 0;
  private lastRotateError: string | undefined;

  private constructor(
    readonly path: string,
    private readonly header: NewJournal & { readonly createdAt: number },
    private readonly opts: JournalWriterOptions,
    private readonly rotate: JournalRotation,
    first: JournalWriter,
  ) {
    this.writer = first;
    this.clock = opts.clock ?? systemClock;
    this.openedAt = this.clock.nowMs();
  }

  /** Creates the index (never overwrites) and the set's first file. Throws `ERR_RISKGATE_JOURNAL_IO`. */
  static create(path: string, header: NewJournal, opts: JournalWriterOptions, rotate: JournalRotation): RotatingJournalWriter {
    let fd: number;
    try {
      fd = openSync(path, 'wx', 0o644);
      writeSync(fd, `${INDEX_MAGIC}\n`);
      closeSync(fd);
    } catch (err) {
      throw new JournalError('ERR_RISKGATE_JOURNAL_IO', `cannot create the journal index ${path}: ${(err as Error).message}`);
    }
    const h = { ...header, createdAt: header.createdAt ?? Date.now() };
    const first = JournalWriter.create(segmentPath(path, 0), h, opts, 0, 0);
    appendIndex(path, segmentPath(path, 0));
    return new RotatingJournalWriter(path, h, opts, rotate, first);
  }

  /** Files of the set so far (the last is being written). */
  get files(): number {
    return this.segment + 1;
  }

  get status(): JournalWriteStatus {
    const s = this.writer.status;
    return {
      state: s.state, writeErrors: this.priorErrors + s.writeErrors + this.rotateErrors, lostCalls: this.priorLost + s.lostCalls,
      unmarkedCalls: s.unmarkedCalls, lastError: s.lastError ?? this.lastRotateError,
    };
  }

  append(at: number, body: RecordBody): number {
    return this.writer.append(at, body);
  }

  /** The end of a batch (a whole call): the current file's policy, then a new file when one is due. */
  endBatch(): void {
    this.writer.endBatch();
    if (this.writer.status.state !== 'ok') return;
    const r = this.rotate;
    const due = (r.bytes !== undefined && this.writer.bytes >= r.bytes) || (r.ms !== undefined && this.clock.nowMs() - this.openedAt >= r.ms);
    if (due) this.next();
  }

  close(): void {
    this.writer.close();
  }

  private next(): void {
    const n = this.segment + 1;
    let w: JournalWriter | undefined;
    try {
      w = JournalWriter.create(segmentPath(this.path, n), this.header, this.opts, this.writer.nextSeq, n);
      appendIndex(this.path, segmentPath(this.path, n));
    } catch (err) {
      w?.close(); // created but not listed: an unlisted file, never read as part of the set
      this.rotateErrors++;
      this.lastRotateError = (err as Error).message;
      return;
    }
    this.writer.close();
    const s = this.writer.status;
    this.priorErrors += s.writeErrors;
    this.priorLost += s.lostCalls;
    this.writer = w;
    this.segment = n;
    this.openedAt = this.clock.nowMs();
  }
}

function appendIndex(index: string, file: string): void {
  try {
    appendFileSync(index, `${basename(file)}\n`);
  } catch (err) {
    throw new JournalError('ERR_RISKGATE_JOURNAL_IO', `cannot add ${file} to the journal index ${index}: ${(err as Error).message}`);
  }
}
