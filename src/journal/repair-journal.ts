import { truncateSync } from 'node:fs';
import { JournalError } from './journal-error.js';
import { openJournal } from './open-journal.js';
import type { TornTail } from './torn-tail.js';

/**
 * Cuts a journal's torn tail off (truncates the file at the end of its last good record) so
 * that it can be appended to again. An explicit, separate step: reading never repairs. Returns
 * what was cut, or undefined when the journal ended cleanly. The cut bytes are gone: callers
 * that want them for forensics copy the file first. Refuses a journal damaged before its tail.
 */
export function repairJournal(path: string): TornTail | undefined {
  const j = openJournal(path);
  const d = j.damage[0];
  if (d !== undefined) {
    throw new JournalError('ERR_RISKGATE_JOURNAL_TORN',
      `${path} is damaged at offset ${d.offset} (${d.reason}), not only at its tail: cutting would drop the valid records after it; keep it for replay and start a new journal`);
  }
  if (j.tornTail === undefined) return undefined;
  try {
    truncateSync(path, j.tornTail.offset);
  } catch (err) {
    throw new JournalError('ERR_RISKGATE_JOURNAL_IO', `cannot truncate ${path}: ${(err as Error).message}`);
  }
  return j.tornTail;
}
