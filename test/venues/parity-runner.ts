/**
 * The differential test of a byte decoder against its reference decoder: both read the same
 * frames, the reference as the feed used to hand them over (the bytes decoded as UTF-8, then
 * `JSON.parse`d, or the text when it is not JSON), the byte decoder from the bytes. For every
 * frame they must agree on the outcome (decoded / ignored / malformed), its kind, the kinds of
 * the rows skipped, and the events, compared as the ring slots the feed worker writes (the
 * reference events through the same conversion as `encodeFeedEvent`: instrument index,
 * `stringKey` of ids, side and status codes), every value compared with `Object.is`.
 *
 * Frames: every fixture as is, then seeded mutations of them: the fuzz suites' structural
 * mutations, re-rendered with random formatting JSON allows (whitespace, key order, duplicate
 * keys with the last one winning, `\u` escapes, numbers in exponent form or as decimals with
 * zeros), sometimes a string swapped for a word the venue gives meaning to (`vocabulary`: enum
 * values, symbols, sentinels) and sometimes a corrupted byte (including invalid UTF-8). Stateful decoders (BitMEX)
 * run the whole stream in one pair of decoders, so their state must evolve alike too.
 *
 * Iterations: `PARITY_ITERATIONS` (default per venue below, sized for CI); seed: `FUZZ_SEED`.
 */
import assert from 'node:assert/strict';
import { decodeFill, decodeOrderUpdate, decodeSnapshot, EVENT_SLOT_BYTES, SlotType, type FillFields, type OrderUpdateFields, type SnapshotFields } from '../../src/codec/index.js';
import { ALL_INSTRUMENTS, Side } from '../../src/risk/codes.js';
import { STATUS_CODE } from '../../src/scenario/engine-gate.js';
import type { VenueEvent } from '../../src/scenario/scenario-types.js';
import { stringKey } from '../../src/units/string-keys.js';
import { Outcome, type ByteDecoder } from '../../src/venues/scan/byte-decoder.js';
import type { VenueDecoder } from '../../src/venues/venue-decoder.js';
import { mulberry32, mutate, pick, randInt, type Rng } from './fuzz-helpers.js';

export const PARITY_ITERATIONS = process.env['PARITY_ITERATIONS'];

/** One frame's result, comparable across the two decoders. */
interface Reading {
  readonly outcome: 'decoded' | 'ignored' | 'malformed';
  readonly kind: string;
  readonly skipped: string;
  /** Kinds of the rows dropped as malformed (the frame still decoded). */
  readonly bad: string;
  readonly slots: readonly (readonly number[])[];
}

function diffKinds(after: ReadonlyMap<string, number>, before: ReadonlyMap<string, number>): string[] {
  const out: string[] = [];
  for (const [k, n] of after) for (let i = before.get(k) ?? 0; i < n; i++) out.push(k);
  return out.sort();
}

/** The slot values `encodeFeedEvent` would write for a reference event (header: tag, inst, arg). */
function slotOf(e: VenueEvent, index: ReadonlyMap<string, number>): number[] {
  const inst = (s: string | undefined): number => (s === undefined ? ALL_INSTRUMENTS : (index.get(s) ?? -2));
  switch (e.type) {
    case 'fill':
      return [SlotType.FILL, inst(e.symbol), e.side === 'buy' ? Side.BUY : Side.SELL, e.orderId === undefined ? -1 : stringKey(e.orderId), stringKey(e.execId), e.qty, e.price, e.seq ?? e.venueTime ?? NaN];
    case 'orderUpdate':
      return [SlotType.ORDER_UPDATE, inst(e.symbol), STATUS_CODE[e.status], stringKey(e.orderId), e.cumQty, e.leavesQty,
        e.side === 'buy' ? Side.BUY : e.side === 'sell' ? Side.SELL : 0, e.reduceOnly === true ? 1 : 0];
    case 'snapshot':
      return [SlotType.SNAPSHOT, inst(e.symbol), 0, e.position, e.seq ?? NaN, e.venueTime ?? NaN];
    case 'heartbeat':
      return [SlotType.HEARTBEAT, inst(e.symbol), 0];
  }
}

