/**
 * The risk core's hot path allocates nothing (docs/conventions.md, rule 5): after a warm-up, 1,000,000
 * mixed events and checks through the slot entry points `apply` (every market event) and
 * `decide` (orders, cancels, kills), and `takeCancelAll`, with the clock moved by numbers only, must trigger no garbage collection and
 * leave the heap flat.
 *
 * The calls come from a seeded, pre-recorded script (support/script-recorder.ts, layout in
 * support/engine-event-script.ts): two instruments (unsequenced and monotonic) with every guard
 * on, in one account with notional limits and each with loss limits (marks and fills move their PnL), a venue that fills, reorders, re-sends and now and then sends a wrong snapshot, and a
 * strategy that mostly trades sensibly and sometimes sends each kind of bad order. Order keys
 * are recycled once an order is over and exec keys always grow, so the tables never fill; the
 * unconfirmed-fill rings fold now and then, not constantly. The replay checks every result and
 * counter against the recording, so the engine does the real work while it is measured. The
 * recording comes from an engine too, so it proves agreement, not correctness: the per-order
 * codes (unknown instrument, invalid, size, notional, price band) are also checked against an
 * independent model (support/per-order-model.ts); the rest is proven by the behaviour and
 * property tests.
 *
 * Two number styles (see `ScriptUnits`): `venue` as the edge produces them, and `integer`, which
 * takes argument boxing out of the picture so that what is left is the engine's own work. On
 * failure the message names the allocating calls (support/allocation-profile.ts).
 *
 * Needs `node --expose-gc` (to start from a collected heap); skipped without it. No timing is
 * asserted here: bench/risk/risk-engine.bench.ts measures.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { getHeapSpaceStatistics } from 'node:v8';
import { GcCounter } from '../../src/engine/gc-counter.js';
import { ApplyResult, Counter } from '../../src/risk/codes.js';
import { DenyReason, denyReasonName } from '../../src/risk/deny-reason.js';
import { testSeed } from '../support/engine-harness.js';
import { allocationReport } from './support/allocation-profile.js';
import { EV_NAMES, Ev, replay, scriptEngine, STRIDE, type EventScript, type ScriptUnits } from './support/engine-event-script.js';
import { firstPerOrderDisagreement } from './support/per-order-model.js';
import { generateScript } from './support/script-recorder.js';

/**
 * Calls before measuring: long enough for the JIT to finish tiering up the rare paths (the
 * walk-back's suffix match, snapshot walks) that run a few thousand times; until then they run in
 * a baseline tier that boxes doubles, which on a busy host (slow background compiles) showed as
 * up to 336 KB inside the measured loop after 200,000 calls.
 */
const WARM_UP = 400_000;
/** Warm-up in several calls, so the replay loop runs as a fully optimised function, not only after OSR. */
const WARM_UP_CALLS = 4;
const MEASURED = 1_000_000;
/** Heap growth allowed over the measured loop (lazily allocated JIT feedback, not per-event garbage). */
// Measured 12-93 KB over 1M calls on a quiet host (JIT feedback and code, constant in the call
// count), more on a busy one where code is still being compiled; the smallest object is 12 bytes,
// so garbage on even one call path in twenty would be over 600 KB: 512 KB catches it.
const HEAP_TOLERANCE_BYTES = 512 * 1024;

/**
 * Deny reasons this configuration cannot produce: a sequence gap needs a `contiguous` instrument, JOURNAL_DOWN a failing journal,
 * NET_POSITION_LIMIT a hedge instrument (hedge-allocation.test.ts runs the pair's net check).
 */
const UNREACHABLE: ReadonlySet<number> = new Set([DenyReason.SEQUENCE_GAP, DenyReason.JOURNAL_DOWN, DenyReason.NET_POSITION_LIMIT]);

const needsGc = typeof globalThis.gc !== 'function' ? 'needs node --expose-gc (npm test passes it)' : false;

/** Bytes used per V8 heap space (new_space: objects made by JS; code/trusted/old: mostly JIT code and its metadata). */
function spaceUse(): Map<string, number> {
  return new Map(getHeapSpaceStatistics().map((s) => [s.space_name, s.space_used_size]));
}

/** The spaces that grew or shrank between two `spaceUse()` readings, e.g. "new_space +36760, code_space +17664". */
function spaceDelta(before: Map<string, number>, after: Map<string, number>): string {
  const parts: string[] = [];
  for (const [name, used] of after) {
    const d = used - (before.get(name) ?? 0);
    if (d !== 0) parts.push(`${name} ${d > 0 ? '+' : ''}${d}`);
  }
  return parts.length === 0 ? 'no space moved' : parts.join(', ');
}

/** How often each (type, result) pair occurs in records [from, to). Key: type * 1000 + result + 500. */
function tally(script: EventScript, from: number, to: number): Map<number, number> {
  const m = new Map<number, number>();
  for (let n = from; n < to; n++) {
    const k = script.events[n * STRIDE]! * 1000 + script.results[n]! + 500;
    m.set(k, (m.get(k) ?? 0) + 1);
  }
  return m;
}

