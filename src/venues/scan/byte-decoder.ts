/**
 * The byte decoders' contract and shared machinery. A `ByteDecoder` reads one private WebSocket
 * message straight from the bytes `ws` hands over (UTF-8), with no `JSON.parse` and no object
 * per field, and writes the frame's events as ring slots into `slots` (decoded-slots.ts).
 *
 * Same contract as the reference decoders (venue-decoder.ts), which it must match event for
 * event (the parity test): it never throws; a frame is decoded, ignored or malformed, counted
 * by kind; a malformed frame emits nothing; rows skipped on purpose (unknown symbol, hedge leg,
 * ...) are counted and never drop the rows beside them, nor does a malformed row (`rowFailed`:
 * its slots are taken back, its kind counted in `malformedRows` and `malformedByKind`); quantities are exact lots or a
 * rejection. Strings become integers in the slots as the reference path's encoder computes
 * them: instrument index, `stringKey` of order and execution ids.
 *
 * How a frame is read: pass one checks that the bytes are one JSON text (json-validate.ts),
 * pass two reads only the wanted members (json-cursor.ts), in the order and with the checks
 * of the reference decoder, so the first failing check is the same one.
 *
 * @hot `decode` allocates nothing on frames of the documented shapes after warm-up (proved by
 * test/venues/byte-decoder-allocation.test.ts). Rare shapes take a cold path that allocates:
 * escaped or non-ASCII strings, numbers beyond the fast path (byte-numbers.ts).
 */
import { parseDecimal, toLots } from '../../units/decimal-lots.js';
import type { DecoderStats } from '../venue-decoder.js';
import type { ByteSymbols } from './byte-symbols.js';
import type { ByteNames } from './byte-names.js';
import { decodeString, FieldTable, hasEscape, JsonType, stringEnd, textOf, typeAt } from './json-cursor.js';
import { firstChild, isJsonText, nextLink, skipWs } from './json-validate.js';
import { isPlainAscii } from './byte-keys.js';
import { KindCounter } from './kind-counter.js';
import { DecodedSlots } from './decoded-slots.js';
import { LOTS, NUM, Num, VALUE, lotsOfScan, scanDecimal, scanDigits16, scanJsonNumber, valueOfScan } from './byte-numbers.js';
import { OrderStatusCode } from '../../risk/codes.js';

/** @hot An order status code after which the order cannot fill again (filled, cancelled, rejected). */
export function isTerminalStatusCode(code: number): boolean {
  return code === OrderStatusCode.FILLED || code === OrderStatusCode.CANCELED || code === OrderStatusCode.REJECTED;
}

/** What `decode` made of a frame. */
export const Outcome = { DECODED: 0, IGNORED: 1, MALFORMED: 2 } as const;

/** Element-level result: go on, or the frame is malformed (`fail` recorded why). */
export const OK = 0;
export const BAD = 1;

export interface ByteDecoder {
  readonly venue: string;
  /** The events of the last decoded frame. */
  readonly slots: DecodedSlots;
  /** @hot One frame: `Outcome`. */
  decode(b: Uint8Array, start?: number, end?: number): number;
  /** The last frame was not a data push (a reply, an ack, a heartbeat): the session protocol must see it. */
  readonly control: boolean;
  /** The kind of the last ignored or malformed frame. */
  lastKind(): string;
  /** Cold: `kind: reason` of the last malformed frame. */
  lastError(): string;
  /** Kinds of the rows the last frame skipped on purpose. */
  lastSkipped(): string[];
  /** Cold: `kind: reason` of each row the last (decoded) frame dropped as malformed. */
  lastRowErrors(): string[];
  /** @hot How many rows the last (decoded) frame dropped as malformed. */
  readonly rowErrorCount: number;
  /** Cold: counters as `DecoderStats`. */
  readonly stats: DecoderStats;
  /** Engine symbol of each slot `inst` index. */
  symbols(): string[];
}

/**
 * A byte decoder's per-frame state, in one object of one class. The base class's hot methods are
 * shared by every venue's subclass, so a field read on `this` there meets one object shape per
 * venue (a generic lookup per read once more than four venues' decoders run in one process, as in
 * the benchmark); read through the base's one `FrameState` they meet one shape.
 */
class FrameState {
  kind = -1;
  reason = '';
  skipped = new Int32Array(16);
  skippedCount = 0;
  /** Malformed rows of the current frame: kind, and reason (a constant string per check). */
  rowKinds = new Int32Array(16);
  rowReasons: string[] = new Array<string>(16).fill('');
  rowCount = 0;
  /** Where the current row began: slot count and skipped count (row loops below). */
  rowSlotMark = 0;
  rowSkipMark = 0;
  control = true;

