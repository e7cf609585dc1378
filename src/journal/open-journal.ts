import { readFileSync } from 'node:fs';
import type { HeaderBody, JournalRecord } from '../schema/record-body.js';
import { JournalError } from './journal-error.js';
import { scanJournal } from './scan-journal.js';
import type { TornTail } from './torn-tail.js';

export interface OpenedJournal {
  readonly path: string;
  /** Every complete record, the header first (`records[0]`), in file order. */
  readonly records: readonly JournalRecord[];
  /** Record 0's body; absent only when even the header record is torn. */
  readonly header?: HeaderBody;
  /** Present when the file does not end on a good record: where the damage starts and its size. */
  readonly tornTail?: TornTail;
  /** File size in bytes when read. */
  readonly size: number;
}

/**
 * Reads a journal file: every complete record and, when the file does not end cleanly, the
 * torn tail (never silently dropped, never repaired here: see `repairJournal`). Throws
 * `JournalError` (`ERR_RISKGATE_JOURNAL_FORMAT`) when the file is not a journal, or whose first
 * record is not a header; `ERR_RISKGATE_JOURNAL_IO` when it cannot be read.
 */
export function openJournal(path: string): OpenedJournal {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (err) {
    throw new JournalError('ERR_RISKGATE_JOURNAL_IO', `cannot read ${path}: ${(err as Error).message}`);
  }
  const scan = scanJournal(bytes, path);
  const first = scan.records[0];
  if (first !== undefined && first.body.kind !== 'header') {
    throw new JournalError('ERR_RISKGATE_JOURNAL_FORMAT', `${path}: record 0 is a ${first.body.kind} record, not the journal header`);
  }
  return {
    path,
    records: scan.records,
    ...(first !== undefined ? { header: first.body as HeaderBody } : {}),
    ...(scan.tornTail !== undefined ? { tornTail: scan.tornTail } : {}),
    size: bytes.length,
  };
}
