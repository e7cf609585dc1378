/**
 * The Binance USD-M user data stream decoder that reads the frame's bytes (scan/byte-decoder.ts):
 * the same frames, checks, order of checks, events and counting as `BinanceUsdmDecoder` (the
 * reference, binance-decoder.ts and its element files, where the venue's rules are documented),
 * written into ring slots. Execution ids `<symbol>:<t>:<side>` are hashed part by part, the trade
 * id from its value; an empty client id falls back to the exchange id `i` as its decimal digits.
 */
import { stringKey } from '../../units/string-keys.js';
import { parseDecimal } from '../../units/decimal-lots.js';
import { OrderStatusCode } from '../../risk/codes.js';
import type { VenueSymbolConfig } from '../venue-decoder.js';
import { ByteDecoderBase, isTerminalStatusCode, OK, Outcome } from '../scan/byte-decoder.js';
import { ByteNames } from '../scan/byte-names.js';
import { ByteSymbols } from '../scan/byte-symbols.js';
import { KEY, isPlainAscii, keyBegin, keyBytes, keyChar, keyEnd, keyInteger, keyOfInteger, keyOfString } from '../scan/byte-keys.js';
import { LOTS, NUM, Num, VALUE, scanDecimal } from '../scan/byte-numbers.js';
import { FieldTable, JsonType, decodeString, firstElement, hasEscape, elementAfter, textOf, typeAt } from '../scan/json-cursor.js';
import { isJsonText, skipWs } from '../scan/json-validate.js';
import { W, writeFill, writeOrderUpdate, writeSnapshot } from '../scan/slot-writer.js';

const TOP = new ByteNames(['stream', 'data', 'e', 'o', 'a', 'T']);
const [T_STREAM, T_DATA, T_E, T_O, T_A, T_T] = [0, 1, 2, 3, 4, 5] as const;
const ORDER = new ByteNames(['s', 'c', 'x', 'X', 'S', 'q', 'z', 'i', 'l', 't', 'L', 'o', 'ot', 'T', 'R', 'ps']);
const [O_S, O_C, O_X, O_STATUS, O_SIDE, O_Q, O_Z, O_I, O_L, O_T, O_PRICE, O_TYPE, O_OT, O_TIME, O_REDUCE, O_PS] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15] as const;
const ACCOUNT = new ByteNames(['P', 'm']);
const [A_P, A_M] = [0, 1] as const;
const ROW = new ByteNames(['s', 'ps', 'pa']);
const [R_S, R_PS, R_PA] = [0, 1, 2] as const;

/** ORDER_TRADE_UPDATE, ACCOUNT_UPDATE, listenKeyExpired, then binance-decoder.ts's other events. */
const EVENTS = new ByteNames([
  'ORDER_TRADE_UPDATE', 'ACCOUNT_UPDATE', 'listenKeyExpired',
  'MARGIN_CALL', 'ACCOUNT_CONFIG_UPDATE', 'TRADE_LITE', 'STRATEGY_UPDATE', 'GRID_UPDATE', 'CONDITIONAL_ORDER_TRIGGER_REJECT', 'ALGO_UPDATE',
]);
/** binance-status.ts, in its order. */
const STATUSES = new ByteNames(['NEW', 'PARTIALLY_FILLED', 'FILLED', 'CANCELED', 'EXPIRED', 'EXPIRED_IN_MATCH', 'REJECTED']);
const STATUS_CODES = new Int32Array([
  OrderStatusCode.NEW, OrderStatusCode.PARTIALLY_FILLED, OrderStatusCode.FILLED, OrderStatusCode.CANCELED,
  OrderStatusCode.CANCELED, OrderStatusCode.CANCELED, OrderStatusCode.REJECTED,
]);
/** Execution types `x`: TRADE and CALCULATED (0, 1) carry an execution. */
const EXECUTION_TYPES = new ByteNames(['TRADE', 'CALCULATED', 'NEW', 'CANCELED', 'EXPIRED', 'AMENDMENT']);
const SIDES = new ByteNames(['BUY', 'SELL']);
const LIQUIDATION = new ByteNames(['LIQUIDATION']);
const ORDER_REASON = new ByteNames(['ORDER']);
const POSITION_SIDES = new ByteNames(['BOTH', 'LONG', 'SHORT']);
const LIQUIDATION_PREFIXES = ['autoclose-', 'adl_autoclose', 'settlement_autoclose-', 'delivery_autoclose-'];
const PREFIX_BYTES = LIQUIDATION_PREFIXES.map((p) => new TextEncoder().encode(p));
const SIDE_BYTES = [new TextEncoder().encode('buy'), new TextEncoder().encode('sell')];

