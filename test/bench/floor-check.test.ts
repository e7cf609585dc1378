import { test } from 'node:test';
import assert from 'node:assert/strict';
import { QUIET_LOAD, firstAttempt, pairedRatio, toRemeasure, withAttempt, type MeasuredRound } from '../../bench/floor-check.js';
import { FLOORS, type Floor } from '../../bench/floors.js';
import type { CaseResult } from '../../bench/results-model.js';

const P50: Floor = { id: 'p50', description: 'd', riskgate: 'rg', baseline: 'pm', metric: 'p50Ratio', limit: 0.1, justification: 'test' };
const TPUT: Floor = { id: 'tput', description: 'd', riskgate: 'rg', baseline: 'pm', metric: 'throughputRatio', limit: 10, justification: 'test' };
const GC: Floor = { id: 'gc', description: 'd', riskgate: 'engine', metric: 'riskThreadGc', limit: 0, justification: 'test' };

const round = (p50: number, throughput: number, other?: number): MeasuredRound => ({ summary: { p50 }, throughput, ...(other === undefined ? {} : { load: { other, steal: 0 } }) });

function gcCase(name: string, gcCount: number): CaseResult {
  return {
    name, suite: 'cross-thread', group: 'g', role: 'riskgate', unit: 'ns', rounds: 1, p50: 1, p99: 1, p999: 1, p9999: 1, max: 1, throughput: 1,
    gc: [{ thread: 'risk', ops: 1000, gcCount, gcPerMillion: gcCount * 1000, heapGrowthPerMillion: 0 }], baselines: [], distribution: null, verified: true, hostOtherLoad: null,
  };
}

test('when ratios are taken then rounds pair by index and the median of the per-round ratios decides, not the ratio of medians', () => {
  const rg = [round(1, 100), round(100, 100), round(2, 100)];
  const pm = [round(100, 10), round(10, 10), round(100, 10)];
  assert.equal(pairedRatio(rg, pm, 'p50Ratio'), 0.02); // per round 0.01, 10, 0.02
  // per round 0.01, 0.05, 60 -> 0.05; the ratio of the medians would be 50 / 100 = 0.5
  assert.equal(pairedRatio([round(1, 1), round(50, 1), round(60, 1)], [round(100, 1), round(1000, 1), round(1, 1)], 'p50Ratio'), 0.05);
  assert.equal(pairedRatio(rg, pm, 'throughputRatio'), 10);
  assert.equal(pairedRatio([{ summary: undefined, throughput: 1 }], pm, 'p50Ratio'), null);
});

test('when a ratio floor breaks then it is measured again, and one attempt that holds passes it with every attempt kept', () => {
  const rounds = new Map([['rg', [round(50, 1, 0.6)]], ['pm', [round(100, 1, 0.6)]]]);
  const first = firstAttempt(P50, [], rounds);
  assert.deepEqual([first.pass, first.verdict, first.measured, first.attempts[0]!.otherLoad], [false, 'inconclusive', 0.5, 0.6]);
  assert.deepEqual(toRemeasure([P50], [first]), [P50]);
  const second = withAttempt(P50, first, [round(5, 1, 0.6)], [round(10, 1, 0.6)]);
  assert.equal(second.pass, false, '0.5 again: still broken');
  const third = withAttempt(P50, second, [round(1, 1, 0.01)], [round(100, 1, 0.01)]);
  assert.deepEqual([third.pass, third.verdict, third.measured], [true, 'pass', 0.01]);
  assert.deepEqual(third.attempts.map((a) => [a.measured, a.pass]), [[0.5, false], [0.5, false], [0.01, true]]);
  assert.equal(withAttempt(P50, third, [round(100, 1)], [round(1, 1)]), third, 'a floor that held is not judged again');
  assert.deepEqual(toRemeasure([P50], [third]), []);
});

