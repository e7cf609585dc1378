/**
 * Replay of the threaded engine's journals: they record order and exec handles (the integers
 * the risk thread saw), not ids; the replay gives the engine those integers unchanged, and
 * `--explain` finds an order by its handle and says that a handle is what was recorded.
 * Journals written before format 2 (fixtures) still replay.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadScenario } from '../../src/cli/load-scenario.js';
import { runThreadedScenario } from '../../src/engine/threaded-scenario.js';
import { openJournal } from '../../src/journal/open-journal.js';
import { validateConfig } from '../../src/config/validate-config.js';
import { ApplyResult, Side } from '../../src/risk/codes.js';
import { DenyReason } from '../../src/risk/deny-reason.js';
import { recordedConfig } from '../../src/replay/recorded-config.js';
import { withLegacyHandles } from '../../src/replay/legacy-handles.js';
import { ReplayGate } from '../../src/replay/replay-gate.js';
import { replayRecords } from '../../src/replay/replay-journal.js';
import { tempDir } from '../journal/support.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const FIXTURES = join(ROOT, 'test/journal/fixtures');
const dir = tempDir('riskgate-replay-threaded-');

test('when a scenario runs threaded with the journal on then orders and executions are recorded as handles, never as strings', async () => {
  const sc = loadScenario(join(ROOT, 'scenarios/07-partial-fill-then-cancel.json'));
  const path = join(dir, '07.rgj');
  const run = await runThreadedScenario(sc, { timeoutMs: 15_000, engine: { journal: { path, fsync: 'none' } } });
  assert.equal(run.stop.journalLost, 0);
  const bytes = readFileSync(path);
  for (const label of ['#1', '#2', '#3', '#4', '#5']) {
    const encoded = Buffer.concat([Buffer.from([label.length, 0, 0, 0]), Buffer.from(label)]); // a FlatBuffers string
    assert.equal(bytes.includes(encoded), false, `no handle dressed up as the string id ${label}`);
  }
  const j = openJournal(path);
  const orders = j.records.flatMap((r) => (r.body.kind === 'request' && r.body.request.type === 'order' ? [r.body] : []));
  assert.deepEqual(orders.map((o) => o.handles?.order), [1, 2, 3, 4, 5], 'the scenario strategy keys its orders 1, 2, ... in request order');
  const fill = j.records.find((r) => r.body.kind === 'event' && r.body.event.type === 'fill')!.body;
  assert.ok(fill.kind === 'event' && fill.handles?.order === 1 && typeof fill.handles.exec === 'number');

  const r = replayRecords(j.records, recordedConfig(j), { explain: '4' });
  assert.equal(r.outcome, 'reproduced');
  assert.deepEqual(r.differences, []);
  assert.equal(r.firstOrderHandle, 1);
  assert.equal(r.explained.length, 1);
  const e = r.explained[0]!;
  assert.deepEqual([e.handle, e.idRecorded, e.request.orderId, e.recorded, e.rule.reason], [4, false, '#4', 'POSITION_LIMIT', 'POSITION_LIMIT']);
  assert.equal(replayRecords(j.records, recordedConfig(j), { explain: '#4' }).explained[0]?.seq, e.seq, '#4 names the same order');
  assert.equal(replayRecords(j.records, recordedConfig(j), { explain: 'o4' }).explained.length, 0, 'the scenario id is not in the journal');
});

test('when a record carries handles then the replaying engine gets those integers unchanged', () => {
  const gate = new ReplayGate(validateConfig({ instruments: [{ symbol: 'X', maxLong: 9, maxShort: 9 }] }));
  gate.setTime(1);
  gate.apply({ type: 'snapshot', symbol: 'X', position: 0 }, undefined);
  const exec = 2 ** 52 + 12345; // a hashed venue exec id: its label would hash to another key
  assert.deepEqual(gate.request({ type: 'order', orderId: '#77', symbol: 'X', side: 'buy', qty: 1, price: 1, tif: 'GTC' }, { order: 77 }), { decision: 'approve' });
  gate.apply({ type: 'fill', symbol: 'X', orderId: '#77', execId: `#${exec}`, side: 'buy', qty: 1, price: 1 }, { order: 77, exec });
  const e = gate.engine;
  assert.equal(e.checkOrder(77, 0, Side.BUY, 1, 1), DenyReason.DUPLICATE_ORDER_ID, 'order key 77 is the engine\'s own key');
  assert.equal(e.applyFill(0, -1, exec, Side.BUY, 1, 1, NaN), ApplyResult.DUPLICATE, 'the exec key is the engine\'s own key');
});

test('when a format-1 journal of the threaded engine is replayed then its #<n> ids are read as handles', () => {
  const j = openJournal(join(FIXTURES, 'v1-threaded-07.rgj'));
  assert.equal(j.header?.formatVersion, 1);
  const upgraded = withLegacyHandles(j.records);
  const fill = upgraded.find((r) => r.body.kind === 'event' && r.body.event.type === 'fill')!.body;
  assert.ok(fill.kind === 'event' && fill.handles?.order === 1 && fill.handles.exec !== undefined);
  const r = replayRecords(j.records, recordedConfig(j), { explain: '2' });
  assert.equal(r.outcome, 'reproduced');
  assert.equal(r.reproduced, 6);
  assert.deepEqual([r.explained[0]?.handle, r.explained[0]?.idRecorded, r.explained[0]?.recorded], [2, false, 'POSITION_LIMIT']);
});

test('when a format-1 journal of the single-threaded edge is replayed then its ids stay strings', () => {
  const j = openJournal(join(FIXTURES, 'v1-single-07.rgj'));
  assert.equal(j.header?.formatVersion, 1);
  assert.equal(withLegacyHandles(j.records), j.records);
  const r = replayRecords(j.records, recordedConfig(j), { explain: 'o2' });
  assert.equal(r.outcome, 'reproduced');
  assert.equal(r.firstOrderHandle, undefined);
  assert.deepEqual([r.explained[0]?.handle, r.explained[0]?.idRecorded, r.explained[0]?.request.tif], [undefined, true, 'IOC']);
});
