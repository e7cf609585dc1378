/**
 * Exact decimal arithmetic for turning venue quantities ("0.003") into integer lots.
 *
 * Runs at the edge (config load, venue decoders), never on the risk thread's hot path: it uses
 * BigInt and allocates. A quantity that is not a whole number of lots is an error, not a rounding.
 */

/** A decimal as `units * 10^-scale`. */
export interface Decimal {
  readonly units: bigint;
  readonly scale: number;
}

const DECIMAL_RE = /^([+-]?)(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/;

/** Parses a plain or exponent decimal string exactly; `undefined` when it is not one. */
export function parseDecimal(text: string): Decimal | undefined {
  if (text.length === 0 || text.length > 64) return undefined;
  const m = DECIMAL_RE.exec(text.trim() === text ? text : '');
  if (m === null) return undefined;
  const [, sign, int = '', frac = '', exp] = m;
  let scale = frac.length - (exp === undefined ? 0 : Number(exp));
  let units = BigInt(int + frac);
  if (sign === '-') units = -units;
  if (scale < 0) {
    if (scale < -60) return undefined;
    units *= 10n ** BigInt(-scale);
    scale = 0;
  }
  if (scale > 60) return undefined;
  return { units, scale };
}

export type LotsResult = { readonly ok: true; readonly lots: number } | { readonly ok: false; readonly error: string };

/**
 * `qty / lotSize` exactly. Accepts decimal strings or JS numbers (a number is read through its
 * shortest round-trip decimal form, so 0.003 is "0.003"). Fails when the quotient is not an
 * integer or exceeds 2^53.
 */
export function toLots(qty: string | number, lotSize: Decimal): LotsResult {
  const text = typeof qty === 'number' ? (Number.isFinite(qty) ? String(qty) : '') : qty;
  const q = parseDecimal(text);
  if (q === undefined) return { ok: false, error: `quantity ${JSON.stringify(qty)} is not a decimal number` };
  if (lotSize.units <= 0n) return { ok: false, error: 'lot size must be positive' };
  const scale = Math.max(q.scale, lotSize.scale);
  const qn = q.units * 10n ** BigInt(scale - q.scale);
  const ln = lotSize.units * 10n ** BigInt(scale - lotSize.scale);
  if (qn % ln !== 0n) return { ok: false, error: `quantity ${text} is not a whole number of lots of ${formatDecimal(lotSize)}` };
  const lots = qn / ln;
  if (lots > BigInt(Number.MAX_SAFE_INTEGER) || lots < -BigInt(Number.MAX_SAFE_INTEGER)) {
    return { ok: false, error: `quantity ${text} exceeds 2^53 lots` };
  }
  return { ok: true, lots: Number(lots) };
}

/** Canonical text of a decimal (no exponent, no trailing zeros). */
export function formatDecimal(d: Decimal): string {
  const neg = d.units < 0n;
  let digits = (neg ? -d.units : d.units).toString();
  if (d.scale > 0) {
    digits = digits.padStart(d.scale + 1, '0');
    digits = `${digits.slice(0, -d.scale)}.${digits.slice(-d.scale)}`.replace(/\.?0+$/, '');
  }
  return (neg ? '-' : '') + digits;
}

/** The decimal as the nearest double (for notional arithmetic, where exactness is not needed). */
export function decimalToNumber(d: Decimal): number {
  return Number(formatDecimal(d));
}
