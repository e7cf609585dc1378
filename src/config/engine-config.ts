/**
 * The engine's configuration, declared once.
 *
 * Units: quantities in integer lots, prices in quote units, times in milliseconds.
 * `validateConfig` (validate-config.ts) parses untrusted JSON with the zod declaration of
 * config-schema.ts into a `ResolvedConfig`, collecting
 * every problem at once and rejecting unknown keys. The field docs below are the reference; the
 * README's configuration table is generated from `CONFIG_DOCS` and a test keeps the two in step.
 */

import type { ResolvedCpuMap } from '../native/cpu-map.js';

/** How the venue orders executions for the snapshot watermark. See docs/model.md "Reconciling a snapshot with the fills". */
export type SequenceMode = 'none' | 'monotonic' | 'contiguous';

export interface UnconfirmedBudget {
  /** Max fills not yet confirmed by a snapshot before only risk-reducing orders pass (count, >= 0). */
  readonly maxFills: number;
  /** Max absolute lots not yet confirmed by a snapshot (lots, >= 0). */
  readonly maxQty: number;
}

export interface OrderRate {
  /** Max approved orders in the sliding window (count, >= 1). */
  readonly max: number;
  /** Window length (ms, >= 1). */
  readonly perMs: number;
}

export interface FlipFlopGuard {
  /** Window over which reversals and gross traded quantity are counted (ms, >= 1). */
  readonly windowMs: number;
  /** Reversals of the position's sign tolerated in the window; one more halts (count, >= 0). */
  readonly maxReversals: number;
  /** Gross traded lots tolerated in the window, as a multiple of max(maxLong, maxShort) (> 0). */
  readonly maxGrossMultiple: number;
  /** How long a trip halts the instrument before it resumes by itself (ms, >= 1; default 30000). */
  readonly cooldownMs: number;
  /** A trip holds until a `resume` from the kill switch; `cooldownMs` is ignored (default false). */
  readonly manualResume: boolean;
}

/**
 * The order-to-trade guard of an instrument: messages sent (approved orders and approved
 * cancels) against fills of the engine's orders over a sliding window, as venues and exchange
 * gateways bound it. Beyond the ratio only risk-reducing orders pass (`ORDER_TO_TRADE`).
 */
export interface OrderToTradeGuard {
  /** Messages tolerated per fill in the window (> 0); no fill counts as one. */
  readonly maxRatio: number;
  /** Window length (ms, >= 1). */
  readonly windowMs: number;
  /** Fewer messages than this in the window never trip the guard (count, >= 1; default 50). */
  readonly minOrders: number;
}

/** A strategy's own limits on one engine instrument (`Infinity`: none). */
export interface StrategyLimits {
  /** Largest long position of the strategy's own fills, its open buys included (lots). */
  readonly maxLong: number;
  /** Largest short position, its open sells included (lots). */
  readonly maxShort: number;
  /** Largest price x leaves x lotSize of its live and in-flight orders (quote). */
  readonly maxOpenNotional: number;
}

/** One strategy's limits on one configured instrument (unset keys take the strategy's defaults). */
export interface StrategyInstrumentConfig {
  readonly symbol: string;
  readonly maxLong: number | undefined;
  readonly maxShort: number | undefined;
  readonly maxOpenNotional: number | undefined;
}

/**
 * A strategy channel declared by name (its index in `strategies` is what an ORDER slot
 * carries): limits on top of the instruments' own. Unset limits are off; a strategy not
 * declared is limited by the instruments only.
 */
export interface StrategyConfig {
  readonly name: string;
  /** Defaults for every instrument (`undefined`: off). */
  readonly maxLong: number | undefined;
  readonly maxShort: number | undefined;
  readonly maxOpenNotional: number | undefined;
  /** Per-instrument limits, replacing the defaults on that instrument (a hedge instrument: each leg). */
  readonly instruments: readonly StrategyInstrumentConfig[];
}

/**
 * How the venue account holds the instrument: `oneWay`, one position per instrument, or `hedge`,
 * a long leg and a short leg held at once (Bybit `positionIdx` 1/2, OKX `posSide` long/short,
 * Binance `positionSide` LONG/SHORT). See src/config/hedge-legs.ts.
 */
export type PositionMode = 'oneWay' | 'hedge';

