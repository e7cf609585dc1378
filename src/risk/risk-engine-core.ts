import {
  ARG_WORD as ARG_WORD_BINDING, INST_WORD as INST_WORD_BINDING, TAG_WORD as TAG_WORD_BINDING, V0_DWORD as V0_DWORD_BINDING,
  V1_DWORD as V1_DWORD_BINDING, V2_DWORD as V2_DWORD_BINDING, V3_DWORD as V3_DWORD_BINDING, V4_DWORD as V4_DWORD_BINDING,
} from '../codec/event-slot-layout.js';
import { SlotType as SlotTypeBinding } from '../codec/slot-type.js';
import { MAX_STRATEGY, orderArgSide, orderArgStrategy } from '../codec/order-request-codec.js';
import { accountIndexOf, accountsOf, strategyLimits, type LossLimit, type ResolvedConfig } from '../config/engine-config.js';
import { legLayout, type LegLayout } from '../config/hedge-legs.js';
import { decimalToNumber, parseDecimal } from '../units/decimal-lots.js';
import type { Clock } from './clock.js';
import {
  ALL_INSTRUMENTS as ALL_INSTRUMENTS_BINDING, ApplyResult as ApplyResultBinding, Counter as CounterBinding, COUNTER_SLOTS, KillMode as KillModeBinding,
  NO_CANCEL_ALL as NO_CANCEL_ALL_BINDING, OrderStatusCode as OrderStatusCodeBinding,
} from './codes.js';
import { DenyReason as DenyReasonBinding } from './deny-reason.js';
import { AccountBook } from './account-book.js';
import { DuplicateWindow } from './duplicate-window.js';
import { ExecIdWindow } from './exec-id-window.js';
import { InferredFills } from './inferred-fills.js';
import { InstrumentGate } from './instrument-gate.js';
import { LossBook, type ScopeLimits } from './loss-book.js';
import { GATE_STRIDE as GATE_STRIDE_BINDING, GateField as GateFieldBinding } from './instrument-gate-layout.js';
import { OrderState as OrderStateBinding, OrderTable } from './order-table.js';
import { PositionLedger, SeqMode as SeqModeBinding, SnapshotResult as SnapshotResultBinding } from './position-ledger.js';
import { OrderRateWindow } from './order-rate-window.js';
import { SlidingWindows } from './sliding-windows.js';

// Hot-path constants as this module's own bindings (docs/conventions.md, "hot constants").
const ALL_INSTRUMENTS = ALL_INSTRUMENTS_BINDING;
const ApplyResult = ApplyResultBinding;
const Counter = CounterBinding;
const KillMode = KillModeBinding;
const NO_CANCEL_ALL = NO_CANCEL_ALL_BINDING;
const OrderStatusCode = OrderStatusCodeBinding;
const DenyReason = DenyReasonBinding;
const SlotType = SlotTypeBinding;
// The slot's word offsets (event-slot-layout.ts): every field read of the hot path adds one.
const TAG_WORD = TAG_WORD_BINDING;
const INST_WORD = INST_WORD_BINDING;
const ARG_WORD = ARG_WORD_BINDING;
const V0_DWORD = V0_DWORD_BINDING;
const V1_DWORD = V1_DWORD_BINDING;
const V2_DWORD = V2_DWORD_BINDING;
const V3_DWORD = V3_DWORD_BINDING;
const V4_DWORD = V4_DWORD_BINDING;
const GateField = GateFieldBinding;
const GATE_STRIDE = GATE_STRIDE_BINDING;
const OrderState = OrderStateBinding;
const SeqMode = SeqModeBinding;
const SnapshotResult = SnapshotResultBinding;
const EXPLAINED_CONFIRMED = PositionLedger.EXPLAINED_CONFIRMED;
const EST_LO = PositionLedger.EST_LO;
const EST_HI = PositionLedger.EST_HI;

// Each deny code as its own primitive constant: a property load on the `DenyReason` object needs
// type feedback, so a code first returned after optimization (a rare denial) deoptimized the
// whole order check, which then ran unoptimized, boxing doubles, until it was compiled again.
const DENY_APPROVED = DenyReason.APPROVED;
const DENY_ACCOUNT_GROSS_NOTIONAL = DenyReason.ACCOUNT_GROSS_NOTIONAL;
const DENY_ACCOUNT_NET_NOTIONAL = DenyReason.ACCOUNT_NET_NOTIONAL;
const DENY_DUPLICATE_ORDER = DenyReason.DUPLICATE_ORDER;
const DENY_DUPLICATE_ORDER_ID = DenyReason.DUPLICATE_ORDER_ID;
const DENY_FEED_STALE = DenyReason.FEED_STALE;
const DENY_FLIP_FLOP = DenyReason.FLIP_FLOP;
const DENY_INVALID_ORDER = DenyReason.INVALID_ORDER;
const DENY_JOURNAL_DOWN = DenyReason.JOURNAL_DOWN;
const DENY_KILL_SWITCH = DenyReason.KILL_SWITCH;
const DENY_LEASE_LIMIT = DenyReason.LEASE_LIMIT;
const DENY_MAX_OPEN_ORDERS = DenyReason.MAX_OPEN_ORDERS;
const DENY_MAX_ORDER_NOTIONAL = DenyReason.MAX_ORDER_NOTIONAL;
const DENY_MAX_ORDER_QTY = DenyReason.MAX_ORDER_QTY;
const DENY_NET_POSITION_LIMIT = DenyReason.NET_POSITION_LIMIT;
const DENY_STRATEGY_POSITION_LIMIT = DenyReason.STRATEGY_POSITION_LIMIT;
const DENY_STRATEGY_NOTIONAL_LIMIT = DenyReason.STRATEGY_NOTIONAL_LIMIT;
const DENY_ORDER_TO_TRADE = DenyReason.ORDER_TO_TRADE;
const DENY_POSITION_LIMIT = DenyReason.POSITION_LIMIT;
const DENY_POSITION_MISMATCH = DenyReason.POSITION_MISMATCH;
const DENY_PRICE_BAND = DenyReason.PRICE_BAND;
const DENY_RATE_LIMIT = DenyReason.RATE_LIMIT;
const DENY_REDUCE_ONLY = DenyReason.REDUCE_ONLY;
const DENY_SEQUENCE_GAP = DenyReason.SEQUENCE_GAP;
const DENY_UNCONFIRMED_FILLS = DenyReason.UNCONFIRMED_FILLS;
const DENY_UNKNOWN_INSTRUMENT = DenyReason.UNKNOWN_INSTRUMENT;
const DENY_UNKNOWN_ORDER = DenyReason.UNKNOWN_ORDER;

// Slot tags and the decision counters' base the same way (primitives, no property load).
const TAG_ORDER = SlotType.ORDER;
const TAG_CANCEL = SlotType.CANCEL;
const TAG_KILL = SlotType.KILL;
const DECISIONS = Counter.DECISIONS;

/** Entries of an order-to-trade window (slotted: sliding-windows.ts). */
const OTR_WINDOW_ENTRIES = 64;
/** A scope's loss limits as the loss book keeps them (Infinity: off). */
function scopeLimits(l: LossLimit | undefined): ScopeLimits {
  return { maxLoss: l?.maxLoss ?? Infinity, maxDrawdown: l?.maxDrawdown ?? Infinity, windowMs: l?.drawdownWindowMs ?? 1, halt: l?.onBreach === 'halt' ? 1 : 0 };
}

const SEQ_MODE = { none: SeqMode.NONE, monotonic: SeqMode.MONOTONIC, contiguous: SeqMode.CONTIGUOUS } as const;
/** Room for the cancel-all requests not yet taken by the embedding (oldest kept, newest counted as dropped). */
const CANCEL_ALL_QUEUE = 64;

