import { Counter } from '../risk/codes.js';
import { DenyReason } from '../risk/deny-reason.js';

/**
 * Names for the slots of `RiskEngine.counters` (the same array the threaded engine copies into
 * its state block): events by scenario step type, decisions by reason name, the rest by their
 * `Counter` name. Shared by every `StateSource` adapter.
 */
const EVENT_COUNTERS: readonly (readonly [type: string, index: number])[] = [
  ['fill', Counter.FILLS],
  ['orderUpdate', Counter.ORDER_UPDATES],
  ['snapshot', Counter.SNAPSHOTS],
  ['feed', Counter.FEED_EVENTS],
  ['heartbeat', Counter.HEARTBEATS],
  ['mark', Counter.MARKS],
];
const EVENT_INDICES = new Set(EVENT_COUNTERS.map(([, i]) => i));

export function eventsByType(counters: ArrayLike<number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [type, i] of EVENT_COUNTERS) out[type] = counters[i] ?? 0;
  return out;
}

export function decisionsByReason(counters: ArrayLike<number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [name, code] of Object.entries(DenyReason)) out[name] = counters[Counter.DECISIONS + code] ?? 0;
  return out;
}

/** Every other counter (anomalies, guards), by `Counter` name. */
export function otherCounters(counters: ArrayLike<number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [name, i] of Object.entries(Counter)) {
    if (i < Counter.DECISIONS && !EVENT_INDICES.has(i)) out[name] = counters[i] ?? 0;
  }
  return out;
}
