import { Counter } from './codes.js';
import { DenyReason as DenyReasonBinding } from './deny-reason.js';

// Hot-path constants as this module's own primitives (docs/conventions.md, "hot constants").
const DENY_LOSS_LIMIT = DenyReasonBinding.LOSS_LIMIT;
const DENY_DRAWDOWN_LIMIT = DenyReasonBinding.DRAWDOWN_LIMIT;
const LOSS_LIMIT_TRIPS = Counter.LOSS_LIMIT_TRIPS;
const DRAWDOWN_TRIPS = Counter.DRAWDOWN_TRIPS;
/** The drawdown window is kept in this many slices, plus the one filling now. */
const SLICES = 8;
const RING = SLICES + 1;

/** A scope's loss limits as the book keeps them (Infinity: off). */
export interface ScopeLimits {
  readonly maxLoss: number;
  readonly maxDrawdown: number;
  readonly windowMs: number;
  /** 1: a breach halts the scope; 0: only risk-reducing orders pass. */
  readonly halt: number;
}

/** Where the book reports a breach in halt mode (the engine queues a cancel-all of the instrument). */
export interface BreachSink {
  cancelAllOf(inst: number): void;
}

/**
 * Profit and loss per scope and the loss limits on it (docs/model.md "Loss limits").
 *
 * Scopes share one index space: `0 .. n-1` the engine's instruments, `n .. n+a-1` the accounts.
 * An instrument's PnL moves its own scope and its account's; a further scope kind (a strategy)
 * is another index range whose members' PnL moves it the same way (`members` of `move`).
 *
 * PnL per instrument, average cost, in quote units (price × lots × lotSize, the notional's
 * units), gross of fees (a FILL slot carries no fee): the inventory starts at the first accepted
 * snapshot's position, costed at the first price seen after it (a mark or a fill's price), and
 * moves with every fill after it (its price from the slot); buying into a long or selling into
 * a short averages the cost, the opposite side realizes `(price - avgCost) × closed lots ×
 * lotSize` (sign of the inventory) and a fill crossing zero opens the rest at its price.
 * Unrealized is `(mark - avgCost) × inventory × lotSize` at the last mark (the last fill's price
 * until one). A mark alone moves the PnL and can trip a limit.
 *
 * Breaches: PnL below the scope's floor (`-maxLoss`) trips LOSS_LIMIT; the PnL below the peak
 * it reached within the drawdown window by more than `maxDrawdown` trips DRAWDOWN_LIMIT. The
 * window is kept in `SLICES` slices of `windowMs / SLICES` plus the current one, so the peak is
 * of the last `windowMs` up to one slice more (conservative). A loss breach holds until a kill
 * switch resume of its scope (an instrument's resume, or the global one for every scope): the
 * resume accepts the loss as it stands (the floor moves down to the PnL then, and back to
 * `-maxLoss` at a resume above it), and a further loss trips again. A drawdown breach also ends by itself once the window has slid past the peak
 * (checked when the clock is read, while one is open); a resume restarts the window at the PnL.
 *
 * Owned by the risk thread; allocation-free after construction.
 */
export class LossBook {
  readonly scopes: number;
  /** Per scope: PnL (quote), realized + unrealized. */
  readonly pnl: Float64Array;
  /** Per scope: 0, LOSS_LIMIT or DRAWDOWN_LIMIT. */
  readonly breach: Uint8Array;
  /** Per scope: 1 when its breach halts. */
  readonly halt: Uint8Array;
  /** Per scope: the PnL below which LOSS_LIMIT trips (-maxLoss; from a resume on, the PnL then if lower). */
  readonly floor: Float64Array;
  /** Per scope: the drawdown now (window peak - PnL), as last evaluated. */
  readonly drawdown: Float64Array;
  readonly maxLoss: Float64Array;
  readonly maxDrawdown: Float64Array;
  /** Per instrument: inventory (lots), average cost, realized PnL (quote), the price of its unrealized part. */
  readonly inventory: Float64Array;
  readonly avgCost: Float64Array;
  readonly realized: Float64Array;
  readonly lastPrice: Float64Array;
  /** Per instrument: 1 once the first snapshot opened its inventory. */
  readonly opened: Uint8Array;
  /** Per instrument: 1 once a mark arrived (until then a fill's price is the last price). */
  private readonly marked: Uint8Array;
  /**
   * Per instrument: the order check's code, LOSS_LIMIT before DRAWDOWN_LIMIT, of its own scope
   * and its account's (0: none), and 1 when one of them halts.
   */
  readonly gateCode: Uint8Array;
  readonly gateHalt: Uint8Array;
  private readonly sliceMs: Float64Array;
  private readonly sliceAt: Float64Array;
  private readonly peaks: Float64Array;
  private drawdownsOpen = 0;