  constructor(
    readonly slots: DecodedSlots,
    readonly kinds: KindCounter,
    readonly sym: ByteSymbols,
    readonly skippedCountAsIgnored: boolean,
  ) {}
}

/** @hot `ByteDecoderBase.numberAt`, callable without a receiver. */
function numberAt(b: Uint8Array, s: number, e: number): number {
  if (s < 0 || typeAt(b, s) !== JsonType.NUMBER) return BAD;
  if (scanJsonNumber(b, s, e) !== Num.OK || valueOfScan() !== Num.OK) NUM[VALUE] = Number(textOf(b, s, e));
  return OK;
}

export abstract class ByteDecoderBase implements ByteDecoder {
  abstract readonly venue: string;
  readonly slots = new DecodedSlots();
  protected readonly kinds = new KindCounter();
  protected readonly sym: ByteSymbols;
  /** Count skipped rows in `ignored` as well (the Binance and BitMEX reference decoders do). */
  protected readonly skippedCountAsIgnored: boolean;
  readonly #f: FrameState;

  constructor(sym: ByteSymbols, skippedCountAsIgnored: boolean) {
    this.sym = sym;
    this.skippedCountAsIgnored = skippedCountAsIgnored;
    this.#f = new FrameState(this.slots, this.kinds, sym, skippedCountAsIgnored);
  }

  get control(): boolean {
    return this.#f.control;
  }

  set control(v: boolean) {
    this.#f.control = v;
  }

  get stats(): DecoderStats {
    return this.kinds.stats();
  }

  symbols(): string[] {
    return this.sym.symbols();
  }

  lastKind(): string {
    const f = this.#f;
    return f.kind < 0 ? '' : f.kinds.name(f.kind);
  }

  lastError(): string {
    const f = this.#f;
    return `${this.lastKind()}: ${f.reason}`;
  }

  get rowErrorCount(): number {
    return this.#f.rowCount;
  }

  lastRowErrors(): string[] {
    const f = this.#f;
    const out: string[] = [];
    for (let i = 0; i < f.rowCount; i++) out.push(`${f.kinds.name(f.rowKinds[i]!)}: ${f.rowReasons[i]!}`);
    return out;
  }

  lastSkipped(): string[] {
    const f = this.#f;
    const out: string[] = [];
    for (let i = 0; i < f.skippedCount; i++) out.push(f.kinds.name(f.skipped[i]!));
    return out;
  }

  /** @hot */
  decode(b: Uint8Array, start = 0, end = b.length): number {
    const f = this.#f;
    f.slots.count = 0;
    f.skippedCount = 0;
    f.rowCount = 0;
    f.kind = -1;
    f.control = true;
    // A JSON text that is a string: the reference path parses it twice (the feed parses the
    // frame, the decoder parses a string frame again), so its content is the frame (cold).
    const first = skipWs(b, start, end);
    if (first < end && b[first] === 0x22 && isJsonText(b, start, end)) {
      b = Buffer.from(decodeString(b, first, stringEnd(b, first)), 'utf8');
      start = 0;
      end = b.length;
    }
    const r = this.frame(b, start, end);
    const frames = f.kinds.frames;
    if (r === Outcome.MALFORMED) {
      f.slots.count = 0;
      frames[2]!++;
      f.kinds.countMalformed(f.kind);
    } else if (r === Outcome.IGNORED) {
      f.slots.count = 0;
      frames[1]!++;
      f.kinds.countIgnored(f.kind);
    } else {
      frames[0]!++;
      for (let i = 0; i < f.skippedCount; i++) {
        f.kinds.countIgnored(f.skipped[i]!);
        if (f.skippedCountAsIgnored) frames[1]!++;
      }
      for (let i = 0; i < f.rowCount; i++) {
        f.kinds.countMalformed(f.rowKinds[i]!);
        frames[3]!++;
      }
    }
    return r;
  }

  /** @hot The venue's reading of one frame: an `Outcome`. */
  protected abstract frame(b: Uint8Array, start: number, end: number): number;

  /** @hot Records why the frame is malformed; returns `Outcome.MALFORMED` (and BAD, the same value's role for elements). */
  protected fail(kind: number, reason: string): number {
    const f = this.#f;
    f.kind = kind;
    f.reason = reason;
    return Outcome.MALFORMED;
  }

  /** @hot Records a whole-frame ignore; returns `Outcome.IGNORED`. */
  protected ignore(kind: number): number {
    const f = this.#f;
    f.kind = kind;
    return Outcome.IGNORED;
  }

