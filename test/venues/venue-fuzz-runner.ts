/**
 * The two fuzz properties every venue decoder must have, run the same way for each venue:
 * 1. random mutations of the fixtures (deleted fields, changed types, truncated strings, random
 *    bytes, huge numbers, off-lot quantities) never throw and emit only well-formed events, and a
 *    frame reported malformed emits nothing;
 * 2. garbage in any required field of a fixture makes the whole frame malformed and emit nothing,
 *    or, for a field of one row, drops and reports that row alone.
 * Seeded (`FUZZ_SEED` overrides, the seed is printed); iterations from `FUZZ_ITERATIONS`.
 */
import assert from 'node:assert/strict';
import type { VenueDecoder } from '../../src/venues/venue-decoder.js';
import type { RequiredField } from './fuzz-helpers.js';
import { garbageValues, mulberry32, mutate, pick, setPath, venueEventProblem } from './fuzz-helpers.js';

export const FUZZ_ITERATIONS = Number(process.env['FUZZ_ITERATIONS'] ?? 100_000);

export function fuzzMutations(makeDecoder: () => VenueDecoder, fixtures: ReadonlyMap<string, unknown>, symbols: ReadonlySet<string>, seed: number): void {
  const rng = mulberry32(seed);
  const frames = [...fixtures.values()];
  const decoder = makeDecoder();
  for (let i = 0; i < FUZZ_ITERATIONS; i++) {
    const input = mutate(pick(rng, frames), rng);
    let result;
    try {
      result = decoder.decode(input);
    } catch (e) {
      assert.fail(`iteration ${i} (FUZZ_SEED=${seed}) threw ${String(e)} on ${JSON.stringify(input)?.slice(0, 300)}`);
    }
    if (result.error !== undefined && result.events.length > 0) assert.fail(`iteration ${i} (FUZZ_SEED=${seed}): malformed frame emitted events`);
    for (const event of result.events) {
      const problem = venueEventProblem(event, symbols);
      if (problem !== undefined) assert.fail(`iteration ${i} (FUZZ_SEED=${seed}): ${problem} in ${JSON.stringify(event)} from ${JSON.stringify(input)?.slice(0, 300)}`);
    }
  }
  const s = decoder.stats;
  assert.equal(s.malformedByKind.get('exception'), undefined, 'a reader let a non-MalformedFrame error escape');
  assert.equal(s.decoded + s.ignored + s.malformed, FUZZ_ITERATIONS);
  assert.ok(s.decoded > 0 && s.ignored > 0 && s.malformed > 0, `all three outcomes exercised: ${s.decoded}/${s.ignored}/${s.malformed}`);
}

export function fuzzRequiredFields(makeDecoder: () => VenueDecoder, fixtures: ReadonlyMap<string, unknown>, required: readonly RequiredField[], seed: number): number {
  const rng = mulberry32(seed ^ 0x5eed);
  let cases = 0;
  for (const field of required) {
    const frame = fixtures.get(field.fixture);
    assert.notEqual(frame, undefined, `fixture ${field.fixture}`);
    const clean = makeDecoder().decode(frame);
    assert.equal(clean.error, undefined, `${field.fixture} decodes cleanly`);
    assert.ok(clean.events.length > 0, `${field.fixture} emits events`);
    for (const value of garbageValues(field.garbage, rng, 20)) {
      const result = makeDecoder().decode(setPath(frame, field.path, value));
      const where = `${field.fixture} ${field.path.join('.')} = ${JSON.stringify(value) ?? 'absent'}`;
      if (result.error !== undefined) {
        assert.deepStrictEqual(result.events, [], `${where} emitted events`);
      } else {
        // a field of one row: that row alone is dropped and reported, the rows beside it decode
        assert.ok((result.rowErrors?.length ?? 0) > 0, `${where} not reported malformed`);
        assert.ok(result.events.length <= clean.events.length, `${where} emitted more than the clean frame`);
      }
      cases++;
    }
  }
  return cases;
}