  constructor(
    private readonly instruments: number,
    private readonly account: Int32Array,
    private readonly lotSize: Float64Array,
    limits: readonly ScopeLimits[],
    private readonly timeCell: Float64Array,
    /** The engine's counters: trips are counted at `Counter.LOSS_LIMIT_TRIPS`, `DRAWDOWN_TRIPS`. */
    private readonly counters: Float64Array,
    private readonly sink: BreachSink,
  ) {
    const s = limits.length;
    this.scopes = s;
    this.pnl = new Float64Array(s);
    this.breach = new Uint8Array(s);
    this.halt = Uint8Array.from(limits, (l) => l.halt);
    this.maxLoss = Float64Array.from(limits, (l) => l.maxLoss);
    this.floor = Float64Array.from(limits, (l) => -l.maxLoss);
    this.maxDrawdown = Float64Array.from(limits, (l) => l.maxDrawdown);
    this.drawdown = new Float64Array(s);
    this.sliceMs = Float64Array.from(limits, (l) => Math.max(1, l.windowMs / SLICES));
    this.sliceAt = new Float64Array(s).fill(NaN);
    this.peaks = new Float64Array(s * RING).fill(-Infinity);
    this.inventory = new Float64Array(instruments);
    this.avgCost = new Float64Array(instruments).fill(NaN);
    this.realized = new Float64Array(instruments);
    this.lastPrice = new Float64Array(instruments).fill(NaN);
    this.opened = new Uint8Array(instruments);
    this.marked = new Uint8Array(instruments);
    this.gateCode = new Uint8Array(instruments);
    this.gateHalt = new Uint8Array(instruments);
  }

  /** @hot The instrument's first accepted snapshot: its inventory opens at `f64[at]` lots, costed at the next price seen. */
  open(inst: number, f64: Float64Array, at: number): void {
    if (this.opened[inst] === 1) return;
    this.opened[inst] = 1;
    this.inventory[inst] = f64[at]!;
    if (this.lastPrice[inst]! > 0) this.avgCost[inst] = this.lastPrice[inst]!;
    this.update(inst);
  }

  /** @hot A mark of `inst` at `f64[at]` (valid, > 0): its unrealized PnL moves. */
  mark(inst: number, f64: Float64Array, at: number): void {
    this.lastPrice[inst] = f64[at]!;
    this.marked[inst] = 1;
    if (this.opened[inst] === 0) return;
    if (!(this.avgCost[inst]! > 0)) this.avgCost[inst] = f64[at]!;
    this.update(inst);
  }

  /**
   * @hot A fill of `qty` lots on `side` (±1) at `f64[at]` (the FILL slot's price; a price that
   * is not > 0 and finite moves the inventory at the cost, realizing nothing).
   */
  fill(inst: number, side: number, qty: number, f64: Float64Array, at: number): void {
    if (this.opened[inst] === 0) return;
    let p = f64[at]!;
    const inv = this.inventory[inst]!;
    let cost = this.avgCost[inst]!;
    if (!(p > 0) || p === Infinity) p = cost > 0 ? cost : this.lastPrice[inst]!;
    if (!(p > 0)) return; // no price known at all: nothing to cost it at (the inventory waits for the snapshot path)
    if (!(cost > 0)) cost = p;
    if (this.marked[inst] === 0) this.lastPrice[inst] = p;
    const q = side * qty;
    if (inv === 0 || (inv > 0) === (q > 0)) {
      const a = inv < 0 ? -inv : inv;
      this.avgCost[inst] = (cost * a + p * qty) / (a + qty);
    } else {
      const held = inv < 0 ? -inv : inv;
      const closed = qty < held ? qty : held;
      this.realized[inst]! += (inv > 0 ? p - cost : cost - p) * closed * this.lotSize[inst]!;
      this.avgCost[inst] = qty > held ? p : cost;
    }
    this.inventory[inst] = inv + q;
    this.update(inst);
  }

  /**
   * @hot Re-evaluates every open drawdown breach at the engine time (the window slides); one
   * compare while none is open. Called by the engine when it reads the clock.
   */
  slide(): void {
    if (this.drawdownsOpen === 0) return;
    for (let s = 0; s < this.scopes; s++) if (this.breach[s] === DENY_DRAWDOWN_LIMIT) this.evaluate(s);
  }

