/** Availability against the oracle, blocked time and recovery, on hand-made recordings. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { measureAvailability } from '../../src/demo/availability.js';

describe('availability measure', () => {
  it('when the gate denies some orders the oracle approves then availability is the share of the oracle\'s approvals it approved', () => {
    const r = measureAvailability({
      decisions: [
        { at: 0, oracle: 'APPROVED', gate: 'APPROVED' },
        { at: 25, oracle: 'APPROVED', gate: 'FEED_STALE' },
        { at: 50, oracle: 'APPROVED', gate: 'FEED_STALE' },
        { at: 75, oracle: 'APPROVED', gate: 'APPROVED' },
        { at: 100, oracle: 'POSITION_LIMIT', gate: 'POSITION_LIMIT' }, // both deny: not counted
        { at: 125, oracle: 'POSITION_LIMIT', gate: 'APPROVED' },
      ],
      samples: [], faults: [], endMs: 200, attributionMs: 1000,
    });
    assert.equal(r.oracleApproved, 4);
    assert.equal(r.bothApproved, 2);
    assert.equal(r.availability, 0.5);
    assert.deepEqual(r.missedBy, { FEED_STALE: 2 });
    assert.equal(r.approvedOracleDenied, 1);
    assert.equal(r.recoveryMsMax, null, 'nothing blocked');
  });

  it('when nothing is asked then availability is null, not 1', () => {
    assert.equal(measureAvailability({ decisions: [], samples: [], faults: [], endMs: 10, attributionMs: 0 }).availability, null);
  });

  it('when a fault stops and its block ends later then the recovery is the difference; a block without a fault is unexplained', () => {
    const r = measureAvailability({
      decisions: [],
      samples: [
        { at: 0, block: '' },
        { at: 1000, block: 'FEED_STALE' }, // disconnect at 900, reconnected at 1200
        { at: 1500, block: 'FEED_STALE' },
        { at: 1700, block: '' },
        { at: 5000, block: 'UNCONFIRMED_FILLS' }, // no fault near: unexplained
        { at: 5100, block: '' },
      ],
      faults: [
        { at: 900, kind: 'disconnect', detail: '', until: 1200 },
        { at: 3000, kind: 'lostExecution', detail: '', until: 3001 },
      ],
      endMs: 6000, attributionMs: 1000,
    });
    assert.deepEqual(r.blockedMs, { FEED_STALE: 700, UNCONFIRMED_FILLS: 100 });
    assert.equal(r.blocks.length, 2);
    assert.deepEqual(r.blocks[0], { start: 1000, end: 1700, code: 'FEED_STALE', causes: [0], recoveryMs: 500 });
    assert.equal(r.recoveryMsMax, 500);
    assert.deepEqual(r.faults.map((f) => f.recoveryMs), [500, null]);
    assert.deepEqual(r.unexplained, { count: 1, ms: 100 });
    assert.deepEqual(r.timeline[1]!.blockedMs, { FEED_STALE: 700 });
    assert.deepEqual(r.timeline[5]!.blockedMs, { UNCONFIRMED_FILLS: 100 });
    assert.equal(r.timeline.length, 6);
  });

  it('when two faults explain one block then its recovery counts from the later one to stop; one that began during the block is not a cause; a fault still acting at the end recovers in 0', () => {
    const r = measureAvailability({
      decisions: [],
      samples: [{ at: 0, block: 'SEQUENCE_GAP' }, { at: 400, block: '' }, { at: 500, block: 'FEED_STALE' }],
      faults: [
        { at: 0, kind: 'seqGap', detail: '', until: 1 },
        { at: 0, kind: 'positionDelay', detail: '', until: 300 },
        { at: 100, kind: 'staleSnapshot', detail: '', until: 390 }, // began during the block: not a cause
        { at: 450, kind: 'positionDeath', detail: '', until: null },
      ],
      endMs: 800, attributionMs: 50,
    });
    assert.deepEqual(r.blocks.map((b) => [b.start, b.end, b.recoveryMs]), [[0, 400, 100], [500, 800, 0]]);
    assert.deepEqual(r.faults.map((f) => f.recoveryMs), [null, 100, null, 0]);
  });
});
