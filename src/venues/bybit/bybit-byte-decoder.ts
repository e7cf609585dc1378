/**
 * The Bybit v5 private stream decoder that reads the frame's bytes (scan/byte-decoder.ts): the
 * same frames, checks, order of checks, events and counting as `BybitDecoder` (the reference,
 * bybit-decoder.ts and its element files, where the venue's rules are documented), written into
 * ring slots instead of event objects. The feed worker's default for Bybit.
 */
import { OrderStatusCode } from '../../risk/codes.js';
import type { VenueSymbolConfig } from '../venue-decoder.js';
import { ByteDecoderBase, isTerminalStatusCode, OK, Outcome } from '../scan/byte-decoder.js';
import { ByteNames } from '../scan/byte-names.js';
import { ByteSymbols } from '../scan/byte-symbols.js';
import { KEY, keyOfString } from '../scan/byte-keys.js';
import { LOTS, NUM, VALUE } from '../scan/byte-numbers.js';
import { FieldTable, JsonType, decodeString, hasEscape, typeAt } from '../scan/json-cursor.js';
import { isJsonText, skipWs } from '../scan/json-validate.js';
import { W, writeFill, writeHeartbeat, writeOrderUpdate, writeSnapshot } from '../scan/slot-writer.js';

const TOP = new ByteNames(['topic', 'data', 'op']);
const [T_TOPIC, T_DATA, T_OP] = [0, 1, 2] as const;
const EXEC = new ByteNames(['symbol', 'execType', 'side', 'execQty', 'execPrice', 'execId', 'seq', 'orderLinkId', 'orderId', 'closedSize']);
const [X_SYMBOL, X_TYPE, X_SIDE, X_QTY, X_PRICE, X_ID, X_SEQ, X_LINK, X_ORDER, X_CLOSED] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9] as const;
const ORDER = new ByteNames(['symbol', 'createType', 'orderStatus', 'orderId', 'orderLinkId', 'cumExecQty', 'leavesQty', 'qty', 'side', 'reduceOnly', 'positionIdx']);
const [O_SYMBOL, O_CREATE, O_STATUS, O_ID, O_LINK, O_CUM, O_LEAVES, O_QTY, O_SIDE, O_REDUCE, O_IDX] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10] as const;
const POSITION = new ByteNames(['symbol', 'positionIdx', 'size', 'side', 'seq']);
const [P_SYMBOL, P_IDX, P_SIZE, P_SIDE, P_SEQ] = [0, 1, 2, 3, 4] as const;

/** Topic names: the three decoded, then the known others (bounded kinds). */
const TOPICS = new ByteNames(['execution', 'order', 'position', 'wallet', 'greeks', 'execution.fast', 'dcp']);
const EXECUTION_FAST = new TextEncoder().encode('execution.fast');
const OPS = new ByteNames(['auth', 'subscribe', 'unsubscribe', 'pong', 'ping']);
/** Trade, BlockTrade, MovePosition, FutureSpread, Delivery, Settle (0-5); AdlTrade, BustTrade (6, 7: not sent by the engine); Funding, UNKNOWN (8, 9: skipped). */
const EXEC_TYPES = new ByteNames(['Trade', 'BlockTrade', 'MovePosition', 'FutureSpread', 'Delivery', 'Settle', 'AdlTrade', 'BustTrade', 'Funding', 'UNKNOWN']);
const SIDES = new ByteNames(['Buy', 'Sell']);
const POSITION_SIDES = new ByteNames(['Buy', 'Sell', '', 'None']);
/** bybit-order-status.ts, in its order. */
const STATUSES = new ByteNames(['New', 'PartiallyFilled', 'Untriggered', 'Triggered', 'Filled', 'Cancelled', 'PartiallyFilledCanceled', 'Deactivated', 'Rejected']);
const STATUS_CODES = new Int32Array([
  OrderStatusCode.NEW, OrderStatusCode.PARTIALLY_FILLED, OrderStatusCode.NEW, OrderStatusCode.NEW, OrderStatusCode.FILLED,
  OrderStatusCode.CANCELED, OrderStatusCode.CANCELED, OrderStatusCode.CANCELED, OrderStatusCode.REJECTED,
]);
const EXCHANGE_CREATED = new ByteNames(['CreateByLiq', 'CreateByTakeOver_PassThrough', 'CreateByAdl_PassThrough']);