function count(t: Map<number, number>, type: number, result?: number): number {
  if (result !== undefined) return t.get(type * 1000 + result + 500) ?? 0;
  let sum = 0;
  for (const [k, v] of t) if (Math.floor(k / 1000) === type) sum += v;
  return sum;
}

/**
 * Snapshots of the unsequenced instrument (0) by venue-time path: older than the last accepted
 * one (stale) and at the same time as it with another position (accepted: held tentative).
 */
function venueTimePaths(script: EventScript): { stale: number; sameTime: number } {
  let stale = 0;
  let sameTime = 0;
  let accepted = NaN;
  let acceptedPos = NaN;
  for (let n = 0; n < script.count; n++) {
    const b = n * STRIDE;
    if (script.events[b] !== Ev.SNAPSHOT || script.events[b + 2] !== 0) continue;
    const r = script.results[n]!;
    const pos = script.events[b + 3]!;
    const vt = script.events[b + 5]!;
    if (r === ApplyResult.STALE_SNAPSHOT && vt < accepted) stale++;
    if (r === ApplyResult.OK && vt === accepted && pos !== acceptedPos) sameTime++;
    if (r >= 0 && !(vt <= accepted)) {
      accepted = vt;
      acceptedPos = pos;
    }
  }
  return { stale, sameTime };
}

/** The script covers every call and every outcome this configuration can produce, in realistic states. */
function assertCoverage(script: EventScript, t: Map<number, number>): void {
  for (let type = 1; type < EV_NAMES.length; type++) assert.ok(count(t, type) > 0, `no ${EV_NAMES[type]} calls in the measured part`);
  for (const code of Object.values(DenyReason)) {
    if (UNREACHABLE.has(code) || code === DenyReason.UNKNOWN_ORDER) continue;
    assert.ok(count(t, Ev.CHECK_ORDER, code) > 0, `no checkOrder returned ${denyReasonName(code)}`);
  }
  assert.ok(count(t, Ev.CHECK_CANCEL, DenyReason.APPROVED) > 0 && count(t, Ev.CHECK_CANCEL, DenyReason.UNKNOWN_ORDER) > 0, 'cancels approved and unknown');
  for (const r of [ApplyResult.OK, ApplyResult.DUPLICATE, ApplyResult.INSIDE_SNAPSHOT]) assert.ok(count(t, Ev.FILL, r) > 0, `no fill returned ${r}`);
  for (const r of [ApplyResult.OK, ApplyResult.MISMATCH, ApplyResult.STALE_SNAPSHOT]) assert.ok(count(t, Ev.SNAPSHOT, r) > 0, `no snapshot returned ${r}`);
  const paths = venueTimePaths(script);
  assert.ok(paths.stale > 0, 'no snapshot of the unsequenced instrument was older than the last accepted one');
  assert.ok(paths.sameTime > 0, 'no snapshot of the unsequenced instrument was explained at the same venue time');
  assert.ok(count(t, Ev.ORDER_UPDATE, ApplyResult.UNKNOWN_ORDER) > 0, 'an order update for an order already settled');
  assert.ok(count(t, Ev.ORDER_UPDATE, ApplyResult.OUTSIDE_ORDER) > 0, 'orders another process placed, tracked from their first update');
  assert.ok(count(t, Ev.DRAIN) > count(t, Ev.DRAIN, 0), 'cancel-alls were queued and taken');
  // Not a stuck engine: a good share of orders goes out, the unsequenced position is mostly a
  // point, and no order is left behind.
  const checks = count(t, Ev.CHECK_ORDER);
  const approved = count(t, Ev.CHECK_ORDER, DenyReason.APPROVED);
  assert.ok(approved > checks * 0.2, `only ${approved} of ${checks} orders approved`);
  assert.ok(script.ambiguousShare < 0.1, `instrument 0 ambiguous ${(script.ambiguousShare * 100).toFixed(1)}% of the time`);
  assert.equal(script.strayOrders, 0, 'engine orders no venue order accounts for');
}