export class BinanceByteDecoder extends ByteDecoderBase {
  readonly venue = 'binance-usdm';
  readonly #top = new FieldTable(TOP);
  readonly #order = new FieldTable(ORDER);
  readonly #account = new FieldTable(ACCOUNT);
  readonly #row = new FieldTable(ROW);
  readonly #k = {
    json: this.kinds.id('json'), frame: this.kinds.id('frame'), order: this.kinds.id('orderTradeUpdate'), account: this.kinds.id('accountUpdate'),
    unknownSymbol: this.kinds.id('unknownSymbol'), executionOther: this.kinds.id('executionType:other'), liquidation: this.kinds.id('liquidationOrderUpdate'),
    hedge: this.kinds.id('hedgeModePosition'), oneWayPosition: this.kinds.id('oneWayPosition'), oneWayOrder: this.kinds.id('oneWayOrder'), listenKeyExpired: this.kinds.id('listenKeyExpired'), eventOther: this.kinds.id('event:other'),
  };
  /** Ignore kinds by EVENTS index (3..). */
  readonly #eventKinds = new Int32Array(EVENTS.names.map((n) => this.kinds.id(`event:${n}`)));
  /** Per symbol index: a LONG/SHORT row of it is in the current account update. */
  readonly #hedged: Uint8Array;
  /** Per row of the current account update: it passed the row checks. */
  #rowOk = new Uint8Array(64);

  constructor(symbols: readonly VenueSymbolConfig[]) {
    super(new ByteSymbols(symbols), true);
    this.#hedged = new Uint8Array(this.sym.entries.length);
  }

  protected frame(b: Uint8Array, start: number, end: number): number {
    if (!isJsonText(b, start, end)) return this.fail(this.#k.json, 'not JSON');
    let p = skipWs(b, start, end);
    if (b[p] !== 0x7b) return this.fail(this.#k.frame, 'frame is not an object');
    const top = this.#top;
    top.read(b, p, end);
    if (top.type(b, T_STREAM) === JsonType.STRING && top.has(T_DATA)) {
      p = top.start[T_DATA]!;
      if (typeAt(b, p) !== JsonType.OBJECT) return this.fail(this.#k.frame, 'data is not an object');
      top.read(b, p, end);
    }
    if (top.type(b, T_E) !== JsonType.STRING) return this.fail(this.#k.frame, 'event type e is not a string');
    const e = EVENTS.match(b, top.start[T_E]! + 1, top.end[T_E]! - 1);
    if (e === 0) {
      this.control = false;
      return this.#orderTradeUpdate(b, end);
    }
    if (e === 1) {
      this.control = false;
      return this.#accountUpdate(b, end);
    }
    if (e === 2) return this.ignore(this.#k.listenKeyExpired);
    return this.ignore(e > 2 ? this.#eventKinds[e]! : this.#k.eventOther);
  }

  #orderTradeUpdate(b: Uint8Array, end: number): number {
    const K = this.#k.order;
    const os = this.#top.start[T_O]!;
    if (os < 0 || typeAt(b, os) !== JsonType.OBJECT) return this.fail(K, 'o is not an object');
    const t = this.#order;
    t.read(b, os, end);
    if (!this.isStringAt(b, t, O_S)) return this.fail(K, 's is not a string');
    const inst = this.sym.names.match(b, t.start[O_S]! + 1, t.end[O_S]! - 1);
    if (inst < 0) return this.ignore(this.#k.unknownSymbol);
    if (!this.isStringAt(b, t, O_C)) return this.fail(K, 'c is not a string');
    if (!this.isStringAt(b, t, O_X)) return this.fail(K, 'x is not a string');
    if (!this.isStringAt(b, t, O_STATUS)) return this.fail(K, 'X is not a string');
    const st = STATUSES.match(b, t.start[O_STATUS]! + 1, t.end[O_STATUS]! - 1);
    if (st < 0) return this.fail(K, 'unknown order status X');
    const status = STATUS_CODES[st]!;
    if (!this.isStringAt(b, t, O_SIDE)) return this.fail(K, 'S is not a string');
    const side = SIDES.match(b, t.start[O_SIDE]! + 1, t.end[O_SIDE]! - 1);
    if (side < 0) return this.fail(K, 'S is not BUY or SELL');
    if (this.lotsAt(b, t.start[O_Q]!, t.end[O_Q]!, inst, false) !== OK) return this.fail(K, 'q is not a whole number of lots');
    const q = NUM[LOTS]! === 0 ? 0 : NUM[LOTS]!;
    if (q < 0) return this.fail(K, 'q is negative');
    if (this.lotsAt(b, t.start[O_Z]!, t.end[O_Z]!, inst, false) !== OK) return this.fail(K, 'z is not a whole number of lots');
    const z = NUM[LOTS]! === 0 ? 0 : NUM[LOTS]!;
    if (z < 0) return this.fail(K, 'z is negative');
    if (z > q) return this.fail(K, 'filled z exceeds quantity q');
    const clientId = t.end[O_C]! - t.start[O_C]! > 2;
    let venueId = 0;
    if (!clientId) {
      if (this.#integerAt(b, t, O_I, 0) !== OK) return this.fail(K, 'i is not an integer id >= 0');
      venueId = NUM[VALUE]!;
    }
    const x = EXECUTION_TYPES.match(b, t.start[O_X]! + 1, t.end[O_X]! - 1);
    if (x < 0) return this.ignore(this.#k.executionOther);
    let legInst = inst;
    if (this.sym.hedge[inst] === 1) {
      // binance-order-update.ts: `ps` names the leg of a hedge instrument's order and execution.
      if (!this.isStringAt(b, t, O_PS)) return this.fail(K, 'ps is not a string');
      const leg = POSITION_SIDES.match(b, t.start[O_PS]! + 1, t.end[O_PS]! - 1);
      if (leg === 0) return this.ignore(this.#k.oneWayOrder);
      if (leg < 0) return this.fail(K, 'ps is not BOTH, LONG or SHORT');
      if (leg === 2) legInst = this.sym.shortInst(inst);
    }
    const liquidation = x === 1 || this.indexAt(b, t, O_TYPE, LIQUIDATION) === 0 || this.indexAt(b, t, O_OT, LIQUIDATION) === 0 || this.#liquidationPrefix(b, t.start[O_C]!, t.end[O_C]!);
    if (x <= 1) {
      if (this.lotsAt(b, t.start[O_L]!, t.end[O_L]!, inst, false) !== OK) return this.fail(K, 'l is not a whole number of lots');
      const qty = NUM[LOTS]!;
      if (qty < 0) return this.fail(K, 'l is negative');
      if (qty === 0) return this.fail(K, 'execution with last filled quantity l = 0');
      if (this.#integerAt(b, t, O_T, 1) !== OK) return this.fail(K, 't is not an integer id >= 1');
      const tradeId = NUM[VALUE]!;
      if (this.priceAt(b, t.start[O_PRICE]!, t.end[O_PRICE]!, false) !== OK || NUM[VALUE]! <= 0) return this.fail(K, 'L is not a positive decimal price');
      W[3] = NUM[VALUE]!;
      this.#execKey(inst, tradeId, side);
      W[1] = KEY[0]!;
      if (liquidation) W[0] = -1;
      else {
        this.#orderKey(b, t, clientId, venueId);
        W[0] = KEY[0]!;
      }
      W[2] = qty;
      // the trade time `T` as the fill's venue time (binance-order-update.ts); NaN when absent or not
      // a time. Plain stores: a conditional expression of the two allocated a number per fill.
      W[4] = NaN;
      if (this.numberAt(b, t.start[O_TIME]!, t.end[O_TIME]!) === OK && NUM[VALUE]! >= 0 && NUM[VALUE]! !== Infinity) W[4] = NUM[VALUE]! + 0; // + 0: no -0
      writeFill(this.slots, legInst, side === 0 ? 1 : -1);
    }
    if (liquidation) {
      this.skip(this.#k.liquidation);
      return Outcome.DECODED;
    }
    this.#orderKey(b, t, clientId, venueId);
    W[0] = KEY[0]!;
    W[1] = z;
    W[2] = isTerminalStatusCode(status) ? 0 : q - z;
    writeOrderUpdate(this.slots, legInst, status, side === 0 ? 1 : -1, this.trueAt(b, t, O_REDUCE));
    return Outcome.DECODED;
  }

  /** A JSON number that is a safe integer >= min into NUM[VALUE] (`integerId`). */
  #integerAt(b: Uint8Array, t: FieldTable, k: number, min: number): number {
    if (this.numberAt(b, t.start[k]!, t.end[k]!) !== OK) return 1;
    const v = NUM[VALUE]!;
    return Number.isSafeInteger(v) && v >= min ? OK : 1;
  }

  /** KEY[0] = the key of `c`, or of `String(i)` when `c` is empty. */
  #orderKey(b: Uint8Array, t: FieldTable, clientId: boolean, venueId: number): void {
    if (clientId) keyOfString(b, t.start[O_C]!, t.end[O_C]!);
    else keyOfInteger(venueId);
  }

  /** KEY[0] = stringKey(`${venueSymbol}:${t}:${side}`). */
  #execKey(inst: number, tradeId: number, side: number): void {
    if (this.sym.venueAscii[inst] === 0) {
      KEY[0] = stringKey(`${this.sym.entries[inst]!.venueSymbol}:${tradeId}:${side === 0 ? 'buy' : 'sell'}`);
      return;
    }
    const v = this.sym.venueBytes[inst]!;
    const s = SIDE_BYTES[side]!;
    keyBegin();
    keyBytes(v, 0, v.length);
    keyChar(0x3a);
    keyInteger(tradeId);
    keyChar(0x3a);
    keyBytes(s, 0, s.length);
    keyEnd();
  }

  /** The string [s, e) starts with one of the liquidation client-id prefixes. */
  #liquidationPrefix(b: Uint8Array, s: number, e: number): boolean {
    if (hasEscape(b, s, e)) {
      const c = decodeString(b, s, e);
      return LIQUIDATION_PREFIXES.some((p) => c.startsWith(p));
    }
    const cs = s + 1;
    const len = e - 1 - cs;
    for (let i = 0; i < PREFIX_BYTES.length; i++) {
      const p = PREFIX_BYTES[i]!;
      if (p.length > len) continue;
      let k = 0;
      while (k < p.length && b[cs + k] === p[k]) k++;
      if (k === p.length) return true;
    }
    return false;
  }

  #accountUpdate(b: Uint8Array, end: number): number {
    const K = this.#k.account;
    const as = this.#top.start[T_A]!;
    if (as < 0 || typeAt(b, as) !== JsonType.OBJECT) return this.fail(K, 'a is not an object');
    const a = this.#account;
    a.read(b, as, end);
    const ps = a.start[A_P]!;
    if (ps < 0 || typeAt(b, ps) !== JsonType.ARRAY) return this.fail(K, 'a.P is not an array');
    const first = firstElement(b, ps, end);
    let venueTime = NaN;
    if (this.indexAt(b, a, A_M, ORDER_REASON) === 0 && first >= 0) {
      const top = this.#top;
      if (this.numberAt(b, top.start[T_T]!, top.end[T_T]!) !== OK) return this.fail(K, 'T is not a time in ms');
      venueTime = NUM[VALUE]!;
      if (!Number.isFinite(venueTime) || venueTime < 0) return this.fail(K, 'T is not a time in ms');
    }
    const hedged = this.#hedged;
    hedged.fill(0);
    const r = this.#row;
    // pass one: which rows are well formed (a malformed row is dropped alone and says nothing
    // about hedge mode); which symbols have a hedge-mode leg
    let n = 0;
    for (let q = first; q >= 0; n++) {
      if (n === this.#rowOk.length) this.#growRows();
      const ok = this.#wellFormedRow(b, q, end) === OK;
      this.#rowOk[n] = ok ? 1 : 0;
      if (!ok) this.rowFailed(this.slots.count, this.skippedMark());
      else if (POSITION_SIDES.match(b, r.start[R_PS]! + 1, r.end[R_PS]! - 1) !== 0) {
        const inst = this.sym.names.match(b, r.start[R_S]! + 1, r.end[R_S]! - 1);
        if (inst >= 0 && this.sym.hedge[inst] === 0) hedged[inst] = 1;
      }
      q = elementAfter(q);
    }
    // pass two: the snapshots of the well-formed rows
    n = 0;
    for (let q = first; q >= 0; n++) {
      if (this.#rowOk[n] === 1) {
        r.read(b, q, end);
        const inst = this.sym.names.match(b, r.start[R_S]! + 1, r.end[R_S]! - 1);
        if (inst < 0) {
          this.skip(this.#k.unknownSymbol);
        } else if (hedged[inst] === 1) {
          if (POSITION_SIDES.match(b, r.start[R_PS]! + 1, r.end[R_PS]! - 1) !== 0) this.skip(this.#k.hedge);
        } else {
          // a hedge instrument's legs (binance-account-update.ts): LONG its own, SHORT its short leg, BOTH skipped
          const leg = this.sym.hedge[inst] === 1 ? POSITION_SIDES.match(b, r.start[R_PS]! + 1, r.end[R_PS]! - 1) : -1;
          if (leg === 0) {
            this.skip(this.#k.oneWayPosition);
          } else if (this.lotsAt(b, r.start[R_PA]!, r.end[R_PA]!, inst, false) !== OK) {
            this.fail(K, 'pa is not a whole number of lots');
            this.rowFailed(this.slots.count, this.skippedMark());
          } else if ((leg === 1 && NUM[LOTS]! < 0) || (leg === 2 && NUM[LOTS]! > 0)) {
            this.fail(K, 'pa has the sign of the other leg');
            this.rowFailed(this.slots.count, this.skippedMark());
          } else {
            W[0] = NUM[LOTS]! === 0 ? 0 : NUM[LOTS]!;
            W[1] = NaN;
            W[2] = venueTime;
            writeSnapshot(this.slots, leg === 2 ? this.sym.shortInst(inst) : inst);
          }
        }
      }
      q = elementAfter(q);
    }
    return Outcome.DECODED;
  }

  /** Row checks of pass one (binance-account-update.ts); the row's members are left in `#row`. */
  #wellFormedRow(b: Uint8Array, q: number, end: number): number {
    const K = this.#k.account;
    const r = this.#row;
    if (b[q] !== 0x7b) return this.fail(K, 'a.P[] is not an object');
    r.read(b, q, end);
    if (!this.isStringAt(b, r, R_S)) return this.fail(K, 's is not a string');
    if (!this.isStringAt(b, r, R_PS)) return this.fail(K, 'ps is not a string');
    if (POSITION_SIDES.match(b, r.start[R_PS]! + 1, r.end[R_PS]! - 1) < 0) return this.fail(K, 'unknown position side ps');
    if (!this.isStringAt(b, r, R_PA) || !this.#isDecimal(b, r.start[R_PA]!, r.end[R_PA]!)) return this.fail(K, 'pa is not a decimal');
    return OK;
  }

  #growRows(): void {
    const bigger = new Uint8Array(this.#rowOk.length * 2);
    bigger.set(this.#rowOk);
    this.#rowOk = bigger;
  }

  /** The string [s, e) is a decimal by `parseDecimal`'s grammar. */
  #isDecimal(b: Uint8Array, s: number, e: number): boolean {
    if (!isPlainAscii(b, s, e)) return parseDecimal(decodeString(b, s, e)) !== undefined;
    const r = scanDecimal(b, s + 1, e - 1);
    if (r === Num.SLOW) return parseDecimal(textOf(b, s + 1, e - 1)) !== undefined;
    return r === Num.OK;
  }
}
