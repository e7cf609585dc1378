/**
 * A byte decoder's instrument table: venue symbols matched in the frame's bytes (`ByteNames`),
 * each with its lot size as `units * 10^exp` (units without trailing zeros) for the fast lot
 * division of byte-numbers.ts. Built from the same `VenueSymbolConfig` list, with the same
 * checks, as the reference decoders' `SymbolMap`; index i is the i-th configured instrument.
 */
import { SymbolMap, type SymbolEntry } from '../symbol-map.js';
import type { VenueSymbolConfig } from '../venue-decoder.js';
import { ByteNames } from './byte-names.js';

export class ByteSymbols {
  readonly names: ByteNames;
  readonly entries: readonly SymbolEntry[];
  /** Lot size digits without trailing zeros; NaN when above 2^53 (then every quantity takes the slow path). */
  readonly lotUnits: Float64Array;
  readonly lotExp: Int32Array;
  /** Per symbol: 1 when the engine reconciles it by a sequence (`VenueSymbolConfig.sequenced`), 0 walk-back. */
  readonly sequenced: Uint8Array;
  /** Each venue symbol's UTF-8 bytes, and whether it is pure ASCII (then its bytes hash as `stringKey` hashes it). */
  readonly venueBytes: readonly Uint8Array[];
  readonly venueAscii: Uint8Array;

  /** Throws on a bad config (as `SymbolMap` does). */
  constructor(configs: readonly VenueSymbolConfig[]) {
    const map = new SymbolMap(configs);
    this.entries = configs.map((c) => map.get(c.venueSymbol ?? c.symbol)!);
    this.names = new ByteNames(this.entries.map((e) => e.venueSymbol));
    this.lotUnits = new Float64Array(this.entries.length);
    this.lotExp = new Int32Array(this.entries.length);
    this.venueBytes = this.entries.map((e) => new Uint8Array(Buffer.from(e.venueSymbol, 'utf8')));
    this.hedge = Uint8Array.from(this.entries, (e) => (e.hedge ? 1 : 0));
    this.venueAscii = new Uint8Array(this.entries.map((e) => (/^[\x00-\x7f]*$/.test(e.venueSymbol) ? 1 : 0)));
    this.sequenced = new Uint8Array(this.entries.map((e) => (e.sequenced ? 1 : 0)));
    this.entries.forEach((e, i) => {
      let units = e.lotSize.units;
      let exp = -e.lotSize.scale;
      while (units % 10n === 0n) {
        units /= 10n;
        exp++;
      }
      this.lotUnits[i] = units <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(units) : NaN;
      this.lotExp[i] = exp;
    });
  }

  /** 1 for an instrument held in hedge mode (its short leg's rows are written at `shortInst`). */
  readonly hedge: Uint8Array;

  /** The decoder's index of entry `inst`'s short leg: after every entry's own index (`symbols()`). */
  shortInst(inst: number): number {
    return inst + this.entries.length;
  }

  /**
   * The engine symbols, by the decoder's index: each entry's (a hedge entry's long leg), then each
   * entry's short leg (`SYMBOL:short`, the engine's name; never written for a one-way entry).
   */
  symbols(): string[] {
    return [...this.entries.map((e) => e.symbol), ...this.entries.map((e) => e.shortSymbol)];
  }
}
