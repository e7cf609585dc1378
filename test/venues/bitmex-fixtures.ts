/**
 * The BitMEX fixture files (`fixtures/bitmex/*.json`) and the symbol table they are written
 * for, shared by the fixture test and the fuzz test. Each file: `source` (documentation page),
 * `derived` (false: the documented example field for field), `note`, and `steps` decoded in order
 * by one decoder, each with its exact `events` and the counter it must move (`ignored`,
 * `malformed`, `skipped` rows).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { VenueEvent } from '../../src/scenario/scenario-types.js';
import type { VenueSymbolConfig } from '../../src/venues/venue-decoder.js';

export const BITMEX_SYMBOLS: readonly VenueSymbolConfig[] = [
  { symbol: 'XBTUSD', lotSize: '100' }, // contracts: 100 per lot
  { symbol: 'ETHUSD', lotSize: '1' },
];

export interface FixtureStep { frame: unknown; events: VenueEvent[]; ignored?: string; malformed?: string; skipped?: string[] }
export interface Fixture { source: string; derived: boolean; note: string; steps: FixtureStep[] }

const DIR = fileURLToPath(new URL('../../../test/venues/fixtures/bitmex/', import.meta.url));

export function loadBitmexFixtures(): { name: string; fixture: Fixture }[] {
  return readdirSync(DIR).filter((f) => f.endsWith('.json')).sort()
    .map((name) => ({ name, fixture: JSON.parse(readFileSync(DIR + name, 'utf8')) as Fixture }));
}