/**
 * The single-threaded risk core: owns every piece of risk state, applies events and answers
 * order requests. See docs/model.md.
 *
 * Threading: exactly one thread calls into an instance (the risk thread). Nothing here is
 * shared or locked.
 *
 * Time: the engine reads its injected clock only in `readClock()`; every hot operation uses the
 * time read last. The caller reads the clock once per batch of events (clock reads allocate on
 * Node 20).
 *
 * Arguments: one format, the 64-byte event slot (src/codec/event-slot-layout.ts), Agrona-style.
 * `apply(i32, f64, off)` takes a market event, `decide(i32, f64, off)` a request, each as the
 * slot at byte `off` of the two whole-buffer views; every field is read straight from the slot,
 * and the helpers are handed the array and index of what they read (`src, at`). The risk thread
 * hands over the ring slot it polled (what the journal copies is what the engine read);
 * `RiskEngine` (risk-engine.ts) encodes its parameters into a scratch slot of its own. Why not
 * parameters: V8 passes a double that is not a small integer (epoch times, hashed ids,
 * fractional prices, large sequences, NaN) boxed, a fresh HeapNumber, into any call it does not
 * inline; typed-array cells hold raw doubles, and reading them never allocates.
 *
 * Allocation: after construction, `apply`, `decide` and `takeCancelAll` allocate nothing
 * (test/risk/allocation.test.ts). Strings (symbols, order ids, exec ids) are integer handles by
 * the time they reach the engine; `instrumentIndex` is for the edge.
 *
 * Check order for an order request (first failure decides):
 *   1. per-order: instrument, validity, order id, max qty, max notional, price band, duplicate
 *   2. trading state: journal down (its policy `halt`), kill switch halt, flip-flop halt, kill switch reduce-only, then the
 *      health gate (stale feed, sequence gap, position mismatch, unconfirmed budget), which
 *      lets only risk-reducing orders through (none under known loss: `knownLoss`); a
 *      venue-enforced reduce-only order
 *      (an ORDER slot's v4 reduceOnly) passes everything here but the halts
 *   3. position limits on the worst case (`estPosMax + openBuy + qty <= maxLong`, ...), then on
 *      a hedge leg the net of its pair (`NET_POSITION_LIMIT`), then
 *      the firm-wide lease on the same worst case (off until a lease is applied), except for a
 *      venue-enforced reduce-only order (the venue caps it at the true position)
 *
 * Hedge-mode instruments (src/config/hedge-legs.ts): each leg is an instrument of its own here
 * (its ledger, its snapshots and fills, its leg limits), and `pair` joins the two legs for the
 * net check; a one-way instrument has no pair and is checked exactly as before.
 *   4. throttles: max open orders, order rate
 *
 * Strategies (the config's `strategies`; an ORDER slot's arg word carries the index of the one
 * that sent it, order-request-codec.ts `orderArg`): per (strategy, instrument) the strategy's
 * position (the executed lots of the orders it sent: real fills or reported cumQty, the higher,
 * as the instrument's exposure counts them), its open lots per side and its open notional
 * (price x leaves x lotSize). Right after the instrument's limits (step 3), a risk-increasing
 * order must also fit the strategy's own maxLong / maxShort on that worst case
 * (`STRATEGY_POSITION_LIMIT`; a venue-enforced reduce-only order is exempt as from every
 * position limit), then every order the strategy's maxOpenNotional (`STRATEGY_NOTIONAL_LIMIT`).
 * Two strategies on one instrument share its headroom and each also has its own. An order with
 * no strategy, or of a strategy with no limit there, is limited by the instrument only.
 *
 * Throttles count messages, as venues do: an approved cancel is recorded in the order-rate
 * window like an approved order. A cancel is never denied for it (a cancel only removes risk):
 * when the window is full, the cancel goes out, is counted, and the next order is throttled.
 * After the rate, the order-to-trade guard (`ORDER_TO_TRADE`): at least `minOrders` messages
 * (approved orders and cancels) in its window and more than `maxRatio` per fill of the engine's
 * own orders in it deny risk-increasing orders; it lifts as the window slides.
 *
 * Accounts (account-book.ts, loss-book.ts): after REDUCE_ONLY in stage 2, a breached loss limit
 * of the instrument or its account (LOSS_LIMIT, then DRAWDOWN_LIMIT) denies what is not
 * risk-reducing, or everything when its `onBreach` is halt; after the lease in stage 3, an
 * order not risk-reducing on its instrument is checked against its account's gross and net
 * notional (ACCOUNT_GROSS_NOTIONAL, ACCOUNT_NET_NOTIONAL).
 */
export class RiskEngineCore {
  readonly instrumentCount: number;
  readonly symbols: readonly string[];
  /** The engine's instruments: configured ones, then the short legs of hedge instruments (hedge-legs.ts). */
  readonly legs: LegLayout;
  /** Per instrument, the other leg of its hedge pair; -1 for one-way. */
  readonly pair: Int32Array;
  /** Per hedge leg, the configured net limits of its pair (Infinity for one-way: no net check). */
  private readonly netMaxLong: Float64Array;
  private readonly netMaxShort: Float64Array;
  /** Monotone counters indexed by `Counter` (events, anomalies, decisions by reason). */
  readonly counters = new Float64Array(COUNTER_SLOTS);
  readonly orders: OrderTable;
  /** The approved orders' inferred fills, per order slot (inferred-fills.ts). */
  readonly inferred: InferredFills;
  readonly ledger: PositionLedger;
  /**
   * What the order check reads per instrument, precomputed after every event that changes it
   * (instrument-gate.ts): every path that changes an input below calls `gate.refresh(inst)`.
   */
  readonly gate: InstrumentGate;
  /** `gate.rec`, read by the order check without the hop. */
  private readonly rec: Float64Array;
  /**
   * Account-wide notional at the mark (account-book.ts): every path that changes an instrument's
   * interval, open orders or price calls `accounts.refresh(inst)` (`refreshInst`, `adjustOpen`).
   */
  readonly accounts: AccountBook;
  /** PnL and loss limits per instrument and per account (loss-book.ts): scopes `0..n-1` instruments, then accounts. */
  readonly loss: LossBook;
  /** The account names, by account index. */
  readonly accountNames: readonly string[];

  /** `[0]`: the engine time in ms, written only by `readClock()`; shared with the ledger and windows. */
  private readonly timeCell = new Float64Array(1);
  private readonly symbolIndex: Map<string, number>;
  private readonly execIds: ExecIdWindow;

  // Limits and guards, per instrument (Infinity / 0 when off).
  private readonly maxLong: Float64Array;
  private readonly maxShort: Float64Array;
  private readonly maxOrderQty: Float64Array;
  private readonly maxNotional: Float64Array;
  private readonly lotSize: Float64Array;
  private readonly bandBps: Float64Array;
  private readonly maxOpen: Float64Array;
  private readonly rateMax: Float64Array;
  private readonly staleMs: Float64Array;
  private readonly heartbeatMs: Float64Array;
  readonly budgetFills: Float64Array;
  readonly budgetQty: Float64Array;
  private readonly ffEnabled: Uint8Array;
  private readonly ffMaxReversals: Float64Array;
  private readonly ffGrossLimit: Float64Array;
  /** How long a trip holds (ms); Infinity: until a manual resume. */
  private readonly ffCooldown: Float64Array;

  // Live state, per instrument.
  readonly mark: Float64Array;
  readonly feedUp: Uint8Array;
  /** Set when a feed comes back up: risk-increasing orders wait for a fresh snapshot. */
  readonly awaitingSnapshot: Uint8Array;
  readonly lastMessageAt: Float64Array;
  readonly killMode: Uint8Array;
  readonly flipHalted: Uint8Array;
  /** Engine ms at which a flip-flop trip ends by itself (Infinity: manual resume only). */
  readonly flipUntil: Float64Array;
  private flipTripsOpen = 0;
  /**
   * 1 while the journal cannot write and its policy is `halt`: every order is denied
   * `JOURNAL_DOWN` (a trading-state check). Set by the risk loop from the journal status word.
   */
  journalDown = 0;
  readonly openBuy: Float64Array;
  readonly openSell: Float64Array;
  readonly activeOrders: Int32Array;
  /**
   * Outside orders (not sent by the engine) still on the book, per instrument: their leaves are in
   * `openBuy`/`openSell`; they are not the engine's own orders, so `maxOpenOrders` does not count
   * them, but a snapshot is walked as with orders out (`quiescent`).
   */
  readonly outsideActive: Int32Array;
  /**
   * Firm-wide leases (a LEASE slot): this host's slice of a firm limit per side, and the
   * engine time it lapses at; `Infinity` everywhere until a lease is applied (single host: off).
   * A lapsed lease counts as 0 on both sides: only risk-reducing orders pass.
   */
  readonly leaseLong: Float64Array;
  readonly leaseShort: Float64Array;
  readonly leaseUntil: Float64Array;
  private readonly lastSign: Int8Array;
  private globalKill: number = KillMode.RESUME;

  private readonly rate: OrderRateWindow;
  /** Order-to-trade guard per instrument: messages (orders, cancels) and fills of own orders; `otrMaxRatio` 0: off. */
  private readonly otrMessages: SlidingWindows;
  private readonly otrTrades: SlidingWindows;
  private readonly otrMaxRatio: Float64Array;
  private readonly otrMinOrders: Float64Array;

  /** Strategy names, index = the strategy index an ORDER slot carries. */
  readonly strategyNames: readonly string[];
  readonly strategyCount: number;
  /**
   * Per (strategy, instrument) at `strategy * instrumentCount + inst`: the strategy's position
   * (signed executed lots of its orders), its open lots per side and its open notional (quote),
   * and its limits (`Infinity`: none; `strategyNotionalCap` with the relative tolerance of the
   * instrument's notional check).
   */
  readonly strategyPosition: Float64Array;
  readonly strategyOpenBuy: Float64Array;
  readonly strategyOpenSell: Float64Array;
  readonly strategyOpenNotional: Float64Array;
  readonly strategyMaxLong: Float64Array;
  readonly strategyMaxShort: Float64Array;
  readonly strategyMaxNotional: Float64Array;
  private readonly strategyNotionalCap: Float64Array;
  private readonly reversals: SlidingWindows;
  private readonly gross: SlidingWindows;
  private readonly duplicates: DuplicateWindow;

  private readonly cancelAllQueue = new Int32Array(CANCEL_ALL_QUEUE);
  private cancelAllHead = 0;
  private cancelAllLen = 0;

