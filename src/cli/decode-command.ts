import { readFileSync } from 'node:fs';
import { createByteDecoder, createDecoder } from '../feeds/decoder-factory.js';
import type { VenueEvent } from '../scenario/scenario-types.js';
import { Outcome } from '../venues/scan/byte-decoder.js';
import type { DecodeResult } from '../venues/venue-decoder.js';
import { byteFrameEvents, idTexts } from './byte-frame-events.js';
import { loadFeedConfig, venueConfigOf } from '../feeds/venue-config.js';
import { VENUE_NAMES, isVenueName } from '../feeds/venue-name.js';
import type { CliCommand, CliIo } from './cli-command.js';
import { CliError } from './cli-error.js';
import type { ConfigError } from '../config/config-error.js';
import { parseConfigText } from '../config/parse-json-strict.js';
import { commonUsage, parseCommandArgs } from './command-args.js';

export const DECODE_USAGE = `riskgate decode --venue VENUE --config CONFIG.json [--at-field FIELD] [--reference] FILE

Decodes a captured private WebSocket session of VENUE (${VENUE_NAMES.join(', ')}) into riskgate
scenario steps, so it can be replayed. FILE holds raw frames: one per line (JSON lines; a line
that is not JSON, such as "pong", is passed to the decoder as text), or one JSON array of frames.
The symbol mapping and lot sizes come from CONFIG: venues.<venue>.instruments (venueSymbol →
symbol) with the lotSize of config.instruments[]; without a venues section every instrument is
read under its own name.

Prints one JSON line per normalized event: {"at", "type", ...} (fill, orderUpdate, snapshot,
heartbeat).

Decoders: by default the byte decoder the feed worker runs reads each frame's bytes (a JSON line
exactly as captured; an element of a JSON array as its JSON text, a string element as the text
frame it holds). It produces what the risk thread receives: instrument indexes, printed as the
config's symbols, and order and execution ids as integer keys (stringKey), each printed as the id
text of the frame that hashes to it (what --reference prints), or as "key:<n>" when no single value
of the frame does (an id riskgate composes, such as OKX's <instId>:<tradeId>). --reference runs
the reference decoders instead (JSON.parse, then string ids as the venue sent them), the ones the
byte decoders are tested against.

"at" is the frame's index in FILE (0, 1, 2, ...), or with --at-field the frame's
top-level numeric field FIELD (e.g. creationTime), kept non-decreasing; a frame without it keeps
the previous "at". Malformed frames are reported on stderr with their line number, and a summary
of decoded, ignored (by kind) and malformed (by kind) frames ends stderr. A malformed row of a
frame is reported the same way; the rows beside it are still printed.
${commonUsage('{"summary"}: the counts of the summary on stderr')}
Exit code 0; 1 when a frame or row was malformed (the others are still printed); 2 for bad input.`;

interface Frame {
  readonly line: number;
  readonly value: unknown;
  /** The frame as the socket handed it over (UTF-8 of the captured line, or of the array element's text). */
  readonly bytes: Uint8Array;
}

function wire(value: unknown): Uint8Array {
  return Buffer.from(typeof value === 'string' ? value : (JSON.stringify(value) ?? 'null'), 'utf8');
}

function readFrames(file: string): Frame[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new CliError(`cannot read ${file}: ${(err as Error).message}`, 2);
  }
  if (text.trimStart().startsWith('[')) {
    let arr: unknown;
    try {
      arr = JSON.parse(text);
    } catch (err) {
      throw new CliError(`${file} starts with "[" but is not a JSON array: ${(err as Error).message}`, 2);
    }
    if (!Array.isArray(arr)) throw new CliError(`${file} is not a JSON array`, 2);
    return arr.map((value: unknown, i) => ({ line: i + 1, value, bytes: wire(value) }));
  }
  const frames: Frame[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    if (raw.trim() === '') return;
    let value: unknown = raw;
    try {
      value = JSON.parse(raw);
    } catch {
      value = raw; // text frames ("pong"); anything else the decoder reports as malformed
    }
    frames.push({ line: i + 1, value, bytes: Buffer.from(raw, 'utf8') });
  });
  return frames;
}

