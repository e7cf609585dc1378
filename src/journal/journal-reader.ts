import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { decodeEnvelope } from '../schema/decode-envelope.js';
import type { HeaderBody, JournalRecord } from '../schema/record-body.js';
import { crc32c } from './crc32c.js';
import type { DamagedRange } from './damaged-range.js';
import { JournalError } from './journal-error.js';
import {
  FILE_HEADER_BYTES, JOURNAL_LAYOUT_VERSION, JOURNAL_MAGIC, MAX_RECORD_PAYLOAD, RECORD_ALIGN, RECORD_CRC_OFFSET, RECORD_HEADER_BYTES,
  RECORD_LENGTH_OFFSET, RECORD_PAYLOAD_OFFSET, VERSION_OFFSET, recordBytes,
} from './journal-layout.js';
import type { TornReason, TornTail } from './torn-tail.js';

/** What `JournalReader.items()` yields: a valid record, or a damaged range, in file order. */
export type JournalItem = JournalRecord | { readonly damaged: DamagedRange };

/** True when the item is a damaged range rather than a record. */
export function isDamage(item: JournalItem): item is { readonly damaged: DamagedRange } {
  return (item as { damaged?: unknown }).damaged !== undefined;
}

/** First read and the smallest window (bytes); the window grows only for a record that needs it. */
const WINDOW_BYTES = 4 * 1024 * 1024;
/** The largest window: one record of the largest legal size (bounds the reader's memory). */
export const MAX_WINDOW_BYTES = recordBytes(MAX_RECORD_PAYLOAD);
/** Payload bytes 4..8 of every record: the envelope's FlatBuffers file identifier. */
const ID0 = 0x52; // 'R'
const ID1 = 0x47; // 'G'
const ID2 = 0x45; // 'E'
const ID3 = 0x31; // '1'
const MAGIC = [...JOURNAL_MAGIC].map((c) => c.charCodeAt(0));
/** Zeros to compare runs of zero bytes against (a zeroed page, a file extended and never written). */
const ZEROS = Buffer.alloc(64 * 1024);

type Attempt = { ok: true; rec: JournalRecord; size: number } | { ok: false; reason: TornReason };

/**
 * Streams one journal file (layout: journal-layout.ts) in constant memory: a window of at most
 * `MAX_WINDOW_BYTES` slides over the file, so a journal of any size (over 2 GiB included) is
 * read with the memory of its largest record. One pass, forward only; off the hot path
 * (decodes into objects).
 *
 * Damage is resynchronised, never a reason to stop: a record that fails (length, checksum,
 * decoding, sequence) starts a damaged range; the reader tries every later 8-aligned offset
 * (records are 8-aligned) for a record whose length is legal, whose payload carries the
 * envelope identifier, whose checksum and decoding hold and whose sequence number is above the
 * last good one, and resumes there. Another journal's file header inside the file (journals
 * concatenated) ends the journal: the rest is one `foreign` range. A range that runs to the end
 * of the file and starts with a record cut short by the end of the file, or with zeros only,
 * is the crash tail (`tornTail`), not damage: that is what a crash between two writes leaves.
 *
 * Sequence: record 0 is the header; its envelope `seq` is the base (0, or a later file of a
 * rotated set: the set's sequence continues), and record i must carry `base + i`.
 *
 * Usage: `new JournalReader(path)` reads the file header and the header record (throws
 * `ERR_RISKGATE_JOURNAL_FORMAT` when the file is not a journal); `items()` yields every record
 * after the header and every damaged range in file order; after it, `damage`, `tornTail`,
 * `records` and `end` describe the whole file. `close()` releases the file (also done when
 * `items()` finishes).
 */
export class JournalReader {
  readonly size: number;
  /** Record 0's body; undefined when even the header record is unreadable (then `items()` yields nothing). */
  readonly header: HeaderBody | undefined;
  /** The header record's envelope `seq` (0 unless a later file of a rotated set). */
  readonly baseSeq: number;
  /** Every damaged range found so far (complete after `items()`), crash tail excluded. */
  readonly damage: DamagedRange[] = [];
  tornTail: TornTail | undefined;
  /** Valid records read so far, the header included. */
  records = 0;
  /** File offset just past the last valid record. */
  end = FILE_HEADER_BYTES;
  /** Largest window this reader held (bytes): its memory, whatever the file's size. */
  peakWindowBytes = 0;