export class BybitByteDecoder extends ByteDecoderBase {
  readonly venue = 'bybit';
  readonly #top = new FieldTable(TOP);
  readonly #exec = new FieldTable(EXEC);
  readonly #order = new FieldTable(ORDER);
  readonly #position = new FieldTable(POSITION);
  readonly #k = {
    json: this.kinds.id('json'), envelope: this.kinds.id('envelope'),
    execution: this.kinds.id('execution'), order: this.kinds.id('order'), position: this.kinds.id('position'),
    unknownSymbol: this.kinds.id('unknownSymbol'), funding: this.kinds.id('execution:Funding'), unknownExec: this.kinds.id('execution:UNKNOWN'),
    liquidation: this.kinds.id('order:liquidation'), hedgeLeg: this.kinds.id('position:hedgeLeg'),
    positionOneWay: this.kinds.id('position:oneWay'), orderOneWay: this.kinds.id('order:oneWay'),
    unknown: this.kinds.id('unknown'), topicOther: this.kinds.id('topic:other'), opOther: this.kinds.id('op:other'),
  };
  /** Ignore kinds by TOPICS index (3..6) and OPS index (0..2). */
  readonly #topicKinds = new Int32Array(TOPICS.names.map((n) => this.kinds.id(`topic:${n}`)));
  readonly #opKinds = new Int32Array(OPS.names.map((n) => this.kinds.id(`op:${n}`)));

  constructor(symbols: readonly VenueSymbolConfig[]) {
    super(new ByteSymbols(symbols), false);
  }

  protected frame(b: Uint8Array, start: number, end: number): number {
    if (!isJsonText(b, start, end)) return this.fail(this.#k.json, 'not JSON');
    const p = skipWs(b, start, end);
    if (b[p] !== 0x7b) return this.fail(this.#k.envelope, 'frame must be an object');
    const top = this.#top;
    top.read(b, p, end);
    const ts = top.start[T_TOPIC]!;
    if (ts >= 0) {
      if (typeAt(b, ts) !== JsonType.STRING) return this.fail(this.#k.envelope, 'topic must be a string');
      this.control = top.has(T_OP);
      const name = this.#topicName(b, ts, top.end[T_TOPIC]!);
      if (name < 0) return this.ignore(this.#k.topicOther);
      if (name > 2) return this.ignore(this.#topicKinds[name]!);
      const kind = name === 0 ? this.#k.execution : name === 1 ? this.#k.order : this.#k.position;
      const ds = top.start[T_DATA]!;
      if (ds < 0 || typeAt(b, ds) !== JsonType.ARRAY) return this.fail(kind, 'data must be an array');
      for (let q = this.firstRow(ds); q >= 0; q = this.nextRow(q)) this.rowEnd(name === 0 ? this.#execution(b, q, end) : name === 1 ? this.#orderRow(b, q, end) : this.#positionRow(b, q, end));
      return Outcome.DECODED;
    }
    const os = top.start[T_OP]!;
    if (os >= 0) {
      const op = typeAt(b, os) === JsonType.STRING ? OPS.match(b, os + 1, top.end[T_OP]! - 1) : -1;
      if (op === 3 || op === 4) {
        writeHeartbeat(this.slots, -1);
        return Outcome.DECODED;
      }
      return this.ignore(op >= 0 ? this.#opKinds[op]! : this.#k.opOther);
    }
    return this.ignore(this.#k.unknown);
  }


  /** The topic's name as a TOPICS index, -1 for any other name. */
  #topicName(b: Uint8Array, s: number, e: number): number {
    if (hasEscape(b, s, e)) {
      const topic = decodeString(b, s, e);
      const dot = topic.indexOf('.');
      return TOPICS.indexOf(topic.startsWith('execution.fast') ? 'execution.fast' : dot < 0 ? topic : topic.slice(0, dot));
    }
    const cs = s + 1;
    const ce = e - 1;
    if (ce - cs >= EXECUTION_FAST.length) {
      let k = 0;
      while (k < EXECUTION_FAST.length && b[cs + k] === EXECUTION_FAST[k]) k++;
      if (k === EXECUTION_FAST.length) return 5;
    }
    let dot = cs;
    while (dot < ce && b[dot] !== 0x2e) dot++;
    return TOPICS.matchRaw(b, cs, dot);
  }

  #execution(b: Uint8Array, q: number, end: number): number {
    const K = this.#k.execution;
    if (b[q] !== 0x7b) {
      return this.fail(K, 'execution must be an object');
    }
    const t = this.#exec;
    t.read(b, q, end);
    if (!this.isStringAt(b, t, X_SYMBOL)) return this.fail(K, 'symbol must be a string');
    const inst = this.sym.names.match(b, t.start[X_SYMBOL]! + 1, t.end[X_SYMBOL]! - 1);
    if (inst < 0) {
      this.skip(this.#k.unknownSymbol);
      return OK;
    }
    if (!this.isStringAt(b, t, X_TYPE)) return this.fail(K, 'execType must be a string');
    const type = EXEC_TYPES.match(b, t.start[X_TYPE]! + 1, t.end[X_TYPE]! - 1);
    if (type === 8 || type === 9) {
      this.skip(type === 8 ? this.#k.funding : this.#k.unknownExec);
      return OK;
    }
    if (type < 0) return this.fail(K, 'execType is not a known execution type');
    const side = this.indexAt(b, t, X_SIDE, SIDES);
    if (side < 0) return this.fail(K, 'side must be Buy or Sell');
    if (this.lotsAt(b, t.start[X_QTY]!, t.end[X_QTY]!, inst, false) !== OK || NUM[LOTS]! <= 0) return this.fail(K, 'execQty must be a positive whole number of lots');
    const qty = NUM[LOTS]!;
    let legInst = inst;
    if (this.sym.hedge[inst] === 1) {
      // bybit-execution.ts: closedSize 0 opens the order side's leg, execQty closes the other.
      if (this.lotsAt(b, t.start[X_CLOSED]!, t.end[X_CLOSED]!, inst, false) !== OK || NUM[LOTS]! < 0) return this.fail(K, 'closedSize must be a non-negative whole number of lots');
      const closed = NUM[LOTS]!;
      if (closed !== 0 && closed !== qty) return this.fail(K, 'closedSize of a hedge-mode execution must be 0 or execQty');
      if ((side === 0) !== (closed === 0)) legInst = this.sym.shortInst(inst);
    }
    if (this.priceAt(b, t.start[X_PRICE]!, t.end[X_PRICE]!, false) !== OK) return this.fail(K, 'execPrice must be a finite decimal string');
    const price = NUM[VALUE]!;
    if (!this.isStringAt(b, t, X_ID) || t.end[X_ID]! - t.start[X_ID]! === 2) return this.fail(K, 'execId must be a non-empty string');
    if (this.seqAt(b, t.start[X_SEQ]!, t.end[X_SEQ]!) !== OK) return this.fail(K, 'seq must be a non-negative integer below 2^53');
    const seq = NUM[VALUE]!;
    const link = this.optStrAt(b, t, X_LINK);
    if (link < 0) return this.fail(K, 'orderLinkId must be a string');
    const venueId = this.optStrAt(b, t, X_ORDER);
    if (venueId < 0) return this.fail(K, 'orderId must be a string');
    if (type === 6 || type === 7 || (link === 0 && venueId === 0)) W[0] = -1;
    else {
      const k = link === 1 ? X_LINK : X_ORDER;
      keyOfString(b, t.start[k]!, t.end[k]!);
      W[0] = KEY[0]!;
    }
    keyOfString(b, t.start[X_ID]!, t.end[X_ID]!);
    W[1] = KEY[0]!;
    W[2] = qty;
    W[3] = price;
    W[4] = seq;
    writeFill(this.slots, legInst, side === 0 ? 1 : -1);
    return OK;
  }

  #orderRow(b: Uint8Array, q: number, end: number): number {
    const K = this.#k.order;
    if (b[q] !== 0x7b) {
      return this.fail(K, 'order must be an object');
    }
    const t = this.#order;
    t.read(b, q, end);
    if (!this.isStringAt(b, t, O_SYMBOL)) return this.fail(K, 'symbol must be a string');
    const inst = this.sym.names.match(b, t.start[O_SYMBOL]! + 1, t.end[O_SYMBOL]! - 1);
    if (inst < 0) {
      this.skip(this.#k.unknownSymbol);
      return OK;
    }
    if (this.optStrAt(b, t, O_CREATE) < 0) return this.fail(K, 'createType must be a string');
    if (this.indexAt(b, t, O_CREATE, EXCHANGE_CREATED) >= 0) {
      this.skip(this.#k.liquidation);
      return OK;
    }
    let legInst = inst;
    if (this.sym.hedge[inst] === 1) {
      const idx = this.numberAt(b, t.start[O_IDX]!, t.end[O_IDX]!) === OK ? NUM[VALUE]! : -1;
      if (idx !== 0 && idx !== 1 && idx !== 2) return this.fail(K, 'positionIdx must be 0, 1 or 2');
      if (idx === 0) {
        this.skip(this.#k.orderOneWay);
        return OK;
      }
      if (idx === 2) legInst = this.sym.shortInst(inst);
    }
    const st = this.indexAt(b, t, O_STATUS, STATUSES);
    if (st < 0) return this.fail(K, 'orderStatus is not a known status');
    const status = STATUS_CODES[st]!;
    if (!this.isStringAt(b, t, O_ID) || t.end[O_ID]! - t.start[O_ID]! === 2) return this.fail(K, 'orderId must be a non-empty string');
    const link = this.optStrAt(b, t, O_LINK);
    if (link < 0) return this.fail(K, 'orderLinkId must be a string');
    if (this.lotsAt(b, t.start[O_CUM]!, t.end[O_CUM]!, inst, false) !== OK || NUM[LOTS]! < 0) return this.fail(K, 'cumExecQty must be a non-negative whole number of lots');
    const cumQty = NUM[LOTS]!;
    if (!this.isStringAt(b, t, O_LEAVES)) return this.fail(K, 'leavesQty must be a string');
    const leavesEmpty = t.end[O_LEAVES]! - t.start[O_LEAVES]! === 2;
    let reported = 0;
    if (!leavesEmpty) {
      if (this.lotsAt(b, t.start[O_LEAVES]!, t.end[O_LEAVES]!, inst, false) !== OK || NUM[LOTS]! < 0) return this.fail(K, 'leavesQty must be a non-negative whole number of lots');
      reported = NUM[LOTS]!;
    }
    let leavesQty = 0;
    if (!isTerminalStatusCode(status)) {
      if (!leavesEmpty) {
        leavesQty = reported;
      } else {
        if (this.lotsAt(b, t.start[O_QTY]!, t.end[O_QTY]!, inst, false) !== OK || NUM[LOTS]! < 0) return this.fail(K, 'qty must be a non-negative whole number of lots');
        leavesQty = NUM[LOTS]! - cumQty;
        if (leavesQty < 0) return this.fail(K, 'cumExecQty exceeds qty');
      }
    }
    const k = link === 1 ? O_LINK : O_ID;
    keyOfString(b, t.start[k]!, t.end[k]!);
    W[0] = KEY[0]!;
    W[1] = cumQty;
    W[2] = leavesQty === 0 ? 0 : leavesQty;
    writeOrderUpdate(this.slots, legInst, status, this.sideAt(b, t, O_SIDE, SIDES), this.trueAt(b, t, O_REDUCE));
    return OK;
  }

  #positionRow(b: Uint8Array, q: number, end: number): number {
    const K = this.#k.position;
    if (b[q] !== 0x7b) {
      return this.fail(K, 'position must be an object');
    }
    const t = this.#position;
    t.read(b, q, end);
    if (!this.isStringAt(b, t, P_SYMBOL)) return this.fail(K, 'symbol must be a string');
    const inst = this.sym.names.match(b, t.start[P_SYMBOL]! + 1, t.end[P_SYMBOL]! - 1);
    if (inst < 0) {
      this.skip(this.#k.unknownSymbol);
      return OK;
    }
    const idx = this.numberAt(b, t.start[P_IDX]!, t.end[P_IDX]!) === OK ? NUM[VALUE]! : -1;
    if (idx !== 0 && idx !== 1 && idx !== 2) return this.fail(K, 'positionIdx must be 0, 1 or 2');
    const hedge = this.sym.hedge[inst] === 1;
    if (!hedge && idx !== 0) {
      this.skip(this.#k.hedgeLeg);
      return OK;
    }
    if (hedge && idx === 0) {
      this.skip(this.#k.positionOneWay);
      return OK;
    }
    if (this.lotsAt(b, t.start[P_SIZE]!, t.end[P_SIZE]!, inst, false) !== OK || NUM[LOTS]! < 0) return this.fail(K, 'size must be a non-negative whole number of lots');
    const size = NUM[LOTS]!;
    if (!this.isStringAt(b, t, P_SIDE)) return this.fail(K, 'side must be a string');
    const side = POSITION_SIDES.match(b, t.start[P_SIDE]! + 1, t.end[P_SIDE]! - 1);
    let position: number;
    if (side === 0) position = size;
    else if (side === 1) position = size === 0 ? 0 : -size;
    else if (side === 2 || side === 3) {
      if (size !== 0) return this.fail(K, 'a position without side must have size 0');
      position = 0;
    } else return this.fail(K, 'side is not Buy, Sell or ""');
    if ((idx === 1 && position < 0) || (idx === 2 && position > 0)) return this.fail(K, 'positionIdx contradicts side');
    // seq "-1" / -1: never traded (bybit-position.ts, bybitPositionSeq)
    const ss = t.start[P_SEQ]!;
    let neverTraded = false;
    if (ss >= 0) {
      const ty = typeAt(b, ss);
      if (ty === JsonType.NUMBER) neverTraded = this.numberAt(b, ss, t.end[P_SEQ]!) === OK && NUM[VALUE] === -1;
      else if (ty === JsonType.STRING) neverTraded = this.#isMinusOne(b, ss, t.end[P_SEQ]!);
    }
    let seq = 0;
    if (neverTraded) {
      if (position !== 0) return this.fail(K, 'seq -1 (never traded) with a non-zero size');
    } else {
      if (this.seqAt(b, ss, t.end[P_SEQ]!) !== OK) return this.fail(K, 'seq must be a non-negative integer below 2^53');
      seq = NUM[VALUE]!;
    }
    W[0] = position;
    W[1] = seq;
    W[2] = NaN;
    writeSnapshot(this.slots, idx === 2 ? this.sym.shortInst(inst) : inst);
    return OK;
  }

  /** The string [s, e) is "-1". */
  #isMinusOne(b: Uint8Array, s: number, e: number): boolean {
    if (hasEscape(b, s, e)) return decodeString(b, s, e) === '-1';
    return e - s === 4 && b[s + 1] === 0x2d && b[s + 2] === 0x31;
  }
}

