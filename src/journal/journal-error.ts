/**
 * A journal that cannot be used as asked. Identity is the `code`:
 * - `ERR_RISKGATE_JOURNAL_FORMAT`: not a riskgate journal (magic, layout version, first record);
 * - `ERR_RISKGATE_JOURNAL_TORN`: appending to a journal whose tail is torn (repair it first);
 * - `ERR_RISKGATE_JOURNAL_CLOSED`: the writer was closed;
 * - `ERR_RISKGATE_JOURNAL_IO`: the file system refused (message carries the cause).
 */
export type JournalErrorCode =
  | 'ERR_RISKGATE_JOURNAL_FORMAT'
  | 'ERR_RISKGATE_JOURNAL_TORN'
  | 'ERR_RISKGATE_JOURNAL_CLOSED'
  | 'ERR_RISKGATE_JOURNAL_IO';

export class JournalError extends Error {
  constructor(
    readonly code: JournalErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'JournalError';
  }
}