export function referenceReading(d: VenueDecoder, bytes: Uint8Array, index: ReadonlyMap<string, number>): Reading {
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('utf8');
  let frame: unknown = text;
  try {
    frame = JSON.parse(text);
  } catch {
    frame = text;
  }
  const s0 = d.stats;
  const before = { decoded: s0.decoded, malformed: s0.malformed, ignoredByKind: new Map(s0.ignoredByKind), malformedByKind: new Map(s0.malformedByKind) };
  const r = d.decode(frame);
  const s = d.stats;
  const ignoredKinds = diffKinds(s.ignoredByKind, before.ignoredByKind);
  if (s.malformed > before.malformed) {
    assert.ok(r.events.length === 0, 'reference: a malformed frame emitted events');
    return { outcome: 'malformed', kind: diffKinds(s.malformedByKind, before.malformedByKind).join(','), skipped: '', bad: '', slots: [] };
  }
  if (s.decoded > before.decoded) {
    const bad = diffKinds(s.malformedByKind, before.malformedByKind);
    assert.equal(r.rowErrors?.length ?? 0, bad.length, 'reference: every malformed row reported');
    return { outcome: 'decoded', kind: '', skipped: ignoredKinds.join(','), bad: bad.join(','), slots: r.events.map((e) => slotOf(e, index)) };
  }
  return { outcome: 'ignored', kind: ignoredKinds.join(','), skipped: '', bad: '', slots: [] };
}

const fill: FillFields = { tag: 0, inst: 0, arg: 0, order: 0, at: 0, orderKey: 0, execKey: 0, qty: 0, price: 0, seq: 0 };
const update: OrderUpdateFields = { tag: 0, inst: 0, arg: 0, order: 0, at: 0, orderKey: 0, cumQty: 0, leavesQty: 0, side: 0, reduceOnly: 0 };
const snap: SnapshotFields = { tag: 0, inst: 0, arg: 0, order: 0, at: 0, position: 0, seq: 0, venueTime: 0, asOf: 0 };

export function byteReading(d: ByteDecoder, bytes: Uint8Array): Reading {
  const r = d.decode(bytes);
  if (r === Outcome.MALFORMED) return { outcome: 'malformed', kind: d.lastKind(), skipped: '', bad: '', slots: [] };
  if (r === Outcome.IGNORED) return { outcome: 'ignored', kind: d.lastKind(), skipped: '', bad: '', slots: [] };
  const slots: number[][] = [];
  const { i32, f64 } = d.slots;
  for (let k = 0; k < d.slots.count; k++) {
    const off = k * EVENT_SLOT_BYTES;
    const tag = i32[off >> 2]!;
    if (tag === SlotType.FILL) {
      decodeFill(i32, f64, off, fill);
      slots.push([tag, fill.inst, fill.arg, fill.orderKey, fill.execKey, fill.qty, fill.price, fill.seq]);
    } else if (tag === SlotType.ORDER_UPDATE) {
      decodeOrderUpdate(i32, f64, off, update);
      slots.push([tag, update.inst, update.arg, update.orderKey, update.cumQty, update.leavesQty, update.side, update.reduceOnly]);
    } else if (tag === SlotType.SNAPSHOT) {
      decodeSnapshot(i32, f64, off, snap);
      slots.push([tag, snap.inst, snap.arg, snap.position, snap.seq, snap.venueTime]);
    } else {
      slots.push([tag, i32[(off >> 2) + 1]!, i32[(off >> 2) + 2]!]);
    }
  }
  const bad = d.lastRowErrors().map((e) => e.slice(0, e.indexOf(': '))).sort();
  return { outcome: 'decoded', kind: '', skipped: d.lastSkipped().sort().join(','), bad: bad.join(','), slots };
}

