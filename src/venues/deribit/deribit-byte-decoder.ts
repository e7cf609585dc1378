/**
 * The Deribit JSON-RPC notification decoder that reads the frame's bytes (scan/byte-decoder.ts):
 * the same frames, checks, order of checks, events and counting as `DeribitDecoder` (the
 * reference, deribit-decoder.ts and its element files, where the venue's rules are documented),
 * written into ring slots. Execution ids `<instrument_name>:<trade_id>` are hashed from the bytes
 * part by part; a `user.changes` snapshot's watermark (the highest `trade_seq` of its
 * instrument's trades in the notification) is kept per symbol index, not in a map.
 */
import { OrderStatusCode } from '../../risk/codes.js';
import { stringKey } from '../../units/string-keys.js';
import type { VenueSymbolConfig } from '../venue-decoder.js';
import { ByteDecoderBase, isTerminalStatusCode, OK, Outcome } from '../scan/byte-decoder.js';
import { ByteNames } from '../scan/byte-names.js';
import { ByteSymbols } from '../scan/byte-symbols.js';
import { KEY, isPlainAscii, keyBegin, keyBytes, keyChar, keyEnd, keyOfString } from '../scan/byte-keys.js';
import { LOTS, NUM, VALUE } from '../scan/byte-numbers.js';
import { FieldTable, JsonType, decodeString, hasEscape, typeAt } from '../scan/json-cursor.js';
import { isJsonText, skipWs } from '../scan/json-validate.js';
import { W, writeFill, writeHeartbeat, writeOrderUpdate, writeSnapshot } from '../scan/slot-writer.js';

const TOP = new ByteNames(['method', 'params', 'id']);
const [T_METHOD, T_PARAMS, T_ID] = [0, 1, 2] as const;
const PARAMS = new ByteNames(['channel', 'data', 'type']);
const [P_CHANNEL, P_DATA, P_TYPE] = [0, 1, 2] as const;
const CHANGES = new ByteNames(['trades', 'orders', 'positions']);
const [C_TRADES, C_ORDERS, C_POSITIONS] = [0, 1, 2] as const;
const TRADE = new ByteNames(['instrument_name', 'direction', 'amount', 'price', 'trade_id', 'trade_seq', 'liquidation', 'liquidity', 'order_type', 'label', 'order_id']);
const [X_INST, X_DIR, X_AMOUNT, X_PRICE, X_ID, X_SEQ, X_LIQUIDATION, X_LIQUIDITY, X_TYPE, X_LABEL, X_ORDER] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10] as const;
const ORDER = new ByteNames(['instrument_name', 'is_liquidation', 'order_state', 'order_id', 'label', 'filled_amount', 'amount', 'direction', 'reduce_only']);
const [O_INST, O_LIQ, O_STATE, O_ID, O_LABEL, O_FILLED, O_AMOUNT, O_DIR, O_REDUCE] = [0, 1, 2, 3, 4, 5, 6, 7, 8] as const;
const POSITION = new ByteNames(['instrument_name', 'size', 'direction']);
const [S_INST, S_SIZE, S_DIR] = [0, 1, 2] as const;

const METHODS = new ByteNames(['heartbeat', 'subscription']);
const HEARTBEAT_TYPES = new ByteNames(['heartbeat', 'test_request']);
/** Channel prefixes decoded: `user.changes.`, `user.trades.`, `user.orders.`. */
const PREFIXES = ['user.changes.', 'user.trades.', 'user.orders.'].map((p) => new TextEncoder().encode(p));
const KNOWN_OTHER_CHANNELS = ['user.portfolio', 'user.combo_trades', 'user.mmp_trigger', 'user.access_log', 'user.lock', 'user.isolated', 'book', 'ticker', 'trades', 'deribit_price_index', 'platform_state'];
const OTHER_CHANNELS = new ByteNames(KNOWN_OTHER_CHANNELS);
const USER = new TextEncoder().encode('user');
const SIDES = new ByteNames(['buy', 'sell']);
/** deribit-order-state.ts, in its order. */
const STATES = new ByteNames(['open', 'untriggered', 'triggered', 'filled', 'cancelled', 'rejected']);
const STATE_CODES = new Int32Array([OrderStatusCode.NEW, OrderStatusCode.NEW, OrderStatusCode.NEW, OrderStatusCode.FILLED, OrderStatusCode.CANCELED, OrderStatusCode.REJECTED]);
/** `liquidation` flags: "", M, T, MT (bit 1: M, bit 2: T). */
const LIQUIDATION_FLAGS = new ByteNames(['', 'M', 'T', 'MT']);
const LIQUIDATION_BITS = new Int32Array([0, 1, 2, 3]);
/** `liquidity`: "", M, T. */
const LIQUIDITY = new ByteNames(['', 'M', 'T']);
const LIQUIDATION_TYPE = new ByteNames(['liquidation']);
const DIRECTIONS = new ByteNames(['buy', 'sell', 'zero']);