  constructor(
    readonly config: ResolvedConfig,
    private readonly clock: Clock,
  ) {
    this.legs = legLayout(config.instruments);
    const insts = this.legs.rows;
    const n = this.legs.count;
    this.instrumentCount = n;
    this.symbols = this.legs.symbols;
    this.symbolIndex = new Map(this.legs.index);
    this.pair = this.legs.pair;
    const configured = (i: number) => config.instruments[this.legs.configIndex[i]!]!;
    this.netMaxLong = Float64Array.from({ length: n }, (_, i) => (this.pair[i]! >= 0 ? configured(i).maxLong : Infinity));
    this.netMaxShort = Float64Array.from({ length: n }, (_, i) => (this.pair[i]! >= 0 ? configured(i).maxShort : Infinity));
    this.timeCell[0] = clock.nowMs();

    const per = (f: (c: (typeof insts)[number]) => number): Float64Array => Float64Array.from(insts, f);
    this.maxLong = per((c) => c.maxLong);
    this.maxShort = per((c) => c.maxShort);
    this.maxOrderQty = per((c) => c.maxOrderQty ?? Infinity);
    this.maxNotional = per((c) => c.maxOrderNotional ?? Infinity);
    this.lotSize = per((c) => decimalToNumber(parseDecimal(c.lotSize) ?? { units: 1n, scale: 0 }));
    this.bandBps = per((c) => c.priceBandBps ?? 0);
    this.maxOpen = per((c) => c.maxOpenOrders ?? Infinity);
    this.rateMax = per((c) => c.orderRate?.max ?? 0);
    this.staleMs = per((c) => c.snapshotStaleMs ?? 0);
    this.heartbeatMs = per((c) => c.heartbeatTimeoutMs ?? 0);
    this.budgetFills = per((c) => c.unconfirmed.maxFills);
    this.budgetQty = per((c) => c.unconfirmed.maxQty);
    this.ffEnabled = Uint8Array.from(insts, (c) => (c.flipFlop ? 1 : 0));
    this.ffMaxReversals = per((c) => c.flipFlop?.maxReversals ?? 0);
    this.ffGrossLimit = per((c) => (c.flipFlop ? c.flipFlop.maxGrossMultiple * Math.max(c.maxLong, c.maxShort) : Infinity));
    this.ffCooldown = per((c) => (c.flipFlop === undefined || c.flipFlop.manualResume ? Infinity : c.flipFlop.cooldownMs));

    this.mark = new Float64Array(n).fill(NaN);
    this.feedUp = new Uint8Array(n).fill(1);
    this.awaitingSnapshot = new Uint8Array(n);
    this.lastMessageAt = new Float64Array(n).fill(this.timeCell[0]!);
    this.killMode = new Uint8Array(n);
    this.flipHalted = new Uint8Array(n);
    this.flipUntil = new Float64Array(n).fill(Infinity);
    this.openBuy = new Float64Array(n);
    this.openSell = new Float64Array(n);
    this.activeOrders = new Int32Array(n);
    this.outsideActive = new Int32Array(n);
    this.leaseLong = new Float64Array(n).fill(Infinity);
    this.leaseShort = new Float64Array(n).fill(Infinity);
    this.leaseUntil = new Float64Array(n).fill(Infinity);
    this.lastSign = new Int8Array(n);

    this.rate = new OrderRateWindow(this.rateMax, per((c) => c.orderRate?.perMs ?? 0), this.timeCell);
    const ffWindow = per((c) => c.flipFlop?.windowMs ?? 0);
    this.reversals = new SlidingWindows(per((c) => (c.flipFlop ? c.flipFlop.maxReversals + 1 : 0)), ffWindow, this.timeCell);
    this.gross = new SlidingWindows(per((c) => (c.flipFlop ? 64 : 0)), ffWindow, this.timeCell, true); // one entry per fill: slotted
    const otr = per((c) => (c.orderToTrade ? OTR_WINDOW_ENTRIES : 0));
    const otrWindow = per((c) => c.orderToTrade?.windowMs ?? 0);
    this.otrMessages = new SlidingWindows(otr, otrWindow, this.timeCell, true);
    this.otrTrades = new SlidingWindows(otr, otrWindow, this.timeCell, true);
    this.otrMaxRatio = per((c) => c.orderToTrade?.maxRatio ?? 0);
    this.otrMinOrders = per((c) => c.orderToTrade?.minOrders ?? 0);

    const strategies = config.strategies ?? [];
    if (strategies.length > MAX_STRATEGY + 1) throw new RangeError(`at most ${MAX_STRATEGY + 1} strategies, got ${strategies.length}`);
    this.strategyNames = Object.freeze(strategies.map((s) => s.name));
    this.strategyCount = strategies.length;
    const sn = strategies.length * n;
    const limit = (f: (l: ReturnType<typeof strategyLimits>) => number): Float64Array => {
      const a = new Float64Array(sn);
      strategies.forEach((s, k) => { for (let i = 0; i < n; i++) a[k * n + i] = f(strategyLimits(s, configured(i).symbol)); });
      return a;
    };
    this.strategyPosition = new Float64Array(sn);
    this.strategyOpenBuy = new Float64Array(sn);
    this.strategyOpenSell = new Float64Array(sn);
    this.strategyOpenNotional = new Float64Array(sn);
    this.strategyMaxLong = limit((l) => l.maxLong);
    this.strategyMaxShort = limit((l) => l.maxShort);
    this.strategyMaxNotional = limit((l) => l.maxOpenNotional);
    this.strategyNotionalCap = limit((l) => l.maxOpenNotional * (1 + 1e-12));
    this.duplicates = new DuplicateWindow(n, per((c) => c.duplicateWindowMs ?? 0), this.timeCell);

    this.inferred = new InferredFills(config.capacity.maxOrders);
    this.orders = new OrderTable(config.capacity.maxOrders, this.timeCell, this.inferred);
    this.ledger = new PositionLedger(
      n, config.capacity.fillsPerInstrument, insts.map((c) => SEQ_MODE[c.sequence]), this.orders, this.inferred, this.timeCell,
    );
    this.execIds = new ExecIdWindow(config.capacity.execIds);
    this.gate = new InstrumentGate(n, this, (i) => ({
      maxOrderQty: this.maxOrderQty[i]!, lotSize: this.lotSize[i]!, maxOrderNotional: this.maxNotional[i]!, bandBps: this.bandBps[i]!,
      heartbeatMs: this.heartbeatMs[i]!, staleMs: this.staleMs[i]!, maxLong: this.maxLong[i]!, maxShort: this.maxShort[i]!, maxOpen: this.maxOpen[i]!,
    }));
    this.rec = this.gate.rec;
    for (let i = 0; i < n; i++) this.gate.refresh(i);

    const accounts = accountsOf(config);
    this.accountNames = accounts.map((a) => a.name);
    const accountOf = Int32Array.from({ length: n }, (_, i) => accountIndexOf(config, configured(i)));
    this.accounts = new AccountBook(n, accountOf, this.lotSize, Float64Array.from({ length: n }, (_, i) => configured(i).refPrice ?? 0), accounts.map((a) => ({
      maxGross: a.maxGrossNotional ?? Infinity, maxNet: a.maxNetNotional ?? Infinity, markMaxAgeMs: a.markMaxAgeMs,
    })), { rec: this.rec, openBuy: this.openBuy, openSell: this.openSell, mark: this.mark, timeCell: this.timeCell });
    const sink = { cancelAllOf: (inst: number): void => this.queueCancelAll(inst) };
    this.loss = new LossBook(n, accountOf, this.lotSize, [
      ...Array.from({ length: n }, (_, i) => scopeLimits(configured(i).lossLimit)),
      ...accounts.map((a) => scopeLimits(a.lossLimit)),
    ], this.timeCell, this.counters, sink);
  }

  /**
   * Cold (state, explain): the order-to-trade guard's messages and fills of own orders in the
   * window ending now, into `out[0]`, `out[1]` (0, 0 when the guard is off). Drops expired entries.
   */
  orderToTradeCounts(inst: number, out: Float64Array): void {
    out[0] = this.otrMessages.sum(inst);
    out[1] = this.otrTrades.sum(inst);
  }

  /** Edge: the index of a symbol, or -1. */
  instrumentIndex(symbol: string): number {
    return this.symbolIndex.get(symbol) ?? -1;
  }

  /** Reads the injected clock once; every following operation uses this time. */
  readClock(): void {
    if (this.clock.readInto !== undefined) this.clock.readInto(this.timeCell, 0);
    else this.timeCell[0] = this.clock.nowMs();
    if (this.flipTripsOpen > 0) this.endCooledTrips();
    this.accounts.expire();
    this.loss.slide();
  }

  /** The engine time in use (ms). Cold: a getter's double return is boxed. */
  get time(): number {
    return this.timeCell[0]!;
  }

  // ------------------------------------------------------------------ entry points (hot: the slot)

  /**
   * @hot Applies the market event in the slot at byte `off` of `i32` / `f64` (whole-buffer views,
   * event-slot-layout.ts; `off` a multiple of 64): FILL, ORDER_UPDATE, SNAPSHOT, FEED,
   * HEARTBEAT, MARK or LEASE, as the codec file of each type lays it out. Returns an
   * `ApplyResult`; a slot of any other type is `INVALID` (counted). The slot's `order` and `at`
   * are the caller's: the engine works at the time `readClock()` read last.
   */
  apply(i32: Int32Array, f64: Float64Array, off: number): number {
    const tag = i32[(off >> 2) + TAG_WORD]!;
    if (tag === SlotType.FILL) return this.fillEvent(i32, f64, off);
    if (tag === SlotType.ORDER_UPDATE) return this.orderUpdateEvent(i32, f64, off);
    if (tag === SlotType.SNAPSHOT) return this.snapshotEvent(i32, f64, off);
    if (tag === SlotType.HEARTBEAT) return this.heartbeatEvent(i32, off);
    if (tag === SlotType.MARK) return this.markEvent(i32, f64, off);
    if (tag === SlotType.FEED) return this.feedStatusEvent(i32, off);
    if (tag === SlotType.LEASE) return this.leaseEvent(i32, f64, off);
    return this.invalid();
  }

  /**
   * @hot Decides the request in the slot at byte `off` (as `apply`): ORDER (may it go out now?
   * order-request-codec.ts: inst, arg side, v0 orderKey, v2 qty, v3 price, v4 reduceOnly; an
   * approved order counts at once as open with its full quantity), CANCEL, KILL. Returns
   * `DenyReason.APPROVED` (0) or a deny code; a slot of any other type is `INVALID_ORDER`.
   */
  decide(i32: Int32Array, f64: Float64Array, off: number): number {
    const tag = i32[(off >> 2) + TAG_WORD]!;
    if (tag === TAG_ORDER) {
      // The order check, written here rather than called: one call level less on the hot path.
      let code = this.screenOrder(i32, f64, off);
      if (code === DENY_APPROVED) code = this.admit(i32, f64, off);
      this.counters[DECISIONS + code]!++;
      return code;
    }
    if (tag === TAG_CANCEL) return this.cancelRequest(f64, off);
    if (tag === TAG_KILL) return this.killRequest(i32, off);
    return DENY_INVALID_ORDER;
  }

  // ------------------------------------------------------------------ events (hot: the slot)

