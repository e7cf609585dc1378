/**
 * The demo end to end: calm and hostile with a short duration and a fixed
 * seed. riskgate's account never goes beyond its limit and the naive one does under hostile,
 * both asserted from the simulator's own position history (the truth), never from riskgate's
 * view; riskgate reconciles through the venue's real REST hook against the simulator's REST
 * endpoint; the report exists with its SVG. Each case runs once per server the simulator can run on
 * (test-server.ts); the command line, whose simulator is the CLI's own choice, is demo-cli.test.ts.
 * Every wait is bounded; nothing asserts on timing.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { runDemo, type DemoOptions, type DemoResult } from '../../src/demo/index.js';
import { testServerKind } from '../server/support/test-server.js';

const SEED = 7;
const dir = mkdtempSync(join(tmpdir(), 'riskgate-demo-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function worstTrue(r: DemoResult['riskgate']): number {
  return Math.max(0, ...r.history.map((p) => Math.abs(p.position)));
}

/** Longest run `runUntilShown` makes (s). */
const MAX_SECONDS = 16;

/**
 * Runs the demo for `options.seconds`, and while `shown` does not hold yet again with twice the
 * seconds (same seed), up to MAX_SECONDS. What a case shows about trading (riskgate traded, the
 * naive check went beyond its limit) needs enough market ticks, and a busy host processes fewer
 * of them per second: a run too short to show it is not a failure of what it shows. Every run
 * is asserted `safe` (riskgate within its limit on the simulator's truth), so no run is thrown away.
 */
async function runUntilShown(
  options: DemoOptions & { readonly seconds: number }, label: string, shown: (r: DemoResult) => boolean, safe: (r: DemoResult) => void,
): Promise<DemoResult> {
  for (let seconds = options.seconds; ; seconds *= 2) {
    const r = await runDemo({ ...options, seconds, server: testServerKind() });
    console.log(`seed ${SEED} ${label} (${seconds} s): riskgate worst ${worstTrue(r.riskgate)} sent ${r.riskgate.stats.sent} fills ${r.riskgate.fills}; naive worst ${worstTrue(r.naive)} breaches ${r.naive.breach.count}; REST ${JSON.stringify(r.rest)}`);
    safe(r);
    if (shown(r) || seconds * 2 > MAX_SECONDS) return r;
    console.log(`seed ${SEED} ${label}: not shown within ${seconds} s of trading; again for ${seconds * 2} s`);
  }
}

function withinLimit(r: DemoResult): void {
  assert.ok(worstTrue(r.riskgate) <= r.riskgate.limit, 'riskgate within its limit (truth)');
  assert.equal(r.riskgate.breach.count, 0);
}

/** Within its limit, and no approval the oracle (the same limits on the truth) denies. */
function withinLimitAndOracle(r: DemoResult): void {
  withinLimit(r);
  assert.equal(r.riskgate.availability!.approvedOracleDenied, 0, 'riskgate never approved what the limits on the truth deny');
}

