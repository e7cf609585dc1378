import { GATE_STRIDE as GATE_STRIDE_BINDING, GateField as GateFieldBinding } from './instrument-gate-layout.js';

// Hot-path constants as this module's own bindings (docs/conventions.md, "hot constants").
const GATE_STRIDE = GATE_STRIDE_BINDING;
const EST_LO = GateFieldBinding.EST_LO;
const EST_HI = GateFieldBinding.EST_HI;
/** Running sums are recomputed from the per-instrument values after this many updates of an account (rounding drift). */
const RESYNC_EVERY = 4096;

/** What the book reads of the engine's state (owned by the engine, read in place). */
export interface AccountSources {
  /** The instrument gate records (instrument-gate-layout.ts): the position interval. */
  readonly rec: Float64Array;
  readonly openBuy: Float64Array;
  readonly openSell: Float64Array;
  /** Last mark per instrument (NaN before the first). */
  readonly mark: Float64Array;
  /** `[0]`: the engine time (ms). */
  readonly timeCell: Float64Array;
}

/** Per account, as configured (Infinity: off). */
export interface AccountLimits {
  readonly maxGross: number;
  readonly maxNet: number;
  readonly markMaxAgeMs: number;
}

/**
 * Account-wide gross and net notional at the mark, kept as running sums so that an order check
 * reads O(1) whatever the number of instruments (docs/model.md "Accounts").
 *
 * Per instrument i its worst-case interval is `[lo, hi]` = `[estPosMin - openSell, estPosMax +
 * openBuy]` (every open and in-flight order filled, as POSITION_LIMIT reads it), valued at
 * `lotSize × price` (the MAX_ORDER_NOTIONAL units). Its gross is `max(|lo|, |hi|) × lotSize ×
 * price`; the account keeps Σ gross, Σ `hi × lotSize × price` and Σ `lo × lotSize × price`. The
 * net notional is the largest |Σ signed position × lotSize × price| any positions inside the
 * intervals can make: `max(Σhi, -Σlo)` (prices are positive).
 *
 * The price: the last mark while fresh (no older than the account's `markMaxAgeMs`); without a
 * fresh mark the highest of the instrument's `refPrice`, its last mark however old and the
 * limit price of its last approved order, never zero. An instrument with exposure and none of
 * these, or without a position yet (no snapshot: the interval is unbounded), counts as
 * unbounded: the account's risk-increasing orders are denied until it has one. The order under
 * check prices its own instrument at the fresh mark, else at the highest of its limit price and
 * that fallback.
 *
 * Incremental: `refresh(inst)` replaces the instrument's terms in its account's sums after
 * every event that moves its interval, its open orders or its price; a mark growing stale is
 * found by `expire` (one compare per clock read until the earliest fresh mark's expiry). The
 * sums are recomputed from the per-instrument terms every `RESYNC_EVERY` updates of an account
 * so that rounding cannot drift. The reference (`grossOf`, `netOf`) loops over the instruments.
 *
 * Owned by the risk thread; allocation-free after construction.
 */
export class AccountBook {
  readonly accounts: number;
  /** Per instrument: its account index. */
  readonly account: Int32Array;
  /** Per instrument: the price its terms are valued at now (Infinity: unknown). */
  readonly price: Float64Array;
  /** Per instrument: 1 while priced by a fresh mark. */
  readonly byMark: Uint8Array;
  /** Per instrument: engine ms of its last mark (-Infinity: none). */
  readonly markAt: Float64Array;
  /** Per instrument: the limit price of its last approved order (0: none). */
  readonly lastOrderPrice: Float64Array;
  /** Per instrument, its terms as summed: gross, hi, lo (quote); `unbounded` 1 when not finite (then summed as 0). */
  readonly grossTerm: Float64Array;
  readonly hiTerm: Float64Array;
  readonly loTerm: Float64Array;
  readonly unbounded: Uint8Array;
  /** Per account: the sums, and the count of unbounded instruments. */
  readonly gross: Float64Array;
  readonly hiSum: Float64Array;
  readonly loSum: Float64Array;
  readonly unboundedCount: Int32Array;
  /** Per account, limits with the notional check's relative tolerance applied (Infinity: off). */
  readonly grossCap: Float64Array;
  readonly netCap: Float64Array;
  readonly markMaxAge: Float64Array;
  /** Per account: 1 when either notional limit is on (the check is skipped otherwise). */
  readonly limited: Uint8Array;
  private readonly updates: Int32Array;
  private readonly lotSize: Float64Array;
  private readonly refPrice: Float64Array;
  /** Engine ms after which some instrument's fresh mark is stale (Infinity: none priced by a mark). */
  private nextExpiry = Infinity;

