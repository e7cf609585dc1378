import { EVENT_SLOT_BYTES } from '../../src/codec/event-slot-layout.js';
import { BenchVerificationError, expectEqual, type BenchCase, type CaseRunner } from '../bench-case.js';
import { documentedFrames, type DocumentedFrame } from './documented-frames.js';

/**
 * The venue decoders on every documented frame of the five venues (documented-frames.ts), as
 * the feed worker receives them. Per frame three cases:
 *
 * - `decode <venue> <frame>`: the byte decoder (the feed worker's) on the frame's UTF-8 bytes;
 * - `decode reference <venue> <frame>`: the reference decoder on the frame's text (it parses it);
 * - `JSON.parse <venue> <frame>` (the baseline of both): plain `JSON.parse` of the same text, the
 *   floor any decoder built on it pays (for a bare text frame such as `pong`: of its JSON string).
 *
 * Verification: every call gave the first call's outcome (decoded, ignored or malformed) and
 * was counted once, and the last call's events equal those of the first call (made before
 * timing): slots word for word for the byte decoder, events as JSON for the reference.
 */
const KEY_OF = (f: { venue: string; name: string }): string => `${f.venue} ${f.name}`;

export function byteDecoderCaseName(f: { venue: string; name: string }): string {
  return `decode ${KEY_OF(f)}`;
}

export function referenceDecoderCaseName(f: { venue: string; name: string }): string {
  return `decode reference ${KEY_OF(f)}`;
}

export function jsonParseCaseName(f: { venue: string; name: string }): string {
  return `JSON.parse ${KEY_OF(f)}`;
}

/**
 * The counter a frame of this outcome moves (0 decoded, 1 ignored, 2 malformed). Only that one:
 * Binance and BitMEX also count a decoded frame's skipped rows as ignored.
 */
function framesCounted(s: { decoded: number; ignored: number; malformed: number }, outcome: number): number {
  return outcome === 0 ? s.decoded : outcome === 1 ? s.ignored : s.malformed;
}

/** The outcome of a reference decoder's call, from the counter it moved. */
function outcomeOf(s: { decoded: number; malformed: number }, before: { decoded: number; malformed: number }): number {
  return s.malformed > before.malformed ? 2 : s.decoded > before.decoded ? 0 : 1;
}

/**
 * The byte decoder. 1000 calls per iteration, so the two timer reads per iteration weigh little
 * in the GC figure.
 */
function byteDecoderCase(f: DocumentedFrame, calls: number): BenchCase {
  const name = byteDecoderCaseName(f);
  return {
    name,
    calls,
    setup(): CaseRunner {
      const bytes = f.bytes;
      const decoder = f.makeByte();
      const outcome = decoder.decode(bytes, 0, bytes.length);
      const words = (decoder.slots.count * EVENT_SLOT_BYTES) >> 2;
      const expected = decoder.slots.i32.slice(0, words).join(',');
      const before = framesCounted(decoder.stats, outcome) - 1;
      let wrong = 0;
      let made = 0;
      return {
        iterate(): number {
          const t0 = performance.now();
          for (let k = 0; k < calls; k++) if (decoder.decode(bytes, 0, bytes.length) !== outcome) wrong++;
          const t = performance.now() - t0;
          made += calls;
          return t;
        },
        verify(): void {
          expectEqual(name, `calls whose outcome differed from the first call's (${outcome})`, wrong, 0);
          expectEqual(name, 'frames counted', framesCounted(decoder.stats, outcome) - before - 1, made);
          const got = decoder.slots.i32.slice(0, words).join(',');
          if (decoder.slots.count * EVENT_SLOT_BYTES !== words * 4 || got !== expected) throw new BenchVerificationError(name, 'slots changed between calls');
        },
      };
    },
  };
}

function referenceDecoderCase(f: DocumentedFrame, calls: number): BenchCase {
  const name = referenceDecoderCaseName(f);
  return {
    name,
    calls,
    setup(): CaseRunner {
      const text = f.text;
      const decoder = f.makeReference();
      const counted = { decoded: decoder.stats.decoded, malformed: decoder.stats.malformed };
      const first = decoder.decode(text);
      const outcome = outcomeOf(decoder.stats, counted);
      const expected = JSON.stringify(first);
      const before = framesCounted(decoder.stats, outcome) - 1;
      let made = 0;
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
          expectEqual(name, 'frames counted', framesCounted(decoder.stats, outcome) - before - 1, made);
          if (JSON.stringify(last) !== expected) throw new BenchVerificationError(name, `result changed between calls: ${JSON.stringify(last)} vs ${expected}`);
        },
      };
    },
  };
}

function jsonParseCase(f: DocumentedFrame, calls: number): BenchCase {
  const name = jsonParseCaseName(f);
  return {
    name,
    calls,
    setup(): CaseRunner {
      const text = f.text;
      let parsed = 0;
      let made = 0;
      return {
        iterate(): number {
          const t0 = performance.now();
          for (let k = 0; k < calls; k++) if (JSON.parse(text) !== undefined) parsed++;
          const t = performance.now() - t0;
          made += calls;
          return t;
        },
        verify(): void {
          expectEqual(name, 'parsed messages', parsed, made);
        },
      };
    },
  };
}

/** Per documented frame: [byte decoder, reference decoder, JSON.parse baseline of both]. */
export function venueDecoderCases(): [BenchCase, BenchCase, BenchCase][] {
  return documentedFrames().map((f): [BenchCase, BenchCase, BenchCase] => [byteDecoderCase(f, 1000), referenceDecoderCase(f, 100), jsonParseCase(f, 100)]);
}
