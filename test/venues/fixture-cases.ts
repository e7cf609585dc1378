import assert from 'node:assert/strict';
import { it } from 'node:test';
import type { VenueEvent } from '../../src/scenario/scenario-types.js';
import type { VenueDecoder } from '../../src/venues/venue-decoder.js';
import { loadFixture, loadFixtures } from './fuzz-helpers.js';

/** What one documented (or derived) fixture must decode to. */
export type Expectation = readonly VenueEvent[] | { malformed: string } | { ignored: string };

export function isEvents(e: Expectation): e is readonly VenueEvent[] {
  return Array.isArray(e);
}

/**
 * Registers one test per fixture of `venue` (inside the caller's `describe`): every fixture has
 * an expectation, and each decodes to exactly it: the events (with the elements it skipped,
 * counted by kind, equal to `skipped[name]`), or nothing and the malformed / ignored kind counted.
 */
export function fixtureCases(
  venue: string,
  expected: Readonly<Record<string, Expectation>>,
  skipped: Readonly<Record<string, Readonly<Record<string, number>>>>,
  decoder: () => VenueDecoder,
): void {
  it('every fixture has an expectation', () => {
    assert.deepEqual([...loadFixtures(venue).keys()].sort(), Object.keys(expected).sort());
  });

  for (const [name, want] of Object.entries(expected)) {
    it(`when ${name} is decoded then it gives exactly the expected result`, () => {
      const d = decoder();
      const result = d.decode(loadFixture(venue, name));
      if (isEvents(want)) {
        assert.equal(result.error, undefined);
        assert.deepStrictEqual(result.events, want);
        assert.equal(d.stats.decoded, 1);
        assert.deepEqual(Object.fromEntries(d.stats.ignoredByKind), skipped[name] ?? {});
      } else if ('malformed' in want) {
        // the whole frame, or its only row (then the frame decodes with that row dropped)
        assert.deepStrictEqual(result.events, []);
        assert.match(result.error ?? result.rowErrors?.join('\n') ?? '', new RegExp(`^${want.malformed}:`));
        assert.equal(d.stats.malformedByKind.get(want.malformed), 1);
      } else {
        assert.deepStrictEqual(result, { events: [] });
        assert.equal(d.stats.ignoredByKind.get(want.ignored), 1);
        assert.equal(d.stats.ignored, 1);
      }
    });
  }
}