  constructor(
    private readonly instruments: number,
    account: Int32Array,
    lotSize: Float64Array,
    refPrice: Float64Array,
    limits: readonly AccountLimits[],
    private readonly src: AccountSources,
  ) {
    const a = limits.length;
    this.accounts = a;
    this.account = account;
    this.lotSize = lotSize;
    this.refPrice = refPrice;
    this.price = new Float64Array(instruments).fill(Infinity);
    this.byMark = new Uint8Array(instruments);
    this.markAt = new Float64Array(instruments).fill(-Infinity);
    this.lastOrderPrice = new Float64Array(instruments);
    this.grossTerm = new Float64Array(instruments);
    this.hiTerm = new Float64Array(instruments);
    this.loTerm = new Float64Array(instruments);
    this.unbounded = new Uint8Array(instruments);
    this.gross = new Float64Array(a);
    this.hiSum = new Float64Array(a);
    this.loSum = new Float64Array(a);
    this.unboundedCount = new Int32Array(a);
    this.updates = new Int32Array(a);
    this.grossCap = Float64Array.from(limits, (l) => l.maxGross * (1 + 1e-12));
    this.netCap = Float64Array.from(limits, (l) => l.maxNet * (1 + 1e-12));
    this.markMaxAge = Float64Array.from(limits, (l) => l.markMaxAgeMs);
    this.limited = Uint8Array.from(limits, (l) => (l.maxGross !== Infinity || l.maxNet !== Infinity ? 1 : 0));
    for (let i = 0; i < instruments; i++) this.recompute(i);
  }

  /** @hot A mark for `inst` arrived now (the engine stored it in `mark`). */
  noteMark(inst: number): void {
    const now = this.src.timeCell[0]!;
    this.markAt[inst] = now;
    if (this.limited[this.account[inst]!] === 0) return;
    const until = now + this.markMaxAge[this.account[inst]!]!;
    if (until < this.nextExpiry) this.nextExpiry = until;
    this.refresh(inst);
  }

  /** @hot An order on `inst` was approved at the limit price `f64[at]` (a fallback price of the instrument). */
  noteOrder(inst: number, f64: Float64Array, at: number): void {
    this.lastOrderPrice[inst] = f64[at]!;
    this.refresh(inst);
  }

  /**
   * @hot Re-prices every instrument whose mark has grown stale since the last call; one compare
   * while none has. Called by the engine when it reads the clock.
   */
  expire(): void {
    const now = this.src.timeCell[0]!;
    if (!(now > this.nextExpiry)) return;
    let next = Infinity;
    for (let i = 0; i < this.instruments; i++) {
      if (this.byMark[i] === 0) continue;
      const until = this.markAt[i]! + this.markMaxAge[this.account[i]!]!;
      if (now > until) this.refresh(i);
      else if (until < next) next = until;
    }
    this.nextExpiry = next;
  }

  /**
   * @hot After an event that may move instrument `inst`'s terms: recomputes them when its account
   * has a notional limit. An account without one is not checked, so its terms are left until
   * something reads them (`grossOf`, `netOf` recompute first): the common single-account config
   * without limits pays one load and compare per event.
   */
  refresh(inst: number): void {
    if (this.limited[this.account[inst]!] === 0) return;
    this.recompute(inst);
  }

  /** @hot Recomputes instrument `inst`'s price and terms and moves them into its account's sums. */
  recompute(inst: number): void {
    const s = this.src;
    const a = this.account[inst]!;
    const now = s.timeCell[0]!;
    const m = s.mark[inst]!;
    let px: number;
    if (now - this.markAt[inst]! <= this.markMaxAge[a]!) {
      px = m;
      this.byMark[inst] = 1;
    } else {
      px = this.refPrice[inst]!;
      if (m > px) px = m; // NaN (no mark) compares false
      const o = this.lastOrderPrice[inst]!;
      if (o > px) px = o;
      if (!(px > 0)) px = Infinity;
      this.byMark[inst] = 0;
    }
    this.price[inst] = px;
    const b = inst * GATE_STRIDE;
    const hi = s.rec[b + EST_HI]! + s.openBuy[inst]!;
    const lo = s.rec[b + EST_LO]! - s.openSell[inst]!;
    const unit = this.lotSize[inst]! * px;
    // A flat worst case counts 0 whatever the price (0 × Infinity would be NaN).
    const hiV = hi === 0 ? 0 : hi * unit;
    const loV = lo === 0 ? 0 : lo * unit;
    const ahi = hiV < 0 ? -hiV : hiV;
    const alo = loV < 0 ? -loV : loV;
    const g = ahi > alo ? ahi : alo;
    const bounded = g < Infinity ? 1 : 0; // NaN, Infinity: not finite
    if (this.unbounded[inst] === 1) this.unboundedCount[a]!--;
    else {
      this.gross[a]! -= this.grossTerm[inst]!;
      this.hiSum[a]! -= this.hiTerm[inst]!;
      this.loSum[a]! -= this.loTerm[inst]!;
    }
    if (bounded === 1) {
      this.unbounded[inst] = 0;
      this.grossTerm[inst] = g;
      this.hiTerm[inst] = hiV;
      this.loTerm[inst] = loV;
      this.gross[a]! += g;
      this.hiSum[a]! += hiV;
      this.loSum[a]! += loV;
    } else {
      this.unbounded[inst] = 1;
      this.grossTerm[inst] = 0;
      this.hiTerm[inst] = 0;
      this.loTerm[inst] = 0;
      this.unboundedCount[a]!++;
    }
    if (++this.updates[a]! >= RESYNC_EVERY) this.resync(a);
  }