  private fd: number | undefined;
  private buf: Buffer;
  private u32: Uint32Array;
  /** File offset of buf[0], and bytes of the file in buf. */
  private winStart = 0;
  private winLen = 0;
  private headerRecord: { rec: JournalRecord; size: number } | undefined;

  constructor(readonly path: string) {
    try {
      this.fd = openSync(path, 'r');
      this.size = fstatSync(this.fd).size;
    } catch (err) {
      if (this.fd !== undefined) closeSync(this.fd);
      throw new JournalError('ERR_RISKGATE_JOURNAL_IO', `cannot read ${path}: ${(err as Error).message}`);
    }
    this.buf = Buffer.allocUnsafeSlow(WINDOW_BYTES);
    this.u32 = new Uint32Array(this.buf.buffer, this.buf.byteOffset, this.buf.length >> 2);
    this.peakWindowBytes = this.buf.length;
    try {
      this.checkFileHeader();
      const first = this.attempt(FILE_HEADER_BYTES);
      if (first.ok && first.rec.body.kind !== 'header') {
        throw new JournalError('ERR_RISKGATE_JOURNAL_FORMAT', `${path}: record 0 is a ${first.rec.body.kind} record, not the journal header`);
      }
      if (first.ok) this.headerRecord = { rec: first.rec, size: first.size };
    } catch (err) {
      this.close();
      throw err;
    }
    this.header = this.headerRecord?.rec.body as HeaderBody | undefined;
    this.baseSeq = this.headerRecord?.rec.seq ?? 0;
  }

  /** The header record itself (seq, at), when readable. */
  get headerEnvelope(): JournalRecord | undefined {
    return this.headerRecord?.rec;
  }

  /**
   * Every valid record after the header and every damaged range, in file order; fills `damage`,
   * `tornTail`, `records`, `end`. Closes the file when done. One pass: call once.
   */
  *items(): Generator<JournalItem> {
    try {
      let off = FILE_HEADER_BYTES;
      let expected = this.baseSeq;
      let lastGood = -1;
      if (this.headerRecord !== undefined) {
        off += this.headerRecord.size;
        expected++;
        lastGood = this.baseSeq;
        this.records = 1;
        this.end = off;
      }
      while (off < this.size) {
        const a = this.attempt(off);
        if (a.ok && a.rec.seq === expected && a.rec.body.kind !== 'header') {
          off += a.size;
          expected++;
          lastGood = a.rec.seq;
          this.records++;
          this.end = off;
          yield a.rec;
          continue;
        }
        const reason: TornReason = a.ok ? 'sequence' : a.reason;
        const start = off;
        if (this.isFileHeaderAt(off)) {
          const d: DamagedRange = { offset: off, bytes: this.size - off, reason: 'foreign', expectedSeq: expected, path: this.path };
          this.damage.push(d);
          yield { damaged: d };
          break;
        }
        const found = this.resync(start + RECORD_ALIGN, lastGood);
        if (found.at < 0) {
          const crash = reason === 'truncated' || found.zerosFrom === start;
          if (crash) this.tornTail = { offset: start, bytes: this.size - start, reason: reason === 'truncated' ? reason : 'truncated', recordIndex: this.records };
          else {
            const d: DamagedRange = { offset: start, bytes: this.size - start, reason, expectedSeq: expected, path: this.path };
            this.damage.push(d);
            yield { damaged: d };
          }
          break;
        }
        const d: DamagedRange = {
          offset: start, bytes: found.at - start, reason: found.foreign ? 'foreign' : reason, expectedSeq: expected,
          ...(found.foreign ? {} : { resumedSeq: found.seq }), path: this.path,
        };
        this.damage.push(d);
        yield { damaged: d };
        if (found.foreign) {
          const f: DamagedRange = { offset: found.at, bytes: this.size - found.at, reason: 'foreign', expectedSeq: expected, path: this.path };
          this.damage.push(f);
          yield { damaged: f };
          break;
        }
        off = found.at;
        expected = found.seq;
      }
    } finally {
      this.close();
    }
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }

