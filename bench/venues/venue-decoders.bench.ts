import { readFileSync } from 'node:fs';
import { BinanceUsdmDecoder } from '../../src/venues/binance/binance-decoder.js';
import { BitmexDecoder } from '../../src/venues/bitmex/bitmex-decoder.js';
import { BybitDecoder } from '../../src/venues/bybit/bybit-decoder.js';
import { DeribitDecoder } from '../../src/venues/deribit/deribit-decoder.js';
import { OkxDecoder } from '../../src/venues/okx/okx-decoder.js';
import type { VenueDecoder } from '../../src/venues/venue-decoder.js';
import { BybitByteDecoder } from '../../src/venues/bybit/bybit-byte-decoder.js';
import { OkxByteDecoder } from '../../src/venues/okx/okx-byte-decoder.js';
import { Outcome, type ByteDecoder } from '../../src/venues/scan/byte-decoder.js';
import { EVENT_SLOT_BYTES } from '../../src/codec/event-slot-layout.js';
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

function jsonParseCase(m: { readonly venue: string; readonly file: string }, calls: number): BenchCase {
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

interface ByteMessage {
  readonly venue: string;
  readonly file: string;
  readonly make: () => ByteDecoder;
}

/** The documented frames of the venues that have a byte decoder (the feed worker's default). */
const BYTE_MESSAGES: readonly ByteMessage[] = [
  { venue: 'bybit', file: 'execution-doc.json', make: () => new BybitByteDecoder(BYBIT_SYMBOLS) },
  { venue: 'bybit', file: 'order-doc.json', make: () => new BybitByteDecoder(BYBIT_SYMBOLS) },
  { venue: 'bybit', file: 'position-doc.json', make: () => new BybitByteDecoder(BYBIT_SYMBOLS) },
  { venue: 'okx', file: 'orders-doc.json', make: () => new OkxByteDecoder(OKX_SYMBOLS) },
  { venue: 'okx', file: 'positions-doc.json', make: () => new OkxByteDecoder(OKX_SYMBOLS) },
];

export function byteDecoderCaseName(m: { venue: string; file: string }): string {
  return `decode bytes ${m.venue} ${m.file.replace(/\.json$/, '')}`;
}

/**
 * A byte decoder on a documented frame as the socket hands it over (UTF-8 bytes). Verification:
 * every call decoded, and the last call's slots equal, word for word, the first call's (made
 * before timing). 1000 calls per iteration, so the two timer reads per iteration weigh little in
 * the GC figure.
 */
function byteDecoderCase(m: ByteMessage, calls: number): BenchCase {
  const name = byteDecoderCaseName(m);
  return {
    name,
    calls,
    setup(): CaseRunner {
      const bytes = new Uint8Array(Buffer.from(frameText(m.venue, m.file), 'utf8'));
      const decoder = m.make();
      if (decoder.decode(bytes, 0, bytes.length) !== Outcome.DECODED) throw new BenchVerificationError(name, `the documented message does not decode: ${decoder.lastError()} ${decoder.lastKind()}`);
      const words = (decoder.slots.count * EVENT_SLOT_BYTES) >> 2;
      const expected = decoder.slots.i32.slice(0, words).join(',');
      let wrong = 0;
      let made = 0;
      return {
        iterate(): number {
          const t0 = performance.now();
          for (let k = 0; k < calls; k++) wrong += decoder.decode(bytes, 0, bytes.length);
          const t = performance.now() - t0;
          made += calls;
          return t;
        },
        verify(): void {
          expectEqual(name, 'calls that did not decode', wrong, 0);
          expectEqual(name, 'frames counted as decoded', decoder.stats.decoded - 1, made);
          const got = decoder.slots.i32.slice(0, words).join(',');
          if (decoder.slots.count * EVENT_SLOT_BYTES !== words * 4 || got !== expected) throw new BenchVerificationError(name, 'slots changed between calls');
        },
      };
    },
  };
}

/** Pairs: [decoder case, its JSON.parse baseline]; the byte decoders' cases share the baselines of the same frames. */
export function venueDecoderCases(): [BenchCase, BenchCase][] {
  const reference = MESSAGES.map((m): [BenchCase, BenchCase] => [decoderCase(m, 100), jsonParseCase(m, 100)]);
  const bytes = BYTE_MESSAGES.map((m): [BenchCase, BenchCase] => [byteDecoderCase(m, 1000), jsonParseCase(m, 100)]);
  return [...reference, ...bytes];
}
