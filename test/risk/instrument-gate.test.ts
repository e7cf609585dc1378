import { test } from 'node:test';
import assert from 'node:assert/strict';
import { KillMode } from '../../src/risk/codes.js';
import { DenyReason, denyReasonName } from '../../src/risk/deny-reason.js';
import { GATE_STRIDE, GateField } from '../../src/risk/instrument-gate-layout.js';
import type { RiskEngine } from '../../src/risk/risk-engine.js';
import { applyEvent, EV_NAMES, scriptEngine, STRIDE } from './support/engine-event-script.js';
import { generateScript } from './support/script-recorder.js';
import { EngineHarness, testSeed } from '../support/engine-harness.js';

// The order check reads a per-instrument gate record (src/risk/instrument-gate.ts) that the
// events keep current, instead of computing the trading state, the health gate and the position
// interval at every order. These tests hold the record to the reference computations
// (`healthCode`, `knownLoss`, `ledger.estimate`, the kill and flip-flop state) after every event.

/** The first way the record disagrees with the reference computations for `inst`, or undefined. */
function disagreement(e: RiskEngine, inst: number): string | undefined {
  const r = e.gate.rec;
  const b = inst * GATE_STRIDE;
  e.ledger.estimate(inst);
  if (!Object.is(r[b + GateField.EST_LO], e.ledger.lo) || !Object.is(r[b + GateField.EST_HI], e.ledger.hi)) {
    return `interval [${r[b + GateField.EST_LO]}, ${r[b + GateField.EST_HI]}], estimate [${e.ledger.lo}, ${e.ledger.hi}]`;
  }
  const knownLoss = e.knownLoss(inst) ? 1 : 0;
  if (r[b + GateField.KNOWN_LOSS] !== knownLoss) return `known loss ${r[b + GateField.KNOWN_LOSS]}, knownLoss() ${knownLoss}`;
  const halt = e.killMode[inst] === KillMode.HALT ? DenyReason.KILL_SWITCH : e.flipHalted[inst] === 1 ? DenyReason.FLIP_FLOP : 0;
  if (r[b + GateField.HALT] !== halt) return `halt ${r[b + GateField.HALT]}, expected ${halt}`;
  const reduce = e.killMode[inst] === KillMode.REDUCE ? 1 : 0;
  if (r[b + GateField.REDUCE] !== reduce) return `reduce ${r[b + GateField.REDUCE]}, expected ${reduce}`;
  const health = e.healthCode(inst);
  if (e.gateHealth(inst) !== health) return `gate health ${denyReasonName(e.gateHealth(inst))}, healthCode ${denyReasonName(health)}`;
  const oldest = e.ledger.oldestUnconfirmedAt(inst);
  if (!Object.is(r[b + GateField.OLDEST_UNCONFIRMED_AT], oldest)) return `oldest unconfirmed ${r[b + GateField.OLDEST_UNCONFIRMED_AT]}, ledger ${oldest}`;
  return undefined;
}

test('when a seeded venue and strategy script runs then after every event the gate record says what the reference computations say', () => {
  const seed = testSeed('instrument gate record against the reference computations');
  const script = generateScript(seed, 40_000, 'venue');
  const { engine, clock } = scriptEngine('venue');
  const seen = new Map<number, number>();
  for (let n = 0; n < script.count; n++) {
    applyEvent(engine, clock, script.events, n);
    for (let i = 0; i < engine.instrumentCount; i++) {
      const why = disagreement(engine, i);
      if (why !== undefined) assert.fail(`seed ${seed}: after event ${n} (${EV_NAMES[script.events[n * STRIDE]!]}), instrument ${i}: ${why}`);
      const h = engine.healthCode(i);
      seen.set(h, (seen.get(h) ?? 0) + 1);
    }
  }
  // The script must have visited the health states the record stands for, or this proves little.
  for (const code of [DenyReason.APPROVED, DenyReason.FEED_STALE, DenyReason.POSITION_MISMATCH, DenyReason.UNCONFIRMED_FILLS]) {
    assert.ok((seen.get(code) ?? 0) > 0, `seed ${seed}: the script never reached health ${denyReasonName(code)}`);
  }
});

test('when a contiguous instrument opens and closes a gap, trips the flip-flop guard and is killed then the gate record follows each step', () => {
  const h = new EngineHarness({ sequence: 'contiguous', maxLong: 10, maxShort: 10, flipFlop: { windowMs: 1000, maxReversals: 0, maxGrossMultiple: 100, cooldownMs: 50 } });
  const check = (what: string): void => {
    const why = disagreement(h.engine, 0);
    if (why !== undefined) assert.fail(`after ${what}: ${why}`);
  };
  check('start');
  h.snap(0, 0);
  check('first snapshot');
  h.fill('buy', 1, { seq: 3 }); // seq 1..2 missing: a gap
  check('a fill past a gap');
  assert.equal(h.engine.gateHealth(0), DenyReason.SEQUENCE_GAP);
  h.snap(1, 3);
  check('a snapshot covering the gap');
  h.fill('sell', 2, { seq: 4 }); // long to short: a reversal, over the allowed 0
  check('a reversal');
  assert.equal(h.engine.flipHalted[0], 1);
  h.advance(60);
  check('the cool-down');
  assert.equal(h.engine.flipHalted[0], 0);
  h.engine.kill(KillMode.REDUCE, 0);
  check('kill reduce');
  h.engine.kill(KillMode.HALT, -1);
  check('global halt');
  h.engine.kill(KillMode.RESUME, -1);
  check('resume');
  h.engine.applyFeedStatus(0, false);
  check('feed down');
  h.engine.applyFeedStatus(-1, true);
  check('feed up');
  h.advance(2000);
  check('time passing');
});