/** A hedge instrument's leg limits: each leg on its own (the instrument's maxLong/maxShort bound the net). */
export interface LegLimits {
  /** Largest long leg, open buys on it included (lots, >= 0). */
  readonly maxLong: number;
  /** Largest short leg, open sells on it included (lots, >= 0). */
  readonly maxShort: number;
}

/** What a breached loss limit does to its scope: only risk-reducing orders (`reduce`) or none (`halt`). */
export type BreachMode = 'reduce' | 'halt';

/**
 * A scope's loss limits (an instrument, an account), on its PnL (realized + unrealized, average
 * cost, gross of fees: docs/model.md "Loss limits"). Off when absent.
 */
export interface LossLimit {
  /** The scope's PnL below -maxLoss trips LOSS_LIMIT (quote units, > 0; undefined: off). */
  readonly maxLoss: number | undefined;
  /** The PnL's fall from its peak within `drawdownWindowMs` beyond this trips DRAWDOWN_LIMIT (quote, > 0; undefined: off). */
  readonly maxDrawdown: number | undefined;
  /** The drawdown's window (ms, >= 8). */
  readonly drawdownWindowMs: number;
  readonly onBreach: BreachMode;
}

/**
 * An account: the instruments naming it share its limits on gross and net notional at the mark
 * and its loss limits. A config without accounts has one implicit account (`default`) without
 * limits, so it behaves exactly as before accounts existed.
 */
export interface AccountConfig {
  readonly name: string;
  /** Σ |worst-case position| × lotSize × price over the account's instruments (quote; undefined: off). */
  readonly maxGrossNotional: number | undefined;
  /** |Σ signed worst-case position × lotSize × price| (quote; undefined: off). */
  readonly maxNetNotional: number | undefined;
  /** A mark older than this is not fresh: the instrument is priced by the fallback (ms). */
  readonly markMaxAgeMs: number;
  readonly lossLimit: LossLimit | undefined;
}

export interface InstrumentConfig {
  readonly symbol: string;
  /** One-way: the position's limits. Hedge: the limits of the net of both legs (the legs' own in `legs`). */
  readonly maxLong: number;
  readonly maxShort: number;
  /** Absent: `oneWay` (a config built by hand before hedge mode existed reads as it did). */
  readonly mode?: PositionMode;
  /** Hedge instruments only (absent or `undefined` for one-way): each leg's limit. */
  readonly legs?: LegLimits | undefined;
  readonly sequence: SequenceMode;
  /** Decimal string: the size of one lot in the venue's base units (e.g. "0.001"). */
  readonly lotSize: string;
  readonly unconfirmed: UnconfirmedBudget;
  /** The optional guards are `undefined` when off. */
  readonly maxOrderQty: number | undefined;
  readonly maxOrderNotional: number | undefined;
  readonly priceBandBps: number | undefined;
  readonly maxOpenOrders: number | undefined;
  readonly orderRate: OrderRate | undefined;
  readonly duplicateWindowMs: number | undefined;
  readonly flipFlop: FlipFlopGuard | undefined;
  readonly snapshotStaleMs: number | undefined;
  readonly heartbeatTimeoutMs: number | undefined;
  readonly orderToTrade: OrderToTradeGuard | undefined;
  /** The account it belongs to (absent in configs built by hand: the implicit account). */
  readonly account?: string;
  /** The price an instrument without a fresh mark counts at, at least (quote; absent: none). */
  readonly refPrice?: number | undefined;
  /** The instrument's own loss limits (absent or undefined: off). */
  readonly lossLimit?: LossLimit | undefined;
}

/** Sizes of the preallocated tables. Nothing grows after construction. */
export interface CapacityConfig {
  /** Order slots shared by all instruments (live, in flight, or awaiting their last fills). */
  readonly maxOrders: number;
  /** Unconfirmed fills retained per instrument; older ones are folded into one aggregate. */
  readonly fillsPerInstrument: number;
  /** Recent execution ids remembered for de-duplication (FIFO eviction). */
  readonly execIds: number;
}

