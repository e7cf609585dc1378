import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadScenario } from '../../src/cli/load-scenario.js';
import { runScenarioWithJournal } from '../../src/journal/record-scenario.js';
import { openJournal } from '../../src/journal/open-journal.js';
import { JournalWriter } from '../../src/journal/journal-writer.js';
import { EngineGate } from '../../src/scenario/engine-gate.js';
import { recordedConfig } from '../../src/replay/recorded-config.js';
import { replayRecords } from '../../src/replay/replay-journal.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const DIR = join(ROOT, 'scenarios');
const FILES = readdirSync(DIR).filter((f) => f.endsWith('.json')).sort();
const tmp = mkdtempSync(join(tmpdir(), 'riskgate-replay-'));
process.on('exit', () => rmSync(tmp, { recursive: true, force: true }));

test('when the bundled scenarios are listed then there are some', () => {
  assert.ok(FILES.length >= 15);
});

for (const file of FILES) {
  test(`when ${file} is recorded and replayed then every decision and cancel-all is reproduced`, () => {
    const sc = loadScenario(join(DIR, file));
    const path = join(tmp, `${file}.rgj`);
    const run = runScenarioWithJournal(sc, new EngineGate(sc.config), path);
    const j = openJournal(path);
    assert.equal(j.tornTail, undefined);
    assert.deepEqual(recordedConfig(j), sc.config, 'the recorded config is the scenario config');
    const recorded = j.records.flatMap((r) => (r.body.kind === 'decision' ? [r.body] : []));
    assert.deepEqual(
      recorded.map((d) => (d.decision === 'approve' ? 'approve' : d.reason)),
      run.decisions.map((d) => (d.decision === 'approve' ? 'approve' : d.reason)),
      'the journal holds the decisions the run printed',
    );
    const r = replayRecords(j.records, recordedConfig(j));
    assert.deepEqual(r.differences, []);
    assert.equal(r.decisions, run.decisions.length);
    assert.equal(r.reproduced, r.decisions);
    assert.equal(r.undecided, 0);
    assert.equal(r.cancelAllsReplayed, r.cancelAllsRecorded);
    assert.equal(r.events + r.requests, sc.steps.length);
  });
}

test('when a recorded decision differs from what the engine decides then the replay lists the difference', () => {
  const path = join(tmp, 'tampered.rgj');
  const config = { instruments: [{ symbol: 'BTCUSDT', maxLong: 1, maxShort: 1 }] };
  const w = JournalWriter.create(path, { configJson: JSON.stringify(config) }, { journal: { policy: { fsync: 'none' }, blockBytes: 4096 } });
  w.append(0, { kind: 'event', event: { type: 'snapshot', symbol: 'BTCUSDT', position: 0 } });
  const s1 = w.append(1, { kind: 'request', request: { type: 'order', orderId: 'a', symbol: 'BTCUSDT', side: 'buy', qty: 2, price: 1, tif: 'GTC' } });
  w.append(1, { kind: 'decision', requestSeq: s1, orderId: 'a', decision: 'approve', reasonCode: 0 });
  const s2 = w.append(2, { kind: 'request', request: { type: 'order', orderId: 'b', symbol: 'BTCUSDT', side: 'buy', qty: 1, price: 1, tif: 'GTC' } });
  w.append(2, { kind: 'decision', requestSeq: s2, orderId: 'b', decision: 'approve', reasonCode: 0 });
  w.append(3, { kind: 'request', request: { type: 'kill', mode: 'halt' } });
  w.append(3, { kind: 'cancelAll', symbol: 'ETHUSDT' });
  w.close();
  const j = openJournal(path);
  const r = replayRecords(j.records, recordedConfig(j));
  assert.deepEqual(r.differences, [
    { seq: 3, at: 1, subject: 'order a', recorded: 'approve', replayed: 'POSITION_LIMIT', afterGap: false },
    { seq: 7, at: 3, subject: 'cancel-all #1', recorded: 'ETHUSDT', replayed: '*', afterGap: false },
  ]);
  assert.equal(r.outcome, 'mismatch');
  assert.equal(r.reproduced, 1);
  assert.equal(r.undecided, 1, 'the kill request has no recorded decision');
});