  /**
   * @hot The account checks for an order on `inst` (side ±1, `qty` lots, limit price `f64[at]`)
   * that is not risk-reducing on its instrument: 0, or 1 when the account's gross notional with
   * it would pass the limit, 2 when its net would. An order that does not make the measure grow
   * (at the order's prices) is not denied by it, so an account pushed over a limit by marks can
   * still trade toward it. Another instrument of the account unbounded (no position or no price
   * yet): denied on gross.
   */
  check(inst: number, side: number, qty: number, f64: Float64Array, at: number): number {
    const a = this.account[inst]!;
    if (this.limited[a] === 0) return 0;
    const s = this.src;
    let px = this.price[inst]!;
    if (this.byMark[inst] === 0) {
      const limit = f64[at]!;
      // The fallback unless the limit price is higher (Infinity when there was none).
      if (px === Infinity || limit > px) px = limit;
    }
    const b = inst * GATE_STRIDE;
    const hi = s.rec[b + EST_HI]! + s.openBuy[inst]!;
    const lo = s.rec[b + EST_LO]! - s.openSell[inst]!;
    const hi2 = side > 0 ? hi + qty : hi;
    const lo2 = side > 0 ? lo : lo - qty;
    const unit = this.lotSize[inst]! * px;
    const others = this.unboundedCount[a]! - this.unbounded[inst]!;
    // Gross: the account's sum with this instrument's term re-priced, before and with the order.
    const ahi = hi < 0 ? -hi : hi;
    const alo = lo < 0 ? -lo : lo;
    const ahi2 = hi2 < 0 ? -hi2 : hi2;
    const alo2 = lo2 < 0 ? -lo2 : lo2;
    const rest = this.gross[a]! - this.grossTerm[inst]!;
    const g1 = rest + (ahi > alo ? ahi : alo) * unit;
    const g2 = rest + (ahi2 > alo2 ? ahi2 : alo2) * unit;
    const gcap = this.grossCap[a]!;
    if (others > 0 && gcap !== Infinity) return 1;
    if (g2 > gcap && g2 > g1) return 1;
    const ncap = this.netCap[a]!;
    if (ncap === Infinity) return 0;
    if (others > 0) return 2;
    const hrest = this.hiSum[a]! - this.hiTerm[inst]!;
    const lrest = this.loSum[a]! - this.loTerm[inst]!;
    const h1 = hrest + hi * unit;
    const l1 = -(lrest + lo * unit);
    const h2 = hrest + hi2 * unit;
    const l2 = -(lrest + lo2 * unit);
    const n1 = h1 > l1 ? h1 : l1;
    const n2 = h2 > l2 ? h2 : l2;
    if (n2 > ncap && n2 > n1) return 2;
    return 0;
  }

  /** Cold: account `a`'s gross notional by a loop over its instruments (Infinity when one is unbounded). */
  grossOf(a: number): number {
    this.current(a);
    let g = 0;
    for (let i = 0; i < this.instruments; i++) if (this.account[i] === a) g += this.unbounded[i] === 1 ? Infinity : this.grossTerm[i]!;
    return g;
  }

  /** Cold: account `a`'s net notional, `max(Σhi, -Σlo)`, by a loop (Infinity when one is unbounded). */
  netOf(a: number): number {
    this.current(a);
    let h = 0;
    let l = 0;
    for (let i = 0; i < this.instruments; i++) {
      if (this.account[i] !== a) continue;
      if (this.unbounded[i] === 1) return Infinity;
      h += this.hiTerm[i]!;
      l += this.loTerm[i]!;
    }
    return h > -l ? h : -l;
  }

  /** Cold: an account without limits has its terms recomputed before they are read. */
  private current(a: number): void {
    if (this.limited[a] === 1) return;
    for (let i = 0; i < this.instruments; i++) if (this.account[i] === a) this.recompute(i);
  }

  /** @hot Recomputes account `a`'s sums from its instruments' terms (amortized: every `RESYNC_EVERY` updates). */
  private resync(a: number): void {
    let g = 0;
    let h = 0;
    let l = 0;
    for (let i = 0; i < this.instruments; i++) {
      if (this.account[i] !== a || this.unbounded[i] === 1) continue;
      g += this.grossTerm[i]!;
      h += this.hiTerm[i]!;
      l += this.loTerm[i]!;
    }
    this.gross[a] = g;
    this.hiSum[a] = h;
    this.loSum[a] = l;
    this.updates[a] = 0;
  }
}