  private checkFileHeader(): void {
    const name = this.path;
    if (this.size < FILE_HEADER_BYTES || !this.ensure(0, FILE_HEADER_BYTES)) {
      throw new JournalError('ERR_RISKGATE_JOURNAL_FORMAT', `${name} is not a riskgate journal (${this.size} bytes, shorter than the file header)`);
    }
    const b = this.buf;
    const magic = String.fromCharCode(b[0]!, b[1]!, b[2]!, b[3]!);
    if (magic !== JOURNAL_MAGIC) throw new JournalError('ERR_RISKGATE_JOURNAL_FORMAT', `${name} is not a riskgate journal (magic ${JSON.stringify(magic)})`);
    const version = b.readUInt32LE(VERSION_OFFSET);
    if (version !== JOURNAL_LAYOUT_VERSION) {
      throw new JournalError('ERR_RISKGATE_JOURNAL_FORMAT', `${name}: journal layout version ${version} is not supported (this build reads ${JOURNAL_LAYOUT_VERSION})`);
    }
  }

  /** Whether a journal file header (magic + layout version) starts at `off`. */
  private isFileHeaderAt(off: number): boolean {
    if (!this.ensure(off, FILE_HEADER_BYTES)) return false;
    const i = off - this.winStart;
    const b = this.buf;
    return b[i] === MAGIC[0] && b[i + 1] === MAGIC[1] && b[i + 2] === MAGIC[2] && b[i + 3] === MAGIC[3]
      && b.readUInt32LE(i + VERSION_OFFSET) === JOURNAL_LAYOUT_VERSION;
  }

  /** Reads the record at `off`, or why it is not one. */
  private attempt(off: number): Attempt {
    if (this.size - off < RECORD_HEADER_BYTES) return { ok: false, reason: 'truncated' };
    this.ensure(off, RECORD_HEADER_BYTES);
    const n = this.buf.readUInt32LE(off - this.winStart + RECORD_LENGTH_OFFSET);
    if (n === 0 || n > MAX_RECORD_PAYLOAD) return { ok: false, reason: 'length' };
    const size = recordBytes(n);
    if (this.size - off < size) return { ok: false, reason: 'truncated' };
    this.ensure(off, size);
    const i = off - this.winStart;
    const b = this.buf;
    let crc = crc32c(b, 0, i + RECORD_LENGTH_OFFSET, i + RECORD_CRC_OFFSET);
    crc = crc32c(b, crc, i + RECORD_PAYLOAD_OFFSET, i + size);
    if (crc !== b.readUInt32LE(i + RECORD_CRC_OFFSET)) return { ok: false, reason: 'checksum' };
    try {
      return { ok: true, rec: decodeEnvelope(b.subarray(i + RECORD_PAYLOAD_OFFSET, i + RECORD_PAYLOAD_OFFSET + n)), size };
    } catch (err) {
      if ((err as { code?: string }).code !== 'ERR_RISKGATE_SCHEMA') throw err;
      return { ok: false, reason: 'decode' };
    }
  }

