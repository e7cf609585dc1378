/**
 * The per-decoder instrument table shared by all venues: venue symbol → engine symbol and exact
 * lot size. Built once at decoder construction; lookups allocate nothing but the lots result.
 */
import { parseDecimal, toLots } from '../units/decimal-lots.js';
import type { Decimal } from '../units/decimal-lots.js';
import type { VenueSymbolConfig } from './venue-decoder.js';
import { SHORT_LEG_SUFFIX } from '../config/hedge-legs.js';

export interface SymbolEntry {
  readonly symbol: string;
  readonly venueSymbol: string;
  readonly lotSize: Decimal;
  /** `VenueSymbolConfig.sequenced` (default true). */
  readonly sequenced: boolean;
  /** Hedge mode (`VenueSymbolConfig.hedge`): rows carry a leg; `shortSymbol` names the short leg's instrument. */
  readonly hedge: boolean;
  readonly shortSymbol: string;
}

/** The engine symbol of a row of `entry` on `leg` (1 long, 2 short; a one-way row is leg 1's). */
export function legSymbol(entry: SymbolEntry, leg: number): string {
  return leg === 2 ? entry.shortSymbol : entry.symbol;
}

export type LotsOrError = { readonly ok: true; readonly lots: number } | { readonly ok: false; readonly error: string };

export class SymbolMap {
  readonly #byVenue = new Map<string, SymbolEntry>();

  /** Throws on a bad config (construction time, not decode time): bad lot size, duplicate venue symbol. */
  constructor(configs: readonly VenueSymbolConfig[]) {
    for (const c of configs) {
      const lotSize = parseDecimal(c.lotSize);
      if (lotSize === undefined || lotSize.units <= 0n) throw new Error(`lotSize of ${c.symbol} must be a positive decimal, got ${JSON.stringify(c.lotSize)}`);
      const venueSymbol = c.venueSymbol ?? c.symbol;
      if (this.#byVenue.has(venueSymbol)) throw new Error(`venue symbol ${venueSymbol} configured twice`);
      this.#byVenue.set(venueSymbol, { symbol: c.symbol, venueSymbol, lotSize, sequenced: c.sequenced !== false, hedge: c.hedge === true, shortSymbol: `${c.symbol}${SHORT_LEG_SUFFIX}` });
    }
  }

  /** The entry for a venue symbol; `undefined` when the instrument is not configured. */
  get(venueSymbol: string): SymbolEntry | undefined {
    return this.#byVenue.get(venueSymbol);
  }

  /** All configured engine symbols. */
  symbols(): string[] {
    return [...this.#byVenue.values()].map((e) => e.symbol);
  }
}

/**
 * A venue decimal string quantity → integer lots, exactly. Only strings are accepted (venues
 * send quantities as strings; a JSON number would already have lost precision) unless
 * `allowNumber` is set for venues that document numeric quantities (Deribit).
 */
export function lotsOf(value: unknown, entry: SymbolEntry, allowNumber = false): LotsOrError {
  if (typeof value === 'string' || (allowNumber && typeof value === 'number')) {
    return toLots(value, entry.lotSize);
  }
  return { ok: false, error: `quantity ${describe(value)} is not a decimal ${allowNumber ? 'number' : 'string'}` };
}

/** Short, bounded description of an unexpected value for error messages. */
export function describe(value: unknown): string {
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = typeof value;
  }
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}