function same(a: Reading, b: Reading): boolean {
  if (a.outcome !== b.outcome || a.kind !== b.kind || a.skipped !== b.skipped || a.bad !== b.bad || a.slots.length !== b.slots.length) return false;
  for (let i = 0; i < a.slots.length; i++) {
    const x = a.slots[i]!;
    const y = b.slots[i]!;
    if (x.length !== y.length) return false;
    for (let k = 0; k < x.length; k++) if (!Object.is(x[k], y[k])) return false;
  }
  return true;
}

// ------------------------------------------------------------------ formatting JSON allows

const WS = [' ', '\n', '\t', '\r', '  '];

function ws(rng: Rng): string {
  return randInt(rng, 4) === 0 ? pick(rng, WS) : '';
}

function renderString(s: string, rng: Rng, escapeRate: number): string {
  if (escapeRate === 0) return JSON.stringify(s);
  let out = '"';
  for (const ch of JSON.stringify(s).slice(1, -1).match(/\\u[0-9a-fA-F]{4}|\\.|[\s\S]/g) ?? []) {
    if (ch.length === 1 && rng() < escapeRate) {
      const code = ch.charCodeAt(0);
      out += ch === '/' && randInt(rng, 2) === 0 ? '\\/' : `\\u${code.toString(16).padStart(4, '0')}`;
    } else out += ch;
  }
  return `${out}"`;
}

function renderNumber(n: number, rng: Rng): string {
  const plain = JSON.stringify(n);
  switch (randInt(rng, 6)) {
    case 0: {
      const x = n.toExponential();
      return Number(x) === n ? x.replace('e+', pick(rng, ['e+', 'e', 'E'])) : plain;
    }
    case 1: return Number.isInteger(n) && Math.abs(n) < 1e15 ? `${plain}.${'0'.repeat(1 + randInt(rng, 3))}` : plain;
    case 2: return Number.isInteger(n) && n !== 0 && Math.abs(n) < 1e15 ? `${plain}0e-1` : plain;
    default: return plain;
  }
}

/** `value` as JSON text with random formatting that parses to the same value. */
export function renderJson(value: unknown, rng: Rng, escapeRate: number): string {
  if (value === null || typeof value === 'boolean') return JSON.stringify(value);
  if (typeof value === 'number') return Number.isFinite(value) ? renderNumber(value, rng) : 'null';
  if (typeof value === 'string') return renderString(value, rng, escapeRate);
  if (Array.isArray(value)) return `[${ws(rng)}${value.map((v) => `${renderJson(v, rng, escapeRate)}${ws(rng)}`).join(`,${ws(rng)}`)}]`;
  const entries = Object.entries(value as Record<string, unknown>);
  if (randInt(rng, 4) === 0) {
    for (let i = entries.length - 1; i > 0; i--) {
      const j = randInt(rng, i + 1);
      [entries[i], entries[j]] = [entries[j]!, entries[i]!];
    }
  }
  const members = entries.map(([k, v]) => `${renderString(k, rng, escapeRate)}${ws(rng)}:${ws(rng)}${renderJson(v, rng, escapeRate)}`);
  if (entries.length > 0 && randInt(rng, 10) === 0) {
    const [k] = pick(rng, entries); // an earlier duplicate: JSON.parse keeps the last
    members.unshift(`${JSON.stringify(k)}:${pick(rng, ['null', '"x"', '7', '{}', '[1]'])}`);
  }
  return `{${ws(rng)}${members.join(`${ws(rng)},${ws(rng)}`)}${ws(rng)}}`;
}

/** `value` with one string leaf (chosen uniformly) replaced by a word of `vocabulary`. */
function swapWord(value: unknown, rng: Rng, vocabulary: readonly string[]): unknown {
  let seen = 0;
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return v;
    if (Array.isArray(v)) return v.map(walk);
    if (v === null || typeof v !== 'object') return v;
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) out[k] = typeof x === 'string' && randInt(rng, ++seen) === 0 ? pick(rng, vocabulary) : walk(x);
    return out;
  };
  return walk(value);
}

