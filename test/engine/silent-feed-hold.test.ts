/**
 * A feed whose worker lives but stops producing (a source stuck in a synchronous loop, or one
 * whose run() resolved) is held down by the risk thread within the deadline its source names
 * for its venue, without any setting: its instrument is feed down (known loss), risk-increasing
 * orders get FEED_STALE and reduce-only orders pass, until it produces again (and, as after any
 * hold, re-snapshots). Real threads; no timing assertions (each wait is bounded).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RiskGate } from '../../src/gate/index.js';
import { DenyReason } from '../../src/risk/deny-reason.js';
import { until } from './support/slots.js';

const SILENT = new URL('./fixtures/silent-feed-source.js', import.meta.url).href;
const CONFIG = { instruments: [{ symbol: 'BTC', maxLong: 10, maxShort: 10 }, { symbol: 'ETH', maxLong: 10, maxShort: 10 }] };
/** The source's own deadline: long enough that a loaded host's timers do not miss it. */
const DEADLINE_MS = 500;

/** BTC has a snapshot, its feed is up and its health gate open (the state block's first image is all zeros: not enough). */
function tradable(gate: RiskGate): boolean {
  const i = gate.state()?.instruments[0];
  return i !== undefined && i.feedUp && i.health === DenyReason.APPROVED && i.estPosMin === 0;
}

test('when a feed worker spins without producing then its instrument is held down within its deadline until it produces again, and a feed whose run() resolved stays down', async () => {
  const gate = new RiskGate(CONFIG);
  await gate.start();
  try {
    const control = new SharedArrayBuffer(4);
    const cmd = new Int32Array(control);
    gate.attachFeed({ name: 'venue', instruments: ['BTC'], source: { module: SILENT, options: { control, heartbeatDeadlineMs: DEADLINE_MS } } });
    const client = gate.client(gate.createStrategy('s'));
    await until(() => tradable(gate), 'the first snapshot');
    assert.equal(client.decideOrder(1, 0, 1, 1, 100), DenyReason.APPROVED, 'a beating feed trades');

    Atomics.store(cmd, 0, 1); // the source spins: alive, silent
    await until(() => gate.state()?.lanesDown === 1, 'the silent feed held down', 10 * DEADLINE_MS);
    let s = gate.state()!;
    assert.equal(s.instruments[0]!.feedUp, false, 'BTC is feed down');
    assert.equal(s.instruments[1]!.feedUp, true, 'ETH is not on this feed');
    assert.equal(client.decideOrder(2, 0, 1, 1, 100), DenyReason.FEED_STALE, 'risk-increasing orders wait');
    assert.equal(client.decideReduceOnly(3, 0, -1, 1, 100), DenyReason.APPROVED, 'reduce-only orders pass');
    await new Promise((resolve) => setTimeout(resolve, 3 * DEADLINE_MS));
    assert.equal(gate.state()!.lanesDown, 1, 'held while it stays silent, not only reported once');
    assert.equal(client.decideOrder(4, 0, 1, 1, 100), DenyReason.FEED_STALE);

    Atomics.store(cmd, 0, 2); // it produces again: a fresh snapshot
    await until(() => tradable(gate), 'up again after the fresh snapshot', 10 * DEADLINE_MS);
    s = gate.state()!;
    assert.equal(s.lanesDown, 0);
    assert.equal(client.decideOrder(5, 0, 1, 1, 100), DenyReason.APPROVED);

    Atomics.store(cmd, 0, 3); // run() resolves: nothing more will come
    await gate.waitForFeed('venue', ['done'], 10_000);
    await until(() => gate.state()?.instruments[0]?.feedUp === false, 'the ended feed held down', 10 * DEADLINE_MS);
    await new Promise((resolve) => setTimeout(resolve, 2 * DEADLINE_MS));
    assert.equal(gate.state()!.instruments[0]!.feedUp, false, 'an ended feed stays down');
    assert.equal(client.decideOrder(6, 0, 1, 1, 100), DenyReason.FEED_STALE);
  } finally {
    const report = await gate.stop();
    assert.equal(report.cleanExit, true, 'the risk thread exited by itself');
  }
});
