/** Why the reader stopped before the end of the file. */
export type TornReason =
  /** The file ends inside a record (a write cut short by a crash). */
  | 'truncated'
  /** A record's length field is 0 or beyond MAX_RECORD_PAYLOAD. */
  | 'length'
  /** A record's bytes do not match its checksum (torn write or corruption). */
  | 'checksum'
  /** The checksum holds but the payload is not a decodable envelope. */
  | 'decode'
  /** The envelope's `seq` is not the record's index. */
  | 'sequence';

/**
 * The part of a journal the reader did not trust: from `offset` (the end of the last good
 * record) to the end of the file, `bytes` long. Never silently dropped: `openJournal` returns
 * it, `riskgate replay` prints it, and only `repairJournal` (an explicit call) cuts it off.
 */
export interface TornTail {
  readonly offset: number;
  readonly bytes: number;
  readonly reason: TornReason;
  /** Index the first untrusted record would have had. */
  readonly recordIndex: number;
}