  /**
   * @hot A position snapshot (snapshot-codec.ts): inst, v0 position, v1 seq (the watermark;
   * required, NaN invalid, on sequenced instruments; ignored otherwise), v2 venue time
   * (unsequenced instruments: when the
   * venue last changed the reported position, NaN when unknown, negative or infinite invalid;
   * ignored on sequenced ones, whose watermark decides), arg current (1: the snapshot is known to
   * show the venue's state after the feed last came up; 0: not known; any other value invalid;
   * read on unsequenced instruments only), v3 as-of (the engine time the snapshot shows the
   * venue's state at, or later; NaN not known; infinite invalid; read on unsequenced instruments
   * only: position-ledger.ts `snapshotWalk`). Returns `STALE_SNAPSHOT` for a snapshot below the watermark or older by
   * venue time than the last accepted one (ignored, counted; the instrument keeps waiting for a
   * fresh snapshot after a reconnect).
   */
  private snapshotEvent(i32: Int32Array, f64: Float64Array, off: number): number {
    const inst = i32[(off >> 2) + INST_WORD]!;
    if (!this.validInst(inst)) return ApplyResult.UNKNOWN_INSTRUMENT;
    this.counters[Counter.SNAPSHOTS]!++;
    const d = off >> 3;
    const sequenced = this.ledger.sequenced(inst);
    const position = f64[d + V0_DWORD]!;
    const venueTime = f64[d + V2_DWORD]!;
    const currentArg = i32[(off >> 2) + ARG_WORD]!;
    const current = currentArg === 1;
    if (!Number.isSafeInteger(position) || (sequenced && !Number.isFinite(f64[d + V1_DWORD]!))) return this.invalid();
    if (!current && currentArg !== 0) return this.invalid();
    // A venue time of +Infinity would make every later snapshot stale: only NaN (none) or a finite time >= 0.
    if (!sequenced && venueTime === venueTime && !(venueTime >= 0 && venueTime !== Infinity)) return this.invalid();
    // v3 as-of: NaN (not known) or a finite engine time.
    const asOf = f64[d + V3_DWORD]!;
    if (asOf === asOf && (asOf === Infinity || asOf === -Infinity)) return this.invalid();
    this.lastMessageAt[inst] = this.timeCell[0]!;
    const quiescent = this.activeOrders[inst] === 0 && this.outsideActive[inst] === 0;
    // On an unsequenced instrument only a current snapshot ends a known loss. Its venue time says
    // when the position last changed, not when the report was taken: a REST answer from a lagging
    // replica, asked after the reconnect, can show a moment before the outage, newer than the
    // last accepted snapshot or the same, and lack the fills made since (the outage's, never
    // delivered, and the last ones before it, which arrived). Walked as the end of the loss, it
    // would drop those fills as inside it. A current snapshot shows every change up to a moment
    // after the feed came back, and the stream carries the rest, whatever its venue time (a quiet
    // account's position keeps the venue time of its last change across an outage).
    const endsLoss = sequenced || current;
    const first = this.ledger.hasSnap[inst] === 0;
    const r = sequenced ? this.ledger.bySequence.snapshotSequenced(inst, position, f64, d + V1_DWORD) : this.ledger.walkBack.snapshotWalk(inst, position, quiescent, this.openBuy[inst]!, this.openSell[inst]!, current && this.knownLoss(inst), this.feedUp[inst] === 1, f64, d + V2_DWORD, d + V3_DWORD);
    if (r !== SnapshotResult.STALE && endsLoss) this.awaitingSnapshot[inst] = 0;
    if (first && this.ledger.hasSnap[inst] === 1) this.loss.open(inst, f64, d + V0_DWORD);
    this.refreshInst(inst);
    if (r === SnapshotResult.STALE) {
      this.counters[Counter.STALE_SNAPSHOTS]!++;
      return ApplyResult.STALE_SNAPSHOT;
    }
    if (r === SnapshotResult.MISMATCH) {
      this.counters[Counter.MISMATCHES]!++;
      return ApplyResult.MISMATCH;
    }
    return ApplyResult.OK;
  }

  /**
   * @hot One execution (fill-codec.ts): inst, arg side (±1), v0 orderKey (-1 for a trade the
   * engine did not send), v1 execKey, v2 qty (lots), v3 price (carried for the journal, not used
   * by the model), v4 seq (NaN when none; required on sequenced instruments; on unsequenced ones
   * the execution's venue time, NaN when unknown: walk-back-reconciler.ts `lateFill`).
   */
  private fillEvent(i32: Int32Array, f64: Float64Array, off: number): number {
    const w = off >> 2;
    const inst = i32[w + INST_WORD]!;
    if (!this.validInst(inst)) return ApplyResult.UNKNOWN_INSTRUMENT;
    this.counters[Counter.FILLS]!++;
    const d = off >> 3;
    const seqAt = d + V4_DWORD;
    const sequenced = this.ledger.sequenced(inst);
    const qty = f64[d + V2_DWORD]!;
    const side = i32[w + ARG_WORD]!;
    if (!(qty >= 1) || !Number.isSafeInteger(qty) || (side !== 1 && side !== -1) || (sequenced && !Number.isFinite(f64[seqAt]!))) {
      return this.invalid();
    }
    if (this.execIds.seenOrAddAt(f64, d + V1_DWORD)) {
      this.counters[Counter.DUPLICATE_FILLS]!++;
      return ApplyResult.DUPLICATE;
    }
    this.lastMessageAt[inst] = this.timeCell[0]!;
    let result: number = ApplyResult.OK;
    if (sequenced && this.ledger.bySequence.noteSeq(inst, f64, seqAt)) {
      this.counters[Counter.GAPS]!++;
      result = ApplyResult.GAP;
    }

    let explained = 0;
    const est = this.ledger.est;
    est[EXPLAINED_CONFIRMED] = 0;
    let slot = f64[d + V0_DWORD]! >= 0 ? this.orders.findAt(f64, d + V0_DWORD) : -1;
    if (slot >= 0 && this.orders.outside[slot] === 1) {
      // An order the engine did not send: its fill counts like any such fill (below, as slot
      // -1); it only moves the order's reported-but-unseen lots out of its open exposure.
      if (this.orders.inst[slot] === inst) this.outsideFill(slot, qty);
      slot = -1;
    }
    if (slot >= 0 && this.orders.inst[slot] === inst) {
      const o = this.orders;
      const before = o.open(slot);
      o.realFilled[slot]! += qty;
      explained = this.ledger.consumeInferred(inst, slot, o.side[slot]!, qty);
      this.adjustOpen(slot, before);
      this.syncStrategy(slot);
      if (this.otrMaxRatio[inst]! > 0) this.otrTrades.add(inst, 1);
      o.releaseIfSettled(slot);
    }

    if (sequenced && slot >= 0 && this.orders.inst[slot] === inst) this.ledger.bySequence.boundInferred(inst, slot, f64, seqAt);
    if (sequenced) {
      if (this.ledger.bySequence.insideSnapshot(inst, f64, seqAt)) {
        this.counters[Counter.FILLS_INSIDE_SNAPSHOT]!++;
        this.ledger.fillsInsideSnapshot[inst]!++;
        if (result === ApplyResult.OK) result = ApplyResult.INSIDE_SNAPSHOT;
      } else {
        this.ledger.append(inst, side * qty, 0, -1);
        this.ledger.stampLast(inst, f64, seqAt);
        this.ledger.bySequence.confirmBySequence(inst);
      }
    } else {
      // A fill the engine cannot place after the snapshot it works from may already be inside it.
      this.ledger.walkBack.lateFill(inst, slot >= 0 && this.orders.inst[slot] === inst ? slot : -1, f64, seqAt);
      // Replaces the outstanding inferred entries it explained, at its true place in the walk.
      const lots = qty - est[EXPLAINED_CONFIRMED]!;
      if (lots > 0) {
        this.ledger.append(inst, side * lots, 0, -1);
        this.ledger.stampLast(inst, f64, seqAt);
      }
    }
    this.onExecution(inst, qty - explained);
    this.loss.fill(inst, side, qty, f64, d + V3_DWORD);
    this.refreshInst(inst);
    return result;
  }

  /**
   * @hot An order-status update (order-update-codec.ts): inst, arg status (`OrderStatusCode`),
   * v0 orderKey, v1 cumQty, v2 leavesQty, v3 side (±1; 0 or NaN not given), v4 reduceOnly
   * (1/0). A `cumQty` ahead of the
   * real fills seen becomes an inferred fill at once; terminal statuses are sticky.
   *
   * An order the engine did not send (another process, the venue's screen) is tracked from its
   * first update that gives its side and leaves it open (`OUTSIDE_ORDER`): its leaves count as
   * open exposure on its side, exactly like an approved order's, until an update ends it
   * (filled, cancelled, rejected); executions its updates report stay counted as open until its
   * fills arrive (order-table.ts `pending`). Otherwise `UNKNOWN_ORDER` (counted), as before.
   */
  private orderUpdateEvent(i32: Int32Array, f64: Float64Array, off: number): number {
    const w = off >> 2;
    const inst = i32[w + INST_WORD]!;
    if (!this.validInst(inst)) return ApplyResult.UNKNOWN_INSTRUMENT;
    this.counters[Counter.ORDER_UPDATES]!++;
    const d = off >> 3;
    const cumQty = f64[d + V1_DWORD]!;
    const status = i32[w + ARG_WORD]!;
    if (!(cumQty >= 0) || !Number.isSafeInteger(cumQty) || !(f64[d + V2_DWORD]! >= 0) || !(status >= 0) || status > OrderStatusCode.REJECTED) {
      return this.invalid();
    }
    const o = this.orders;
    const slot = o.findAt(f64, d + V0_DWORD);
    if (slot < 0) return this.firstOutsideUpdate(inst, status, cumQty, f64, d);
    if (o.inst[slot] !== inst) {
      this.counters[Counter.UNKNOWN_ORDER_UPDATES]!++;
      return ApplyResult.UNKNOWN_ORDER;
    }
    this.lastMessageAt[inst] = this.timeCell[0]!;
    if (o.outside[slot] === 1) return this.outsideUpdate(slot, inst, status, cumQty, f64, d);
    const before = o.open(slot);
    if (cumQty > o.reportedCum[slot]!) o.reportedCum[slot] = cumQty;
    const unseen = o.reportedCum[slot]! - o.realFilled[slot]!;
    const inferred = this.inferred;
    const delta = unseen - inferred.outstanding[slot]! - inferred.confirmed[slot]!;
    if (delta > 0) {
      inferred.report(slot, delta);
      this.ledger.append(inst, o.side[slot]! * delta, delta, slot);
      this.counters[Counter.INFERRED_FILLS]!++;
    }
    const s = o.state[slot]!;
    if (status >= OrderStatusCode.FILLED) o.state[slot] = OrderState.DONE;
    else if (s === OrderState.INFLIGHT) o.state[slot] = OrderState.LIVE;
    this.adjustOpen(slot, before);
    this.syncStrategy(slot);
    if (s !== OrderState.DONE && o.state[slot] === OrderState.DONE) this.activeOrders[inst]!--;
    o.releaseIfSettled(slot);
    if (delta > 0) {
      this.onExecution(inst, delta);
      this.refreshInst(inst); // the inferred entry moved the interval (and may have tripped the guard)
    }
    return ApplyResult.OK;
  }

