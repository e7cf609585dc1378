/**
 * The OKX v5 private stream decoder that reads the frame's bytes (scan/byte-decoder.ts): the same
 * frames, checks, order of checks, events and counting as `OkxDecoder` (the reference,
 * okx-decoder.ts, okx-order.ts, okx-position.ts, where the venue's rules are documented), written
 * into ring slots. Execution ids `<instId>:<tradeId>` are hashed from the bytes part by part.
 */
import { OrderStatusCode } from '../../risk/codes.js';
import { stringKey } from '../../units/string-keys.js';
import type { VenueSymbolConfig } from '../venue-decoder.js';
import { ByteDecoderBase, isTerminalStatusCode, OK, Outcome } from '../scan/byte-decoder.js';
import { ByteNames } from '../scan/byte-names.js';
import { ByteSymbols } from '../scan/byte-symbols.js';
import { KEY, keyBegin, keyBytes, keyChar, keyEnd, keyOfString, isPlainAscii } from '../scan/byte-keys.js';
import { LOTS, NUM, VALUE } from '../scan/byte-numbers.js';
import { FieldTable, JsonType, decodeString, elementAfter, firstElement, typeAt } from '../scan/json-cursor.js';
import { isJsonText, skipWs } from '../scan/json-validate.js';
import { W, writeFill, writeHeartbeat, writeOrderUpdate, writeSnapshot } from '../scan/slot-writer.js';

const TOP = new ByteNames(['event', 'op', 'arg', 'data']);
const [T_EVENT, T_OP, T_ARG, T_DATA] = [0, 1, 2, 3] as const;
const ARG = new ByteNames(['channel']);
const ORDER = new ByteNames(['instId', 'category', 'side', 'state', 'ordId', 'clOrdId', 'accFillSz', 'tradeId', 'fillSz', 'fillPx', 'tgtCcy', 'sz', 'reduceOnly', 'fillTime', 'posSide']);
const [O_INST, O_CATEGORY, O_SIDE, O_STATE, O_ORD, O_CL, O_ACC, O_TRADE, O_FILL_SZ, O_FILL_PX, O_TGT, O_SZ, O_REDUCE, O_FILL_TIME, O_POS_SIDE] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14] as const;
/** A `balance_and_position` element: its position rows (okx-decoder.ts `decodeBalanceAndPosition`). */
const BALANCE_AND_POSITION = new ByteNames(['posData']);
/** OKX sends `reduceOnly` as the string "true" / "false". */
const TRUE_TEXT = new ByteNames(['true']);
const POSITION = new ByteNames(['instId', 'instType', 'posSide', 'pos', 'tradeId', 'uTime']);
const [P_INST, P_TYPE, P_SIDE, P_POS, P_TRADE, P_UTIME] = [0, 1, 2, 3, 4, 5] as const;

/** orders, positions (decoded), then okx-decoder.ts's known other channels. */
const CHANNELS = new ByteNames(['orders', 'positions', 'account', 'balance_and_position', 'liquidation-warning', 'account-greeks', 'orders-algo', 'algo-advance', 'fills']);
const EVENTS = ['login', 'subscribe', 'unsubscribe', 'error', 'channel-conn-count', 'channel-conn-count-error', 'notice'];
const OPS = ['order', 'batch-orders', 'cancel-order', 'batch-cancel-orders', 'amend-order', 'batch-amend-orders', 'mass-cancel'];
const EVENT_NAMES = new ByteNames(EVENTS);
const OP_NAMES = new ByteNames(OPS);
const SIDES = new ByteNames(['buy', 'sell']);
/** okx-order-state.ts, in its order. */
const STATES = new ByteNames(['live', 'partially_filled', 'filled', 'canceled', 'mmp_canceled']);
const STATE_CODES = new Int32Array([OrderStatusCode.NEW, OrderStatusCode.PARTIALLY_FILLED, OrderStatusCode.FILLED, OrderStatusCode.CANCELED, OrderStatusCode.CANCELED]);
const CLOSE_OUT = new ByteNames(['full_liquidation', 'partial_liquidation', 'adl']);
const QUOTE_CCY = new ByteNames(['quote_ccy']);
const MARGIN = new ByteNames(['MARGIN']);
const POS_SIDES = new ByteNames(['long', 'short', 'net']);
const PONG = new TextEncoder().encode('pong');
/** The members an execution id is made of: `<instId>:<tradeId>`, or `<instId>:<ordId>:<accFillSz>` for trade id "0". */
const TRADE_PARTS = new Int32Array([O_INST, O_TRADE]);
const ZERO_TRADE_PARTS = new Int32Array([O_INST, O_ORD, O_ACC]);

