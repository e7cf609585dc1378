/**
 * The feed worker's decode path allocates nothing: after a warm-up, 1,000,000 documented frames
 * (every venue with a byte decoder, its documented messages in turn) read from their bytes,
 * copied into a feed ring and released by a consumer on the same thread, trigger no garbage
 * collection and leave the heap flat. Needs `node --expose-gc`; skipped without it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { PerformanceObserver, performance } from 'node:perf_hooks';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { EVENT_SLOT_BYTES } from '../../src/codec/index.js';
import { publishDecodedSlots } from '../../src/venue-bridge/publish-decoded-slots.js';
import { FeedSink } from '../../src/engine/index.js';
import { RingConsumer, createRing } from '../../src/ring/index.js';
import { BybitByteDecoder } from '../../src/venues/bybit/bybit-byte-decoder.js';
import { Outcome, type ByteDecoder } from '../../src/venues/scan/byte-decoder.js';
import { BYBIT_SYMBOLS } from './bybit-config.js';
import { OkxByteDecoder } from '../../src/venues/okx/okx-byte-decoder.js';
import { OKX_SYMBOLS } from './okx-config.js';
import { BinanceByteDecoder } from '../../src/venues/binance/binance-byte-decoder.js';
import { BINANCE_SYMBOLS } from './binance-fixtures.js';
import { DeribitByteDecoder } from '../../src/venues/deribit/deribit-byte-decoder.js';
import { DERIBIT_SYMBOLS } from './deribit-config.js';
import { BitmexByteDecoder } from '../../src/venues/bitmex/bitmex-byte-decoder.js';
import { BITMEX_SYMBOLS } from './bitmex-fixtures.js';

/** The arrival-time cell a live feed source keeps current (publish-decoded-slots.ts). */
const CLOCK = new Float64Array([1_700_000_000_000]);
const FRAMES = Number(process.env["ALLOC_FRAMES"] ?? 1_000_000);
const HEAP_TOLERANCE_BYTES = 256 * 1024;
const FIXTURES = new URL('../../../test/venues/fixtures/', import.meta.url);

interface Case {
  readonly decoder: ByteDecoder;
  readonly frames: readonly Uint8Array[];
}

function frame(venue: string, file: string): Uint8Array {
  return Buffer.from(JSON.stringify(JSON.parse(readFileSync(new URL(`${venue}/${file}`, FIXTURES), 'utf8'))), 'utf8');
}

/** Step `i` of a steps fixture (Binance, BitMEX). */
function step(venue: string, file: string, i: number): Uint8Array {
  const f = JSON.parse(readFileSync(new URL(`${venue}/${file}`, FIXTURES), 'utf8')) as { steps: { frame: unknown }[] };
  const x = f.steps[i]!.frame;
  return Buffer.from(typeof x === 'string' ? x : JSON.stringify(x), 'utf8');
}

const CASES: readonly Case[] = [
  { decoder: new BybitByteDecoder(BYBIT_SYMBOLS), frames: ['execution-doc.json', 'order-doc.json', 'position-doc.json', 'position-oneway-long.json', 'order-new.json', 'pong-private-doc.json'].map((f) => frame('bybit', f)) },
  { decoder: new OkxByteDecoder(OKX_SYMBOLS), frames: ['orders-doc.json', 'positions-doc.json', 'orders-partial-fill.json', 'positions-net-long.json'].map((f) => frame('okx', f)) },
  { decoder: new BinanceByteDecoder(BINANCE_SYMBOLS), frames: [step('binance', 'order-update-documented.json', 0), step('binance', 'order-partial-fill-then-fill.json', 1), step('binance', 'account-update-one-way.json', 0), step('binance', 'account-update-documented.json', 0)] },
  { decoder: new DeribitByteDecoder(DERIBIT_SYMBOLS), frames: ['changes-doc.json', 'changes-partial-fill.json', 'trades-doc.json', 'orders-raw-doc.json', 'heartbeat.json'].map((f) => frame('deribit', f)) },
  // the lifecycle's insert, update, fill and cancel in turn: the order state is set, refreshed and emptied every round
  { decoder: new BitmexByteDecoder(BITMEX_SYMBOLS), frames: [0, 1, 2, 3, 4, 5].map((i) => step('bitmex', 'order-lifecycle.json', i)).concat([step('bitmex', 'execution-trades.json', 1), step('bitmex', 'position.json', 0), step('bitmex', 'preamble-and-heartbeat.json', 2)]) },
];

/** `count` frames round robin over the cases; returns the events released, -1 when a frame did not decode. */
function run(sink: FeedSink, consumer: RingConsumer, instOf: Int32Array, count: number): number {
  const clock = CLOCK;
  let events = 0;
  for (let i = 0; i < count;) {
    for (let c = 0; c < CASES.length; c++) {
      const { decoder, frames } = CASES[c]!;
      for (let f = 0; f < frames.length; f++, i++) {
        const bytes = frames[f]!;
        if (decoder.decode(bytes, 0, bytes.length) !== Outcome.DECODED) return -1;
        publishDecodedSlots(sink, decoder.slots, instOf, clock);
        const n = consumer.poll();
        events += n;
        consumer.release(n);
      }
    }
  }
  return events;
}

test('when 1,000,000 documented frames are decoded from bytes into a feed ring after warm-up then no GC happens and the heap stays flat', { skip: typeof globalThis.gc !== 'function' ? 'needs node --expose-gc' : false }, async () => {
  const gc = globalThis.gc as () => void;
  const buffer = createRing({ capacity: 256, slotSize: EVENT_SLOT_BYTES });
  const sink = new FeedSink(buffer, new SharedArrayBuffer(4096));
  const consumer = new RingConsumer(buffer);
  const instOf = new Int32Array([0, 1, 2]);
  for (let i = 0; i < 10; i++) assert.ok(run(sink, consumer, instOf, 50_000) > 0, 'every documented frame decodes');

  const gcStarts: number[] = [];
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) gcStarts.push(entry.startTime);
  });
  observer.observe({ entryTypes: ['gc'] });
  gc();
  await yieldToEventLoop();
  const heapBefore = process.memoryUsage().heapUsed;
  const start = performance.now();
  const events = run(sink, consumer, instOf, FRAMES);
  const end = performance.now();
  const heapAfter = process.memoryUsage().heapUsed;
  await yieldToEventLoop();
  await new Promise((resolve) => setTimeout(resolve, 10));
  observer.disconnect();

  const duringLoop = gcStarts.filter((t) => t >= start && t <= end);
  assert.ok(events > 0);
  assert.deepEqual(duringLoop, [], `${duringLoop.length} GC(s) during the measured loop`);
  assert.ok(heapAfter - heapBefore < HEAP_TOLERANCE_BYTES, `heap grew by ${heapAfter - heapBefore} bytes`);
  console.log(`byte decoder allocation check: ${FRAMES} frames, ${events} events, heap delta ${heapAfter - heapBefore} bytes, 0 GCs (${((end - start) / FRAMES * 1000).toFixed(0)} µs per frame incl. ring, host load included)`);
});