  /**
   * @hot The first update of an order the engine does not track: an outside order is taken when
   * the update gives its side and leaves it open with leaves (a finished one has nothing open:
   * its fills count as they arrive). `UNKNOWN_ORDER` otherwise: also for a late update of an
   * order that finished recently (order-table.ts `finishedRecently`: a re-sent stale partial must
   * not become a resting order nothing ends), or when the table is full (then counted as
   * untracked: its leaves are not in the open exposure).
   */
  private firstOutsideUpdate(inst: number, status: number, cumQty: number, f64: Float64Array, d: number): number {
    const side = f64[d + V3_DWORD]!;
    const leaves = f64[d + V2_DWORD]!;
    const reduceOnly = f64[d + V4_DWORD]! === 1 ? 1 : 0;
    if ((side !== 1 && side !== -1) || !(f64[d + V0_DWORD]! >= 0) || status >= OrderStatusCode.FILLED || !(leaves >= 1) || !Number.isSafeInteger(leaves)
      || this.orders.finishedRecently(f64, d + V0_DWORD)) {
      this.counters[Counter.UNKNOWN_ORDER_UPDATES]!++;
      return ApplyResult.UNKNOWN_ORDER;
    }
    const slot = this.orders.allocateOutside(inst, side, leaves, cumQty, reduceOnly, f64, d + V0_DWORD);
    if (slot < 0) {
      this.counters[Counter.UNKNOWN_ORDER_UPDATES]!++;
      this.counters[Counter.OUTSIDE_ORDERS_UNTRACKED]!++;
      return ApplyResult.UNKNOWN_ORDER;
    }
    this.lastMessageAt[inst] = this.timeCell[0]!;
    this.counters[Counter.OUTSIDE_ORDERS]!++;
    this.outsideActive[inst]!++;
    this.adjustOpen(slot, 0);
    return ApplyResult.OUTSIDE_ORDER;
  }

  /**
   * @hot A later update of an outside order: its leaves as reported (0 once it ended), its
   * reported executions; a terminal status ends it (sticky, as for approved orders). The slot is
   * freed once it ended and every reported execution's fill has arrived.
   */
  private outsideUpdate(slot: number, inst: number, status: number, cumQty: number, f64: Float64Array, d: number): number {
    const o = this.orders;
    const leaves = f64[d + V2_DWORD]!;
    if (status < OrderStatusCode.FILLED && o.state[slot] !== OrderState.DONE && !Number.isSafeInteger(leaves)) return this.invalid();
    const before = o.open(slot);
    if (cumQty > o.reportedCum[slot]!) o.reportedCum[slot] = cumQty;
    if (f64[d + V4_DWORD] === 1) o.reduceOnly[slot] = 1;
    if (o.state[slot] !== OrderState.DONE) {
      if (status >= OrderStatusCode.FILLED) {
        o.state[slot] = OrderState.DONE;
        o.leaves[slot] = 0;
        this.outsideActive[inst]!--;
      } else {
        o.leaves[slot] = leaves;
      }
    }
    this.adjustOpen(slot, before);
    o.releaseIfSettled(slot);
    return ApplyResult.OK;
  }

  /** @hot A fill of an outside order: its reported-but-unseen lots shrink by it. */
  private outsideFill(slot: number, qty: number): void {
    const o = this.orders;
    const before = o.open(slot);
    o.realFilled[slot]! += qty;
    this.adjustOpen(slot, before);
    o.releaseIfSettled(slot);
  }

  /** @hot Feed connectivity (feed-status-codec.ts): inst (or `ALL_INSTRUMENTS`), arg 1 up, 0 down. */
  private feedStatusEvent(i32: Int32Array, off: number): number {
    const inst = i32[(off >> 2) + INST_WORD]!;
    if (inst !== ALL_INSTRUMENTS && !this.validInst(inst)) return ApplyResult.UNKNOWN_INSTRUMENT;
    this.counters[Counter.FEED_EVENTS]!++;
    const up = i32[(off >> 2) + ARG_WORD] === 1;
    const from = inst === ALL_INSTRUMENTS ? 0 : inst;
    const to = inst === ALL_INSTRUMENTS ? this.instrumentCount : inst + 1;
    for (let i = from; i < to; i++) {
      if (up) {
        if (this.feedUp[i] === 0) {
          this.awaitingSnapshot[i] = 1;
          this.ledger.noteReconnect(i);
        }
        this.feedUp[i] = 1;
        this.lastMessageAt[i] = this.timeCell[0]!;
      } else {
        this.feedUp[i] = 0;
      }
      this.refreshInst(i);
    }
    return ApplyResult.OK;
  }

  /** @hot A heartbeat: inst (or `ALL_INSTRUMENTS`). */
  private heartbeatEvent(i32: Int32Array, off: number): number {
    const inst = i32[(off >> 2) + INST_WORD]!;
    if (inst !== ALL_INSTRUMENTS && !this.validInst(inst)) return ApplyResult.UNKNOWN_INSTRUMENT;
    this.counters[Counter.HEARTBEATS]!++;
    // A loop, not fill(): fill's argument would be a boxed epoch time.
    const from = inst === ALL_INSTRUMENTS ? 0 : inst;
    const to = inst === ALL_INSTRUMENTS ? this.instrumentCount : inst + 1;
    for (let i = from; i < to; i++) this.lastMessageAt[i] = this.timeCell[0]!;
    return ApplyResult.OK;
  }

  /** @hot A reference price for the price band (mark-codec.ts): inst, v0 price. */
  private markEvent(i32: Int32Array, f64: Float64Array, off: number): number {
    const inst = i32[(off >> 2) + INST_WORD]!;
    if (!this.validInst(inst)) return ApplyResult.UNKNOWN_INSTRUMENT;
    this.counters[Counter.MARKS]!++;
    const price = f64[(off >> 3) + V0_DWORD]!;
    if (!(price > 0) || !Number.isFinite(price)) return this.invalid();
    this.mark[inst] = price;
    this.accounts.noteMark(inst);
    this.loss.mark(inst, f64, (off >> 3) + V0_DWORD);
    // A hedge instrument's legs are one instrument: one price for both.
    const pair = this.pair[inst]!;
    if (pair >= 0) {
      this.mark[pair] = price;
      this.accounts.noteMark(pair);
      this.loss.mark(pair, f64, (off >> 3) + V0_DWORD);
    }
    return ApplyResult.OK;
  }

  /**
   * @hot This host's lease of a firm-wide limit (lease-codec.ts): inst, v0 long, v1 short (lots,
   * integers >= 0), v2 forMs (ms from now on the engine's clock, >= 0). Risk-increasing
   * orders then also need `estPosMax + openBuy + qty <= leaseLong` (`estPosMin - openSell - qty
   * >= -leaseShort`) until it lapses; after that the lease counts as 0 (reduce-only) until the
   * next one. A zero lease with 0 ms is how a host starts: nothing risk-increasing before its
   * first lease.
   */
  private leaseEvent(i32: Int32Array, f64: Float64Array, off: number): number {
    const inst = i32[(off >> 2) + INST_WORD]!;
    if (!this.validInst(inst)) return ApplyResult.UNKNOWN_INSTRUMENT;
    const d = off >> 3;
    const long = f64[d + V0_DWORD]!;
    const short = f64[d + V1_DWORD]!;
    const forMs = f64[d + V2_DWORD]!;
    if (!(long >= 0) || !Number.isSafeInteger(long) || !(short >= 0) || !Number.isSafeInteger(short) || !(forMs >= 0) || !Number.isFinite(forMs)) {
      return this.invalid();
    }
    this.leaseLong[inst] = long;
    this.leaseShort[inst] = short;
    this.leaseUntil[inst] = this.timeCell[0]! + forMs;
    return ApplyResult.OK;
  }

  // ---------------------------------------------------------------- requests (hot: the slot)

