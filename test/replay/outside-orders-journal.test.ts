/**
 * An order the engine did not send, end to end: a scenario whose venue reports another process's
 * resting buy (with its side, as the decoders pass it) runs single-threaded and through the real
 * risk thread with the journal on; both deny the strategy's buy that the outside order's leaves
 * leave no room for, both approve it once the outside order is cancelled, and the journal (format
 * 6: the update's side and reduce-only flag) replays to the same decisions.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { JOURNAL_FORMAT_VERSION } from '../../src/journal/journal-layout.js';
import { runThreadedScenario } from '../../src/engine/threaded-scenario.js';
import { openJournal } from '../../src/journal/open-journal.js';
import { recordedConfig } from '../../src/replay/recorded-config.js';
import { replayRecords } from '../../src/replay/replay-journal.js';
import { EngineGate } from '../../src/scenario/engine-gate.js';
import { parseScenario } from '../../src/scenario/parse-scenario.js';
import { runScenario } from '../../src/scenario/run-scenario.js';
import { tempDir } from '../journal/support.js';

const dir = tempDir('riskgate-outside-orders-');

const SCENARIO = {
  description: 'another process rests a buy of 6 (filled in pieces, then cancelled): its leaves use the headroom until it ends',
  config: { instruments: [{ symbol: 'BTCUSDT', maxLong: 10, maxShort: 10, unconfirmed: { maxFills: 4, maxQty: 10 } }] },
  steps: [
    { at: 0, type: 'snapshot', symbol: 'BTCUSDT', position: 0 },
    { at: 1, type: 'orderUpdate', symbol: 'BTCUSDT', orderId: 'screen-1', status: 'new', cumQty: 0, leavesQty: 6, side: 'buy' },
    { at: 2, type: 'order', orderId: 'o1', symbol: 'BTCUSDT', side: 'buy', qty: 5, price: 100, tif: 'GTC', expect: 'POSITION_LIMIT', expectNaive: 'approve' },
    { at: 3, type: 'orderUpdate', symbol: 'BTCUSDT', orderId: 'screen-1', status: 'partiallyFilled', cumQty: 2, leavesQty: 4, side: 'buy' },
    { at: 4, type: 'order', orderId: 'o2', symbol: 'BTCUSDT', side: 'buy', qty: 5, price: 100, tif: 'GTC', expect: 'POSITION_LIMIT' },
    { at: 5, type: 'fill', symbol: 'BTCUSDT', orderId: 'screen-1', execId: 'x1', side: 'buy', qty: 2, price: 100 },
    { at: 6, type: 'order', orderId: 'o3', symbol: 'BTCUSDT', side: 'buy', qty: 4, price: 100, tif: 'GTC', expect: 'approve' },
    { at: 7, type: 'cancel', orderId: 'o3', expect: 'approve' },
    { at: 8, type: 'orderUpdate', symbol: 'BTCUSDT', orderId: 'o3', status: 'canceled', cumQty: 0, leavesQty: 0 },
    { at: 9, type: 'orderUpdate', symbol: 'BTCUSDT', orderId: 'screen-1', status: 'canceled', cumQty: 2, leavesQty: 0, side: 'buy' },
    { at: 10, type: 'order', orderId: 'o4', symbol: 'BTCUSDT', side: 'buy', qty: 8, price: 100, tif: 'GTC', expect: 'approve' },
    { at: 11, type: 'order', orderId: 'o5', symbol: 'BTCUSDT', side: 'buy', qty: 1, price: 100, tif: 'GTC', expect: 'POSITION_LIMIT' },
  ],
};

const EXPECTED = ['deny:POSITION_LIMIT', 'deny:POSITION_LIMIT', 'approve', 'approve', 'approve', 'deny:POSITION_LIMIT'];

function decisions(run: { readonly decisions: readonly { readonly decision: string; readonly reason?: string }[] }): string[] {
  return run.decisions.map((d) => (d.reason === undefined ? d.decision : `${d.decision}:${d.reason}`));
}

test('when another process rests a buy then the strategy\'s buy beyond the headroom it leaves is denied until it is cancelled, single-threaded and threaded alike, and the journal replays it', async () => {
  const sc = parseScenario(SCENARIO, 'outside-order');
  const single = runScenario(sc, new EngineGate(sc.config));
  assert.deepEqual(single.failures, []);
  assert.deepEqual(decisions(single), EXPECTED);
  assert.equal(single.breaches.exposureBreaches, 0);

  const path = join(dir, 'outside.rgj');
  const threaded = await runThreadedScenario(sc, { timeoutMs: 15_000, engine: { journal: { path, fsync: 'none' } } });
  assert.deepEqual(decisions(threaded), EXPECTED);
  assert.equal(threaded.stop.journalLost, 0);

  const j = openJournal(path);
  assert.equal(j.header?.formatVersion, JOURNAL_FORMAT_VERSION);
  const updates = j.records.flatMap((r) => (r.body.kind === 'event' && r.body.event.type === 'orderUpdate' ? [r.body.event] : []));
  assert.deepEqual(updates.map((u) => u.side), ['buy', 'buy', undefined, 'buy'], 'the journal keeps each update\'s side as the venue gave it');
  const r = replayRecords(j.records, recordedConfig(j), {});
  assert.equal(r.outcome, 'reproduced');
  assert.deepEqual(r.differences, []);
});
