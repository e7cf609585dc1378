/**
 * Strict readers for fields of one already-parsed venue frame, shared by the venue decoders.
 *
 * Each reader returns the validated value or throws `MalformedFrame`; the decoder's single
 * `catch` (see `decodeFrame`) turns that into a malformed result for the WHOLE frame, so a frame
 * with one bad element emits nothing. Exceptions are acceptable here: decoders run at the edge,
 * never on the risk thread, and a malformed frame is rare. Nothing else may throw: readers never
 * call methods on venue values, only `typeof` checks and property reads of own JSON data.
 */
import type { SymbolEntry } from './symbol-map.js';
import { describe, lotsOf } from './symbol-map.js';
import { parseDecimal } from '../units/decimal-lots.js';

/** Thrown by readers; `kind` is the message type it was read for (e.g. "execution"). */
export class MalformedFrame extends Error {
  constructor(readonly kind: string, message: string) {
    super(message);
  }
}

export type JsonRecord = { readonly [key: string]: unknown };

export function isRecord(value: unknown): value is JsonRecord {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function asRecord(value: unknown, kind: string, what: string): JsonRecord {
  if (!isRecord(value)) throw new MalformedFrame(kind, `${what} must be an object, got ${describe(value)}`);
  return value;
}

export function asArray(value: unknown, kind: string, what: string): readonly unknown[] {
  if (!Array.isArray(value)) throw new MalformedFrame(kind, `${what} must be an array, got ${describe(value)}`);
  return value;
}

/** A required string field (may be empty). */
export function str(rec: JsonRecord, key: string, kind: string): string {
  const v = rec[key];
  if (typeof v !== 'string') throw new MalformedFrame(kind, `${key} must be a string, got ${describe(v)}`);
  return v;
}

/** A required non-empty string field. */
export function nonEmpty(rec: JsonRecord, key: string, kind: string): string {
  const v = str(rec, key, kind);
  if (v.length === 0) throw new MalformedFrame(kind, `${key} must not be empty`);
  return v;
}

/** An optional string field: absent (or null) reads as "", any other non-string is malformed. */
export function optStr(rec: JsonRecord, key: string, kind: string): string {
  const v = rec[key];
  if (v === undefined || v === null) return '';
  if (typeof v !== 'string') throw new MalformedFrame(kind, `${key} must be a string, got ${describe(v)}`);
  return v;
}

/** A string field that must be one of `table`'s keys; returns the mapped value. */
export function oneOf<T>(rec: JsonRecord, key: string, kind: string, table: ReadonlyMap<string, T>): T {
  const v = str(rec, key, kind);
  const mapped = table.get(v);
  if (mapped === undefined) throw new MalformedFrame(kind, `${key} ${describe(v)} is not one of ${[...table.keys()].join('|')}`);
  return mapped;
}

export interface LotsRule {
  /** Venue sends quantities as JSON numbers (Deribit); otherwise only decimal strings are accepted. */
  readonly numeric?: boolean;
  /** `positive`: > 0 (fills); `nonNegative`: >= 0 (cumulative, leaves); `signed`: any (positions). */
  readonly sign: 'positive' | 'nonNegative' | 'signed';
}

/** A quantity field as exact integer lots; never rounded: not a whole number of lots is malformed. */
export function lots(rec: JsonRecord, key: string, kind: string, entry: SymbolEntry, rule: LotsRule): number {
  const v = rec[key];
  if (rule.numeric === true && typeof v !== 'number') throw new MalformedFrame(kind, `${key} must be a number, got ${describe(v)}`);
  const r = lotsOf(v, entry, rule.numeric === true);
  if (!r.ok) throw new MalformedFrame(kind, `${key}: ${r.error}`);
  const n = r.lots === 0 ? 0 : r.lots; // normalise -0
  if (rule.sign === 'positive' && n <= 0) throw new MalformedFrame(kind, `${key} must be positive, got ${describe(rec[key])}`);
  if (rule.sign === 'nonNegative' && n < 0) throw new MalformedFrame(kind, `${key} must not be negative, got ${describe(rec[key])}`);
  return n;
}

/**
 * A price as a finite number. Strings must be plain decimals (venues send "95900.1"); JSON numbers
 * only when `numeric` (Deribit). No sign rule: spreads and combos may trade at or below zero.
 */
export function price(rec: JsonRecord, key: string, kind: string, numeric = false): number {
  const v = rec[key];
  let n = Number.NaN;
  if (typeof v === 'string' && !numeric) {
    if (parseDecimal(v) !== undefined) n = Number(v);
  } else if (typeof v === 'number' && numeric) {
    n = v;
  }
  if (!Number.isFinite(n)) throw new MalformedFrame(kind, `${key} must be a finite ${numeric ? 'number' : 'decimal string'}, got ${describe(v)}`);
  return n === 0 ? 0 : n;
}

const DIGITS_RE = /^\d{1,16}$/;

/**
 * A sequence number / trade id watermark: a non-negative safe integer, sent as a JSON number or
 * as a string of digits; anything else is malformed.
 */
export function seqValue(value: unknown, kind: string, key: string): number {
  let n = Number.NaN;
  if (typeof value === 'number') n = value;
  else if (typeof value === 'string' && DIGITS_RE.test(value)) n = Number(value);
  if (!Number.isSafeInteger(n) || n < 0) throw new MalformedFrame(kind, `${key} must be a non-negative integer below 2^53, got ${describe(value)}`);
  return n === 0 ? 0 : n; // normalise -0
}

/** A required boolean field. */
export function bool(rec: JsonRecord, key: string, kind: string): boolean {
  const v = rec[key];
  if (typeof v !== 'boolean') throw new MalformedFrame(kind, `${key} must be a boolean, got ${describe(v)}`);
  return v;
}

/** An optional boolean: absent reads as false, any other non-boolean is malformed. */
export function optBool(rec: JsonRecord, key: string, kind: string): boolean {
  const v = rec[key];
  if (v === undefined) return false;
  if (typeof v !== 'boolean') throw new MalformedFrame(kind, `${key} must be a boolean, got ${describe(v)}`);
  return v;
}
