import { DenyReason } from '../../../src/risk/deny-reason.js';
import { Ev, STRIDE, UNITS, type EventScript, type ScriptUnits } from './engine-event-script.js';

/**
 * An independent model of the per-order checks for the allocation script's configuration
 * (engine-event-script.ts `allocationConfig`, its numbers written out again here): the checks
 * that need nothing but the order and the last mark, in the order the engine documents them.
 * The script's expected results are recorded from an engine, so they prove only that the
 * replayed engine agrees with the recording one; this model is what says those codes are right.
 *
 * Returns the code an order must get from these checks, or APPROVED when it passes them all
 * (what follows depends on engine state: duplicates, trading state, limits, throttles).
 * DUPLICATE_ORDER_ID sits between INVALID_ORDER and MAX_ORDER_QTY; the script sends a live key
 * only with an order that passes every check here, so it never hides one of these codes.
 */
export function perOrderCode(units: ScriptUnits, marks: Float64Array, inst: number, side: number, qty: number, price: number): number {
  if (inst !== 0 && inst !== 1) return DenyReason.UNKNOWN_INSTRUMENT;
  if (!Number.isSafeInteger(qty) || qty < 1 || (side !== 1 && side !== -1) || !(price > 0) || !Number.isFinite(price)) return DenyReason.INVALID_ORDER;
  if (qty > MAX_ORDER_QTY) return DenyReason.MAX_ORDER_QTY;
  if (qty * Number(UNITS[units].lotSize[inst]) * price > MAX_NOTIONAL[inst]!) return DenyReason.MAX_ORDER_NOTIONAL;
  const mark = marks[inst]!;
  if (!(mark > 0) || Math.abs(price - mark) / mark > BAND_BPS / 10_000) return DenyReason.PRICE_BAND;
  return DenyReason.APPROVED;
}

const MAX_ORDER_QTY = 20;
const MAX_NOTIONAL = [470, 310];
const BAND_BPS = 50;

/** The codes `perOrderCode` decides. */
export const PER_ORDER_CODES: ReadonlySet<number> = new Set([
  DenyReason.UNKNOWN_INSTRUMENT, DenyReason.INVALID_ORDER, DenyReason.MAX_ORDER_QTY, DenyReason.MAX_ORDER_NOTIONAL, DenyReason.PRICE_BAND,
]);

/**
 * Walks the script with the model: the first `checkOrder` whose recorded code disagrees (the
 * model says one of its codes and the recording another, or the recording has one of its codes
 * where the model passes the order) at `at` (-1: none), and how many orders the model decided.
 */
export function firstPerOrderDisagreement(script: EventScript, units: ScriptUnits): { at: number; expected: number; recorded: number; decided: number } {
  const marks = new Float64Array(2);
  let decided = 0;
  for (let n = 0; n < script.count; n++) {
    const b = n * STRIDE;
    const type = script.events[b];
    if (type === Ev.MARK) {
      const inst = script.events[b + 2]!;
      const price = script.events[b + 3]!;
      if ((inst === 0 || inst === 1) && price > 0 && Number.isFinite(price)) marks[inst] = price;
      continue;
    }
    if (type !== Ev.CHECK_ORDER) continue;
    const e = script.events;
    const expected = perOrderCode(units, marks, e[b + 3]!, e[b + 4]!, e[b + 5]!, e[b + 6]!);
    const recorded = script.results[n]!;
    if (expected !== DenyReason.APPROVED) decided++;
    if (expected !== DenyReason.APPROVED ? recorded !== expected : PER_ORDER_CODES.has(recorded)) return { at: n, expected, recorded, decided };
  }
  return { at: -1, expected: 0, recorded: 0, decided };
}
