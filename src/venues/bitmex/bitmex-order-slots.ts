/**
 * `BitmexOrderState` (bitmex-order-state.ts) for the byte decoder, in typed arrays: the live
 * orders that complete BitMEX's partial `order` update rows, keyed by the `stringKey` of their
 * `orderID`, with the same rules: at most `capacity` orders, `set` refreshes an order to most
 * recent and then evicts the least recently updated one when over capacity (counted in
 * `evicted`), `delete` forgets, `clear` drops every order of a symbol (or all).
 *
 * An order is identified by the 53-bit key of its `orderID` (a UUID) rather than the string:
 * two live orders whose ids hash alike (about n^2 / 2^53 for n live orders) would be confused.
 *
 * `StagedOrders` is the per-frame view the decoder reads and writes while it checks a frame: the
 * changes are logged and applied in order by `commit` only when the whole frame decoded, so a
 * malformed frame leaves the state untouched (bitmex-order-table.ts, `Staged`).
 *
 * @hot get/set/delete allocate nothing (storage is sized at construction; the per-frame log
 * grows by doubling, once per new high-water mark of rows in one frame). `clear` is cold.
 */

/**
 * The order id (the key of an `orderID`) every call below works on: a 53-bit key passed as a
 * double argument to a call V8 does not inline would be boxed, so it goes through this cell.
 */
export const ORDER_ID = new Float64Array(1);

/** One order's fields, as read by `get` and written by `set` (scratch, reused). */
export const ORDER = new Float64Array(8);
export const O_KEY = 0; // the engine order id's key (clOrdID, else orderID)
export const O_INST = 1; // symbol index
export const O_STATUS = 2; // OrderStatusCode
export const O_CUM = 3; // lots
export const O_LEAVES = 4; // lots
export const O_QTY = 5; // orderQty in lots, NaN when never reported
export const O_SIDE = 6; // +1 Buy, -1 Sell, 0 not readable
export const O_REDUCE = 7; // 1: execInst names ReduceOnly or Close

const FIELDS = 8;

/** A hash of the key `keys[at]` (its low 32 bits are hash bits or a numeric id, mixed with the high ones), shifted right by `shift`. */
function mix(keys: Float64Array, at: number, shift: number): number {
  const id = keys[at]!;
  const lo = id % 4294967296 | 0;
  const hi = (id / 4294967296) | 0;
  return Math.imul(lo ^ Math.imul(hi, 0x9e3779b1), 0x85ebca6b) >>> shift;
}

function pow2AtLeast(n: number): number {
  let p = 16;
  while (p < n) p *= 2;
  return p;
}

export class BitmexOrderSlots {
  readonly capacity: number;
  /** Live orders dropped because the table was full. */
  evicted = 0;
  size = 0;
  readonly #ids: Float64Array;
  readonly #fields: Float64Array;
  readonly #buckets: Int32Array;
  readonly #chain: Int32Array;
  /** LRU: `#older[i]` / `#newer[i]`, -1 at the ends. */
  readonly #older: Int32Array;
  readonly #newer: Int32Array;
  #oldest = -1;
  #newest = -1;
  #free = -1;
  readonly #mask: number;

  constructor(capacity: number) {
    if (!Number.isSafeInteger(capacity) || capacity < 1) throw new Error(`order state capacity must be a positive integer, got ${capacity}`);
    this.capacity = capacity;
    const slots = capacity + 1; // one over capacity between an insert and its eviction
    this.#ids = new Float64Array(slots);
    this.#fields = new Float64Array(slots * FIELDS);
    const buckets = pow2AtLeast(slots * 2);
    this.#buckets = new Int32Array(buckets).fill(-1);
    this.#mask = buckets - 1;
    this.#chain = new Int32Array(slots);
    this.#older = new Int32Array(slots);
    this.#newer = new Int32Array(slots);
    for (let i = 0; i < slots; i++) this.#chain[i] = i + 1 < slots ? i + 1 : -1;
    this.#free = 0;
  }

