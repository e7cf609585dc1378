import type { HeaderBody, JournalRecord } from '../schema/record-body.js';
import type { DamagedRange } from './damaged-range.js';
import { isDamage, JournalReader } from './journal-reader.js';
import type { TornTail } from './torn-tail.js';

export interface OpenedJournal {
  readonly path: string;
  /** Every valid record, the header first (`records[0]`), in file order. */
  readonly records: readonly JournalRecord[];
  /** Record 0's body; absent only when even the header record is unreadable. */
  readonly header?: HeaderBody;
  /** Present when the file ends in a crash tail (a final partial record, or zeros): where it starts and its size. */
  readonly tornTail?: TornTail;
  /** Every damaged range before the end (or to the end, when it is not a crash tail), in file order. */
  readonly damage: readonly DamagedRange[];
  /** File size in bytes when read. */
  readonly size: number;
}

/**
 * Reads a whole journal file into memory: every valid record, every damaged range and the crash
 * tail (never silently dropped, never repaired here: see `repairJournal`). For tests and small
 * files; replay and sweep stream (`JournalReader`, `openJournalSource`) in constant memory.
 * Throws `JournalError` (`ERR_RISKGATE_JOURNAL_FORMAT`) when the file is not a journal or its
 * first record is not a header; `ERR_RISKGATE_JOURNAL_IO` when it cannot be read.
 */
export function openJournal(path: string): OpenedJournal {
  const r = new JournalReader(path);
  const records: JournalRecord[] = [];
  if (r.headerEnvelope !== undefined) records.push(r.headerEnvelope);
  for (const item of r.items()) if (!isDamage(item)) records.push(item);
  return {
    path,
    records,
    ...(r.header !== undefined ? { header: r.header } : {}),
    ...(r.tornTail !== undefined ? { tornTail: r.tornTail } : {}),
    damage: r.damage,
    size: r.size,
  };
}
