/**
 * The BitMEX realtime decoder that reads the frame's bytes (scan/byte-decoder.ts): the same
 * frames, checks, order of checks, events, counting and order-state rules as `BitmexDecoder` (the
 * reference, bitmex-decoder.ts and its table files, where the venue's rules are documented),
 * written into ring slots. The live orders that complete partial `order` update rows are kept in
 * typed arrays (bitmex-order-slots.ts), keyed by the hash of their `orderID`, and changed only
 * when the whole frame decoded.
 */
import { OrderStatusCode } from '../../risk/codes.js';
import type { VenueSymbolConfig } from '../venue-decoder.js';
import { ByteDecoderBase, BAD, isTerminalStatusCode, OK, Outcome } from '../scan/byte-decoder.js';
import { ByteNames } from '../scan/byte-names.js';
import { ByteSymbols } from '../scan/byte-symbols.js';
import { KEY, keyOfString } from '../scan/byte-keys.js';
import { LOTS, NUM, VALUE } from '../scan/byte-numbers.js';
import { FieldTable, JsonType, decodeString, hasEscape, textOf, typeAt } from '../scan/json-cursor.js';
import { isJsonText, skipWs } from '../scan/json-validate.js';
import { W, writeFill, writeHeartbeat, writeOrderUpdate, writeSnapshot } from '../scan/slot-writer.js';
import { DEFAULT_ORDER_CAPACITY } from './bitmex-order-state.js';
import { BitmexOrderSlots, ORDER, ORDER_ID, O_CUM, O_INST, O_KEY, O_LEAVES, O_QTY, O_REDUCE, O_SIDE, O_STATUS, StagedOrders } from './bitmex-order-slots.js';
import { execInstReduceOnly } from './bitmex-order-table.js';
import type { BitmexDecoderOptions } from './bitmex-decoder.js';

const TOP = new ByteNames(['table', 'action', 'data', 'filter', 'info', 'success', 'subscribe', 'error']);
const [T_TABLE, T_ACTION, T_DATA, T_FILTER, T_INFO, T_SUCCESS, T_SUBSCRIBE, T_ERROR] = [0, 1, 2, 3, 4, 5, 6, 7] as const;
const FILTER = new ByteNames(['symbol']);
const EXEC = new ByteNames(['execType', 'symbol', 'execID', 'clOrdID', 'orderID', 'text', 'lastQty', 'side', 'lastPx', 'timestamp']);
const [X_TYPE, X_SYMBOL, X_ID, X_CL, X_ORDER, X_TEXT, X_QTY, X_SIDE, X_PRICE, X_TIME] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9] as const;
const ROW = new ByteNames(['orderID', 'clOrdID', 'ordStatus', 'cumQty', 'leavesQty', 'orderQty', 'symbol', 'text', 'side', 'execInst']);
const [R_ID, R_CL, R_STATUS, R_CUM, R_LEAVES, R_QTY, R_SYMBOL, R_TEXT, R_SIDE, R_EXEC] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9] as const;
/** `execInst` instructions that make an order reduce-only (bitmex-order-table.ts `execInstReduceOnly`). */
const REDUCE_INSTS = new ByteNames(['ReduceOnly', 'Close']);
const POSITION = new ByteNames(['symbol', 'currentQty', 'timestamp']);
const [P_SYMBOL, P_QTY, P_TIME] = [0, 1, 2] as const;

