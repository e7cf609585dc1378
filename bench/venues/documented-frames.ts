/**
 * Every documented frame of the five venues, as the feed worker receives it: the frames the
 * fixture files copy field for field from the venue's documentation (test/venues/fixtures/<venue>/:
 * the "Documented examples" of each README, or the steps of a file with `derived: false`).
 * BitMEX documents its session frames only (welcome, acks, errors, pong, a non-private table):
 * its order and position frames are the first steps of the derived files built from its
 * documented models, measured as well since they are what the feed worker decodes most.
 *
 * `text` is the frame as JSON text (what the reference decoders and `JSON.parse` read); `bytes`
 * the frame on the wire (UTF-8): the same text, except a frame that is a bare text message such
 * as `pong`, stored in its fixture as a JSON string: its wire bytes are the string's content.
 */
import { readFileSync } from 'node:fs';
import { BinanceByteDecoder } from '../../src/venues/binance/binance-byte-decoder.js';
import { BinanceUsdmDecoder } from '../../src/venues/binance/binance-decoder.js';
import { BitmexByteDecoder } from '../../src/venues/bitmex/bitmex-byte-decoder.js';
import { BitmexDecoder } from '../../src/venues/bitmex/bitmex-decoder.js';
import { BybitByteDecoder } from '../../src/venues/bybit/bybit-byte-decoder.js';
import { BybitDecoder } from '../../src/venues/bybit/bybit-decoder.js';
import { DeribitByteDecoder } from '../../src/venues/deribit/deribit-byte-decoder.js';
import { DeribitDecoder } from '../../src/venues/deribit/deribit-decoder.js';
import { OkxByteDecoder } from '../../src/venues/okx/okx-byte-decoder.js';
import { OkxDecoder } from '../../src/venues/okx/okx-decoder.js';
import type { ByteDecoder } from '../../src/venues/scan/byte-decoder.js';
import type { VenueDecoder, VenueSymbolConfig } from '../../src/venues/venue-decoder.js';
import { BINANCE_SYMBOLS } from '../../test/venues/binance-fixtures.js';
import { BITMEX_SYMBOLS } from '../../test/venues/bitmex-fixtures.js';
import { BYBIT_SYMBOLS } from '../../test/venues/bybit-config.js';
import { DERIBIT_SYMBOLS } from '../../test/venues/deribit-config.js';
import { OKX_SYMBOLS } from '../../test/venues/okx-config.js';

const FIXTURES = new URL('../../../test/venues/fixtures/', import.meta.url);

export interface DocumentedFrame {
  readonly venue: string;
  /** `<file>` without `.json`, `#<step>` for a step of a steps file. */
  readonly name: string;
  /** The frame as JSON text. */
  readonly text: string;
  /** The frame as the socket hands it over. */
  readonly bytes: Uint8Array;
  makeByte(): ByteDecoder;
  makeReference(): VenueDecoder;
}

interface Venue {
  readonly venue: string;
  readonly symbols: readonly VenueSymbolConfig[];
  readonly byte: (s: readonly VenueSymbolConfig[]) => ByteDecoder;
  readonly reference: (s: readonly VenueSymbolConfig[]) => VenueDecoder;
  /** Files holding one frame each. */
  readonly files?: readonly string[];
  /** Steps files: every step (`all`) or the first. */
  readonly steps?: readonly { readonly file: string; readonly all: boolean }[];
}

const VENUES: readonly Venue[] = [
  {
    venue: 'binance', symbols: BINANCE_SYMBOLS, byte: (s) => new BinanceByteDecoder(s), reference: (s) => new BinanceUsdmDecoder(s),
    steps: ['order-update-documented', 'account-update-documented', 'listen-key-expired', 'other-events'].map((file) => ({ file, all: true })),
  },
  {
    venue: 'bybit', symbols: BYBIT_SYMBOLS, byte: (s) => new BybitByteDecoder(s), reference: (s) => new BybitDecoder(s),
    files: ['execution-doc', 'execution-doc-xrp', 'order-doc', 'position-doc', 'pong-private-doc', 'pong-public-doc', 'subscribe-ack-doc'],
  },
  {
    venue: 'okx', symbols: OKX_SYMBOLS, byte: (s) => new OkxByteDecoder(s), reference: (s) => new OkxDecoder(s),
    files: ['orders-doc', 'positions-doc', 'positions-doc-any', 'subscribe-ack-doc', 'error-doc', 'pong-doc'],
  },
  {
    venue: 'deribit', symbols: DERIBIT_SYMBOLS, byte: (s) => new DeribitByteDecoder(s), reference: (s) => new DeribitDecoder(s),
    files: ['changes-doc', 'changes-instrument-doc', 'trades-doc', 'orders-raw-doc'],
  },
  {
    venue: 'bitmex', symbols: BITMEX_SYMBOLS, byte: (s) => new BitmexByteDecoder(s), reference: (s) => new BitmexDecoder(s),
    steps: [{ file: 'preamble-and-heartbeat', all: true }, { file: 'position', all: false }, { file: 'order-lifecycle', all: false }],
  },
];

function read(venue: string, file: string): unknown {
  return JSON.parse(readFileSync(new URL(`${venue}/${file}.json`, FIXTURES), 'utf8'));
}

function frame(v: Venue, name: string, value: unknown): DocumentedFrame {
  const text = JSON.stringify(value);
  const wire = typeof value === 'string' ? value : text;
  return {
    venue: v.venue, name, text, bytes: new Uint8Array(Buffer.from(wire, 'utf8')),
    makeByte: () => v.byte(v.symbols), makeReference: () => v.reference(v.symbols),
  };
}

/** The documented frames, venue by venue, in the order listed above. */
export function documentedFrames(): DocumentedFrame[] {
  const out: DocumentedFrame[] = [];
  for (const v of VENUES) {
    for (const file of v.files ?? []) out.push(frame(v, file, read(v.venue, file)));
    for (const { file, all } of v.steps ?? []) {
      const steps = (read(v.venue, file) as { steps: { frame: unknown }[] }).steps;
      const n = all ? steps.length : 1;
      for (let i = 0; i < n; i++) out.push(frame(v, steps.length === 1 || !all ? file : `${file}#${i}`, steps[i]!.frame));
    }
  }
  return out;
}
