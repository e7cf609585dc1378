/**
 * Field readers for BitMEX table rows. Each returns a checked value or throws `BitmexFrameError`
 * (the whole frame becomes malformed).
 *
 * BitMEX sends quantities as JSON numbers counted in contracts (the REST/WebSocket schema types
 * them `long`): only safe integers are accepted, then divided exactly by the configured lot size
 * (so `lotSize: "100"` turns 300 contracts into 3 lots and rejects 250). Prices are JSON numbers.
 * Since 2023 BitMEX omits null and empty values from full rows, so an absent string field reads
 * as "" where the schema allows it (`clOrdID`, `text`).
 */
import { describe, lotsOf } from '../symbol-map.js';
import type { SymbolEntry } from '../symbol-map.js';
import { BitmexFrameError } from './bitmex-frame-error.js';

export type Row = Readonly<Record<string, unknown>>;

export function record(value: unknown, kind: string, what: string): Row {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new BitmexFrameError(kind, `${what} is not an object: ${describe(value)}`);
  }
  return value as Row;
}

export function string(row: Row, key: string, kind: string): string {
  const v = row[key];
  if (typeof v !== 'string') throw new BitmexFrameError(kind, `${key} is not a string: ${describe(v)}`);
  return v;
}

export function nonEmptyString(row: Row, key: string, kind: string): string {
  const v = string(row, key, kind);
  if (v === '') throw new BitmexFrameError(kind, `${key} is empty`);
  return v;
}

/** A string that may be absent (read as ""); present but not a string is malformed. */
export function optionalString(row: Row, key: string, kind: string): string {
  return row[key] === undefined ? '' : string(row, key, kind);
}

/** A contract count (JSON safe integer) in whole lots; negative only when `signed`. */
export function contracts(row: Row, key: string, entry: SymbolEntry, kind: string, signed = false): number {
  const v = row[key];
  if (typeof v !== 'number' || !Number.isSafeInteger(v)) throw new BitmexFrameError(kind, `${key} is not an integer contract count: ${describe(v)}`);
  if (!signed && v < 0) throw new BitmexFrameError(kind, `${key} is negative: ${v}`);
  const r = lotsOf(v, entry, true);
  if (!r.ok) throw new BitmexFrameError(kind, `${key}: ${r.error}`);
  return r.lots === 0 ? 0 : r.lots; // no -0
}

const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/;

/**
 * A BitMEX timestamp (ISO 8601 in UTC, "2023-11-14T22:13:20.200Z") as ms since the epoch; only
 * that form is read (`Date.parse` alone would take other forms in local time).
 */
export function isoMs(row: Row, key: string, kind: string): number {
  const ms = optionalIsoMs(row, key);
  if (ms === undefined) throw new BitmexFrameError(kind, `${key} is not an ISO 8601 UTC time: ${describe(row[key])}`);
  return ms;
}

/** `isoMs`'s value, or `undefined` where `isoMs` would throw (the time is optional there). */
export function optionalIsoMs(row: Row, key: string): number | undefined {
  const v = row[key];
  const ms = typeof v === 'string' && ISO_UTC.test(v) ? Date.parse(v) : NaN;
  return Number.isSafeInteger(ms) && ms >= 0 ? ms : undefined;
}

/** A price: finite and strictly positive JSON number. */
export function price(row: Row, key: string, kind: string): number {
  const v = row[key];
  if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0) throw new BitmexFrameError(kind, `${key} is not a positive price: ${describe(v)}`);
  return v;
}
