/**
 * The journal file: an append-only sequence of checksummed, length-prefixed FlatBuffers records.
 *
 * ```
 *  file offset
 *  0        ┌────────────────────────────────────────────┐
 *           │ magic "RGJL" (4 ASCII bytes)               │
 *  4        │ u32 LE layout version (= 1)                │
 *  8        ├────────────────────────────────────────────┤ ◄─ record 0: always the JournalHeader
 *           │ u32 LE length n (payload bytes, 1..MAX)    │ ┐
 *  +4       │ u32 LE crc32c(length ‖ payload ‖ padding)  │ │ one record:
 *  +8       │ payload: n bytes, one `Envelope` FlatBuffer│ │ RECORD_HEADER_BYTES + align8(n)
 *           │ (identifier "RGE1", riskgate.fbs)          │ │
 *  +8+n     │ zero padding to a multiple of 8            │ ┘
 *           ├────────────────────────────────────────────┤ ◄─ record 1, 8-aligned
 *           │ ...                                        │
 *           └────────────────────────────────────────────┘
 * ```
 *
 * - Every record starts on an 8-byte boundary, so a reader in any language may map the file and
 *   hand the payload to its FlatBuffers runtime in place (doubles aligned).
 * - The checksum covers the length field, the payload and the padding: a corrupted length fails
 *   the checksum instead of misframing everything after it, and any flipped byte of a record is
 *   detected.
 * - Envelope `seq` equals the record's index (0 = header); a reader checks it, so a record from
 *   another journal or a duplicated block is caught even with a valid checksum.
 * - Only whole records carry meaning. After a crash the file may end in part of a record (a
 *   *torn tail*); the reader stops at the first record that is short, has an impossible length,
 *   fails its checksum, does not decode or is out of sequence, and reports where and how many
 *   bytes follow. Nothing after that point is trusted, even if it would parse.
 * - Little-endian throughout, as FlatBuffers itself.
 */
export const JOURNAL_MAGIC = 'RGJL';
export const JOURNAL_LAYOUT_VERSION = 1;

export const MAGIC_OFFSET = 0;
export const VERSION_OFFSET = MAGIC_OFFSET + 4;
export const FILE_HEADER_BYTES = VERSION_OFFSET + 4;

/** Offsets inside one record, from its start. */
export const RECORD_LENGTH_OFFSET = 0;
export const RECORD_CRC_OFFSET = RECORD_LENGTH_OFFSET + 4;
export const RECORD_PAYLOAD_OFFSET = RECORD_CRC_OFFSET + 4;
export const RECORD_HEADER_BYTES = RECORD_PAYLOAD_OFFSET;

export const RECORD_ALIGN = 8;
/** Largest payload accepted (16 MiB): a longer length field is damage, not data. */
export const MAX_RECORD_PAYLOAD = 16 * 1024 * 1024;

/** Bytes a record with an `n`-byte payload occupies in the file (header, payload, padding). */
export function recordBytes(n: number): number {
  return RECORD_HEADER_BYTES + ((n + RECORD_ALIGN - 1) & ~(RECORD_ALIGN - 1));
}

/**
 * The version of the record *content* (the schema's meaning), written in the JournalHeader.
 * - 1: ids as strings only (the threaded engine wrote its integer handles as `#<handle>`
 *   order ids and decimal exec ids: src/replay/legacy-handles.ts reads them as handles).
 * - 2: `order_handle` / `exec_handle` carry the integers the engine saw (a handle-only record
 *   has no string id), and `JournalGap` records mark engine calls the journal lost.
 * - 3: a snapshot may carry `venue_time` (unsequenced venues: the engine ignores a snapshot
 *   older than the last accepted one). A format-2 reader decodes such a snapshot without it, so
 *   its replay can accept what the engine ignored and report differences; the version tells why.
 * - 4: an order request may carry `reduce_only` (it goes out with the venue's reduce-only flag:
 *   the engine lets it through where it denies a plain order). A format-3 reader decodes such a
 *   request as a plain order, so its replay reports differences; the version tells why.
 * - 5: a `JournalGap` may carry `cause` WriteFailed (the file system refused the writes), and a
 *   header may carry `segment` (a file of a rotated set, whose header's `seq` continues the
 *   set's sequence). A format-4 reader reads a WriteFailed gap as a ring gap, and a later
 *   segment (first record's seq not 0) as damage: it never replays a segment as a whole journal.
 * - 6: an order update may carry `side` and `reduce_only` (the order as the venue reported it):
 *   with a side, an update of an order the engine did not send makes its leaves open exposure.
 *   A format-5 reader decodes such an update without them, so its replay ignores the outside
 *   order as format 5 did and reports the decisions that differ; the version tells why.
 * - 7: a snapshot may carry `current` (the feed knows it shows the venue's state after the feed
 *   last came up: on an unsequenced instrument it ends a known loss at the venue time of the last
 *   accepted snapshot). A format-6 reader decodes such a snapshot without it, so its replay keeps
 *   the instrument waiting where the engine recovered and reports the decisions that differ.
 * - 8: an order request may carry `strategy` (the name of the strategy that sent it, as the
 *   ORDER slot's arg word carries its index: the engine holds it to that strategy's limits). A
 *   format-7 reader decodes such a request as an order of no strategy, so its replay approves
 *   what a strategy limit denied and reports the decisions that differ; the version tells why.
 * - 9: a snapshot may carry `asOf` (the engine-clock moment it shows the venue's state at, or
 *   later: on an unsequenced instrument it places a snapshot without a venue time against the
 *   base). A format-8 reader decodes such a snapshot without it, so its replay ignores the
 *   untimed snapshots the engine applied and reports the decisions that differ.
 * Readers of format 9 read formats 1 to 8 (a snapshot without `asOf` is not known to be as of
 * any moment; a request without `reduce_only` is a plain order; an
 * update without `side` leaves an unknown order untracked, as it did; a snapshot without
 * `current` is not known to be current; a request without `strategy` is of no strategy). A
 * format-1 reader meets a format-2 journal's first handle-only or gap record as undecodable: it
 * stops there and reports a torn tail, loudly.
 */
export const JOURNAL_FORMAT_VERSION = 9;
