/**
 * Turns the snapshots a REST answer decoded into the hook's result for the requested symbols:
 * - only requested symbols, one snapshot each (the last one wins);
 * - a requested symbol the answer lacks is flat (position 0) when the venue omits flat
 *   positions (`missingIsFlat`) and the instrument is not sequenced;
 * - a snapshot without `seq` for a sequenced instrument is dropped and counted: the engine
 *   cannot place it against the fills (see position-hook.ts).
 */
import type { SnapshotEvent } from '../events/market-events.js';

export interface SelectionCounts {
  noWatermark: number;
}

export function selectSnapshots(
  decoded: readonly SnapshotEvent[],
  symbols: readonly string[],
  sequenced: ReadonlySet<string>,
  missingIsFlat: boolean,
  counts: SelectionCounts,
): SnapshotEvent[] {
  const bySymbol = new Map<string, SnapshotEvent>();
  for (const s of decoded) bySymbol.set(s.symbol, s);
  const out: SnapshotEvent[] = [];
  for (const symbol of symbols) {
    const s = bySymbol.get(symbol) ?? (missingIsFlat ? { type: 'snapshot', symbol, position: 0 } : undefined);
    if (s === undefined) continue;
    if (sequenced.has(symbol) && s.seq === undefined) {
      counts.noWatermark++;
      continue;
    }
    out.push(s);
  }
  return out;
}
