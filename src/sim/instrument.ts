/**
 * One simulated instrument: its exact lot and tick sizes and its synthetic market settings.
 * Quantities inside the simulator are integer lots and prices integer ticks; they become the
 * venue's decimal strings only when a frame is rendered (`text`).
 */
import { formatDecimal, parseDecimal, toLots } from '../units/decimal-lots.js';
import type { Decimal } from '../units/decimal-lots.js';

export interface InstrumentOptions {
  readonly symbol: string;
  /** Decimal string, e.g. "0.001": every quantity on the wire is a whole multiple. */
  readonly lotSize: string;
  /** Decimal string, e.g. "0.1": every price on the wire is a whole multiple. */
  readonly tickSize: string;
  /** Initial mid price, decimal string on the tick grid. */
  readonly startPrice: string;
  /** Price levels the synthetic makers keep on each side (default 10). */
  readonly depthLevels?: number;
  /** Synthetic maker quantity per level, in lots: uniform in [min, max] (default 1..20). */
  readonly makerLotsMin?: number;
  readonly makerLotsMax?: number;
  /** Largest step of the mid-price walk per market tick, in ticks (default 2). */
  readonly walkTicks?: number;
  /** Probability per market tick that a synthetic taker hits one side (default 0.3). */
  readonly takerChance?: number;
  /** Synthetic taker size in lots: uniform in [1, max] (default 10). */
  readonly takerLotsMax?: number;
}

export class Instrument {
  readonly symbol: string;
  readonly lotSize: Decimal;
  readonly tickSize: Decimal;
  readonly startTicks: number;
  readonly depthLevels: number;
  readonly makerLotsMin: number;
  readonly makerLotsMax: number;
  readonly walkTicks: number;
  readonly takerChance: number;
  readonly takerLotsMax: number;

  /** Options must have passed `instrumentProblems` (unchecked here). */
  constructor(o: InstrumentOptions) {
    this.symbol = o.symbol;
    this.lotSize = parseDecimal(o.lotSize)!;
    this.tickSize = parseDecimal(o.tickSize)!;
    this.startTicks = wholeUnits(o.startPrice, this.tickSize)!;
    this.depthLevels = o.depthLevels ?? 10;
    this.makerLotsMin = o.makerLotsMin ?? 1;
    this.makerLotsMax = o.makerLotsMax ?? 20;
    this.walkTicks = o.walkTicks ?? 2;
    this.takerChance = o.takerChance ?? 0.3;
    this.takerLotsMax = o.takerLotsMax ?? 10;
  }

  /** Lots → the venue's quantity string ("0.003"); negative for short positions. */
  qtyText(lots: number): string {
    return text(lots, this.lotSize);
  }

  /** Ticks → the venue's price string ("95900.1"). */
  priceText(ticks: number): string {
    return text(ticks, this.tickSize);
  }

  /** Lots with exactly the lot size's decimals ("0.010"), as Binance pads quantities. */
  qtyFixed(lots: number): string {
    return fixed(this.qtyText(lots), this.lotSize.scale);
  }

  /** Ticks with exactly the tick size's decimals ("60000.10"), as Binance pads prices. */
  priceFixed(ticks: number): string {
    return fixed(this.priceText(ticks), this.tickSize.scale);
  }

  /** A decimal quantity string → whole lots, or undefined when it is not a positive whole number of lots. */
  parseQty(value: unknown): number | undefined {
    if (typeof value !== 'string') return undefined;
    const n = wholeUnits(value, this.lotSize);
    return n !== undefined && n > 0 ? n : undefined;
  }

  /** A decimal price string → whole ticks, or undefined when it is not a positive price on the grid. */
  parsePrice(value: unknown): number | undefined {
    if (typeof value !== 'string') return undefined;
    const n = wholeUnits(value, this.tickSize);
    return n !== undefined && n > 0 ? n : undefined;
  }

  /** Ticks as a JS number (reporting: PnL, entry prices). */
  priceNumber(ticks: number): number {
    return Number(this.priceText(ticks));
  }
}

function text(n: number, unit: Decimal): string {
  return formatDecimal({ units: BigInt(n) * unit.units, scale: unit.scale });
}

function fixed(text: string, scale: number): string {
  if (scale <= 0) return text;
  const [int, frac = ''] = text.split('.');
  return `${int}.${frac.padEnd(scale, '0')}`;
}

function wholeUnits(value: string, unit: Decimal): number | undefined {
  const r = toLots(value, unit);
  return r.ok ? r.lots : undefined;
}

/** Every problem with one instrument's options, each naming `path`. */
export function instrumentProblems(o: unknown, path: string): string[] {
  const problems: string[] = [];
  if (typeof o !== 'object' || o === null) return [`${path} must be an object`];
  const r = o as Record<string, unknown>;
  const known = new Set(['symbol', 'lotSize', 'tickSize', 'startPrice', 'depthLevels', 'makerLotsMin', 'makerLotsMax', 'walkTicks', 'takerChance', 'takerLotsMax']);
  for (const k of Object.keys(r)) if (!known.has(k)) problems.push(`${path}.${k} is not a known option`);
  if (typeof r['symbol'] !== 'string' || r['symbol'] === '') problems.push(`${path}.symbol must be a non-empty string`);
  for (const k of ['lotSize', 'tickSize'] as const) {
    const d = typeof r[k] === 'string' ? parseDecimal(r[k]) : undefined;
    if (d === undefined || d.units <= 0n) problems.push(`${path}.${k} must be a positive decimal string`);
  }
  const tick = typeof r['tickSize'] === 'string' ? parseDecimal(r['tickSize']) : undefined;
  const start = typeof r['startPrice'] === 'string' && tick !== undefined && tick.units > 0n ? wholeUnits(r['startPrice'], tick) : undefined;
  if (start === undefined || start <= 0) problems.push(`${path}.startPrice must be a positive decimal string on the tick grid`);
  for (const k of ['depthLevels', 'makerLotsMin', 'makerLotsMax', 'walkTicks', 'takerLotsMax'] as const) {
    const v = r[k];
    if (v !== undefined && (typeof v !== 'number' || !Number.isSafeInteger(v) || v < (k === 'walkTicks' ? 0 : 1))) problems.push(`${path}.${k} must be an integer >= ${k === 'walkTicks' ? 0 : 1}`);
  }
  const tc = r['takerChance'];
  if (tc !== undefined && (typeof tc !== 'number' || !(tc >= 0 && tc <= 1))) problems.push(`${path}.takerChance must be a number in [0, 1]`);
  return problems;
}