test('when a floor broke on a quiet host then it fails; when it broke only on a busy host then it is inconclusive', () => {
  const busy = QUIET_LOAD * 3;
  const quiet = QUIET_LOAD / 2;
  const onBusy = firstAttempt(P50, [], new Map([['rg', [round(50, 1, busy)]], ['pm', [round(100, 1, busy)]]]));
  assert.equal(onBusy.verdict, 'inconclusive');
  const thenQuiet = withAttempt(P50, onBusy, [round(50, 1, quiet)], [round(100, 1, quiet)]);
  assert.equal(thenQuiet.verdict, 'fail', 'the regression reproduced on a quiet host');
  assert.equal(withAttempt(P50, thenQuiet, [round(50, 1, busy)], [round(100, 1, busy)]).verdict, 'fail', 'a later busy attempt does not excuse it');
  // Steal counts as load: the hypervisor preempts the spinning threads just the same.
  const stolen = firstAttempt(P50, [], new Map([['rg', [{ summary: { p50: 50 }, throughput: 1, load: { other: 0, steal: busy } }]], ['pm', [round(100, 1, 0)]]]));
  assert.equal(stolen.attempts[0]!.otherLoad, busy / 2, 'median over both cases\' rounds');
  const noLoad = firstAttempt(P50, [], new Map([['rg', [round(50, 1)]], ['pm', [round(100, 1)]]]));
  assert.equal(noLoad.verdict, 'fail', 'an unknown load (no /proc) counts as quiet: the breakage is evidence');
});

test('when a throughput floor is judged then at least the limit holds and below it breaks', () => {
  const ok = firstAttempt(TPUT, [], new Map([['rg', [round(1, 1000)]], ['pm', [round(1, 100)]]]));
  const broken = firstAttempt(TPUT, [], new Map([['rg', [round(1, 999)]], ['pm', [round(1, 100)]]]));
  assert.deepEqual([ok.pass, broken.pass], [true, false]);
});

test('when the risk thread collected garbage then the GC floor fails and is never measured again', () => {
  const check = firstAttempt(GC, [gcCase('engine feed', 0), gcCase('engine strategy', 2), gcCase('ring x', 50)], new Map());
  assert.equal(check.measured, 2, 'sums the engine cases only');
  assert.deepEqual([check.pass, check.verdict], [false, 'fail']);
  assert.deepEqual(toRemeasure([GC], [check]), []);
  assert.equal(firstAttempt(GC, [gcCase('engine feed', 0)], new Map()).pass, true);
});

test('when a floor has no measurement then it fails rather than passing silently', () => {
  assert.equal(firstAttempt(P50, [], new Map()).verdict, 'fail');
  assert.equal(firstAttempt(GC, [], new Map()).verdict, 'fail');
});

test('when the floors file is read then every ratio floor names a baseline and every floor has its justification', () => {
  for (const f of FLOORS) {
    assert.ok(f.justification.length > 20, f.id);
    if (f.metric !== 'riskThreadGc') assert.ok(f.baseline !== undefined && f.baseline !== f.riskgate, f.id);
  }
});

test('when every round of a floor\'s cases was discarded because a decision timed out then the floor is inconclusive, not failed; a quiet measured attempt still fails it', () => {
  const why = 'rg: 3 requests without a decision in time';
  const discarded = new Map([['rg', why], ['pm', why]]);
  const first = firstAttempt(P50, [], new Map(), discarded);
  assert.deepEqual([first.pass, first.verdict, first.measured, first.attempts[0]!.inconclusive], [false, 'inconclusive', null, why]);
  const gc = firstAttempt({ ...GC, riskgate: 'rg' }, [], new Map(), discarded);
  assert.deepEqual([gc.verdict, gc.attempts[0]!.inconclusive], ['inconclusive', why]);
  const again = withAttempt(P50, first, [], [], discarded);
  assert.equal(again.verdict, 'inconclusive', 'nothing measured in either attempt');
  const measuredQuiet = withAttempt(P50, again, [round(50, 1, 0.01)], [round(100, 1, 0.01)]);
  assert.equal(measuredQuiet.verdict, 'fail', 'one quiet attempt that measured a broken ratio decides');
  assert.equal(firstAttempt(P50, [], new Map()).verdict, 'fail', 'a floor with no rounds and nothing discarded (a case missing) still fails');
});
