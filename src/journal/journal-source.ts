import type { HeaderBody } from '../schema/record-body.js';
import type { DamagedRange } from './damaged-range.js';
import { closeSync, openSync, readFileSync, readSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { isDamage, JournalReader, type JournalItem } from './journal-reader.js';
import { JournalError } from './journal-error.js';
import { INDEX_MAGIC } from './rotating-journal.js';
import type { TornTail } from './torn-tail.js';

/** A crash tail and the file it ends. */
export interface FileTornTail extends TornTail {
  readonly path: string;
}

/**
 * A journal to replay, read in constant memory: one file, or a rotated set (its index). `items()` yields the header record
 * first, then every record and damaged range in order. Off the hot path.
 */
export interface JournalSource {
  /** What the user named. */
  readonly path: string;
  /** The journal's header (the first file's), when readable. */
  readonly header: HeaderBody | undefined;
  /** The files read, in order. */
  readonly files: readonly string[];
  /** One pass over every record and damaged range; call once. */
  items(): Generator<JournalItem>;
  /** After `items()`: every damaged range, and the crash tail of the last file, if any. */
  readonly damage: readonly DamagedRange[];
  readonly tornTail: FileTornTail | undefined;
  /** File bytes read (after `items()`), and the largest reader window held at once. */
  readonly bytes: number;
  readonly peakWindowBytes: number;
}

/** A single-file journal as a `JournalSource`. Throws `JournalError` when it is not a journal. */
export function singleFileSource(path: string): JournalSource {
  const reader = new JournalReader(path);
  let torn: FileTornTail | undefined;
  return {
    path,
    header: reader.header,
    files: [path],
    *items() {
      if (reader.headerEnvelope !== undefined) yield reader.headerEnvelope;
      else reader.close();
      if (reader.headerEnvelope !== undefined) yield* reader.items();
      if (reader.tornTail !== undefined) torn = { ...reader.tornTail, path };
    },
    get damage() {
      return reader.damage;
    },
    get tornTail() {
      return torn;
    },
    get bytes() {
      return reader.size;
    },
    get peakWindowBytes() {
      return reader.peakWindowBytes;
    },
  };
}

/**
 * A rotated set (rotating-journal.ts) as one `JournalSource`: the files its index lists, in
 * order, each streamed in turn; the first file's header is the journal's, a later file whose
 * config or creation time differs is another journal's (one `foreign` damaged range).
 */
export function rotatedSetSource(indexPath: string, files: readonly string[]): JournalSource {
  if (files.length === 0) throw new JournalError('ERR_RISKGATE_JOURNAL_FORMAT', `${indexPath}: the journal index lists no file`);
  const first = new JournalReader(files[0]!);
  const damage: DamagedRange[] = [];
  let torn: FileTornTail | undefined;
  let bytes = 0;
  let peak = 0;
  return {
    path: indexPath,
    header: first.header,
    files,
    *items() {
      for (let k = 0; k < files.length; k++) {
        const r = k === 0 ? first : new JournalReader(files[k]!);
        const h = r.header;
        if (k === 0 && r.headerEnvelope !== undefined) yield r.headerEnvelope;
        if (k > 0 && (h === undefined || h.configJson !== first.header?.configJson || h.createdAt !== first.header?.createdAt)) {
          r.close();
          const d: DamagedRange = { offset: 0, bytes: r.size, reason: 'foreign', expectedSeq: -1, path: files[k]! };
          damage.push(d);
          yield { damaged: d };
          continue;
        }
        for (const it of r.items()) {
          if (isDamage(it)) damage.push(it.damaged);
          yield it;
        }
        bytes += r.size;
        peak = Math.max(peak, r.peakWindowBytes);
        torn = r.tornTail !== undefined ? { ...r.tornTail, path: files[k]! } : undefined;
        if (r.tornTail !== undefined && k < files.length - 1) {
          // A crash tail is only a crash at the end of the set: inside it, it is damage.
          const d: DamagedRange = { offset: r.tornTail.offset, bytes: r.tornTail.bytes, reason: r.tornTail.reason, expectedSeq: -1, path: files[k]! };
          damage.push(d);
          yield { damaged: d };
          torn = undefined;
        }
      }
    },
    damage,
    get tornTail() {
      return torn;
    },
    get bytes() {
      return bytes;
    },
    get peakWindowBytes() {
      return peak;
    },
  };
}

/**
 * The journal at `path`, streamed: a journal file, or the index of a rotated set (its first line
 * `INDEX_MAGIC`). Throws `JournalError` when it is neither, or a listed file cannot be read.
 */
export function openJournalSource(path: string): JournalSource {
  const head = Buffer.alloc(INDEX_MAGIC.length);
  try {
    const fd = openSync(path, 'r');
    readSync(fd, head, 0, head.length, 0);
    closeSync(fd);
  } catch (err) {
    throw new JournalError('ERR_RISKGATE_JOURNAL_IO', `cannot read ${path}: ${(err as Error).message}`);
  }
  if (head.toString('latin1') !== INDEX_MAGIC) return singleFileSource(path);
  const lines = readFileSync(path, 'utf8').split('\n').slice(1).filter((l) => l !== '');
  return rotatedSetSource(path, lines.map((l) => join(dirname(path), l)));
}