export interface ResolvedConfig {
  readonly instruments: readonly InstrumentConfig[];
  /**
   * Absent (no `accounts` in the document, or a config built by hand): one implicit account
   * without limits holds every instrument (`accountsOf`).
   */
  readonly accounts?: readonly AccountConfig[];
  readonly capacity: CapacityConfig;
  /** Strategy channels with limits of their own; empty or absent (a config built by hand) when none is declared. */
  readonly strategies?: readonly StrategyConfig[];
  /**
   * The `cpuMap` section: the CPU of each thread role (src/native/cpu-map.ts), shape-checked
   * only (ids 0..1023) so a recorded config replays on any host; `RiskGate` checks it against
   * its host and chooses between it, `options.cpuMap` and RISKGATE_CPU_MAP (`chooseCpuMap`).
   * Absent: no section (threads unpinned unless another source gives a map).
   */
  readonly cpuMap?: ResolvedCpuMap;
}

/** Defaults, with unit and range; frozen. */
export const CONFIG_DEFAULTS = Object.freeze({
  /** none | monotonic | contiguous */
  sequence: 'none' as SequenceMode,
  /** oneWay | hedge */
  mode: 'oneWay' as PositionMode,
  /** decimal string > 0 */
  lotSize: '1',
  /** strict: any unconfirmed fill blocks new risk */
  unconfirmed: Object.freeze({ maxFills: 0, maxQty: 0 }),
  capacity: Object.freeze({ maxOrders: 4096, fillsPerInstrument: 256, execIds: 65536 }),
  /** ms a flip-flop trip holds before the instrument resumes by itself */
  flipFlopCooldownMs: 30_000,
  /** messages in an order-to-trade window below which the guard never trips */
  orderToTradeMinOrders: 50,
  /** ms a mark stays fresh for the account limits */
  markMaxAgeMs: 10_000,
  /** ms of the drawdown window */
  drawdownWindowMs: 3_600_000,
  /** reduce | halt */
  onBreach: 'reduce' as BreachMode,
  /** the implicit account's name */
  account: 'default',
});

/** The limits of strategy `s` on configured instrument `symbol` (`Infinity` where off). */
export function strategyLimits(s: StrategyConfig, symbol: string): StrategyLimits {
  const e = s.instruments.find((i) => i.symbol === symbol);
  return {
    maxLong: e?.maxLong ?? s.maxLong ?? Infinity,
    maxShort: e?.maxShort ?? s.maxShort ?? Infinity,
    maxOpenNotional: e?.maxOpenNotional ?? s.maxOpenNotional ?? Infinity,
  };
}

/** The accounts of a config: its list, or the one implicit account (every instrument, no limits). */
export function accountsOf(config: ResolvedConfig): readonly AccountConfig[] {
  return config.accounts ?? [{ name: CONFIG_DEFAULTS.account, maxGrossNotional: undefined, maxNetNotional: undefined, markMaxAgeMs: CONFIG_DEFAULTS.markMaxAgeMs, lossLimit: undefined }];
}

/** The index in `accountsOf(config)` of the account instrument `c` names (0, the implicit one, when none). */
export function accountIndexOf(config: ResolvedConfig, c: InstrumentConfig): number {
  if (c.account === undefined || config.accounts === undefined) return 0;
  const i = config.accounts.findIndex((a) => a.name === c.account);
  return i < 0 ? 0 : i;
}

/**
 * One row per configuration key, in the order they are documented. `path` uses `[]` for array
 * elements. Rendered into the README by `riskgate config-docs`; a test checks the README matches.
 */