  /**
   * @hot The row that began at slot `mark` and skipped-row count `skippedMark` failed (`fail`
   * recorded why): its slots and skips are taken back, the failure kept as a row error, and
   * the frame goes on with the next row.
   */
  protected rowFailed(mark: number, skippedMark: number): void {
    const f = this.#f;
    f.slots.count = mark;
    f.skippedCount = skippedMark;
    if (f.rowCount === f.rowKinds.length) {
      const bigger = new Int32Array(f.rowKinds.length * 2);
      bigger.set(f.rowKinds);
      f.rowKinds = bigger;
      f.rowReasons.length = bigger.length;
    }
    f.rowKinds[f.rowCount] = f.kind;
    f.rowReasons[f.rowCount++] = f.reason;
    f.kind = -1;
  }

  // ---------------------------------------------------------------- row loops
  //
  //   for (let q = this.firstRow(ds); q >= 0; q = this.nextRow(q)) this.rowEnd(this.#row(b, q, end));
  //
  // walks the elements of the array at `ds` (of the last checked text) as rows: each row's slots
  // and skips are marked where it begins, and a row that failed is taken back and counted alone
  // (`rowFailed`), the rows beside it kept. Rows do not nest (one mark).

  /** @hot The first element of the array starting at `p` (-1: empty); marks the row's beginning. */
  protected firstRow(p: number): number {
    const f = this.#f;
    f.rowSlotMark = f.slots.count;
    f.rowSkipMark = f.skippedCount;
    return firstChild(p);
  }

  /** @hot The element after the row starting at `q` (-1: that was the last); marks the next row's beginning. */
  protected nextRow(q: number): number {
    const f = this.#f;
    f.rowSlotMark = f.slots.count;
    f.rowSkipMark = f.skippedCount;
    return nextLink(q);
  }

  /** @hot The row just read ended with `r` (OK, or BAD after `fail`): a failed row is taken back. */
  protected rowEnd(r: number): void {
    if (r !== OK) this.rowFailed(this.#f.rowSlotMark, this.#f.rowSkipMark);
  }

  /** @hot Skipped rows so far in this frame (the mark for `rowFailed`). */
  protected skippedMark(): number {
    return this.#f.skippedCount;
  }

  /** @hot A row skipped on purpose. */
  protected skip(kind: number): void {
    const f = this.#f;
    if (f.skippedCount === f.skipped.length) {
      const bigger = new Int32Array(f.skipped.length * 2);
      bigger.set(f.skipped);
      f.skipped = bigger;
    }
    f.skipped[f.skippedCount++] = kind;
  }

  // ---------------------------------------------------------------- field readers (OK / BAD)

  /** @hot Member `k` of `t` is a string whose content is one of `names`: its index; -1 an unknown string, -2 absent, -3 not a string. */
  protected indexAt(b: Uint8Array, t: FieldTable, k: number, names: ByteNames): number {
    const s = t.start[k]!;
    if (s < 0) return -2;
    if (typeAt(b, s) !== JsonType.STRING) return -3;
    return names.match(b, s + 1, t.end[k]! - 1);
  }

  /**
   * @hot The side an order update gives: member `k` a string whose content is `names[0]` (buy,
   * +1) or `names[1]` (sell, -1); 0 when absent, another value or another type (the reference
   * `orderSide` rule: a side the engine cannot read is not given, never a malformed row).
   */
  protected sideAt(b: Uint8Array, t: FieldTable, k: number, names: ByteNames): number {
    const i = this.indexAt(b, t, k, names);
    return i === 0 ? 1 : i === 1 ? -1 : 0;
  }

  /** @hot 1 when member `k` of `t` is the JSON literal `true`, else 0 (absent, false, any other value). */
  protected trueAt(b: Uint8Array, t: FieldTable, k: number): number {
    const s = t.start[k]!;
    return s >= 0 && typeAt(b, s) === JsonType.TRUE ? 1 : 0;
  }

  /** @hot Member `k` of `t` is a string. */
  protected isStringAt(b: Uint8Array, t: FieldTable, k: number): boolean {
    const s = t.start[k]!;
    return s >= 0 && typeAt(b, s) === JsonType.STRING;
  }

  /** @hot Member `k` of `t` as an optional string (absent or null reads ""): 1 non-empty, 0 empty, -1 wrong type. */
  protected optStrAt(b: Uint8Array, t: FieldTable, k: number): number {
    const s = t.start[k]!;
    if (s < 0) return 0;
    const ty = typeAt(b, s);
    if (ty === JsonType.NULL) return 0;
    if (ty !== JsonType.STRING) return -1;
    return t.end[k]! - s > 2 ? 1 : 0;
  }

  /**
   * @hot A quantity at value [s, e) of symbol `i` into NUM[LOTS]: a decimal string, or with
   * `numeric` a JSON number only (the reference `lotsOf` rule). BAD when not whole lots.
   */
  protected lotsAt(b: Uint8Array, s: number, e: number, i: number, numeric: boolean): number {
    const sym = this.#f.sym;
    const t = s < 0 ? 0 : typeAt(b, s);
    if (numeric) {
      if (t !== JsonType.NUMBER) return BAD;
      const units = sym.lotUnits[i]!;
      let r = Number.isNaN(units) ? Num.SLOW : scanJsonNumber(b, s, e);
      if (r === Num.OK) r = lotsOfScan(units, sym.lotExp[i]!, true);
      if (r === Num.SLOW) return this.#slowLots(Number(textOf(b, s, e)), i);
      return r === Num.OK ? OK : BAD;
    }
    if (t !== JsonType.STRING) return BAD;
    if (!isPlainAscii(b, s, e)) return this.#slowLots(decodeString(b, s, e), i);
    const units = sym.lotUnits[i]!;
    let r = Number.isNaN(units) ? Num.SLOW : scanDecimal(b, s + 1, e - 1);
    if (r === Num.OK) r = lotsOfScan(units, sym.lotExp[i]!, false);
    if (r === Num.SLOW) return this.#slowLots(textOf(b, s + 1, e - 1), i);
    return r === Num.OK ? OK : BAD;
  }

  /** Cold: the reference `toLots` on the materialised quantity. */
  #slowLots(q: string | number, i: number): number {
    const sym = this.#f.sym;
    const r = toLots(q, sym.entries[i]!.lotSize);
    if (!r.ok) return BAD;
    NUM[LOTS] = r.lots;
    return OK;
  }

