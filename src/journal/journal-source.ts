import type { HeaderBody } from '../schema/record-body.js';
import type { DamagedRange } from './damaged-range.js';
import { JournalReader, type JournalItem } from './journal-reader.js';
import type { TornTail } from './torn-tail.js';

/** A crash tail and the file it ends. */
export interface FileTornTail extends TornTail {
  readonly path: string;
}

/**
 * A journal to replay, read in constant memory: one file. `items()` yields the header record
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

/** The journal at `path`, streamed. Throws `JournalError` when it is not one. */
export function openJournalSource(path: string): JournalSource {
  return singleFileSource(path);
}