export class DeribitByteDecoder extends ByteDecoderBase {
  readonly venue = 'deribit';
  readonly #top = new FieldTable(TOP);
  readonly #params = new FieldTable(PARAMS);
  readonly #changes = new FieldTable(CHANGES);
  readonly #trade = new FieldTable(TRADE);
  readonly #order = new FieldTable(ORDER);
  readonly #position = new FieldTable(POSITION);
  readonly #k = {
    json: this.kinds.id('json'), envelope: this.kinds.id('envelope'), heartbeat: this.kinds.id('heartbeat'), changes: this.kinds.id('changes'),
    trades: this.kinds.id('trades'), orders: this.kinds.id('orders'), positions: this.kinds.id('positions'), unknownSymbol: this.kinds.id('unknownSymbol'),
    liquidation: this.kinds.id('orders:liquidation'), response: this.kinds.id('response'), unknown: this.kinds.id('unknown'), channelOther: this.kinds.id('channel:other'),
  };
  readonly #channelKinds = new Int32Array(KNOWN_OTHER_CHANNELS.map((n) => this.kinds.id(`channel:${n}`)));
  /** Per symbol index: the highest trade_seq of the notification's trades (NaN: none). */
  readonly #watermark: Float64Array;

  constructor(symbols: readonly VenueSymbolConfig[]) {
    super(new ByteSymbols(symbols), false);
    this.#watermark = new Float64Array(this.sym.entries.length);
  }

  protected frame(b: Uint8Array, start: number, end: number): number {
    if (!isJsonText(b, start, end)) return this.fail(this.#k.json, 'not JSON');
    const p = skipWs(b, start, end);
    if (b[p] !== 0x7b) return this.fail(this.#k.envelope, 'frame must be an object');
    const top = this.#top;
    top.read(b, p, end);
    const method = this.indexAt(b, top, T_METHOD, METHODS);
    if (method === 0) {
      const ps = top.start[T_PARAMS]!;
      if (ps < 0 || typeAt(b, ps) !== JsonType.OBJECT) return this.fail(this.#k.heartbeat, 'params must be an object');
      const params = this.#params;
      params.read(b, ps, end);
      if (!this.isStringAt(b, params, P_TYPE)) return this.fail(this.#k.heartbeat, 'type must be a string');
      if (this.indexAt(b, params, P_TYPE, HEARTBEAT_TYPES) < 0) return this.fail(this.#k.heartbeat, 'type must be heartbeat or test_request');
      writeHeartbeat(this.slots, -1);
      return Outcome.DECODED;
    }
    if (method === 1) {
      this.control = false;
      const ps = top.start[T_PARAMS]!;
      if (ps < 0 || typeAt(b, ps) !== JsonType.OBJECT) return this.fail(this.#k.envelope, 'params must be an object');
      return this.#notification(b, ps, end);
    }
    if (!top.has(T_METHOD) && top.has(T_ID)) return this.ignore(this.#k.response);
    return this.ignore(this.#k.unknown);
  }

  #notification(b: Uint8Array, ps: number, end: number): number {
    const params = this.#params;
    params.read(b, ps, end);
    if (!this.isStringAt(b, params, P_CHANNEL)) return this.fail(this.#k.envelope, 'channel must be a string');
    const cs = params.start[P_CHANNEL]!;
    const ce = params.end[P_CHANNEL]!;
    const ch = this.#channelPrefix(b, cs, ce);
    const ds = params.start[P_DATA]!;
    const dt = ds < 0 ? 0 : typeAt(b, ds);
    if (ch === 0) {
      if (dt !== JsonType.OBJECT) return this.fail(this.#k.changes, 'data must be an object');
      return this.#changeSet(b, ds, end);
    }
    if (ch === 1) {
      if (dt !== JsonType.ARRAY) return this.fail(this.#k.trades, 'data must be an array');
      for (let q = this.firstRow(ds); q >= 0; q = this.nextRow(q)) this.rowEnd(this.#tradeRow(b, q, end));
      return Outcome.DECODED;
    }
    if (ch === 2) {
      if (dt === JsonType.OBJECT) {
        if (this.#orderRow(b, ds, end) !== OK) this.rowFailed(0, 0);
        return Outcome.DECODED;
      }
      if (dt !== JsonType.ARRAY) return this.fail(this.#k.orders, 'data must be an array');
      for (let q = this.firstRow(ds); q >= 0; q = this.nextRow(q)) this.rowEnd(this.#orderRow(b, q, end));
      return Outcome.DECODED;
    }
    return this.ignore(this.#otherChannel(b, cs, ce));
  }

  /** Which decoded prefix the channel [s, e) starts with (PREFIXES index), -1 for none. */
  #channelPrefix(b: Uint8Array, s: number, e: number): number {
    if (hasEscape(b, s, e)) {
      const c = decodeString(b, s, e);
      return c.startsWith('user.changes.') ? 0 : c.startsWith('user.trades.') ? 1 : c.startsWith('user.orders.') ? 2 : -1;
    }
    const cs = s + 1;
    const len = e - 1 - cs;
    for (let i = 0; i < PREFIXES.length; i++) {
      const p = PREFIXES[i]!;
      if (p.length > len) continue;
      let k = 0;
      while (k < p.length && b[cs + k] === p[k]) k++;
      if (k === p.length) return i;
    }
    return -1;
  }

  /** The ignore kind of another channel: its first part, or its first two for `user.*` (deribit-decoder.ts). */
  #otherChannel(b: Uint8Array, s: number, e: number): number {
    let i: number;
    if (hasEscape(b, s, e)) {
      const parts = decodeString(b, s, e).split('.', 2);
      i = OTHER_CHANNELS.indexOf(parts[0] === 'user' ? parts.join('.') : parts[0]!);
    } else {
      const cs = s + 1;
      const ce = e - 1;
      let dot = cs;
      while (dot < ce && b[dot] !== 0x2e) dot++;
      let nameEnd = dot;
      if (dot - cs === USER.length && b[cs] === USER[0] && b[cs + 1] === USER[1] && b[cs + 2] === USER[2] && b[cs + 3] === USER[3] && dot < ce) {
        nameEnd = dot + 1;
        while (nameEnd < ce && b[nameEnd] !== 0x2e) nameEnd++;
      }
      i = OTHER_CHANNELS.matchRaw(b, cs, nameEnd);
    }
    return i >= 0 ? this.#channelKinds[i]! : this.#k.channelOther;
  }

  #changeSet(b: Uint8Array, ds: number, end: number): number {
    const K = this.#k.changes;
    const c = this.#changes;
    c.read(b, ds, end);
    const wm = this.#watermark;
    wm.fill(NaN);
    const ts = c.start[C_TRADES]!;
    if (ts >= 0) {
      if (typeAt(b, ts) !== JsonType.ARRAY) return this.fail(K, 'trades must be an array');
      for (let q = this.firstRow(ts); q >= 0; q = this.nextRow(q)) this.rowEnd(this.#tradeRow(b, q, end));
    }
    const os = c.start[C_ORDERS]!;
    if (os >= 0) {
      if (typeAt(b, os) !== JsonType.ARRAY) return this.fail(K, 'orders must be an array');
      for (let q = this.firstRow(os); q >= 0; q = this.nextRow(q)) this.rowEnd(this.#orderRow(b, q, end));
    }
    const ps = c.start[C_POSITIONS]!;
    if (ps >= 0) {
      if (typeAt(b, ps) !== JsonType.ARRAY) return this.fail(K, 'positions must be an array');
      for (let q = this.firstRow(ps); q >= 0; q = this.nextRow(q)) this.rowEnd(this.#positionRow(b, q, end));
    }
    return Outcome.DECODED;
  }

  #tradeRow(b: Uint8Array, q: number, end: number): number {
    const K = this.#k.trades;
    if (b[q] !== 0x7b) return this.fail(K, 'trade must be an object');
    const t = this.#trade;
    t.read(b, q, end);
    if (!this.isStringAt(b, t, X_INST)) return this.fail(K, 'instrument_name must be a string');
    const inst = this.sym.names.match(b, t.start[X_INST]! + 1, t.end[X_INST]! - 1);
    if (inst < 0) {
      this.skip(this.#k.unknownSymbol);
      return OK;
    }
    const side = this.indexAt(b, t, X_DIR, SIDES);
    if (side < 0) return this.fail(K, 'direction must be buy or sell');
    if (this.lotsAt(b, t.start[X_AMOUNT]!, t.end[X_AMOUNT]!, inst, true) !== OK || NUM[LOTS]! <= 0) return this.fail(K, 'amount must be a positive whole number of lots');
    const qty = NUM[LOTS]!;
    if (this.priceAt(b, t.start[X_PRICE]!, t.end[X_PRICE]!, true) !== OK) return this.fail(K, 'price must be a finite number');
    const price = NUM[VALUE]!;
    if (!this.isStringAt(b, t, X_ID) || t.end[X_ID]! - t.start[X_ID]! === 2) return this.fail(K, 'trade_id must be a non-empty string');
    if (this.seqAt(b, t.start[X_SEQ]!, t.end[X_SEQ]!) !== OK) return this.fail(K, 'trade_seq must be a non-negative integer below 2^53');
    const seq = NUM[VALUE]!;
    if (this.optStrAt(b, t, X_LIQUIDATION) < 0) return this.fail(K, 'liquidation must be a string');
    if (this.optStrAt(b, t, X_LIQUIDITY) < 0) return this.fail(K, 'liquidity must be a string');
    const flags = this.#optIndex(b, t, X_LIQUIDATION, LIQUIDATION_FLAGS);
    if (flags < 0) return this.fail(K, 'liquidation must be M, T or MT');
    const liquidity = this.#optIndex(b, t, X_LIQUIDITY, LIQUIDITY);
    if (liquidity < 0) return this.fail(K, 'liquidity must be M or T');
    let liquidated: boolean;
    if (this.optStrAt(b, t, X_TYPE) < 0) return this.fail(K, 'order_type must be a string');
    if (this.indexAt(b, t, X_TYPE, LIQUIDATION_TYPE) === 0) liquidated = true;
    else liquidated = liquidity !== 0 && (LIQUIDATION_BITS[flags]! & liquidity) !== 0;
    const label = this.optStrAt(b, t, X_LABEL);
    if (label < 0) return this.fail(K, 'label must be a string');
    if (liquidated) W[0] = -1;
    else if (label === 1) {
      keyOfString(b, t.start[X_LABEL]!, t.end[X_LABEL]!);
      W[0] = KEY[0]!;
    } else {
      const order = this.optStrAt(b, t, X_ORDER);
      if (order < 0) return this.fail(K, 'order_id must be a string');
      if (order === 0) W[0] = -1;
      else {
        keyOfString(b, t.start[X_ORDER]!, t.end[X_ORDER]!);
        W[0] = KEY[0]!;
      }
    }
    this.#execKey(b, t);
    W[1] = KEY[0]!;
    W[2] = qty;
    W[3] = price;
    W[4] = seq;
    writeFill(this.slots, inst, side === 0 ? 1 : -1);
    const wm = this.#watermark[inst]!;
    this.#watermark[inst] = Number.isNaN(wm) ? seq : Math.max(seq, wm);
    return OK;
  }

  /** An optional string member (absent or null: "") as an index of `names`: -1 when not one of them. */
  #optIndex(b: Uint8Array, t: FieldTable, k: number, names: ByteNames): number {
    const s = t.start[k]!;
    if (s < 0 || typeAt(b, s) === JsonType.NULL) return 0;
    return names.match(b, s + 1, t.end[k]! - 1);
  }

  /** KEY[0] = stringKey(`${instrument_name}:${trade_id}`). */
  #execKey(b: Uint8Array, t: FieldTable): void {
    const is = t.start[X_INST]!;
    const ie = t.end[X_INST]!;
    const xs = t.start[X_ID]!;
    const xe = t.end[X_ID]!;
    if (!isPlainAscii(b, is, ie) || !isPlainAscii(b, xs, xe)) {
      KEY[0] = stringKey(`${decodeString(b, is, ie)}:${decodeString(b, xs, xe)}`);
      return;
    }
    keyBegin();
    keyBytes(b, is + 1, ie - 1);
    keyChar(0x3a);
    keyBytes(b, xs + 1, xe - 1);
    keyEnd();
  }

  #orderRow(b: Uint8Array, q: number, end: number): number {
    const K = this.#k.orders;
    if (b[q] !== 0x7b) return this.fail(K, 'order must be an object');
    const t = this.#order;
    t.read(b, q, end);
    if (!this.isStringAt(b, t, O_INST)) return this.fail(K, 'instrument_name must be a string');
    const inst = this.sym.names.match(b, t.start[O_INST]! + 1, t.end[O_INST]! - 1);
    if (inst < 0) {
      this.skip(this.#k.unknownSymbol);
      return OK;
    }
    const ty = t.type(b, O_LIQ);
    if (ty !== 0 && ty !== JsonType.TRUE && ty !== JsonType.FALSE) return this.fail(K, 'is_liquidation must be a boolean');
    if (ty === JsonType.TRUE) {
      this.skip(this.#k.liquidation);
      return OK;
    }
    const st = this.indexAt(b, t, O_STATE, STATES);
    if (st < 0) return this.fail(K, 'order_state is not a known state');
    let status = STATE_CODES[st]!;
    if (!this.isStringAt(b, t, O_ID) || t.end[O_ID]! - t.start[O_ID]! === 2) return this.fail(K, 'order_id must be a non-empty string');
    const label = this.optStrAt(b, t, O_LABEL);
    if (label < 0) return this.fail(K, 'label must be a string');
    if (this.lotsAt(b, t.start[O_FILLED]!, t.end[O_FILLED]!, inst, true) !== OK || NUM[LOTS]! < 0) return this.fail(K, 'filled_amount must be a non-negative whole number of lots');
    const cumQty = NUM[LOTS]! === 0 ? 0 : NUM[LOTS]!;
    let leavesQty = 0;
    if (!isTerminalStatusCode(status)) {
      if (this.lotsAt(b, t.start[O_AMOUNT]!, t.end[O_AMOUNT]!, inst, true) !== OK || NUM[LOTS]! < 0) return this.fail(K, 'amount must be a non-negative whole number of lots');
      leavesQty = NUM[LOTS]! - cumQty;
      if (leavesQty < 0) return this.fail(K, 'filled_amount exceeds amount');
      if (status === OrderStatusCode.NEW && cumQty > 0) status = OrderStatusCode.PARTIALLY_FILLED;
    }
    const k = label === 1 ? O_LABEL : O_ID;
    keyOfString(b, t.start[k]!, t.end[k]!);
    W[0] = KEY[0]!;
    W[1] = cumQty;
    W[2] = leavesQty === 0 ? 0 : leavesQty;
    writeOrderUpdate(this.slots, inst, status, this.sideAt(b, t, O_DIR, SIDES), this.trueAt(b, t, O_REDUCE));
    return OK;
  }

  #positionRow(b: Uint8Array, q: number, end: number): number {
    const K = this.#k.positions;
    if (b[q] !== 0x7b) return this.fail(K, 'position must be an object');
    const t = this.#position;
    t.read(b, q, end);
    if (!this.isStringAt(b, t, S_INST)) return this.fail(K, 'instrument_name must be a string');
    const inst = this.sym.names.match(b, t.start[S_INST]! + 1, t.end[S_INST]! - 1);
    if (inst < 0) {
      this.skip(this.#k.unknownSymbol);
      return OK;
    }
    if (this.lotsAt(b, t.start[S_SIZE]!, t.end[S_SIZE]!, inst, true) !== OK) return this.fail(K, 'size must be a whole number of lots');
    const position = NUM[LOTS]! === 0 ? 0 : NUM[LOTS]!;
    if (!this.isStringAt(b, t, S_DIR)) return this.fail(K, 'direction must be a string');
    const dir = this.indexAt(b, t, S_DIR, DIRECTIONS);
    const agrees = dir === 0 ? position > 0 : dir === 1 ? position < 0 : dir === 2 ? position === 0 : false;
    if (!agrees) return this.fail(K, 'direction does not agree with size');
    W[0] = position;
    W[1] = this.#watermark[inst]!;
    W[2] = NaN;
    writeSnapshot(this.slots, inst);
    return OK;
  }
}