/** The engine did the recorded work: its counters moved exactly as the recorded results say. */
function assertCounters(before: Float64Array, after: Float64Array, t: Map<number, number>): void {
  const moved = (c: number): number => after[c]! - before[c]!;
  assert.equal(moved(Counter.FILLS), count(t, Ev.FILL), 'fills counted');
  assert.equal(moved(Counter.DUPLICATE_FILLS), count(t, Ev.FILL, ApplyResult.DUPLICATE), 'duplicate fills counted');
  assert.equal(moved(Counter.FILLS_INSIDE_SNAPSHOT), count(t, Ev.FILL, ApplyResult.INSIDE_SNAPSHOT), 'fills inside a snapshot counted');
  assert.equal(moved(Counter.ORDER_UPDATES), count(t, Ev.ORDER_UPDATE), 'order updates counted');
  assert.equal(moved(Counter.UNKNOWN_ORDER_UPDATES), count(t, Ev.ORDER_UPDATE, ApplyResult.UNKNOWN_ORDER), 'unknown order updates counted');
  assert.equal(moved(Counter.OUTSIDE_ORDERS), count(t, Ev.ORDER_UPDATE, ApplyResult.OUTSIDE_ORDER), 'outside orders counted');
  assert.equal(moved(Counter.SNAPSHOTS), count(t, Ev.SNAPSHOT), 'snapshots counted');
  assert.equal(moved(Counter.MISMATCHES), count(t, Ev.SNAPSHOT, ApplyResult.MISMATCH), 'mismatches counted');
  assert.equal(moved(Counter.STALE_SNAPSHOTS), count(t, Ev.SNAPSHOT, ApplyResult.STALE_SNAPSHOT), 'stale snapshots counted');
  assert.equal(moved(Counter.HEARTBEATS), count(t, Ev.HEARTBEAT), 'heartbeats counted');
  assert.equal(moved(Counter.MARKS), count(t, Ev.MARK), 'marks counted');
  assert.equal(moved(Counter.FEED_EVENTS), count(t, Ev.FEED), 'feed events counted');
  for (const code of Object.values(DenyReason)) {
    const expected = count(t, Ev.CHECK_ORDER, code) + count(t, Ev.CHECK_CANCEL, code);
    assert.equal(moved(Counter.DECISIONS + code), expected, `${denyReasonName(code)} decisions counted`);
  }
  assert.ok(moved(Counter.INFERRED_FILLS) > 0, 'fills inferred from cumQty ahead of the fills');
  assert.ok(moved(Counter.FLIP_FLOP_TRIPS) > 0, 'flip-flop trips');
  assert.ok(moved(Counter.LOSS_LIMIT_TRIPS) > 0, 'loss limits tripped (by fills and marks)');
  assert.ok(moved(Counter.DRAWDOWN_TRIPS) > 0, 'drawdown limits tripped');
}

async function allocationCheck(units: ScriptUnits): Promise<void> {
  const gc = globalThis.gc as () => void;
  const seed = testSeed(`risk-engine allocation (${units})`);
  const script = generateScript(seed, WARM_UP + MEASURED, units);
  const t = tally(script, WARM_UP, WARM_UP + MEASURED);
  assertCoverage(script, t);
  // The recorded codes come from an engine; the per-order ones are checked against a model.
  const model = firstPerOrderDisagreement(script, units);
  if (model.at >= 0) assert.fail(`record ${model.at}: the per-order model says ${denyReasonName(model.expected)}, the recording ${denyReasonName(model.recorded)} (seed ${seed})`);
  assert.ok(model.decided > 0, 'the model decided no order');

  const { engine, clock } = scriptEngine(units);
  const firstDiff = new Float64Array(1);
  const chunk = WARM_UP / WARM_UP_CALLS;
  for (let from = 0; from < WARM_UP; from += chunk) {
    const diffs = replay(engine, clock, script, from, from + chunk, firstDiff);
    assert.equal(diffs, 0, `warm-up replay differs from the recording at record ${firstDiff[0]}`);
  }
  const countersBefore = Float64Array.from(engine.counters);

  const counter = new GcCounter();
  gc();
  await yieldToEventLoop();
  const spacesBefore = spaceUse();
  const heapBefore = process.memoryUsage().heapUsed;
  counter.start();
  const diffs = replay(engine, clock, script, WARM_UP, WARM_UP + MEASURED, firstDiff);
  const gcs = counter.stop(); // synchronous: a collection during the loop cannot be reported late
  const heapAfter = process.memoryUsage().heapUsed;
  // By space: growth of new_space without a GC is objects the calls made (a function left in an
  // unoptimised tier boxes the doubles it reads); code and trusted space is JIT code.
  const bySpace = spaceDelta(spacesBefore, spaceUse());

  assert.equal(diffs, 0, `replay differs from the recording at record ${firstDiff[0]}`);
  assertCounters(countersBefore, engine.counters, t);

  const heapDelta = heapAfter - heapBefore;
  console.log(`allocation check (${units}): ${MEASURED} calls, ${gcs} GC(s), heap delta ${heapDelta} bytes (${bySpace})`);
  if (gcs > 0 || heapDelta >= HEAP_TOLERANCE_BYTES) {
    const report = await allocationReport(script, WARM_UP, WARM_UP + 300_000);
    assert.fail(`${gcs} GC(s) during the measured loop, heap delta ${heapDelta} bytes (${bySpace}; seed ${seed}). Allocations by call type:\n${report}`);
  }
}

test(`when ${MEASURED.toLocaleString('en')} mixed events and checks with venue numbers (epoch times, fractional prices, hashed exec ids) run after warm-up then no GC happens and the heap stays flat`, {
  skip: needsGc,
}, async () => {
  await allocationCheck('venue');
});

test(`when ${MEASURED.toLocaleString('en')} mixed events and checks with small-integer arguments (prices in ticks, dense exec ids; epoch times) run after warm-up then no GC happens and the heap stays flat`, {
  skip: needsGc,
}, async () => {
  await allocationCheck('integer');
});