  /**
   * The first 8-aligned offset from `from` holding a valid record with seq > `lastGood`, or a
   * foreign journal's file header; `at` -1 when none. `zerosFrom`: where the run of zeros that
   * reaches the end of the scanned part began (the file's end when the last word is not zero).
   */
  private resync(from: number, lastGood: number): { at: number; seq: number; foreign: boolean; zerosFrom: number } {
    let zerosFrom = from - RECORD_ALIGN;
    // The damaged record's own first 8 bytes: zero or not.
    if (this.ensure(zerosFrom, RECORD_ALIGN)) {
      const k = (zerosFrom - this.winStart) >> 2;
      if ((this.u32[k]! | this.u32[k + 1]!) !== 0) zerosFrom = -1;
    }
    let q = from;
    while (q + RECORD_HEADER_BYTES <= this.size) {
      // Scan what the window holds with plain word reads; refill when it runs out.
      const avail = Math.min(this.size, this.winStart + this.winLen);
      if (q + RECORD_HEADER_BYTES > avail) {
        this.ensure(q, Math.min(this.buf.length, this.size - q));
        continue;
      }
      const u = this.u32;
      const b = this.buf;
      const base = this.winStart;
      let hit = -1;
      for (; q + RECORD_HEADER_BYTES <= avail; q += RECORD_ALIGN) {
        const k = (q - base) >> 2;
        const w0 = u[k]!;
        if ((w0 | u[k + 1]!) === 0) {
          if (zerosFrom < 0) zerosFrom = q;
          // No record starts inside zeros: skip a run of them with one native compare.
          const m = Math.min(ZEROS.length, avail - q) & ~(RECORD_ALIGN - 1);
          if (m > RECORD_ALIGN && b.compare(ZEROS, 0, m, q - base, q - base + m) === 0) q += m - RECORD_ALIGN;
          continue;
        }
        zerosFrom = -1;
        if (w0 === 0 || w0 > MAX_RECORD_PAYLOAD) {
          if (b[q - base] === MAGIC[0] && b[q - base + 1] === MAGIC[1] && b[q - base + 2] === MAGIC[2] && b[q - base + 3] === MAGIC[3]) {
            hit = q;
            break;
          }
          continue;
        }
        const p = q - base + RECORD_PAYLOAD_OFFSET;
        if (p + 8 > this.winLen) {
          hit = q; // identifier beyond the window: let the full check read it
          break;
        }
        if (b[p + 4] === ID0 && b[p + 5] === ID1 && b[p + 6] === ID2 && b[p + 7] === ID3) {
          hit = q;
          break;
        }
      }
      if (hit < 0) continue;
      if (this.isFileHeaderAt(hit)) return { at: hit, seq: -1, foreign: true, zerosFrom: -1 };
      const a = this.attempt(hit);
      if (a.ok && a.rec.seq > lastGood && a.rec.body.kind !== 'header') return { at: hit, seq: a.rec.seq, foreign: false, zerosFrom: -1 };
      q = hit + RECORD_ALIGN;
    }
    // Fewer than a record header's bytes left: zeros or not.
    if (zerosFrom >= 0 && q < this.size && this.ensure(q, this.size - q)) {
      for (let i = q - this.winStart; i < this.size - this.winStart; i++) if (this.buf[i] !== 0) zerosFrom = -1;
    }
    return { at: -1, seq: -1, foreign: false, zerosFrom: zerosFrom < 0 ? this.size : zerosFrom };
  }

  /**
   * Makes `[off, off + len)` of the file present in the window; false when the file is shorter.
   * Only moves forward: bytes before `off` may be dropped. Grows the window up to MAX_WINDOW_BYTES.
   */
  private ensure(off: number, len: number): boolean {
    if (off + len > this.size) return false;
    if (off >= this.winStart && off + len <= this.winStart + this.winLen) return true;
    const need = len + (off % RECORD_ALIGN);
    if (need > this.buf.length) {
      if (need > MAX_WINDOW_BYTES + RECORD_ALIGN) return false;
      const bigger = Buffer.allocUnsafeSlow(Math.min(MAX_WINDOW_BYTES + RECORD_ALIGN, Math.max(need, this.buf.length * 2)));
      this.buf.copy(bigger, 0, 0, this.winLen);
      this.buf = bigger;
      this.u32 = new Uint32Array(bigger.buffer, bigger.byteOffset, bigger.length >> 2);
      this.peakWindowBytes = Math.max(this.peakWindowBytes, bigger.length);
    }
    // Keep what is already read from `off` on (8-aligned starts keep the word view aligned).
    const startAt = off - (off % RECORD_ALIGN);
    if (startAt >= this.winStart && startAt < this.winStart + this.winLen) {
      this.buf.copy(this.buf, 0, startAt - this.winStart, this.winLen);
      this.winLen -= startAt - this.winStart;
    } else this.winLen = 0;
    this.winStart = startAt;
    while (this.winLen < this.buf.length && this.winStart + this.winLen < this.size) {
      let n: number;
      try {
        n = readSync(this.fd!, this.buf, this.winLen, this.buf.length - this.winLen, this.winStart + this.winLen);
      } catch (err) {
        throw new JournalError('ERR_RISKGATE_JOURNAL_IO', `cannot read ${this.path}: ${(err as Error).message}`);
      }
      if (n === 0) break;
      this.winLen += n;
    }
    return off + len <= this.winStart + this.winLen;
  }
}