  /**
 * Cold: a kill-switch resume of `scope`: its breach ends, its window restarts, and its floor is
 * `-maxLoss` again, or the PnL now when that is lower (the loss standing is accepted; any
 * further loss trips again).
 */
  resume(scope: number): void {
    const p = this.pnl[scope]!;
    const limit = -this.maxLoss[scope]!;
    this.floor[scope] = p < limit ? p : limit;
    this.setBreach(scope, 0);
    this.sliceAt[scope] = NaN;
    this.evaluate(scope);
  }

  /** @hot Instrument `inst`'s PnL after a change of its inventory, cost or price: its scope and its account's move by the difference. */
  private update(inst: number): void {
    const px = this.lastPrice[inst]!;
    const inv = this.inventory[inst]!;
    const cost = this.avgCost[inst]!;
    const unreal = inv === 0 || !(px > 0) || !(cost > 0) ? 0 : (px - cost) * inv * this.lotSize[inst]!;
    const next = this.realized[inst]! + unreal;
    const d = next - this.pnl[inst]!;
    this.pnl[inst] = next;
    this.evaluate(inst);
    const a = this.instruments + this.account[inst]!;
    this.pnl[a]! += d;
    this.evaluate(a);
  }

  /** @hot The scope's drawdown window and breach at its PnL now. */
  private evaluate(s: number): void {
    const p = this.pnl[s]!;
    const now = this.timeCell[0]!;
    const w = this.sliceMs[s]!;
    const slice = Math.floor(now / w);
    const base = s * RING;
    const last = this.sliceAt[s]!;
    if (!(last === last) || slice - last >= RING) {
      for (let k = 0; k < RING; k++) this.peaks[base + k] = -Infinity;
    } else {
      for (let k = last + 1; k <= slice; k++) this.peaks[base + (k % RING)] = -Infinity;
    }
    if (!(last === last) || slice > last) this.sliceAt[s] = slice;
    const at = base + (slice % RING);
    if (p > this.peaks[at]!) this.peaks[at] = p;
    let peak = -Infinity;
    for (let k = 0; k < RING; k++) if (this.peaks[base + k]! > peak) peak = this.peaks[base + k]!;
    const dd = peak - p;
    this.drawdown[s] = dd;
    const b = this.breach[s]!;
    if (b === DENY_LOSS_LIMIT) return;
    if (p < this.floor[s]!) {
      this.counters[LOSS_LIMIT_TRIPS]!++;
      this.setBreach(s, DENY_LOSS_LIMIT);
    } else if (dd > this.maxDrawdown[s]!) {
      if (b === 0) {
        this.counters[DRAWDOWN_TRIPS]!++;
        this.setBreach(s, DENY_DRAWDOWN_LIMIT);
      }
    } else if (b === DENY_DRAWDOWN_LIMIT) {
      this.setBreach(s, 0);
    }
  }

  /** @hot Sets scope `s`'s breach and the order check's view of every instrument it covers (a halt queues their cancel-all). */
  private setBreach(s: number, code: number): void {
    const before = this.breach[s]!;
    if (before === code) return;
    if (before === DENY_DRAWDOWN_LIMIT) this.drawdownsOpen--;
    if (code === DENY_DRAWDOWN_LIMIT) this.drawdownsOpen++;
    this.breach[s] = code;
    const halts = code !== 0 && this.halt[s] === 1;
    if (s < this.instruments) {
      this.gate(s);
      if (halts) this.sink.cancelAllOf(s);
      return;
    }
    const a = s - this.instruments;
    for (let i = 0; i < this.instruments; i++) {
      if (this.account[i] !== a) continue;
      this.gate(i);
      if (halts) this.sink.cancelAllOf(i);
    }
  }

  /** @hot Instrument `inst`'s combined view of its own scope and its account's. */
  private gate(inst: number): void {
    const a = this.instruments + this.account[inst]!;
    const bi = this.breach[inst]!;
    const ba = this.breach[a]!;
    this.gateCode[inst] = bi === DENY_LOSS_LIMIT || ba === DENY_LOSS_LIMIT ? DENY_LOSS_LIMIT : bi !== 0 ? bi : ba;
    this.gateHalt[inst] = (bi !== 0 && this.halt[inst] === 1) || (ba !== 0 && this.halt[a] === 1) ? 1 : 0;
  }
}