function readConfig(file: string): ReturnType<typeof loadFeedConfig> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new CliError(`cannot read config ${file}: ${(err as Error).message}`, 2);
  }
  let json: unknown;
  try {
    json = parseConfigText(text, file);
  } catch (err) {
    throw new CliError((err as ConfigError).problems.join('\n'), 2);
  }
  try {
    return loadFeedConfig(json);
  } catch (err) {
    if ((err as { code?: string }).code === 'ERR_RISKGATE_CONFIG') throw new CliError(`${file}: ${(err as Error).message}`, 2);
    throw err;
  }
}

function byKind(m: ReadonlyMap<string, number>): string {
  return m.size === 0 ? '' : ` (${[...m].sort().map(([k, n]) => `${k}: ${n}`).join(', ')})`;
}

export function decodeCommand(args: readonly string[], io: CliIo): number {
  const { values, positionals: files } = parseCommandArgs(args, { venue: { type: 'string' }, config: { type: 'string' }, 'at-field': { type: 'string' }, reference: { type: 'boolean' } }, DECODE_USAGE);
  const { venue, config: configFile } = values;
  if (venue === undefined || configFile === undefined || files.length !== 1) throw new CliError(`expected --venue, --config and one FILE\n\n${DECODE_USAGE}`, 2);
  if (!isVenueName(venue)) throw new CliError(`--venue: unknown venue "${venue}" (known: ${VENUE_NAMES.join(', ')})`, 2);
  const { config, venues } = readConfig(configFile);
  const symbols = venueConfigOf(venues, venue, config).instruments;
  let decoder: { decode(f: Frame): DecodeResult; readonly stats: ReturnType<typeof createDecoder>['stats'] };
  if (values.reference === true) {
    const d = createDecoder(venue, symbols);
    decoder = { decode: (f) => d.decode(f.value), get stats() { return d.stats; } };
  } else {
    const d = createByteDecoder(venue, symbols);
    const fillTime = venue === 'binance-usdm' || venue === 'bitmex';
    decoder = {
      decode(f): DecodeResult {
        const r = d.decode(f.bytes, 0, f.bytes.length);
        if (r === Outcome.MALFORMED) return { events: [], error: d.lastError() };
        const events: VenueEvent[] = r === Outcome.DECODED ? byteFrameEvents(d, idTexts(f.value), fillTime) : [];
        const rowErrors = d.lastRowErrors();
        return rowErrors.length === 0 ? { events } : { events, rowErrors };
      },
      get stats() { return d.stats; },
    };
  }
  const atField = values['at-field'];
  const frames = readFrames(files[0]!);
  let at = 0;
  let events = 0;
  frames.forEach((frame, index) => {
    if (atField === undefined) at = index;
    else {
      const v = typeof frame.value === 'object' && frame.value !== null ? (frame.value as Record<string, unknown>)[atField] : undefined;
      const n = typeof v === 'number' ? v : typeof v === 'string' && /^\d+(\.\d+)?$/.test(v) ? Number(v) : Number.NaN;
      if (Number.isFinite(n) && n >= at) at = n;
    }
    const r = decoder.decode(frame);
    if (r.error !== undefined) io.err(`line ${frame.line}: malformed frame: ${r.error}`);
    for (const e of r.rowErrors ?? []) io.err(`line ${frame.line}: malformed row (the others decoded): ${e}`);
    for (const e of r.events) {
      events++;
      io.out(JSON.stringify({ at, ...e }));
    }
  });
  const s = decoder.stats;
  io.err(`${venue}: ${frames.length} frames: ${s.decoded} decoded into ${events} events; ${s.ignored} ignored${byKind(s.ignoredByKind)}; ${s.malformed} malformed${s.malformedRows > 0 ? ` frames and ${s.malformedRows} malformed rows` : ''}${byKind(s.malformedByKind)}`);
  if (values.json === true) {
    io.out(JSON.stringify({ summary: { venue, frames: frames.length, decoded: s.decoded, events, ignored: s.ignored, ignoredByKind: Object.fromEntries(s.ignoredByKind),
      malformed: s.malformed, malformedRows: s.malformedRows, malformedByKind: Object.fromEntries(s.malformedByKind) } }));
  }
  return s.malformed > 0 || s.malformedRows > 0 ? 1 : 0;
}

export const decodeCliCommand: CliCommand = {
  name: 'decode',
  summary: 'decode --venue V --config C [--reference] FILE  decode a captured private WebSocket session into scenario steps (JSON lines)',
  usage: DECODE_USAGE,
  run: (args, io) => decodeCommand(args, io),
};
