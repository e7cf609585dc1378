import assert from 'node:assert/strict';
import type { VenueDecoder } from '../../src/venues/venue-decoder.js';
import type { FixtureStep } from './binance-fixtures.js';

function count(map: ReadonlyMap<string, number>, kind: string): number {
  return map.get(kind) ?? 0;
}

/**
 * Runs every step of a step-fixture (Binance, BitMEX: stateful decoders) through one decoder, in
 * order: each must yield exactly its events, set `error` and count its malformed kind when it
 * says so, and move the ignored counters by exactly the kinds it lists.
 */
export function assertFixtureSteps(d: VenueDecoder, steps: readonly FixtureStep[]): void {
  steps.forEach((step, i) => {
    const ignoredBefore = new Map(d.stats.ignoredByKind);
    const malformedBefore = new Map(d.stats.malformedByKind);
    const r = d.decode(step.frame);
    assert.deepStrictEqual(r.events, step.events, `step ${i}`);
    if (step.malformed !== undefined) {
      // the whole frame, or rows of it (dropped alone: the good rows' events are still listed)
      assert.ok(r.error !== undefined || (r.rowErrors?.length ?? 0) > 0, `step ${i} sets error or rowErrors`);
      assert.equal(count(d.stats.malformedByKind, step.malformed), count(malformedBefore, step.malformed) + 1, `step ${i} malformed kind`);
    } else {
      assert.equal(r.error, undefined, `step ${i}: ${r.error}`);
      assert.equal(r.rowErrors, undefined, `step ${i}: ${r.rowErrors?.join('; ')}`);
    }
    const expectIgnored = [...(step.ignored === undefined ? [] : [step.ignored]), ...(step.skipped ?? [])];
    for (const kind of new Set(expectIgnored)) {
      assert.equal(count(d.stats.ignoredByKind, kind) - count(ignoredBefore, kind), expectIgnored.filter((k) => k === kind).length, `step ${i} ignored ${kind}`);
    }
  });
}
