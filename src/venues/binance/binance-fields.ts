/**
 * Field readers for Binance USD-M user-stream payloads. Each one either returns a checked value or
 * throws `BinanceFrameError` (caught in the decoder: the whole frame becomes malformed).
 *
 * Binance sends quantities and prices as decimal strings ("0.001"); JSON numbers in those fields
 * are rejected, since a number may already have lost digits.
 */
import { parseDecimal } from '../../units/decimal-lots.js';
import { describe, lotsOf } from '../symbol-map.js';
import type { SymbolEntry } from '../symbol-map.js';
import { BinanceFrameError } from './binance-frame-error.js';

export type Fields = Readonly<Record<string, unknown>>;

export function record(value: unknown, kind: string, what: string): Fields {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new BinanceFrameError(kind, `${what} is not an object: ${describe(value)}`);
  }
  return value as Fields;
}

export function string(o: Fields, key: string, kind: string): string {
  const v = o[key];
  if (typeof v !== 'string') throw new BinanceFrameError(kind, `${key} is not a string: ${describe(v)}`);
  return v;
}

/** A decimal-string quantity in whole lots; negative only when `signed`. */
export function lots(o: Fields, key: string, entry: SymbolEntry, kind: string, signed = false): number {
  const r = lotsOf(o[key], entry);
  if (!r.ok) throw new BinanceFrameError(kind, `${key}: ${r.error}`);
  if (!signed && r.lots < 0) throw new BinanceFrameError(kind, `${key} is negative: ${describe(o[key])}`);
  return r.lots === 0 ? 0 : r.lots; // no -0
}

/** A decimal-string price, strictly positive and finite. */
export function price(o: Fields, key: string, kind: string): number {
  const v = o[key];
  const d = typeof v === 'string' ? parseDecimal(v) : undefined;
  const n = typeof v === 'string' ? Number(v) : Number.NaN;
  if (d === undefined || !Number.isFinite(n) || n <= 0) {
    throw new BinanceFrameError(kind, `${key} is not a positive decimal price: ${describe(v)}`);
  }
  return n;
}

/**
 * A venue time in ms since the epoch, sent as a JSON number (`T`, `E`, `updateTime`): finite and
 * non-negative. Binance sends whole ms; a fraction (the simulator's real-time clock) is kept, as
 * times are only compared.
 */
export function epochMs(o: Fields, key: string, kind: string): number {
  const v = o[key];
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) {
    throw new BinanceFrameError(kind, `${key} is not a time in ms: ${describe(v)}`);
  }
  return v;
}

/** `epochMs`'s value, or `undefined` where `epochMs` would throw (the time is optional there). */
export function optionalEpochMs(o: Fields, key: string): number | undefined {
  const v = o[key];
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) return undefined;
  return v === 0 ? 0 : v; // no -0
}

/** An integer id `>= min` sent as a JSON number (trade id `t`, order id `i`). */
export function integerId(o: Fields, key: string, kind: string, min = 0): number {
  const v = o[key];
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < min) {
    throw new BinanceFrameError(kind, `${key} is not an integer id >= ${min}: ${describe(v)}`);
  }
  return v;
}
