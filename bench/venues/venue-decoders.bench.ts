import { readFileSync } from 'node:fs';
import { BinanceUsdmDecoder } from '../../src/venues/binance/binance-decoder.js';
import { BitmexDecoder } from '../../src/venues/bitmex/bitmex-decoder.js';
import { BybitDecoder } from '../../src/venues/bybit/bybit-decoder.js';
import { DeribitDecoder } from '../../src/venues/deribit/deribit-decoder.js';
import { OkxDecoder } from '../../src/venues/okx/okx-decoder.js';
import type { VenueDecoder } from '../../src/venues/venue-decoder.js';
import { BINANCE_SYMBOLS } from '../../test/venues/binance-fixtures.js';
import { BITMEX_SYMBOLS } from '../../test/venues/bitmex-fixtures.js';
import { BYBIT_SYMBOLS } from '../../test/venues/bybit-config.js';
import { DERIBIT_SYMBOLS } from '../../test/venues/deribit-config.js';
import { OKX_SYMBOLS } from '../../test/venues/okx-config.js';
import { BenchVerificationError, expectEqual, type BenchCase, type CaseRunner } from '../bench-case.js';

/**
 * Each venue decoder on its documented messages (test/venues/fixtures/<venue>/, the files copied
 * field for field from the venue's documentation), as the feed handler receives them: a text
 * frame, parsed and decoded by `decode(text)`. Baseline: plain `JSON.parse` of the same text,
 * the floor any decoder pays. BitMEX has no documented private example in the fixtures (its
 * files are derived from the documented model): its derived position and order frames are used.
 *
 * Verification: the decoder's `decoded` counter moved by exactly the calls made, and the last
 * call's events equal (as JSON) those of a call made before timing.
 */
const FIXTURES = new URL('../../../test/venues/fixtures/', import.meta.url);

interface Message {
  readonly venue: string;
  readonly file: string;
  readonly make: () => VenueDecoder;
}

const MESSAGES: readonly Message[] = [
  { venue: 'binance', file: 'order-update-documented.json', make: () => new BinanceUsdmDecoder(BINANCE_SYMBOLS) },
  { venue: 'binance', file: 'account-update-documented.json', make: () => new BinanceUsdmDecoder(BINANCE_SYMBOLS) },
  { venue: 'bybit', file: 'execution-doc.json', make: () => new BybitDecoder(BYBIT_SYMBOLS) },
  { venue: 'bybit', file: 'order-doc.json', make: () => new BybitDecoder(BYBIT_SYMBOLS) },
  { venue: 'bybit', file: 'position-doc.json', make: () => new BybitDecoder(BYBIT_SYMBOLS) },
  { venue: 'okx', file: 'orders-doc.json', make: () => new OkxDecoder(OKX_SYMBOLS) },
  { venue: 'okx', file: 'positions-doc.json', make: () => new OkxDecoder(OKX_SYMBOLS) },
  { venue: 'deribit', file: 'changes-doc.json', make: () => new DeribitDecoder(DERIBIT_SYMBOLS) },
  { venue: 'deribit', file: 'trades-doc.json', make: () => new DeribitDecoder(DERIBIT_SYMBOLS) },
  // BitMEX: derived files; execution frames are de-duplicated by execID (a repeat decodes to
  // nothing), so the repeatable position and order-table frames are measured.
  { venue: 'bitmex', file: 'position.json', make: () => new BitmexDecoder(BITMEX_SYMBOLS) },
  { venue: 'bitmex', file: 'order-lifecycle.json', make: () => new BitmexDecoder(BITMEX_SYMBOLS) },
];

/** The frame text of a fixture: a raw frame, or the first step's `frame` of a steps file. */
function frameText(venue: string, file: string): string {
  const j = JSON.parse(readFileSync(new URL(`${venue}/${file}`, FIXTURES), 'utf8')) as { steps?: { frame: unknown }[] };
  return JSON.stringify(Array.isArray(j.steps) ? j.steps[0]!.frame : j);
}

export function decoderCaseName(m: { venue: string; file: string }): string {
  return `decode ${m.venue} ${m.file.replace(/\.json$/, '')}`;
}

export function jsonParseCaseName(m: { venue: string; file: string }): string {
  return `JSON.parse ${m.venue} ${m.file.replace(/\.json$/, '')}`;
}

function decoderCase(m: Message, calls: number): BenchCase {
  const name = decoderCaseName(m);
  return {
    name,
    calls,
    setup(): CaseRunner {
      const text = frameText(m.venue, m.file);
      const decoder = m.make();
      const first = decoder.decode(text);
      if (first.error !== undefined) throw new BenchVerificationError(name, `the documented message does not decode: ${first.error}`);
      const expected = JSON.stringify(first.events);
      const before = decoder.stats.decoded;
      let made = 1;
      let last = first;
      return {
        iterate(): number {
          const t0 = performance.now();
          for (let k = 0; k < calls; k++) last = decoder.decode(text);
          const t = performance.now() - t0;
          made += calls;
          return t;
        },
        verify(): void {
          expectEqual(name, 'frames counted as decoded', decoder.stats.decoded - before + 1, made);
          if (JSON.stringify(last.events) !== expected) throw new BenchVerificationError(name, `events changed between calls: ${JSON.stringify(last.events)} vs ${expected}`);
        },
      };
    },
  };
}

function jsonParseCase(m: Message, calls: number): BenchCase {
  const name = jsonParseCaseName(m);
  return {
    name,
    calls,
    setup(): CaseRunner {
      const text = frameText(m.venue, m.file);
      let keys = 0;
      let made = 0;
      return {
        iterate(): number {
          const t0 = performance.now();
          for (let k = 0; k < calls; k++) if (JSON.parse(text) !== null) keys++;
          const t = performance.now() - t0;
          made += calls;
          return t;
        },
        verify(): void {
          expectEqual(name, 'parsed messages', keys, made);
        },
      };
    },
  };
}

/** Pairs: [decoder case, its JSON.parse baseline]. */
export function venueDecoderCases(): [BenchCase, BenchCase][] {
  return MESSAGES.map((m) => [decoderCase(m, 100), jsonParseCase(m, 100)]);
}
