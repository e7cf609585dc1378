import { decodeEnvelope } from '../schema/decode-envelope.js';
import type { JournalRecord } from '../schema/record-body.js';
import { crc32c } from './crc32c.js';
import { JournalError } from './journal-error.js';
import {
  FILE_HEADER_BYTES, JOURNAL_LAYOUT_VERSION, JOURNAL_MAGIC, MAX_RECORD_PAYLOAD, RECORD_CRC_OFFSET, RECORD_HEADER_BYTES,
  RECORD_LENGTH_OFFSET, RECORD_PAYLOAD_OFFSET, VERSION_OFFSET, recordBytes,
} from './journal-layout.js';
import type { TornTail } from './torn-tail.js';

export interface JournalScan {
  readonly records: JournalRecord[];
  /** File offset just past the last good record (where an append continues). */
  readonly end: number;
  readonly tornTail?: TornTail;
}

/** Checks the file header; throws `ERR_RISKGATE_JOURNAL_FORMAT` when it is not a journal. */
export function checkFileHeader(bytes: Uint8Array, name: string): void {
  if (bytes.length < FILE_HEADER_BYTES) {
    throw new JournalError('ERR_RISKGATE_JOURNAL_FORMAT', `${name} is not a riskgate journal (${bytes.length} bytes, shorter than the file header)`);
  }
  const magic = String.fromCharCode(bytes[0]!, bytes[1]!, bytes[2]!, bytes[3]!);
  if (magic !== JOURNAL_MAGIC) throw new JournalError('ERR_RISKGATE_JOURNAL_FORMAT', `${name} is not a riskgate journal (magic ${JSON.stringify(magic)})`);
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const version = dv.getUint32(VERSION_OFFSET, true);
  if (version !== JOURNAL_LAYOUT_VERSION) {
    throw new JournalError('ERR_RISKGATE_JOURNAL_FORMAT', `${name}: journal layout version ${version} is not supported (this build reads ${JOURNAL_LAYOUT_VERSION})`);
  }
}

/**
 * Reads every complete, checksummed, in-sequence record of a journal image and stops at the
 * first one that is not (see journal-layout.ts), reporting it as the torn tail. Never returns
 * a record past that point. Off the hot path (decodes into objects).
 */
export function scanJournal(bytes: Uint8Array, name = 'journal'): JournalScan {
  checkFileHeader(bytes, name);
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const records: JournalRecord[] = [];
  let off = FILE_HEADER_BYTES;
  const torn = (reason: TornTail['reason']): JournalScan => ({
    records, end: off, tornTail: { offset: off, bytes: bytes.length - off, reason, recordIndex: records.length },
  });
  while (off < bytes.length) {
    if (bytes.length - off < RECORD_HEADER_BYTES) return torn('truncated');
    const n = dv.getUint32(off + RECORD_LENGTH_OFFSET, true);
    if (n === 0 || n > MAX_RECORD_PAYLOAD) {
      // A length that could still fit, followed by zeros to the end, is a tail the OS extended
      // but never filled (a crash between size update and data): report it as truncated.
      return torn(n === 0 && allZero(bytes, off) ? 'truncated' : 'length');
    }
    const size = recordBytes(n);
    if (bytes.length - off < size) return torn('truncated');
    let crc = crc32c(bytes, 0, off + RECORD_LENGTH_OFFSET, off + RECORD_CRC_OFFSET);
    crc = crc32c(bytes, crc, off + RECORD_PAYLOAD_OFFSET, off + size);
    if (crc !== dv.getUint32(off + RECORD_CRC_OFFSET, true)) return torn('checksum');
    let rec: JournalRecord;
    try {
      rec = decodeEnvelope(bytes.subarray(off + RECORD_PAYLOAD_OFFSET, off + RECORD_PAYLOAD_OFFSET + n));
    } catch (err) {
      if ((err as { code?: string }).code !== 'ERR_RISKGATE_SCHEMA') throw err;
      return torn('decode');
    }
    if (rec.seq !== records.length) return torn('sequence');
    records.push(rec);
    off += size;
  }
  return { records, end: off };
}

function allZero(bytes: Uint8Array, from: number): boolean {
  for (let i = from; i < bytes.length; i++) if (bytes[i] !== 0) return false;
  return true;
}
