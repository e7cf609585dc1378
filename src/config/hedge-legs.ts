/**
 * The engine's instruments when some configured instruments are hedge-mode: each such instrument
 * is two ledger instruments, its long leg and its short leg, reconciled each on its own (a
 * snapshot per leg, the fills of that leg since, watermarks or walk-back as the venue allows) and
 * paired for the check on their net.
 *
 * Index space (what the rings' `inst` and the risk core's arrays are indexed by):
 *
 * ```
 *  0 .. n-1         the configured instruments in order; a hedge instrument's index is its LONG leg
 *  n .. n+h-1       the short legs of the h hedge instruments, in configured order
 * ```
 *
 * The long leg keeps the configured symbol (and answers to `SYMBOL:long` too); the short leg is
 * named `SYMBOL:short`. So a one-way config has exactly the index space it always had, the
 * configured index of every instrument is unchanged, and the leg rides in the instrument index:
 * no event slot carries a separate leg field (a decoder writes the short leg's index, the feed
 * worker maps it like any other, a journal records it as it records any instrument).
 *
 * Limits per leg: the long leg may hold [0, legs.maxLong] (it never goes short: a sell on it only
 * closes it), the short leg [-legs.maxShort, 0]. The configured maxLong / maxShort bound the net
 * of the pair (`pair`; risk-engine-core.ts, NET_POSITION_LIMIT).
 *
 * Allocation: built once at construction; nothing here is on a hot path.
 */
import type { InstrumentConfig } from './engine-config.js';

/** The name suffix of a hedge instrument's short leg. */
export const SHORT_LEG_SUFFIX = ':short';
/** The alias suffix of a hedge instrument's long leg (its configured symbol names it too). */
export const LONG_LEG_SUFFIX = ':long';

/** Which leg an engine instrument is. */
export const Leg = { ONE_WAY: 0, LONG: 1, SHORT: 2 } as const;

export interface LegLayout {
  /** Engine instruments: configured ones plus one short leg per hedge instrument. */
  readonly count: number;
  /** The engine symbol of each engine instrument. */
  readonly symbols: readonly string[];
  /** Per engine instrument, the limits its ledger enforces (a leg's own for legs). */
  readonly rows: readonly InstrumentConfig[];
  /** Per engine instrument, its `Leg`. */
  readonly leg: Uint8Array;
  /** Per engine instrument, the other leg of its pair; -1 for one-way. */
  readonly pair: Int32Array;
  /** Per engine instrument, the configured instrument it belongs to. */
  readonly configIndex: Int32Array;
  /** Per configured instrument, its short leg's engine index; -1 for one-way. */
  readonly shortLeg: Int32Array;
  /** Engine symbol (and `SYMBOL:long` alias) → engine index. */
  readonly index: ReadonlyMap<string, number>;
}

export function isHedge(c: InstrumentConfig): boolean {
  return c.mode === 'hedge';
}

/** The index space of the engine for `instruments` (see the file comment). */
export function legLayout(instruments: readonly InstrumentConfig[]): LegLayout {
  const n = instruments.length;
  const hedged = instruments.flatMap((c, i) => (isHedge(c) ? [i] : []));
  const count = n + hedged.length;
  const leg = new Uint8Array(count);
  const pair = new Int32Array(count).fill(-1);
  const configIndex = new Int32Array(count);
  const shortLeg = new Int32Array(n).fill(-1);
  const symbols: string[] = instruments.map((c) => c.symbol);
  const rows: InstrumentConfig[] = instruments.map((c) => (isHedge(c) ? longLegRow(c) : c));
  const index = new Map<string, number>(instruments.map((c, i) => [c.symbol, i]));
  for (let i = 0; i < n; i++) configIndex[i] = i;
  hedged.forEach((i, k) => {
    const c = instruments[i]!;
    const s = n + k;
    leg[i] = Leg.LONG;
    leg[s] = Leg.SHORT;
    pair[i] = s;
    pair[s] = i;
    configIndex[s] = i;
    shortLeg[i] = s;
    symbols.push(`${c.symbol}${SHORT_LEG_SUFFIX}`);
    rows.push(shortLegRow(c));
    index.set(`${c.symbol}${SHORT_LEG_SUFFIX}`, s);
    index.set(`${c.symbol}${LONG_LEG_SUFFIX}`, i);
  });
  return Object.freeze({ count, symbols: Object.freeze(symbols), rows: Object.freeze(rows), leg, pair, configIndex, shortLeg, index });
}

/** A long leg: up to its leg limit long, never short (a sell only closes it). */
function longLegRow(c: InstrumentConfig): InstrumentConfig {
  return Object.freeze({ ...c, maxLong: c.legs?.maxLong ?? c.maxLong, maxShort: 0 });
}

/** A short leg: up to its leg limit short, never long (a buy only closes it). */
function shortLegRow(c: InstrumentConfig): InstrumentConfig {
  return Object.freeze({ ...c, symbol: `${c.symbol}${SHORT_LEG_SUFFIX}`, maxLong: 0, maxShort: c.legs?.maxShort ?? c.maxShort });
}