const PONG = new TextEncoder().encode('pong');
const ACTIONS = new ByteNames(['partial', 'insert', 'update', 'delete']);
const [PARTIAL, INSERT, UPDATE, DELETE] = [0, 1, 2, 3] as const;
const TABLES = new ByteNames(['execution', 'order', 'position']);
const OTHER_TABLES = [
  'margin', 'wallet', 'transact', 'account', 'affiliate', 'privateNotifications', 'instrument', 'trade', 'quote', 'liquidation',
  'funding', 'settlement', 'insurance', 'orderBookL2', 'orderBookL2_25', 'orderBook10', 'connected', 'announcement', 'chat',
  'publicNotifications',
];
const OTHER_TABLE_NAMES = new ByteNames(OTHER_TABLES);
/** Trade, Liquidation (fills: 0, 1), then bitmex-execution.ts's other documented execTypes. */
const NON_FILL_TYPES = [
  'New', 'Canceled', 'CancelReject', 'Replaced', 'Rejected', 'AmendReject', 'Restated', 'Funding', 'Settlement', 'Suspended',
  'Released', 'Insurance', 'Rebalance', 'Bankruptcy', 'TrialFill', 'TriggeredOrActivatedBySystem',
];
const EXEC_TYPES = new ByteNames(['Trade', 'Liquidation', ...NON_FILL_TYPES]);
const SIDES = new ByteNames(['Buy', 'Sell']);
/** bitmex-status.ts, in its order; the last three are the pending states. */
const STATUSES = new ByteNames(['New', 'PartiallyFilled', 'Filled', 'Canceled', 'Rejected', 'Expired', 'PendingNew', 'PendingReplace', 'PendingCancel']);
const STATUS_CODES = new Int32Array([
  OrderStatusCode.NEW, OrderStatusCode.PARTIALLY_FILLED, OrderStatusCode.FILLED, OrderStatusCode.CANCELED, OrderStatusCode.REJECTED,
  OrderStatusCode.CANCELED, OrderStatusCode.NEW, OrderStatusCode.NEW, OrderStatusCode.NEW,
]);
const FIRST_PENDING = 6;
/** bitmex-liquidation.ts: `text` mentioning these (ASCII case-insensitively) marks a system order. */
const SYSTEM_WORDS = [new TextEncoder().encode('liquidat'), new TextEncoder().encode('deleverag')];
const SYSTEM_TEXT = /liquidat|deleverag/i;
const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/;
const DAYS = new Int32Array([31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]);
/** Offsets of the digits of "YYYY-MM-DDTHH:MM:SS". */
const ISO_DIGITS = new Int32Array([0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18]);

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

/**
 * Days from 1970-01-01 to a proleptic Gregorian date (H. Hinnant's days_from_civil), in integer
 * arithmetic: `Date.UTC` would return its result boxed (an allocation per frame).
 */