  /**
   * @hot The order check without its effect: what `decide` would answer for the ORDER slot at
   * `off` (APPROVED unless the order table has no slot left, which only admitting finds out),
   * changing nothing the model reads. The checks of the class comment in their order, written for
   * the hot path: the instrument index is read as the int32 it is in the slot, and every per-instrument input
   * but the live exposure, the lease and the throttles' windows is read from the instrument's gate
   * record (instrument-gate-layout.ts: its trading state, health, interval and limits in one
   * typed array), so the common case is a few loads and compares from one place. Must answer
   * exactly what `screenOrderReference` answers, the same checks written one by one from the
   * engine's own arrays (test/risk/check-order-differential.test.ts).
   */
  screenOrder(i32: Int32Array, f64: Float64Array, off: number): number {
    const w = off >> 2;
    const d = off >> 3;
    const inst = i32[w + INST_WORD]!;
    // 1. Per-order checks. (The slot's inst is an int32: a range check is the whole test.)
    if (inst < 0 || inst >= this.instrumentCount) return DENY_UNKNOWN_INSTRUMENT;
    // The arg word: side in its low byte, strategy index + 1 above (order-request-codec.ts `orderArg`).
    const arg = i32[w + ARG_WORD]!;
    const side = (arg << 24) >> 24;
    const strategy = ((arg - side) >> 8) - 1;
    const qty = f64[d + V2_DWORD]!;
    const price = f64[d + V3_DWORD]!;
    const reduceOnly = f64[d + V4_DWORD]!;
    if (!(qty >= 1) || !Number.isSafeInteger(qty) || (side !== 1 && side !== -1) || !(price > 0) || !Number.isFinite(price)) {
      return DENY_INVALID_ORDER;
    }
    if ((reduceOnly !== 0 && reduceOnly !== 1) || strategy < -1 || strategy >= this.strategyCount) return DENY_INVALID_ORDER;
    if (this.orders.findAt(f64, d + V0_DWORD) >= 0) return DENY_DUPLICATE_ORDER_ID;
    const g = this.rec;
    const b = inst * GATE_STRIDE;
    if (qty > g[b + GateField.MAX_ORDER_QTY]!) return DENY_MAX_ORDER_QTY;
    if (qty * g[b + GateField.LOT_SIZE]! * price > g[b + GateField.NOTIONAL_CAP]!) return DENY_MAX_ORDER_NOTIONAL;
    const bps = g[b + GateField.BAND_BPS]!;
    if (bps !== 0) {
      const m = this.mark[inst]!;
      // No reference price yet: the band cannot be checked, so it does not pass.
      if (!(m > 0)) return DENY_PRICE_BAND;
      const diff = price > m ? price - m : m - price;
      if (!(diff * 10000 <= bps * m)) return DENY_PRICE_BAND;
    }
    if (this.duplicates.isDuplicate(inst, side * qty, f64, d + V3_DWORD)) return DENY_DUPLICATE_ORDER;

    // 2. Trading state.
    if (this.journalDown === 1) return DENY_JOURNAL_DOWN;
    const globalKill = this.globalKill;
    if (globalKill === KillMode.HALT) return DENY_KILL_SWITCH;
    const halt = g[b + GateField.HALT]!;
    if (halt !== 0) return halt; // KILL_SWITCH, then FLIP_FLOP
    // The worst case on the order's side once it counts as open: the highest long a buy can
    // make, the lowest short a sell can; the reducing test and both limits compare it.
    const worst = side > 0 ? g[b + GateField.EST_HI]! + this.openBuy[inst]! + qty : g[b + GateField.EST_LO]! - this.openSell[inst]! - qty;
    // Under known loss the interval no longer bounds the truth: nothing is reducing by it. A
    // venue-enforced reduce-only order passes the reduce mode, the health gate and the position
    // limits (the venue caps it at the true position); it still counts as open.
    const reducing = (side > 0 ? worst <= 0 : worst >= 0) && g[b + GateField.KNOWN_LOSS] === 0;
    // A breached loss limit of the instrument or its account (loss-book.ts): LOSS_LIMIT or DRAWDOWN_LIMIT.
    const loss = this.loss.gateCode[inst]!;
    if (!reducing && reduceOnly === 0) {
      if (globalKill === KillMode.REDUCE || g[b + GateField.REDUCE] === 1) return DENY_REDUCE_ONLY;
      if (loss !== 0) return loss;
      // The health gate (`gateHealth`): the record's event-driven code, the two clock checks here.
      const health = g[b + GateField.HEALTH]!;
      if (health === DENY_FEED_STALE) return health;
      const now = this.timeCell[0]!;
      const hb = g[b + GateField.HEARTBEAT_MS]!;
      if (hb > 0 && now - this.lastMessageAt[inst]! > hb) return DENY_FEED_STALE;
      const stale = g[b + GateField.STALE_MS]!;
      if (stale > 0 && g[b + GateField.OLDEST_UNCONFIRMED_AT]! < now - stale) return DENY_FEED_STALE;
      if (health !== DENY_APPROVED) return health;
    } else if (loss !== 0 && this.loss.gateHalt[inst] === 1) {
      return loss; // onBreach halt: not even a reducing order
    }

    if (reduceOnly === 0) {
      // 3. Position limits on the worst case, then the firm-wide lease on the same worst case;
      // lapsed: 0 on both sides (a risk-reducing order always fits 0, every other is denied).
      if (side > 0 ? worst > g[b + GateField.MAX_LONG]! : worst < -g[b + GateField.MAX_SHORT]!) return DENY_POSITION_LIMIT;
      const pair = this.pair[inst]!;
      if (pair >= 0) {
        // A hedge leg: the net of both legs once this order counts, at its worst on the order's side.
        const p = pair * GATE_STRIDE;
        const net = side > 0 ? worst + g[p + GateField.EST_HI]! + this.openBuy[pair]! : worst + g[p + GateField.EST_LO]! - this.openSell[pair]!;
        if (side > 0 ? net > this.netMaxLong[inst]! : net < -this.netMaxShort[inst]!) return DENY_NET_POSITION_LIMIT;
      }
      const lapsed = this.timeCell[0]! > this.leaseUntil[inst]!;
      if (side > 0 ? worst > (lapsed ? 0 : this.leaseLong[inst]!) : worst < -(lapsed ? 0 : this.leaseShort[inst]!)) return DENY_LEASE_LIMIT;
    }
    if (strategy >= 0) {
      // The strategy's own limits on the instrument: its position and open orders, its open notional.
      const k = strategy * this.instrumentCount + inst;
      if (reduceOnly === 0) {
        const own = side > 0 ? this.strategyPosition[k]! + this.strategyOpenBuy[k]! + qty : this.strategyPosition[k]! - this.strategyOpenSell[k]! - qty;
        if (side > 0 ? own > this.strategyMaxLong[k]! : own < -this.strategyMaxShort[k]!) return DENY_STRATEGY_POSITION_LIMIT;
      }
      if (this.strategyOpenNotional[k]! + qty * g[b + GateField.LOT_SIZE]! * price > this.strategyNotionalCap[k]!) return DENY_STRATEGY_NOTIONAL_LIMIT;
    }
    if (reduceOnly === 0 && !reducing) {
      // The account's notional (account-book.ts), for an order that adds to its instrument's risk.
      const acct = this.accounts.check(inst, side, qty, f64, d + V3_DWORD);
      if (acct === 1) return DENY_ACCOUNT_GROSS_NOTIONAL;
      if (acct === 2) return DENY_ACCOUNT_NET_NOTIONAL;
    }

    // 4. Throttles.
    if (this.activeOrders[inst]! >= g[b + GateField.MAX_OPEN]!) return DENY_MAX_OPEN_ORDERS;
    if (this.rate.full(inst)) return DENY_RATE_LIMIT;
    if (!reducing && reduceOnly === 0 && this.otrMaxRatio[inst]! > 0 && this.orderToTradeTripped(inst)) return DENY_ORDER_TO_TRADE;
    return DENY_APPROVED;
  }

  /**
   * @hot The order-to-trade guard of `inst` (on): at least `minOrders` messages in the window and
   * more than `maxRatio` per fill of the engine's orders in it (no fill counts as one).
   */
  private orderToTradeTripped(inst: number): boolean {
    const m = this.otrMessages.sum(inst);
    if (m < this.otrMinOrders[inst]!) return false;
    const t = this.otrTrades.sum(inst);
    return m > this.otrMaxRatio[inst]! * (t > 1 ? t : 1);
  }

  /**
   * @hot Moves the strategy's position, open lots and open notional to what the own order in
   * `slot` counts now (its executed lots, `open(slot)`); nothing for an order of no strategy.
   * Called wherever the order's real fills, reported cumQty or state changed, before the slot
   * may be released.
   */
  private syncStrategy(slot: number): void {
    const o = this.orders;
    const s = o.strategy[slot]!;
    if (s < 0) return;
    const inst = o.inst[slot]!;
    const k = s * this.instrumentCount + inst;
    const side = o.side[slot]!;
    const open = o.open(slot);
    const dOpen = open - o.strategyOpen[slot]!;
    if (dOpen !== 0) {
      o.strategyOpen[slot] = open;
      if (side > 0) this.strategyOpenBuy[k]! += dOpen;
      else this.strategyOpenSell[k]! += dOpen;
      // Lots are exact integers; the notional sums products: back to exactly 0 with no lots open.
      if (this.strategyOpenBuy[k] === 0 && this.strategyOpenSell[k] === 0) this.strategyOpenNotional[k] = 0;
      else this.strategyOpenNotional[k]! += dOpen * this.lotSize[inst]! * o.price[slot]!;
    }
    const done = o.executed(slot);
    const dDone = done - o.strategyDone[slot]!;
    if (dDone !== 0) {
      o.strategyDone[slot] = done;
      this.strategyPosition[k]! += side * dDone;
    }
  }

  /**
   * @hot Admits the order at `off` that `screenOrder` approved: it takes an order slot
   * (`MAX_OPEN_ORDERS` when every slot is taken by an order still counting) and counts as open
   * at once, in the throttle and the duplicate window.
   */
  private admit(i32: Int32Array, f64: Float64Array, off: number): number {
    const w = off >> 2;
    const d = off >> 3;
    const inst = i32[w + INST_WORD]!;
    const arg = i32[w + ARG_WORD]!;
    const side = (arg << 24) >> 24;
    const qty = f64[d + V2_DWORD]!;
    const slot = this.orders.allocate(inst, side, qty, f64, d + V0_DWORD, d + V3_DWORD, ((arg - side) >> 8) - 1);
    if (slot < 0) return DENY_MAX_OPEN_ORDERS;
    if (side > 0) this.openBuy[inst]! += qty;
    else this.openSell[inst]! += qty;
    this.activeOrders[inst]!++;
    this.syncStrategy(slot);
    this.accounts.noteOrder(inst, f64, d + V3_DWORD);
    this.rate.record(inst);
    if (this.otrMaxRatio[inst]! > 0) this.otrMessages.add(inst, 1);
    this.duplicates.record(inst, side * qty, f64, d + V3_DWORD);
    return DENY_APPROVED;
  }