export const CONFIG_DOCS: readonly (readonly [path: string, unit: string, range: string, dflt: string, meaning: string])[] = [
  ['instruments[].symbol', '-', 'non-empty string, unique', 'required', 'instrument name as the venue spells it'],
  ['instruments[].maxLong', 'lots', 'integer >= 0', 'required', 'worst-case long position allowed, open buys included'],
  ['instruments[].maxShort', 'lots', 'integer >= 0', 'required', 'worst-case short position allowed, open sells included'],
  ['instruments[].sequence', '-', 'none, monotonic, contiguous', 'none', 'how snapshots are reconciled with fills'],
  ['instruments[].mode', '-', 'oneWay, hedge', 'oneWay', 'hedge: the account holds a long and a short leg (engine symbols SYMBOL and SYMBOL:short), each reconciled and limited on its own; maxLong/maxShort then bound their net'],
  ['instruments[].legs.maxLong', 'lots', 'integer >= 0', 'maxLong', 'hedge only: largest long leg, open buys on it included'],
  ['instruments[].legs.maxShort', 'lots', 'integer >= 0', 'maxShort', 'hedge only: largest short leg, open sells on it included'],
  ['instruments[].lotSize', 'base units', 'decimal string > 0', '"1"', 'size of one lot; used for notional'],
  ['instruments[].unconfirmed.maxFills', 'fills', 'integer >= 0', '0', 'fills not yet confirmed (by a snapshot, or on contiguous venues by the sequence) tolerated before reduce-only'],
  ['instruments[].unconfirmed.maxQty', 'lots', 'integer >= 0', '0', 'unconfirmed lots tolerated before reduce-only'],
  ['instruments[].maxOrderQty', 'lots', 'integer >= 1', 'off', 'largest single order'],
  ['instruments[].maxOrderNotional', 'quote', 'number > 0', 'off', 'largest qty * lotSize * price'],
  ['instruments[].priceBandBps', 'bps', 'number > 0', 'off', 'max distance of the limit price from the last mark'],
  ['instruments[].maxOpenOrders', 'orders', 'integer >= 1', 'off', 'live + in-flight orders on the instrument'],
  ['instruments[].orderRate.max', 'orders', 'integer >= 1', 'off', 'approved orders per window'],
  ['instruments[].orderRate.perMs', 'ms', 'integer >= 1', 'off', 'order-rate sliding window'],
  ['instruments[].duplicateWindowMs', 'ms', 'integer >= 1', 'off', 'same side, qty and price within this window is a duplicate'],
  ['instruments[].flipFlop.windowMs', 'ms', 'integer >= 1', 'off', 'flip-flop guard window'],
  ['instruments[].flipFlop.maxReversals', 'reversals', 'integer >= 0', 'off', 'sign reversals tolerated in the window'],
  ['instruments[].flipFlop.maxGrossMultiple', 'x limit', 'number > 0', 'off', 'gross traded lots tolerated, times max(maxLong, maxShort)'],
  ['instruments[].flipFlop.cooldownMs', 'ms', 'integer >= 1', '30000', 'a trip halts the instrument this long, then it resumes by itself'],
  ['instruments[].flipFlop.manualResume', '-', 'boolean', 'false', 'a trip holds until a kill-switch resume (cooldownMs ignored)'],
  ['instruments[].snapshotStaleMs', 'ms', 'integer >= 1', 'off', 'oldest unconfirmed fill older than this: stale'],
  ['instruments[].heartbeatTimeoutMs', 'ms', 'integer >= 1', 'off', 'no message for this long: stale'],
  ['instruments[].orderToTrade.maxRatio', 'messages/fill', 'number > 0', 'off', 'order-to-trade guard: approved orders and cancels per fill of the engine\'s orders in the window (no fill counts as one); beyond it only risk-reducing orders pass. Off by default: a passive market maker\'s healthy ratio is venue- and book-specific (venues set 50 to 1000 per trade); set it a little under the venue\'s own'],
  ['instruments[].orderToTrade.windowMs', 'ms', 'integer >= 1', 'off', 'order-to-trade window (venues measure over a session or a day; 60000 reacts within a minute and recovers as it slides)'],
  ['instruments[].orderToTrade.minOrders', 'messages', 'integer >= 1', '50', 'fewer messages in the window never trip the guard (a quiet start has no fills to compare with)'],
  ['instruments[].account', '-', 'a name in accounts', 'the implicit account', 'the account whose limits the instrument counts toward; required when accounts are listed'],
  ['instruments[].refPrice', 'quote', 'number > 0', 'none', 'the least price the instrument counts at in its account\'s notional while it has no fresh mark'],
  ['instruments[].lossLimit.maxLoss', 'quote', 'number > 0', 'off', 'the instrument\'s PnL (realized + unrealized, gross of fees) below -maxLoss: LOSS_LIMIT'],
  ['instruments[].lossLimit.maxDrawdown', 'quote', 'number > 0', 'off', 'the PnL\'s fall from its peak within drawdownWindowMs beyond this: DRAWDOWN_LIMIT'],
  ['instruments[].lossLimit.drawdownWindowMs', 'ms', 'integer >= 8', '3600000', 'window of the drawdown\'s peak'],
  ['instruments[].lossLimit.onBreach', '-', 'reduce, halt', 'reduce', 'a breach allows only risk-reducing orders (reduce) or none (halt, with a cancel-all)'],
  ['accounts[].name', '-', 'non-empty string, unique', 'required', 'account name; absent list: one implicit account without limits'],
  ['accounts[].maxGrossNotional', 'quote', 'number > 0', 'off', 'sum over the account\'s instruments of abs(worst-case position) * lotSize * price at the mark (ACCOUNT_GROSS_NOTIONAL)'],
  ['accounts[].maxNetNotional', 'quote', 'number >= 0', 'off', 'abs(sum of signed worst-case position * lotSize * price) at the mark (ACCOUNT_NET_NOTIONAL)'],
  ['accounts[].markMaxAgeMs', 'ms', 'integer >= 1', '10000', 'a mark older than this is not fresh: the instrument counts at its fallback price'],
  ['accounts[].lossLimit.maxLoss', 'quote', 'number > 0', 'off', 'the account\'s PnL below -maxLoss: LOSS_LIMIT on its instruments'],
  ['accounts[].lossLimit.maxDrawdown', 'quote', 'number > 0', 'off', 'the account PnL\'s fall from its peak within drawdownWindowMs beyond this: DRAWDOWN_LIMIT'],
  ['accounts[].lossLimit.drawdownWindowMs', 'ms', 'integer >= 8', '3600000', 'window of the drawdown\'s peak'],
  ['accounts[].lossLimit.onBreach', '-', 'reduce, halt', 'reduce', 'a breach allows only risk-reducing orders (reduce) or none (halt, with a cancel-all)'],
  ['strategies[].name', '-', 'non-empty string, unique', 'required', 'a strategy channel (the name given to createStrategy); its index in this list is what its ORDER slots carry'],
  ['strategies[].maxLong', 'lots', 'integer >= 0', 'off', 'the strategy\'s own worst-case long on every instrument: the fills of its orders plus its open buys; on top of the instrument\'s limit'],
  ['strategies[].maxShort', 'lots', 'integer >= 0', 'off', 'the strategy\'s own worst-case short on every instrument, its open sells included'],
  ['strategies[].maxOpenNotional', 'quote', 'number > 0', 'off', 'price x leaves x lotSize of the strategy\'s live and in-flight orders on an instrument'],
  ['strategies[].instruments[].symbol', '-', 'a configured symbol', 'required', 'the instrument these limits apply to (a hedge instrument: each leg)'],
  ['strategies[].instruments[].maxLong', 'lots', 'integer >= 0', 'strategies[].maxLong', 'the strategy\'s worst-case long on this instrument'],
  ['strategies[].instruments[].maxShort', 'lots', 'integer >= 0', 'strategies[].maxShort', 'the strategy\'s worst-case short on this instrument'],
  ['strategies[].instruments[].maxOpenNotional', 'quote', 'number > 0', 'strategies[].maxOpenNotional', 'the strategy\'s open notional on this instrument'],
  ['capacity.maxOrders', 'orders', 'integer 1..1048576', '4096', 'order slots shared by all instruments'],
  ['capacity.fillsPerInstrument', 'fills', 'integer 4..65536', '256', 'unconfirmed fills kept per instrument'],
  ['capacity.execIds', 'ids', 'integer 16..16777216', '65536', 'recent execution ids kept for de-duplication'],
  ['cpuMap.risk', '-', 'CPU id of the host (0..1023)', 'off', 'pins the risk thread; risk, feeds and control come together; a role sharing its CPU is warned about'],
  ['cpuMap.feeds', '-', 'CPU id or non-empty list, no CPU twice', 'off', 'CPUs every feed-handler worker may run on (the kernel spreads them)'],
  ['cpuMap.control', '-', 'CPU id of the host (0..1023)', 'off', 'pins the control server thread'],
  ['cpuMap.clock', '-', 'CPU id of the host (0..1023)', 'cpuMap.control', 'pins the clock ticker thread (a sleeper, woken every clockTickUs)'],
  ['cpuMap.feedByName', '-', 'object: feed name -> CPU id', 'none', 'pins the named feed\'s worker to a CPU of its own (the name given to attachFeed); other feeds use cpuMap.feeds'],
];