export class OkxByteDecoder extends ByteDecoderBase {
  readonly venue = 'okx';
  readonly #top = new FieldTable(TOP);
  readonly #arg = new FieldTable(ARG);
  readonly #order = new FieldTable(ORDER);
  readonly #position = new FieldTable(POSITION);
  readonly #balance = new FieldTable(BALANCE_AND_POSITION);
  readonly #k = {
    json: this.kinds.id('json'), envelope: this.kinds.id('envelope'), orders: this.kinds.id('orders'), positions: this.kinds.id('positions'),
    unknownSymbol: this.kinds.id('unknownSymbol'), liquidation: this.kinds.id('orders:liquidation'), quoteSized: this.kinds.id('orders:quoteSizedOpen'),
    margin: this.kinds.id('positions:margin'), hedgeLeg: this.kinds.id('positions:hedgeLeg'), unknown: this.kinds.id('unknown'),
    positionsOneWay: this.kinds.id('positions:oneWay'), ordersOneWay: this.kinds.id('orders:oneWay'), balanceAndPosition: this.kinds.id('balance_and_position'),
    eventOther: this.kinds.id('event:other'), opOther: this.kinds.id('op:other'), channelOther: this.kinds.id('channel:other'),
  };
  readonly #eventKinds = new Int32Array(EVENTS.map((n) => this.kinds.id(`event:${n}`)));
  readonly #opKinds = new Int32Array(OPS.map((n) => this.kinds.id(`op:${n}`)));
  readonly #channelKinds = new Int32Array(CHANNELS.names.map((n) => this.kinds.id(`channel:${n}`)));

  constructor(symbols: readonly VenueSymbolConfig[]) {
    super(new ByteSymbols(symbols), false);
  }

  protected frame(b: Uint8Array, start: number, end: number): number {
    if (end - start === 4 && b[start] === PONG[0] && b[start + 1] === PONG[1] && b[start + 2] === PONG[2] && b[start + 3] === PONG[3]) {
      writeHeartbeat(this.slots, -1);
      return Outcome.DECODED;
    }
    if (!isJsonText(b, start, end)) return this.fail(this.#k.json, 'not JSON');
    const p = skipWs(b, start, end);
    if (b[p] !== 0x7b) return this.fail(this.#k.envelope, 'frame must be an object');
    const top = this.#top;
    top.read(b, p, end);
    if (top.has(T_EVENT)) {
      const i = this.indexAt(b, top, T_EVENT, EVENT_NAMES);
      return this.ignore(i >= 0 ? this.#eventKinds[i]! : this.#k.eventOther);
    }
    if (top.has(T_OP)) {
      const i = this.indexAt(b, top, T_OP, OP_NAMES);
      return this.ignore(i >= 0 ? this.#opKinds[i]! : this.#k.opOther);
    }
    if (!top.has(T_ARG)) return this.ignore(this.#k.unknown);
    this.control = false;
    const as = top.start[T_ARG]!;
    if (typeAt(b, as) !== JsonType.OBJECT) return this.fail(this.#k.envelope, 'arg must be an object');
    const arg = this.#arg;
    arg.read(b, as, end);
    if (!this.isStringAt(b, arg, 0)) return this.fail(this.#k.envelope, 'channel must be a string');
    const channel = CHANNELS.match(b, arg.start[0]! + 1, arg.end[0]! - 1);
    if (channel < 0) return this.ignore(this.#k.channelOther);
    if (channel > 1 && channel !== 3) return this.ignore(this.#channelKinds[channel]!);
    const kind = channel === 0 ? this.#k.orders : channel === 1 ? this.#k.positions : this.#k.balanceAndPosition;
    const ds = top.start[T_DATA]!;
    if (ds < 0 || typeAt(b, ds) !== JsonType.ARRAY) return this.fail(kind, 'data must be an array');
    if (channel === 3) return this.#balanceAndPosition(b, ds, end);
    for (let q = this.firstRow(ds); q >= 0; q = this.nextRow(q)) this.rowEnd(channel === 0 ? this.#orderRow(b, q, end) : this.#positionRow(b, q, end));
    return Outcome.DECODED;
  }

  /** `balance_and_position`: each element's `posData` rows as positions rows (okx-decoder.ts). */
  #balanceAndPosition(b: Uint8Array, ds: number, end: number): number {
    const K = this.#k.balanceAndPosition;
    const t = this.#balance;
    for (let e = firstElement(b, ds, end); e >= 0; e = elementAfter(e)) {
      if (b[e] !== 0x7b) return this.fail(K, 'data[] must be an object');
      t.read(b, e, end);
      const ps = t.start[0]!;
      if (ps < 0 || typeAt(b, ps) !== JsonType.ARRAY) return this.fail(K, 'posData must be an array');
      for (let q = this.firstRow(ps); q >= 0; q = this.nextRow(q)) this.rowEnd(this.#positionRow(b, q, end));
    }
    return Outcome.DECODED;
  }

  #orderRow(b: Uint8Array, q: number, end: number): number {
    const K = this.#k.orders;
    if (b[q] !== 0x7b) return this.fail(K, 'order must be an object');
    const t = this.#order;
    t.read(b, q, end);
    if (!this.isStringAt(b, t, O_INST)) return this.fail(K, 'instId must be a string');
    const inst = this.sym.names.match(b, t.start[O_INST]! + 1, t.end[O_INST]! - 1);
    if (inst < 0) {
      this.skip(this.#k.unknownSymbol);
      return OK;
    }
    let legInst = inst;
    if (this.sym.hedge[inst] === 1) {
      // okx-order.ts: `posSide` names the leg of a hedge instrument's order and fill.
      if (!this.isStringAt(b, t, O_POS_SIDE)) return this.fail(K, 'posSide must be a string');
      const leg = this.indexAt(b, t, O_POS_SIDE, POS_SIDES);
      if (leg === 2) {
        this.skip(this.#k.ordersOneWay);
        return OK;
      }
      if (leg < 0) return this.fail(K, 'posSide must be net, long or short');
      if (leg === 1) legInst = this.sym.shortInst(inst);
    }
    if (this.optStrAt(b, t, O_CATEGORY) < 0) return this.fail(K, 'category must be a string');
    const closeOut = this.indexAt(b, t, O_CATEGORY, CLOSE_OUT) >= 0;
    const side = this.indexAt(b, t, O_SIDE, SIDES);
    if (side < 0) return this.fail(K, 'side must be buy or sell');
    const st = this.indexAt(b, t, O_STATE, STATES);
    if (st < 0) return this.fail(K, 'state is not a known order state');
    const status = STATE_CODES[st]!;
    if (!this.isStringAt(b, t, O_ORD) || t.end[O_ORD]! - t.start[O_ORD]! === 2) return this.fail(K, 'ordId must be a non-empty string');
    const cl = this.optStrAt(b, t, O_CL);
    if (cl < 0) return this.fail(K, 'clOrdId must be a string');
    if (this.lotsAt(b, t.start[O_ACC]!, t.end[O_ACC]!, inst, false) !== OK || NUM[LOTS]! < 0) return this.fail(K, 'accFillSz must be a non-negative whole number of lots');
    const cumQty = NUM[LOTS]!;
    if (!this.isStringAt(b, t, O_TRADE)) return this.fail(K, 'tradeId must be a string');
    const ts = t.start[O_TRADE]!;
    const te = t.end[O_TRADE]!;
    if (te - ts > 2) {
      if (this.lotsAt(b, t.start[O_FILL_SZ]!, t.end[O_FILL_SZ]!, inst, false) !== OK || NUM[LOTS]! < 0) return this.fail(K, 'fillSz must be a non-negative whole number of lots');
      const qty = NUM[LOTS]!;
      if (qty > 0) {
        if (this.priceAt(b, t.start[O_FILL_PX]!, t.end[O_FILL_PX]!, false) !== OK) return this.fail(K, 'fillPx must be a finite decimal string');
        const price = NUM[VALUE]!;
        const tradeZero = this.#isZeroString(b, ts, te);
        // The one stamp a fill carries: the trade id on a sequenced instrument, `fillTime` on a walk-back one.
        let seq = NaN;
        if (this.sym.sequenced[inst] === 1) {
          if (!tradeZero) {
            if (this.seqAt(b, ts, te) !== OK) return this.fail(K, 'tradeId must be a non-negative integer below 2^53');
            seq = NUM[VALUE]!;
          }
        } else {
          const ft = this.optStrAt(b, t, O_FILL_TIME);
          if (ft < 0) return this.fail(K, 'fillTime must be a string');
          if (ft === 1) {
            if (this.seqAt(b, t.start[O_FILL_TIME]!, t.end[O_FILL_TIME]!) !== OK) return this.fail(K, 'fillTime must be a non-negative integer below 2^53');
            seq = NUM[VALUE]!;
          }
        }
        this.#execKey(b, t, tradeZero);
        W[1] = KEY[0]!;
        if (closeOut) W[0] = -1;
        else {
          keyOfString(b, t.start[cl === 1 ? O_CL : O_ORD]!, t.end[cl === 1 ? O_CL : O_ORD]!);
          W[0] = KEY[0]!;
        }
        W[2] = qty;
        W[3] = price;
        W[4] = seq;
        writeFill(this.slots, legInst, side === 0 ? 1 : -1);
      }
    }
    if (closeOut) {
      this.skip(this.#k.liquidation);
      return OK;
    }
    let leavesQty = 0;
    if (!isTerminalStatusCode(status)) {
      if (this.optStrAt(b, t, O_TGT) < 0) return this.fail(K, 'tgtCcy must be a string');
      if (this.indexAt(b, t, O_TGT, QUOTE_CCY) === 0) {
        this.skip(this.#k.quoteSized);
        return OK;
      }
      if (this.lotsAt(b, t.start[O_SZ]!, t.end[O_SZ]!, inst, false) !== OK || NUM[LOTS]! < 0) return this.fail(K, 'sz must be a non-negative whole number of lots');
      leavesQty = NUM[LOTS]! - cumQty;
      if (leavesQty < 0) return this.fail(K, 'accFillSz exceeds sz');
    }
    keyOfString(b, t.start[cl === 1 ? O_CL : O_ORD]!, t.end[cl === 1 ? O_CL : O_ORD]!);
    W[0] = KEY[0]!;
    W[1] = cumQty;
    W[2] = leavesQty === 0 ? 0 : leavesQty;
    const reduceOnly = this.indexAt(b, t, O_REDUCE, TRUE_TEXT) === 0 ? 1 : this.trueAt(b, t, O_REDUCE);
    writeOrderUpdate(this.slots, legInst, status, side === 0 ? 1 : -1, reduceOnly);
    return OK;
  }

  /** The string [s, e) is "0". */
  #isZeroString(b: Uint8Array, s: number, e: number): boolean {
    if (!isPlainAscii(b, s, e)) return decodeString(b, s, e) === '0';
    return e - s === 3 && b[s + 1] === 0x30;
  }

  /** KEY[0] = stringKey of `<instId>:<tradeId>`, or `<instId>:<ordId>:<accFillSz>` for trade id "0". */
  #execKey(b: Uint8Array, t: FieldTable, tradeZero: boolean): void {
    const parts = tradeZero ? ZERO_TRADE_PARTS : TRADE_PARTS;
    let plain = true;
    for (let i = 0; i < parts.length; i++) plain = plain && isPlainAscii(b, t.start[parts[i]!]!, t.end[parts[i]!]!);
    if (!plain) {
      KEY[0] = stringKey(Array.from(parts, (k) => decodeString(b, t.start[k]!, t.end[k]!)).join(':'));
      return;
    }
    keyBegin();
    keyBytes(b, t.start[O_INST]! + 1, t.end[O_INST]! - 1);
    keyChar(0x3a);
    if (tradeZero) {
      keyBytes(b, t.start[O_ORD]! + 1, t.end[O_ORD]! - 1);
      keyChar(0x3a);
      keyBytes(b, t.start[O_ACC]! + 1, t.end[O_ACC]! - 1);
    } else {
      keyBytes(b, t.start[O_TRADE]! + 1, t.end[O_TRADE]! - 1);
    }
    keyEnd();
  }

  #positionRow(b: Uint8Array, q: number, end: number): number {
    const K = this.#k.positions;
    if (b[q] !== 0x7b) return this.fail(K, 'position must be an object');
    const t = this.#position;
    t.read(b, q, end);
    if (!this.isStringAt(b, t, P_INST)) return this.fail(K, 'instId must be a string');
    const inst = this.sym.names.match(b, t.start[P_INST]! + 1, t.end[P_INST]! - 1);
    if (inst < 0) {
      this.skip(this.#k.unknownSymbol);
      return OK;
    }
    if (!this.isStringAt(b, t, P_TYPE)) return this.fail(K, 'instType must be a string');
    if (this.indexAt(b, t, P_TYPE, MARGIN) === 0) {
      this.skip(this.#k.margin);
      return OK;
    }
    if (!this.isStringAt(b, t, P_SIDE)) return this.fail(K, 'posSide must be a string');
    const ps = this.indexAt(b, t, P_SIDE, POS_SIDES);
    if (ps < 0) return this.fail(K, 'posSide must be net, long or short');
    const hedge = this.sym.hedge[inst] === 1;
    if (!hedge && ps !== 2) {
      this.skip(this.#k.hedgeLeg);
      return OK;
    }
    if (hedge && ps === 2) {
      this.skip(this.#k.positionsOneWay);
      return OK;
    }
    if (this.lotsAt(b, t.start[P_POS]!, t.end[P_POS]!, inst, false) !== OK) return this.fail(K, 'pos must be a whole number of lots');
    if (hedge && NUM[LOTS]! < 0) return this.fail(K, 'pos of a long/short leg must not be negative');
    const position = NUM[LOTS]! === 0 ? 0 : ps === 1 ? -NUM[LOTS]! : NUM[LOTS]!;
    if (!this.isStringAt(b, t, P_TRADE)) return this.fail(K, 'tradeId must be a string');
    let seq = NaN;
    if (t.end[P_TRADE]! - t.start[P_TRADE]! > 2) {
      if (this.seqAt(b, t.start[P_TRADE]!, t.end[P_TRADE]!) !== OK) return this.fail(K, 'tradeId must be a non-negative integer below 2^53');
      seq = NUM[VALUE]!;
    }
    // uTime: the venue time (okx-position.ts); missing or empty: none.
    const u = this.optStrAt(b, t, P_UTIME);
    if (u < 0) return this.fail(K, 'uTime must be a string');
    let venueTime = NaN;
    if (u === 1 && t.end[P_UTIME]! - t.start[P_UTIME]! > 2) {
      if (this.seqAt(b, t.start[P_UTIME]!, t.end[P_UTIME]!) !== OK) return this.fail(K, 'uTime must be a non-negative integer below 2^53');
      venueTime = NUM[VALUE]!;
    }
    W[0] = position;
    W[1] = seq;
    W[2] = venueTime;
    writeSnapshot(this.slots, ps === 1 ? this.sym.shortInst(inst) : inst);
    return OK;
  }
}