  /**
   * Cold: the reference of `screenOrder`, the checks of the class comment one by one as the
   * model states them, from the engine's own per-instrument arrays and the reference health gate
   * (`healthCode`' order, via `gateHealth`). Changes nothing the model reads. The hot check must
   * answer the same for every state and order (test/risk/check-order-differential.test.ts).
   */
  screenOrderReference(i32: Int32Array, f64: Float64Array, off: number): number {
    const w = off >> 2;
    const d = off >> 3;
    const inst = i32[w + INST_WORD]!;
    const side = orderArgSide(i32[w + ARG_WORD]!);
    const strategy = orderArgStrategy(i32[w + ARG_WORD]!);
    const qty = f64[d + V2_DWORD]!;
    const price = f64[d + V3_DWORD]!;
    const reduceOnly = f64[d + V4_DWORD]!;
    // 1. Per-order checks.
    if (!this.validInst(inst)) return DENY_UNKNOWN_INSTRUMENT;
    if (!(qty >= 1) || !Number.isSafeInteger(qty) || (side !== 1 && side !== -1) || !(price > 0) || !Number.isFinite(price)) {
      return DENY_INVALID_ORDER;
    }
    if (reduceOnly !== 0 && reduceOnly !== 1) return DENY_INVALID_ORDER;
    if (strategy !== -1 && !(strategy >= 0 && strategy < this.strategyCount)) return DENY_INVALID_ORDER;
    if (this.orders.findAt(f64, d + V0_DWORD) >= 0) return DENY_DUPLICATE_ORDER_ID;
    if (qty > this.maxOrderQty[inst]!) return DENY_MAX_ORDER_QTY;
    // Relative tolerance: an order exactly at the limit passes despite binary rounding (0.1 lots).
    if (qty * this.lotSize[inst]! * price > this.maxNotional[inst]! * (1 + 1e-12)) return DENY_MAX_ORDER_NOTIONAL;
    if (!this.withinBand(inst, price)) return DENY_PRICE_BAND;
    if (this.duplicates.isDuplicate(inst, side * qty, f64, d + V3_DWORD)) return DENY_DUPLICATE_ORDER;

    // 2. Trading state.
    if (this.journalDown === 1) return DENY_JOURNAL_DOWN;
    if (this.globalKill === KillMode.HALT) return DENY_KILL_SWITCH;
    if (this.killMode[inst] === KillMode.HALT) return DENY_KILL_SWITCH;
    if (this.flipHalted[inst] === 1) return DENY_FLIP_FLOP;
    this.ledger.estimate(inst);
    const est = this.ledger.est;
    const worst = side > 0 ? est[EST_HI]! + this.openBuy[inst]! + qty : est[EST_LO]! - this.openSell[inst]! - qty;
    const reducing = (side > 0 ? worst <= 0 : worst >= 0) && !this.knownLoss(inst);
    const lossCode = this.lossCode(inst);
    if (!reducing && reduceOnly === 0) {
      if (this.globalKill === KillMode.REDUCE || this.killMode[inst] === KillMode.REDUCE) return DENY_REDUCE_ONLY;
      if (lossCode !== 0) return lossCode;
      const health = this.healthCode(inst);
      if (health !== DENY_APPROVED) return health;
    } else if (lossCode !== 0 && this.lossHalts(inst)) {
      return lossCode;
    }

    if (reduceOnly === 0) {
      // 3. Position limits, then the firm-wide lease (lapsed: 0 on both sides).
      if (side > 0 ? worst > this.maxLong[inst]! : worst < -this.maxShort[inst]!) return DENY_POSITION_LIMIT;
      const pair = this.pair[inst]!;
      if (pair >= 0) {
        this.ledger.estimate(pair);
        const net = side > 0 ? worst + est[EST_HI]! + this.openBuy[pair]! : worst + est[EST_LO]! - this.openSell[pair]!;
        if (side > 0 ? net > this.netMaxLong[inst]! : net < -this.netMaxShort[inst]!) return DENY_NET_POSITION_LIMIT;
      }
      const lapsed = this.timeCell[0]! > this.leaseUntil[inst]!;
      if (side > 0 ? worst > (lapsed ? 0 : this.leaseLong[inst]!) : worst < -(lapsed ? 0 : this.leaseShort[inst]!)) return DENY_LEASE_LIMIT;
      // The strategy's own position limit on the same worst case, from its own fills and open orders.
      if (strategy >= 0) {
        const k = strategy * this.instrumentCount + inst;
        const own = side > 0 ? this.strategyPosition[k]! + this.strategyOpenBuy[k]! + qty : this.strategyPosition[k]! - this.strategyOpenSell[k]! - qty;
        if (side > 0 ? own > this.strategyMaxLong[k]! : own < -this.strategyMaxShort[k]!) return DENY_STRATEGY_POSITION_LIMIT;
      }
    }
    if (strategy >= 0) {
      const k = strategy * this.instrumentCount + inst;
      if (this.strategyOpenNotional[k]! + qty * this.lotSize[inst]! * price > this.strategyMaxNotional[k]! * (1 + 1e-12)) return DENY_STRATEGY_NOTIONAL_LIMIT;
    }
    if (reduceOnly === 0 && !reducing) {
      const acct = this.accountCheckReference(inst, side, qty, price);
      if (acct !== DENY_APPROVED) return acct;
    }

    // 4. Throttles (orders and cancels are messages in the rate window).
    if (this.activeOrders[inst]! >= this.maxOpen[inst]!) return DENY_MAX_OPEN_ORDERS;
    if (this.rate.enabled(inst) && this.rate.countInWindow(inst) >= this.rateMax[inst]!) return DENY_RATE_LIMIT;
    if (!reducing && reduceOnly === 0 && this.otrMaxRatio[inst]! > 0) {
      const messages = this.otrMessages.sum(inst);
      const trades = this.otrTrades.sum(inst);
      if (messages >= this.otrMinOrders[inst]! && messages > this.otrMaxRatio[inst]! * Math.max(1, trades)) return DENY_ORDER_TO_TRADE;
    }
    return DENY_APPROVED;
  }

  /**
   * @hot May this cancel go out? (cancel-request-codec.ts: v0 orderKey.) Always yes for a live
   * order (a cancel never adds risk); the order keeps counting until the venue confirms.
   * `UNKNOWN_ORDER` otherwise. An approved cancel is a message to the venue: it is recorded in
   * its instrument's order-rate window and order-to-trade window, never denied by them (a full
   * rate window throttles the next order instead).
   */
  private cancelRequest(f64: Float64Array, off: number): number {
    const slot = this.orders.findAt(f64, (off >> 3) + V0_DWORD);
    let code: number = DENY_APPROVED;
    if (slot < 0 || !this.orders.isActive(slot)) code = DENY_UNKNOWN_ORDER;
    else {
      this.orders.state[slot] = OrderState.PENDING_CANCEL;
      const inst = this.orders.inst[slot]!;
      this.rate.record(inst);
      if (this.otrMaxRatio[inst]! > 0) this.otrMessages.add(inst, 1);
    }
    this.counters[Counter.DECISIONS + code]!++;
    return code;
  }

  /**
   * @hot The kill switch (kill-request-codec.ts): arg mode (`KillMode`), inst (or
   * `ALL_INSTRUMENTS`). `HALT` denies
   * every new order and queues a cancel-all; `REDUCE` lets only risk-reducing orders through;
   * `RESUME` clears the kill mode, a flip-flop halt and the flip-flop windows (globally: of every
   * instrument).
   */
  private killRequest(i32: Int32Array, off: number): number {
    const inst = i32[(off >> 2) + INST_WORD]!;
    const mode = i32[(off >> 2) + ARG_WORD]!;
    if (inst !== ALL_INSTRUMENTS && !this.validInst(inst)) return DENY_UNKNOWN_INSTRUMENT;
    if (mode !== KillMode.HALT && mode !== KillMode.REDUCE && mode !== KillMode.RESUME) return DENY_INVALID_ORDER;
    if (inst === ALL_INSTRUMENTS) {
      this.globalKill = mode;
      if (mode === KillMode.RESUME) {
        for (let i = 0; i < this.instrumentCount; i++) this.resume(i);
        // The accounts' loss limits end with the global resume only.
        for (let a = 0; a < this.accounts.accounts; a++) this.loss.resume(this.instrumentCount + a);
      }
    } else if (mode === KillMode.RESUME) {
      this.resume(inst);
    } else {
      this.killMode[inst] = mode;
      this.refreshInst(inst);
    }
    if (mode === KillMode.HALT) this.queueCancelAll(inst);
    return DENY_APPROVED;
  }

  /** @hot Next cancel-all request (an instrument index or `ALL_INSTRUMENTS`), or `NO_CANCEL_ALL`. */
  takeCancelAll(): number {
    if (this.cancelAllLen === 0) return NO_CANCEL_ALL;
    const v = this.cancelAllQueue[this.cancelAllHead]!;
    this.cancelAllHead = (this.cancelAllHead + 1) % CANCEL_ALL_QUEUE;
    this.cancelAllLen--;
    return v;
  }

  /** @hot The global kill mode (`KillMode`). */
  get globalKillMode(): number {
    return this.globalKill;
  }

  /**
   * @hot True while the engine knows events of this instrument may be missing ("known loss"): a
   * contiguous-sequence gap no snapshot has covered, the feed down (a dead worker, a
   * full ring or event lane holds it down), or back up and not yet re-snapshotted. An execution
   * nobody reported can then be anywhere, so the interval no longer bounds the true position:
   * no order is risk-reducing by it, and only venue-enforced reduce-only orders pass the gate.
   * Each of these also closes the health gate (FEED_STALE, SEQUENCE_GAP), which names the cause.
   */
  knownLoss(inst: number): boolean {
    return this.feedUp[inst] === 0 || this.awaitingSnapshot[inst] === 1 || this.ledger.gapOpen(inst);
  }