function daysSinceEpoch(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** The two digits at p as a number. */
function two(b: Uint8Array, p: number): number {
  return (b[p]! - 0x30) * 10 + (b[p + 1]! - 0x30);
}

export class BitmexByteDecoder extends ByteDecoderBase {
  readonly venue = 'bitmex';
  readonly orders: BitmexOrderSlots;
  readonly #staged: StagedOrders;
  readonly #top = new FieldTable(TOP);
  readonly #filter = new FieldTable(FILTER);
  readonly #exec = new FieldTable(EXEC);
  readonly #row = new FieldTable(ROW);
  readonly #position = new FieldTable(POSITION);
  readonly #k = {
    json: this.kinds.id('json'), frame: this.kinds.id('frame'), execution: this.kinds.id('execution'), order: this.kinds.id('order'), position: this.kinds.id('position'),
    unknownSymbol: this.kinds.id('unknownSymbol'), execTypeOther: this.kinds.id('execType:other'), unknownOrder: this.kinds.id('order:unknownOrder'),
    noChange: this.kinds.id('order:noChange'), liquidation: this.kinds.id('order:liquidation'), positionDelete: this.kinds.id('position:delete'),
    noCurrentQty: this.kinds.id('position:noCurrentQty'), info: this.kinds.id('info'), subscribeAck: this.kinds.id('subscribeAck'), ack: this.kinds.id('ack'),
    venueError: this.kinds.id('venueError'), unknownMessage: this.kinds.id('unknownMessage'), tableOther: this.kinds.id('table:other'),
  };
  readonly #tableKinds = new Int32Array(OTHER_TABLES.map((n) => this.kinds.id(`table:${n}`)));
  readonly #execActionKinds = new Int32Array(ACTIONS.names.map((n) => this.kinds.id(`execution:${n}`)));
  readonly #execTypeKinds = new Int32Array(EXEC_TYPES.names.map((n) => this.kinds.id(`execType:${n}`)));

  /** Throws on a bad symbol config or capacity (construction time only). */
  constructor(symbols: readonly VenueSymbolConfig[], options: BitmexDecoderOptions = {}) {
    super(new ByteSymbols(symbols), true);
    this.orders = new BitmexOrderSlots(options.maxOrders ?? DEFAULT_ORDER_CAPACITY);
    this.#staged = new StagedOrders(this.orders);
  }

  protected frame(b: Uint8Array, start: number, end: number): number {
    if (end - start === 4 && b[start] === PONG[0] && b[start + 1] === PONG[1] && b[start + 2] === PONG[2] && b[start + 3] === PONG[3]) {
      writeHeartbeat(this.slots, -1);
      return Outcome.DECODED;
    }
    if (!isJsonText(b, start, end)) return this.fail(this.#k.json, 'not JSON');
    const p = skipWs(b, start, end);
    if (b[p] !== 0x7b) return this.fail(this.#k.frame, 'frame is not an object');
    const top = this.#top;
    top.read(b, p, end);
    if (top.has(T_TABLE)) {
      this.control = false;
      return this.#table(b, end);
    }
    if (top.has(T_INFO)) return this.ignore(this.#k.info);
    if (top.has(T_SUCCESS)) return this.ignore(top.has(T_SUBSCRIBE) ? this.#k.subscribeAck : this.#k.ack);
    if (top.has(T_ERROR)) return this.ignore(this.#k.venueError);
    return this.ignore(this.#k.unknownMessage);
  }

  #table(b: Uint8Array, end: number): number {
    const top = this.#top;
    if (!this.isStringAt(b, top, T_TABLE)) return this.fail(this.#k.frame, 'table is not a string');
    const action = this.indexAt(b, top, T_ACTION, ACTIONS);
    if (action < 0) return this.fail(this.#k.frame, 'action is not partial/insert/update/delete');
    const ds = top.start[T_DATA]!;
    if (ds < 0 || typeAt(b, ds) !== JsonType.ARRAY) return this.fail(this.#k.frame, 'data is not an array');
    const table = TABLES.match(b, top.start[T_TABLE]! + 1, top.end[T_TABLE]! - 1);
    if (table === 0) return this.#executions(b, action, ds, end);
    if (table === 1) return this.#orderTable(b, action, ds, end);
    if (table === 2) return this.#positions(b, action, ds, end);
    const other = OTHER_TABLE_NAMES.match(b, top.start[T_TABLE]! + 1, top.end[T_TABLE]! - 1);
    return this.ignore(other >= 0 ? this.#tableKinds[other]! : this.#k.tableOther);
  }

  // ------------------------------------------------------------------ execution

  #executions(b: Uint8Array, action: number, ds: number, end: number): number {
    if (action !== INSERT) return this.ignore(this.#execActionKinds[action]!);
    for (let q = this.firstRow(ds); q >= 0; q = this.nextRow(q)) this.rowEnd(this.#execution(b, q, end));
    return Outcome.DECODED;
  }

  #execution(b: Uint8Array, q: number, end: number): number {
    const K = this.#k.execution;
    if (b[q] !== 0x7b) return this.fail(K, 'execution row is not an object');
    const t = this.#exec;
    t.read(b, q, end);
    if (!this.isStringAt(b, t, X_TYPE)) return this.fail(K, 'execType is not a string');
    const type = EXEC_TYPES.match(b, t.start[X_TYPE]! + 1, t.end[X_TYPE]! - 1);
    if (type < 0 || type > 1) {
      this.skip(type < 0 ? this.#k.execTypeOther : this.#execTypeKinds[type]!);
      return OK;
    }
    if (!this.isStringAt(b, t, X_SYMBOL)) return this.fail(K, 'symbol is not a string');
    const inst = this.sym.names.match(b, t.start[X_SYMBOL]! + 1, t.end[X_SYMBOL]! - 1);
    if (inst < 0) {
      this.skip(this.#k.unknownSymbol);
      return OK;
    }
    if (!this.isStringAt(b, t, X_ID) || t.end[X_ID]! - t.start[X_ID]! === 2) return this.fail(K, 'execID is empty or not a string');
    const cl = this.#optionalString(b, t, X_CL);
    if (cl < 0) return this.fail(K, 'clOrdID is not a string');
    const order = this.#optionalString(b, t, X_ORDER);
    if (order < 0) return this.fail(K, 'orderID is not a string');
    const text = this.#optionalString(b, t, X_TEXT);
    if (text < 0) return this.fail(K, 'text is not a string');
    const liquidation = type === 1 || (cl === 0 && text === 1 && this.#systemText(b, t.start[X_TEXT]!, t.end[X_TEXT]!));
    if (!liquidation && cl === 0 && order === 0) return this.fail(K, 'trade execution without clOrdID or orderID');
    if (this.#contracts(b, t.start[X_QTY]!, t.end[X_QTY]!, inst, false) !== OK) return this.fail(K, 'lastQty is not a whole number of lots');
    const qty = NUM[LOTS]!;
    if (qty === 0) return this.fail(K, 'trade execution with lastQty 0');
    const side = this.indexAt(b, t, X_SIDE, SIDES);
    if (side < 0) return this.fail(K, 'side is not Buy or Sell');
    if (this.numberAt(b, t.start[X_PRICE]!, t.end[X_PRICE]!) !== OK || !Number.isFinite(NUM[VALUE]!) || NUM[VALUE]! <= 0) return this.fail(K, 'lastPx is not a positive price');
    W[3] = NUM[VALUE]!;
    if (liquidation) W[0] = -1;
    else {
      const k = cl === 1 ? X_CL : X_ORDER;
      keyOfString(b, t.start[k]!, t.end[k]!);
      W[0] = KEY[0]!;
    }
    keyOfString(b, t.start[X_ID]!, t.end[X_ID]!);
    W[1] = KEY[0]!;
    W[2] = qty;
    // the row's `timestamp` as the fill's venue time (bitmex-execution.ts); NaN when absent or not
    // a time. Plain stores: a conditional expression of the two allocated a number per fill.
    W[4] = NaN;
    if (t.has(X_TIME) && this.#isoMs(b, t.start[X_TIME]!, t.end[X_TIME]!) === OK) W[4] = NUM[VALUE]!;
    writeFill(this.slots, inst, side === 0 ? 1 : -1);
    return OK;
  }

  /** A string member that may be absent (read as ""): 1 non-empty, 0 empty or absent, -1 present and not a string (null included). */
  /**
   * @hot 1 when the row's `execInst` is a string whose comma-separated instructions include
   * ReduceOnly or Close (`execInstReduceOnly`, which an escaped string takes), else 0.
   */
  #reduceOnly(b: Uint8Array, t: FieldTable): number {
    if (!this.isStringAt(b, t, R_EXEC)) return 0;
    const s = t.start[R_EXEC]!;
    const e = t.end[R_EXEC]!;
    if (hasEscape(b, s, e)) return execInstReduceOnly(decodeString(b, s, e)) ? 1 : 0;
    let from = s + 1;
    for (let i = from; i <= e - 1; i++) {
      if (i === e - 1 || b[i] === 0x2c) {
        if (REDUCE_INSTS.match(b, from, i) >= 0) return 1;
        from = i + 1;
      }
    }
    return 0;
  }

  #optionalString(b: Uint8Array, t: FieldTable, k: number): number {
    const s = t.start[k]!;
    if (s < 0) return 0;
    if (typeAt(b, s) !== JsonType.STRING) return -1;
    return t.end[k]! - s > 2 ? 1 : 0;
  }

  /** The string [s, e) mentions liquidation or deleveraging (bitmex-liquidation.ts). */
  #systemText(b: Uint8Array, s: number, e: number): boolean {
    if (hasEscape(b, s, e)) return SYSTEM_TEXT.test(decodeString(b, s, e));
    const cs = s + 1;
    const ce = e - 1;
    for (let w = 0; w < SYSTEM_WORDS.length; w++) {
      const word = SYSTEM_WORDS[w]!;
      for (let p = cs; p + word.length <= ce; p++) {
        let k = 0;
        while (k < word.length && (b[p + k]! | 0x20) === word[k]) k++;
        if (k === word.length) return true;
      }
    }
    return false;
  }

  /**
   * A contract count at [s, e) (a JSON safe integer, non-negative unless `signed`) into NUM[LOTS]
   * as whole lots of symbol `inst`, -0 read as 0 (bitmex-fields.ts, `contracts`).
   */
  #contracts(b: Uint8Array, s: number, e: number, inst: number, signed: boolean): number {
    if (this.numberAt(b, s, e) !== OK) return BAD;
    const v = NUM[VALUE]!;
    if (!Number.isSafeInteger(v) || (!signed && v < 0)) return BAD;
    if (this.lotsAt(b, s, e, inst, true) !== OK) return BAD;
    if (NUM[LOTS] === 0) NUM[LOTS] = 0;
    return OK;
  }

  // ------------------------------------------------------------------ order

  #orderTable(b: Uint8Array, action: number, ds: number, end: number): number {
    const staged = this.#staged;
    staged.begin();
    if (action === PARTIAL) staged.clear(this.#filterSymbol(b, end));
    for (let q = this.firstRow(ds); q >= 0; q = this.nextRow(q)) this.rowEnd(this.#orderRow(b, action, q, end));
    staged.commit();
    return Outcome.DECODED;
  }

  /** The `partial`'s filter symbol: its index, -1 without one (all symbols), -2 a symbol not configured. */
  #filterSymbol(b: Uint8Array, end: number): number {
    const fs = this.#top.start[T_FILTER]!;
    if (fs < 0) return -1;
    const ty = typeAt(b, fs);
    if (ty !== JsonType.OBJECT) return -1; // arrays have no `symbol`
    const f = this.#filter;
    f.read(b, fs, end);
    if (!this.isStringAt(b, f, 0)) return -1;
    const inst = this.sym.names.match(b, f.start[0]! + 1, f.end[0]! - 1);
    return inst >= 0 ? inst : -2;
  }

  #orderRow(b: Uint8Array, action: number, q: number, end: number): number {
    const K = this.#k.order;
    if (b[q] !== 0x7b) return this.fail(K, 'order row is not an object');
    const t = this.#row;
    const staged = this.#staged;
    t.read(b, q, end);
    if (!this.isStringAt(b, t, R_ID) || t.end[R_ID]! - t.start[R_ID]! === 2) return this.fail(K, 'orderID is empty or not a string');
    keyOfString(b, t.start[R_ID]!, t.end[R_ID]!);
    ORDER_ID[0] = KEY[0]!; // the row's order, for every state call below (KEY is reused for other ids)
    if (action === DELETE) {
      staged.delete();
      return OK;
    }
    let pendingState = false;
    if (action === UPDATE) {
      if (!staged.get()) {
        this.skip(this.#k.unknownOrder);
        return OK;
      }
      const cl = this.#optionalString(b, t, R_CL);
      if (cl < 0) return this.fail(K, 'clOrdID is not a string');
      if (cl === 1) {
        keyOfString(b, t.start[R_CL]!, t.end[R_CL]!);
        ORDER[O_KEY] = KEY[0]!;
      }
      if (!t.has(R_STATUS) && !t.has(R_CUM) && !t.has(R_LEAVES) && !t.has(R_QTY)) {
        staged.set();
        this.skip(this.#k.noChange);
        return OK;
      }
      const inst = ORDER[O_INST]! | 0;
      let status = ORDER[O_STATUS]! | 0;
      if (t.has(R_STATUS)) {
        const st = this.indexAt(b, t, R_STATUS, STATUSES);
        if (st < 0) return this.fail(K, 'ordStatus is not a known status');
        status = STATUS_CODES[st]!;
        pendingState = st >= FIRST_PENDING;
      }
      const prevCum = ORDER[O_CUM]!;
      const prevLeaves = ORDER[O_LEAVES]!;
      if (t.has(R_QTY)) {
        if (this.#contracts(b, t.start[R_QTY]!, t.end[R_QTY]!, inst, false) !== OK) return this.fail(K, 'orderQty is not a whole number of lots');
        ORDER[O_QTY] = NUM[LOTS]!;
      }
      if (t.has(R_CUM)) {
        if (this.#contracts(b, t.start[R_CUM]!, t.end[R_CUM]!, inst, false) !== OK) return this.fail(K, 'cumQty is not a whole number of lots');
        ORDER[O_CUM] = NUM[LOTS]!;
      }
      const cum = ORDER[O_CUM]!;
      if (pendingState && status === OrderStatusCode.NEW && cum > 0) status = OrderStatusCode.PARTIALLY_FILLED;
      ORDER[O_STATUS] = status;
      if (t.has(R_LEAVES)) {
        if (this.#contracts(b, t.start[R_LEAVES]!, t.end[R_LEAVES]!, inst, false) !== OK) return this.fail(K, 'leavesQty is not a whole number of lots');
        ORDER[O_LEAVES] = NUM[LOTS]!;
      } else if (isTerminalStatusCode(status)) ORDER[O_LEAVES] = 0;
      else if (!Number.isNaN(ORDER[O_QTY]!)) ORDER[O_LEAVES] = ORDER[O_QTY]! - cum;
      else ORDER[O_LEAVES] = prevLeaves - (cum - prevCum);
      const side = this.sideAt(b, t, R_SIDE, SIDES);
      if (side !== 0) ORDER[O_SIDE] = side;
      if (t.has(R_EXEC)) ORDER[O_REDUCE] = this.#reduceOnly(b, t);
    } else {
      if (!this.isStringAt(b, t, R_SYMBOL)) return this.fail(K, 'symbol is not a string');
      const inst = this.sym.names.match(b, t.start[R_SYMBOL]! + 1, t.end[R_SYMBOL]! - 1);
      if (inst < 0) {
        this.skip(this.#k.unknownSymbol);
        return OK;
      }
      const cl = this.#optionalString(b, t, R_CL);
      if (cl < 0) return this.fail(K, 'clOrdID is not a string');
      const text = this.#optionalString(b, t, R_TEXT);
      if (text < 0) return this.fail(K, 'text is not a string');
      if (cl === 0 && text === 1 && this.#systemText(b, t.start[R_TEXT]!, t.end[R_TEXT]!)) {
        this.skip(this.#k.liquidation);
        return OK;
      }
      if (!this.isStringAt(b, t, R_STATUS)) return this.fail(K, 'ordStatus is not a string');
      const st = STATUSES.match(b, t.start[R_STATUS]! + 1, t.end[R_STATUS]! - 1);
      if (st < 0) return this.fail(K, 'ordStatus is not a known status');
      let status = STATUS_CODES[st]!;
      let orderQty = NaN;
      if (t.has(R_QTY)) {
        if (this.#contracts(b, t.start[R_QTY]!, t.end[R_QTY]!, inst, false) !== OK) return this.fail(K, 'orderQty is not a whole number of lots');
        orderQty = NUM[LOTS]!;
      }
      let cum = 0;
      if (t.has(R_CUM)) {
        if (this.#contracts(b, t.start[R_CUM]!, t.end[R_CUM]!, inst, false) !== OK) return this.fail(K, 'cumQty is not a whole number of lots');
        cum = NUM[LOTS]!;
      }
      if (st >= FIRST_PENDING && cum > 0) status = OrderStatusCode.PARTIALLY_FILLED;
      let leaves: number;
      if (t.has(R_LEAVES)) {
        if (this.#contracts(b, t.start[R_LEAVES]!, t.end[R_LEAVES]!, inst, false) !== OK) return this.fail(K, 'leavesQty is not a whole number of lots');
        leaves = NUM[LOTS]!;
      } else if (isTerminalStatusCode(status)) leaves = 0;
      else if (!Number.isNaN(orderQty)) leaves = orderQty - cum;
      else return this.fail(K, 'live order row without leavesQty or orderQty');
      const k = cl === 1 ? R_CL : R_ID;
      keyOfString(b, t.start[k]!, t.end[k]!);
      ORDER[O_KEY] = KEY[0]!;
      ORDER[O_INST] = inst;
      ORDER[O_STATUS] = status;
      ORDER[O_CUM] = cum;
      ORDER[O_LEAVES] = leaves;
      ORDER[O_QTY] = orderQty;
      ORDER[O_SIDE] = this.sideAt(b, t, R_SIDE, SIDES);
      ORDER[O_REDUCE] = this.#reduceOnly(b, t);
    }
    if (ORDER[O_LEAVES]! < 0) return this.fail(K, 'negative leaves quantity');
    if (!Number.isNaN(ORDER[O_QTY]!) && ORDER[O_CUM]! > ORDER[O_QTY]!) return this.fail(K, 'cumQty exceeds orderQty');
    const status = ORDER[O_STATUS]! | 0;
    const terminal = isTerminalStatusCode(status);
    W[0] = ORDER[O_KEY]!;
    W[1] = ORDER[O_CUM]!;
    W[2] = terminal ? 0 : ORDER[O_LEAVES]!;
    writeOrderUpdate(this.slots, ORDER[O_INST]! | 0, status, ORDER[O_SIDE]!, ORDER[O_REDUCE]!);
    if (terminal) staged.delete();
    else staged.set();
    return OK;
  }

  // ------------------------------------------------------------------ position

  #positions(b: Uint8Array, action: number, ds: number, end: number): number {
    for (let q = this.firstRow(ds); q >= 0; q = this.nextRow(q)) this.rowEnd(this.#positionRow(b, action, q, end));
    return Outcome.DECODED;
  }

  #positionRow(b: Uint8Array, action: number, q: number, end: number): number {
    const K = this.#k.position;
    const t = this.#position;
    if (b[q] !== 0x7b) return this.fail(K, 'position row is not an object');
    t.read(b, q, end);
    if (!this.isStringAt(b, t, P_SYMBOL)) return this.fail(K, 'symbol is not a string');
    const inst = this.sym.names.match(b, t.start[P_SYMBOL]! + 1, t.end[P_SYMBOL]! - 1);
    if (inst < 0) {
      this.skip(this.#k.unknownSymbol);
    } else if (action === DELETE) {
      this.skip(this.#k.positionDelete);
    } else if (!t.has(P_QTY)) {
      if (action !== UPDATE) this.skip(this.#k.noCurrentQty);
    } else {
      if (this.#contracts(b, t.start[P_QTY]!, t.end[P_QTY]!, inst, true) !== OK) return this.fail(K, 'currentQty is not a whole number of lots');
      W[0] = NUM[LOTS]!;
      W[1] = NaN;
      if (!t.has(P_TIME)) W[2] = NaN;
      else {
        if (this.#isoMs(b, t.start[P_TIME]!, t.end[P_TIME]!) !== OK) return this.fail(K, 'timestamp is not an ISO 8601 UTC time');
        W[2] = NUM[VALUE]!;
      }
      writeSnapshot(this.slots, inst);
    }
    return OK;
  }

  /**
   * A BitMEX timestamp at [s, e) ("2023-11-14T22:13:20.200Z") into NUM[VALUE] as ms since the
   * epoch (bitmex-fields.ts, `isoMs`): computed from the digits for ordinary dates since 1970,
   * by `Date.parse` of the text for anything else (rolled-over days, 24:00, earlier years).
   */
  #isoMs(b: Uint8Array, s: number, e: number): number {
    if (typeAt(b, s) !== JsonType.STRING) return BAD;
    const cs = s + 1;
    const len = e - 1 - cs;
    if (hasEscape(b, s, e) || (len !== 20 && (len < 22 || len > 24))) return this.#isoMsSlow(b, s, e);
    for (let k = 0; k < ISO_DIGITS.length; k++) if (!isDigit(b[cs + ISO_DIGITS[k]!]!)) return this.#isoMsSlow(b, s, e);
    if (b[cs + 4] !== 0x2d || b[cs + 7] !== 0x2d || b[cs + 10] !== 0x54 || b[cs + 13] !== 0x3a || b[cs + 16] !== 0x3a || b[cs + len - 1] !== 0x5a) return this.#isoMsSlow(b, s, e);
    let ms = 0;
    if (len > 20) {
      if (b[cs + 19] !== 0x2e) return this.#isoMsSlow(b, s, e);
      let scale = 100;
      for (let i = cs + 20; i < cs + len - 1; i++) {
        if (!isDigit(b[i]!)) return this.#isoMsSlow(b, s, e);
        ms += (b[i]! - 0x30) * scale;
        scale /= 10;
      }
    }
    const year = two(b, cs) * 100 + two(b, cs + 2);
    const month = two(b, cs + 5);
    const day = two(b, cs + 8);
    const hour = two(b, cs + 11);
    const minute = two(b, cs + 14);
    const second = two(b, cs + 17);
    if (year < 1970 || month < 1 || month > 12 || day < 1 || day > DAYS[month - 1]! || hour > 23 || minute > 59 || second > 59) return this.#isoMsSlow(b, s, e);
    NUM[VALUE] = ((((daysSinceEpoch(year, month, day) * 24 + hour) * 60 + minute) * 60 + second) * 1000) + ms;
    return OK;
  }

  /** Cold: the reference reading of the timestamp's text. */
  #isoMsSlow(b: Uint8Array, s: number, e: number): number {
    const v = hasEscape(b, s, e) ? decodeString(b, s, e) : textOf(b, s + 1, e - 1);
    const ms = ISO_UTC.test(v) ? Date.parse(v) : NaN;
    if (!Number.isSafeInteger(ms) || ms < 0) return BAD;
    NUM[VALUE] = ms;
    return OK;
  }
}