/** A mutated frame as bytes. */
function mutatedBytes(frames: readonly unknown[], rng: Rng, vocabulary: readonly string[]): Uint8Array {
  const base = pick(rng, frames);
  let m = randInt(rng, 5) === 0 ? base : mutate(base, rng);
  if (vocabulary.length > 0 && randInt(rng, 4) === 0) m = swapWord(m, rng, vocabulary);
  const text = typeof m === 'string' ? m : randInt(rng, 3) === 0 ? JSON.stringify(m) ?? 'null' : renderJson(m, rng, randInt(rng, 3) === 0 ? 0.05 : 0);
  const bytes = Buffer.from(text, 'utf8');
  if (randInt(rng, 25) === 0 && bytes.length > 0) {
    const i = randInt(rng, bytes.length);
    const b = randInt(rng, 2) === 0 ? 0x80 + randInt(rng, 0x80) : randInt(rng, 256);
    return randInt(rng, 2) === 0 ? Buffer.concat([bytes.subarray(0, i), Buffer.from([b]), bytes.subarray(i)]) : Object.assign(bytes, { [i]: b });
  }
  return bytes;
}

export interface ParityPair {
  readonly reference: VenueDecoder;
  readonly bytes: ByteDecoder;
}

function check(pair: ParityPair, index: ReadonlyMap<string, number>, bytes: Uint8Array, where: string): void {
  const a = referenceReading(pair.reference, bytes, index);
  let b: Reading;
  try {
    b = byteReading(pair.bytes, bytes);
  } catch (e) {
    assert.fail(`${where}: the byte decoder threw ${String(e)} on ${Buffer.from(bytes).toString('utf8').slice(0, 400)}`);
  }
  if (!same(a, b)) {
    assert.fail(`${where}: decoders differ on ${JSON.stringify(Buffer.from(bytes).toString('utf8').slice(0, 600))}\nreference: ${JSON.stringify(a)}\nbytes:     ${JSON.stringify(b)}${b.outcome === 'malformed' ? ` (${pair.bytes.lastError()})` : ''}`);
  }
}

/** Every fixture frame as sent (a steps file contributes each step's frame), in file order. */
export function fixtureFrames(fixtures: ReadonlyMap<string, unknown>): unknown[] {
  const out: unknown[] = [];
  for (const f of fixtures.values()) {
    const steps = (f as { steps?: { frame: unknown }[] }).steps;
    if (Array.isArray(steps)) for (const s of steps) out.push(s.frame);
    else out.push(f);
  }
  return out;
}

/**
 * Fixtures first (in order, through one pair: stateful decoders see the documented sequences),
 * then `iterations` seeded mutations through one pair. Returns outcome counts (so the caller can
 * check each outcome was exercised).
 */
export function runParity(make: () => ParityPair, symbols: readonly string[], fixtures: ReadonlyMap<string, unknown>, seed: number, iterations: number, vocabulary: readonly string[] = []): { decoded: number; ignored: number; malformed: number } {
  const index = new Map(symbols.map((s, i) => [s, i]));
  const frames = fixtureFrames(fixtures);
  const clean = make();
  frames.forEach((f, i) => check(clean, index, Buffer.from(typeof f === 'string' ? f : JSON.stringify(f), 'utf8'), `fixture frame ${i}`));
  const rng = mulberry32(seed);
  const pair = make();
  for (let i = 0; i < iterations; i++) check(pair, index, mutatedBytes(frames, rng, vocabulary), `iteration ${i} (FUZZ_SEED=${seed})`);
  const s = pair.bytes.stats;
  return { decoded: s.decoded, ignored: s.ignored, malformed: s.malformed };
}