  /**
   * @hot Why risk-increasing orders are blocked on this instrument right now (0 when healthy):
   * stale feed, open sequence gap, unexplained snapshot, unconfirmed budget exceeded.
   */
  healthCode(inst: number): number {
    const l = this.ledger;
    if (this.feedUp[inst] === 0 || this.awaitingSnapshot[inst] === 1 || l.hasSnap[inst] === 0) return DENY_FEED_STALE;
    const hb = this.heartbeatMs[inst]!;
    if (hb > 0 && this.timeCell[0]! - this.lastMessageAt[inst]! > hb) return DENY_FEED_STALE;
    const stale = this.staleMs[inst]!;
    if (stale > 0 && l.unconfirmedOlderThan(inst, stale)) return DENY_FEED_STALE;
    if (l.gapOpen(inst)) return DENY_SEQUENCE_GAP;
    // Late fills that may be inside the snapshot only widen the interval, which still bounds the position.
    if (l.ambiguous[inst] === 1 && l.lateOnly[inst] === 0) return DENY_POSITION_MISMATCH;
    if (l.unconfirmedCount(inst) > this.budgetFills[inst]! || l.unconfirmedQty(inst) > this.budgetQty[inst]!) {
      return DENY_UNCONFIRMED_FILLS;
    }
    return DENY_APPROVED;
  }

  /**
   * @hot The health gate as the order check reads it: the event-driven part from the gate record
   * (instrument-gate.ts), the two clock checks (heartbeat, unconfirmed fills' age) made here.
   * Always equal to `healthCode(inst)` (test/risk/instrument-gate.test.ts checks it after every
   * event of a seeded script); `inst` must be valid.
   */
  gateHealth(inst: number): number {
    const g = this.gate.rec;
    const b = inst * GATE_STRIDE;
    const health = g[b + GateField.HEALTH]!;
    if (health === DENY_FEED_STALE) return health;
    const now = this.timeCell[0]!;
    const hb = this.heartbeatMs[inst]!;
    if (hb > 0 && now - this.lastMessageAt[inst]! > hb) return DENY_FEED_STALE;
    const stale = this.staleMs[inst]!;
    if (stale > 0 && g[b + GateField.OLDEST_UNCONFIRMED_AT]! < now - stale) return DENY_FEED_STALE;
    return health;
  }

  /** Cold (the reference): the loss-limit code of the instrument's scope and its account's, LOSS_LIMIT first. */
  lossCode(inst: number): number {
    const l = this.loss;
    const a = this.instrumentCount + this.accounts.account[inst]!;
    if (l.breach[inst] === DenyReason.LOSS_LIMIT || l.breach[a] === DenyReason.LOSS_LIMIT) return DenyReason.LOSS_LIMIT;
    return l.breach[inst] !== 0 ? l.breach[inst]! : l.breach[a]!;
  }

  /** Cold (the reference): does a breached scope of the instrument halt it (`onBreach` halt)? */
  lossHalts(inst: number): boolean {
    const l = this.loss;
    const a = this.instrumentCount + this.accounts.account[inst]!;
    return (l.breach[inst] !== 0 && l.halt[inst] === 1) || (l.breach[a] !== 0 && l.halt[a] === 1);
  }

  /**
   * Cold (the reference of `AccountBook.check`): the account's gross and net notional before and
   * with the order by a loop over its instruments, each priced as the book prices it and the
   * order's own at the fresh mark, else the higher of its limit price and the fallback.
   */
  private accountCheckReference(inst: number, side: number, qty: number, price: number): number {
    const book = this.accounts;
    const a = book.account[inst]!;
    const grossCap = book.grossCap[a]!;
    const netCap = book.netCap[a]!;
    if (grossCap === Infinity && netCap === Infinity) return DENY_APPROVED;
    let g1 = 0;
    let g2 = 0;
    let h1 = 0;
    let h2 = 0;
    let l1 = 0;
    let l2 = 0;
    let unknown = false;
    for (let i = 0; i < this.instrumentCount; i++) {
      if (book.account[i] !== a) continue;
      this.ledger.estimate(i);
      const hi = this.ledger.est[EST_HI]! + this.openBuy[i]!;
      const lo = this.ledger.est[EST_LO]! - this.openSell[i]!;
      if (i !== inst) {
        if (book.unbounded[i] === 1) unknown = true;
        const unit = this.lotSize[i]! * book.price[i]!;
        const v = Math.max(Math.abs(hi), Math.abs(lo)) * unit;
        g1 += v;
        g2 += v;
        h1 += hi * unit;
        h2 += hi * unit;
        l1 += lo * unit;
        l2 += lo * unit;
        continue;
      }
      const px = book.byMark[i] === 1 ? book.price[i]! : book.price[i] === Infinity ? price : Math.max(price, book.price[i]!);
      const unit = this.lotSize[i]! * px;
      const hi2 = side > 0 ? hi + qty : hi;
      const lo2 = side > 0 ? lo : lo - qty;
      g1 += Math.max(Math.abs(hi), Math.abs(lo)) * unit;
      g2 += Math.max(Math.abs(hi2), Math.abs(lo2)) * unit;
      h1 += hi * unit;
      h2 += hi2 * unit;
      l1 += lo * unit;
      l2 += lo2 * unit;
    }
    if (grossCap !== Infinity && (unknown || (g2 > grossCap && g2 > g1))) return DENY_ACCOUNT_GROSS_NOTIONAL;
    if (netCap === Infinity) return DENY_APPROVED;
    if (unknown) return DENY_ACCOUNT_NET_NOTIONAL;
    const n1 = Math.max(h1, -l1);
    const n2 = Math.max(h2, -l2);
    return n2 > netCap && n2 > n1 ? DENY_ACCOUNT_NET_NOTIONAL : DENY_APPROVED;
  }

  // ----------------------------------------------------------------- private

  private validInst(inst: number): boolean {
    return inst >= 0 && inst < this.instrumentCount && (inst | 0) === inst;
  }

  private invalid(): number {
    this.counters[Counter.INVALID_EVENTS]!++;
    return ApplyResult.INVALID;
  }

  /** Cold (the reference check): is `price` within the band around the mark? */
  private withinBand(inst: number, price: number): boolean {
    const bps = this.bandBps[inst]!;
    if (bps === 0) return true;
    const m = this.mark[inst]!;
    // No reference price yet: the band cannot be checked, so it does not pass.
    if (!(m > 0)) return false;
    const diff = price > m ? price - m : m - price;
    return diff * 10000 <= bps * m;
  }

  /** @hot Moves the order's open-exposure contribution from `before` to its current value. */
  private adjustOpen(slot: number, before: number): void {
    const d = this.orders.open(slot) - before;
    if (d === 0) return;
    const inst = this.orders.inst[slot]!;
    if (this.orders.side[slot]! > 0) this.openBuy[inst]! += d;
    else this.openSell[inst]! += d;
    this.accounts.refresh(inst);
  }

  /** @hot After an event changed an input of the instrument's gate record: the record and the account's terms. */
  private refreshInst(inst: number): void {
    this.gate.refresh(inst);
    this.accounts.refresh(inst);
  }

  /** @hot Flip-flop bookkeeping after `lots` newly known executed lots changed the position. */
  private onExecution(inst: number, lots: number): void {
    if (this.ffEnabled[inst] === 0 || this.flipHalted[inst] === 1) return;
    if (lots > 0 && this.gross.add(inst, lots) > this.ffGrossLimit[inst]!) {
      this.tripFlipFlop(inst);
      return;
    }
    const p = this.ledger.point(inst);
    if (!(p === p) || p === 0) return; // NaN (no snapshot yet) or flat: no sign
    const sign = p > 0 ? 1 : -1;
    const last = this.lastSign[inst]!;
    this.lastSign[inst] = sign;
    if (last !== 0 && sign !== last && this.reversals.add(inst, 1) > this.ffMaxReversals[inst]!) {
      this.tripFlipFlop(inst);
    }
  }

  private tripFlipFlop(inst: number): void {
    this.flipHalted[inst] = 1;
    this.flipUntil[inst] = this.timeCell[0]! + this.ffCooldown[inst]!;
    this.flipTripsOpen++;
    this.counters[Counter.FLIP_FLOP_TRIPS]!++;
    this.queueCancelAll(inst); // the fill or update that tripped it refreshes the gate record
  }

  /**
   * @hot Ends every flip-flop trip whose cool-down is over (the venues' market-maker protection
   * does the same after its frozen period): the guard's windows start empty, as after a manual
   * resume. Runs when the clock is read, only while a trip is open.
   */
  private endCooledTrips(): void {
    const now = this.timeCell[0]!;
    for (let i = 0; i < this.instrumentCount; i++) {
      if (this.flipHalted[i] === 1 && now >= this.flipUntil[i]!) {
        this.endTrip(i);
        this.counters[Counter.FLIP_FLOP_RESUMES]!++;
      }
    }
  }

  private endTrip(inst: number): void {
    if (this.flipHalted[inst] === 1) this.flipTripsOpen--;
    this.flipHalted[inst] = 0;
    this.flipUntil[inst] = Infinity;
    this.reversals.clear(inst);
    this.gross.clear(inst);
    this.refreshInst(inst);
  }

  private resume(inst: number): void {
    this.killMode[inst] = KillMode.RESUME;
    this.loss.resume(inst);
    this.endTrip(inst); // refreshes the gate record
  }

  private queueCancelAll(inst: number): void {
    if (this.cancelAllLen === CANCEL_ALL_QUEUE) {
      this.counters[Counter.CANCEL_ALL_DROPPED]!++;
      return;
    }
    this.cancelAllQueue[(this.cancelAllHead + this.cancelAllLen) % CANCEL_ALL_QUEUE] = inst;
    this.cancelAllLen++;
  }
}