describe('riskgate demo', () => {
  it('when calm then neither strategy breaches, riskgate trades, and the report holds the charts', async () => {
    const reportPath = join(dir, 'calm.html');
    const r = await runUntilShown({ profile: 'calm', seconds: 2, seed: SEED, reportPath }, 'calm',
      (x) => x.riskgate.fills > 0 && x.rest.ok > 0 && x.reconcileSnapshots > 0 && x.gateway.orderReports > 0, withinLimitAndOracle);
    assert.equal(r.interrupted, false);
    assert.ok(r.riskgate.fills > 0, 'riskgate traded');
    assert.equal(r.engineCleanExit, true, 'the risk thread exited by itself');
    assert.ok(r.rest.ok > 0 && r.reconcileSnapshots > 0, 'the real REST hook answered the reconciler from the simulator');
    assert.equal(r.gateway.snapshots, r.reconcileSnapshots, 'every REST snapshot went through the event lane');
    assert.ok(r.gateway.orderReports > 0, 'order-entry outcomes went through the event lane');
    assert.equal(r.gateway.notAccepted, 0);
    assert.ok(r.latency.count > 0 && r.latency.p50 > 0 && r.latency.p50 <= r.latency.max);
    const a = r.riskgate.availability!;
    assert.ok(a.oracleApproved > 0, 'the oracle was asked beside every decision');
    assert.equal(a.bothApproved + Object.values(a.missedBy).reduce((n, c) => n + c, 0), a.oracleApproved);
    assert.ok(a.oracleApproved <= r.riskgate.stats.decisions);
    assert.equal(a.approvedOracleDenied, 0, 'riskgate never approved what the limits on the truth deny');
    assert.deepEqual(r.riskgate.faults, {}, 'calm: no fault injected');
    assert.equal(a.recoveryMsMax, null, 'calm: no block caused by a fault');
    assert.equal(r.riskgate.flipFlopTrips, 0, 'the ordinary taker does not trip the guard');
    const html = readFileSync(reportPath, 'utf8');
    assert.ok(html.includes('<svg'), 'the report embeds SVG');
    assert.ok(!/https?:\/\//.test(html.replace(/http:\/\/www\.w3\.org\/2000\/svg/g, '')), 'the report loads nothing from the network');
  });

  it('when hostile then riskgate never breaches and the naive check does (simulator truth)', async () => {
    const reportPath = join(dir, 'hostile.html');
    const r = await runUntilShown({ profile: 'hostile', seconds: 4, seed: SEED, reportPath }, 'hostile',
      (x) => x.riskgate.fills > 0 && worstTrue(x.naive) > x.naive.limit && x.rest.ok > 0, withinLimit);
    assert.ok(r.riskgate.fills > 0, 'riskgate traded');
    assert.ok(worstTrue(r.naive) > r.naive.limit, 'the naive check went beyond its limit (truth)');
    assert.ok(r.naive.breach.count > 0 && r.naive.breach.maxExcess > 0);
    assert.ok(r.rest.ok > 0, 'the real REST hook answered the reconciler from the simulator');
    assert.ok(readFileSync(reportPath, 'utf8').includes('<svg'));
  });

  it('when hostile on Binance (a walk-back venue: no sequence numbers) then riskgate never breaches (simulator truth) and the real Binance REST hook answers', async () => {
    const reportPath = join(dir, 'hostile-binance.html');
    const r = await runDemo({ profile: 'hostile', seconds: 4, seed: SEED, venue: 'binance-usdm', reportPath, server: testServerKind() });
    console.log(`seed ${SEED} hostile binance: riskgate worst ${worstTrue(r.riskgate)} sent ${r.riskgate.stats.sent} fills ${r.riskgate.fills}; naive worst ${worstTrue(r.naive)}; REST ${JSON.stringify(r.rest)}`);
    assert.ok(worstTrue(r.riskgate) <= r.riskgate.limit, 'riskgate within its limit (truth)');
    assert.equal(r.riskgate.breach.count, 0);
    assert.ok(r.riskgate.fills > 0, 'riskgate traded');
    assert.ok(r.rest.ok > 0, 'the real Binance REST hook answered the reconciler from the simulator');
  });

  for (const venue of ['okx', 'deribit', 'bitmex'] as const) {
    it(`when hostile on ${venue} then riskgate never breaches (simulator truth), trades, and its availability is measured against the oracle`, async () => {
      const reportPath = join(dir, `hostile-${venue}.html`);
      const r = await runUntilShown({ profile: 'hostile', seconds: 2, seed: SEED, venue, reportPath }, `hostile ${venue}`,
        (x) => x.riskgate.fills > 0 && x.riskgate.availability!.oracleApproved > 0, withinLimitAndOracle);
      const a = r.riskgate.availability!;
      console.log(`seed ${SEED} hostile ${venue}: availability ${a.bothApproved}/${a.oracleApproved}`);
      assert.ok(r.riskgate.fills > 0, 'riskgate traded');
      assert.ok(a.oracleApproved > 0, 'the oracle was asked beside every decision');
      assert.equal(a.approvedOracleDenied, 0, 'riskgate never approved what the limits on the truth deny');
      assert.ok(readFileSync(reportPath, 'utf8').includes('<svg'));
    });
  }
});