  /**
   * @hot A price at value [s, e) into NUM[VALUE], normalised -0 to 0: a plain decimal string
   * (`parseDecimal` grammar) or, with `numeric`, a JSON number. BAD when not finite or not that type.
   */
  protected priceAt(b: Uint8Array, s: number, e: number, numeric: boolean): number {
    const t = s < 0 ? 0 : typeAt(b, s);
    if (numeric) {
      if (t !== JsonType.NUMBER) return BAD;
      if (scanJsonNumber(b, s, e) !== Num.OK || valueOfScan() !== Num.OK) NUM[VALUE] = Number(textOf(b, s, e));
    } else {
      if (t !== JsonType.STRING) return BAD;
      if (!isPlainAscii(b, s, e)) {
        const text = decodeString(b, s, e);
        NUM[VALUE] = parseDecimal(text) !== undefined ? Number(text) : NaN;
      } else {
        const r = scanDecimal(b, s + 1, e - 1);
        if (r === Num.INVALID) return BAD;
        if (r === Num.SLOW) {
          const text = textOf(b, s + 1, e - 1);
          NUM[VALUE] = parseDecimal(text) !== undefined ? Number(text) : NaN;
        } else if (valueOfScan() !== Num.OK) {
          NUM[VALUE] = Number(textOf(b, s + 1, e - 1));
        }
      }
    }
    const v = NUM[VALUE]!;
    if (!Number.isFinite(v)) return BAD;
    if (v === 0) NUM[VALUE] = 0;
    return OK;
  }

  /**
   * @hot A JSON number at [s, e) into NUM[VALUE] (as `JSON.parse` rounds it), BAD when the value
   * is not a number.
   */
  protected numberAt(b: Uint8Array, s: number, e: number): number {
    return numberAt(b, s, e);
  }

  /**
   * @hot A sequence number at [s, e) into NUM[VALUE]: a JSON number or a string of 1..16 digits,
   * a safe non-negative integer (the reference `seqValue`).
   */
  protected seqAt(b: Uint8Array, s: number, e: number): number {
    const t = s < 0 ? 0 : typeAt(b, s);
    if (t === JsonType.NUMBER) {
      numberAt(b, s, e);
    } else if (t === JsonType.STRING) {
      if (hasEscape(b, s, e)) {
        const text = decodeString(b, s, e);
        NUM[VALUE] = /^\d{1,16}$/.test(text) ? Number(text) : NaN;
      } else if (scanDigits16(b, s + 1, e - 1) !== Num.OK) {
        return BAD;
      }
    } else {
      return BAD;
    }
    const v = NUM[VALUE]!;
    if (!Number.isSafeInteger(v) || v < 0) return BAD;
    if (v === 0) NUM[VALUE] = 0;
    return OK;
  }
}