  /** The bucket of the key `keys[at]`. */
  #bucket(keys: Float64Array, at: number): number {
    return mix(keys, at, 16) & this.#mask;
  }

  /** The slot of order ORDER_ID[0], -1 when unknown. */
  #find(): number {
    const id = ORDER_ID[0]!;
    for (let i = this.#buckets[this.#bucket(ORDER_ID, 0)]!; i >= 0; i = this.#chain[i]!) if (this.#ids[i] === id) return i;
    return -1;
  }

  /** @hot Copies order ORDER_ID[0] into ORDER; false when unknown. */
  get(): boolean {
    const i = this.#find();
    if (i < 0) return false;
    const f = i * FIELDS;
    for (let k = 0; k < FIELDS; k++) ORDER[k] = this.#fields[f + k]!;
    return true;
  }

  /** @hot Inserts or refreshes order ORDER_ID[0] from `src[at, at + 8)` as most recent; evicts the least recent when over capacity. */
  set(src: Float64Array, at: number): void {
    this.delete();
    const i = this.#free;
    this.#free = this.#chain[i]!;
    this.#ids[i] = ORDER_ID[0]!;
    const f = i * FIELDS;
    for (let k = 0; k < FIELDS; k++) this.#fields[f + k] = src[at + k]!;
    const h = this.#bucket(ORDER_ID, 0);
    this.#chain[i] = this.#buckets[h]!;
    this.#buckets[h] = i;
    this.#older[i] = this.#newest;
    this.#newer[i] = -1;
    if (this.#newest >= 0) this.#newer[this.#newest] = i;
    else this.#oldest = i;
    this.#newest = i;
    this.size++;
    if (this.size > this.capacity) {
      this.#remove(this.#oldest);
      this.evicted++;
    }
  }

  /** @hot Forgets order ORDER_ID[0]. */
  delete(): void {
    const i = this.#find();
    if (i >= 0) this.#remove(i);
  }

  #remove(i: number): void {
    const h = this.#bucket(this.#ids, i);
    let p = this.#buckets[h]!;
    if (p === i) this.#buckets[h] = this.#chain[i]!;
    else {
      while (this.#chain[p] !== i) p = this.#chain[p]!;
      this.#chain[p] = this.#chain[i]!;
    }
    const o = this.#older[i]!;
    const n = this.#newer[i]!;
    if (o >= 0) this.#newer[o] = n;
    else this.#oldest = n;
    if (n >= 0) this.#older[n] = o;
    else this.#newest = o;
    this.#chain[i] = this.#free;
    this.#free = i;
    this.size--;
  }

  /** Cold: drops every order of symbol index `inst`, or every order when `inst` is -1 (-2: a symbol not configured, none). */
  clear(inst: number): void {
    for (let i = this.#oldest; i >= 0;) {
      const next = this.#newer[i]!;
      if (inst === -1 || this.#fields[i * FIELDS + O_INST] === inst) this.#remove(i);
      i = next;
    }
  }
}

const SET = 1;
const DELETE = 2;

/** One frame's changes to a `BitmexOrderSlots`, read through and applied by `commit`. */
export class StagedOrders {
  readonly state: BitmexOrderSlots;
  #ops = new Int32Array(64);
  #ids = new Float64Array(64);
  #values = new Float64Array(64 * FIELDS);
  #count = 0;
  /** Overlay: open-addressed key → latest op index + 1 (0: empty); `#used` lists the taken cells. */
  #cellKey = new Float64Array(128);
  #cellOp = new Int32Array(128);
  #used = new Int32Array(64);
  /** -3: no clear staged; -1: all; -2: a symbol not configured; else a symbol index. */
  #cleared = -3;

  constructor(state: BitmexOrderSlots) {
    this.state = state;
  }

  /** @hot Starts a frame. */
  begin(): void {
    for (let k = 0; k < this.#count; k++) this.#cellOp[this.#used[k]!] = 0;
    this.#count = 0;
    this.#cleared = -3;
  }

  /** Stages a `partial`'s clear (the first change of a frame). */
  clear(inst: number): void {
    this.#cleared = inst;
  }

  /** The overlay cell of the key `keys[at]` (its own, or the empty one where it would go). */
  #cell(keys: Float64Array, at: number): number {
    const mask = this.#cellKey.length - 1;
    const id = keys[at]!;
    let c = mix(keys, at, 8) & mask;
    while (this.#cellOp[c] !== 0 && this.#cellKey[c] !== id) c = (c + 1) & mask;
    return c;
  }

  /** @hot Order ORDER_ID[0] as the frame sees it into ORDER; false when unknown. */
  get(): boolean {
    const c = this.#cell(ORDER_ID, 0);
    const op = this.#cellOp[c]! - 1;
    if (op >= 0) {
      if (this.#ops[op] === DELETE) return false;
      const at = op * FIELDS;
      for (let k = 0; k < FIELDS; k++) ORDER[k] = this.#values[at + k]!;
      return true;
    }
    const cl = this.#cleared;
    if (cl === -1) return false;
    if (!this.state.get()) return false;
    return !(cl >= 0 && ORDER[O_INST] === cl);
  }

  /** @hot Stages `set(ORDER_ID[0], ORDER)`. */
  set(): void {
    const op = this.#push(SET);
    const at = op * FIELDS;
    for (let k = 0; k < FIELDS; k++) this.#values[at + k] = ORDER[k]!;
  }

  /** @hot Stages `delete(ORDER_ID[0])`. */
  delete(): void {
    this.#push(DELETE);
  }

  #push(type: number): number {
    if (this.#count === this.#ops.length) this.#grow();
    if ((this.#count + 1) * 2 > this.#cellKey.length) this.#growCells();
    const op = this.#count++;
    this.#ops[op] = type;
    this.#ids[op] = ORDER_ID[0]!;
    const c = this.#cell(this.#ids, op);
    this.#cellKey[c] = this.#ids[op]!;
    this.#used[op] = c; // a cell listed twice (two ops of one order) is harmless
    this.#cellOp[c] = op + 1;
    return op;
  }

  #grow(): void {
    const n = this.#ops.length * 2;
    const ops = new Int32Array(n);
    ops.set(this.#ops);
    this.#ops = ops;
    const ids = new Float64Array(n);
    ids.set(this.#ids);
    this.#ids = ids;
    const values = new Float64Array(n * FIELDS);
    values.set(this.#values);
    this.#values = values;
    const used = new Int32Array(n);
    used.set(this.#used);
    this.#used = used;
  }

  /** Doubles the overlay and re-inserts the staged keys (latest op of each). */
  #growCells(): void {
    const n = this.#cellKey.length * 2;
    this.#cellKey = new Float64Array(n);
    this.#cellOp = new Int32Array(n);
    for (let op = 0; op < this.#count; op++) {
      const c = this.#cell(this.#ids, op);
      this.#cellKey[c] = this.#ids[op]!;
      this.#cellOp[c] = op + 1;
      this.#used[op] = c;
    }
  }

  /** @hot Applies the frame's changes in order. */
  commit(): void {
    if (this.#cleared !== -3) this.state.clear(this.#cleared);
    for (let op = 0; op < this.#count; op++) {
      ORDER_ID[0] = this.#ids[op]!;
      if (this.#ops[op] === SET) this.state.set(this.#values, op * FIELDS);
      else this.state.delete();
    }
  }
}
