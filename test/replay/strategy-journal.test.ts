/**
 * Journal format 8: an order request carries the strategy that sent it (the ORDER slot's arg
 * word carries its index; the journal thread names it from the config). A threaded run of the
 * bundled strategy scenario is journaled with each order's strategy, and replaying the journal
 * reproduces every decision, the strategy limit's denials included; the same records read as
 * format 7 did (no strategy) approve what the strategy's limit denied, and replay says so.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runThreadedScenario } from '../../src/engine/threaded-scenario.js';
import { JOURNAL_FORMAT_VERSION } from '../../src/journal/journal-layout.js';
import { openJournal } from '../../src/journal/open-journal.js';
import { recordedConfig } from '../../src/replay/recorded-config.js';
import { replayRecords } from '../../src/replay/replay-journal.js';
import { parseScenario } from '../../src/scenario/parse-scenario.js';
import { tempDir } from '../journal/support.js';

const dir = tempDir('riskgate-strategy-journal-');
const FILE = fileURLToPath(new URL('../../../scenarios/24-strategy-own-limit.json', import.meta.url));

test('when a run of two strategies is journaled then each order names its strategy and replay reproduces the strategy limit\'s denials', async () => {
  const sc = parseScenario(JSON.parse(readFileSync(FILE, 'utf8')));
  const path = join(dir, 'strategy.rgj');
  const run = await runThreadedScenario(sc, { timeoutMs: 15_000, engine: { journal: { path, fsync: 'none' } } });
  assert.deepEqual(run.failures, []);
  assert.ok(run.decisions.some((d) => d.reason === 'STRATEGY_POSITION_LIMIT'));

  const j = openJournal(path);
  assert.equal(j.header?.formatVersion, JOURNAL_FORMAT_VERSION);
  assert.ok(JOURNAL_FORMAT_VERSION >= 8, "requests carry their strategy from format 8 on");
  const orders = j.records.flatMap((r) => (r.body.kind === 'request' && r.body.request.type === 'order' ? [r.body.request] : []));
  assert.deepEqual(orders.map((o) => o.strategy), ['mm', 'mm', 'hedger', 'mm', 'hedger', 'mm', 'mm', undefined]);
  const r = replayRecords(j.records, recordedConfig(j), {});
  assert.equal(r.outcome, 'reproduced');
  assert.deepEqual(r.differences, []);

  const asFormat7 = j.records.map((rec) => {
    if (rec.body.kind !== 'request' || rec.body.request.type !== 'order') return rec;
    const { strategy: _named, ...plain } = rec.body.request;
    return { ...rec, body: { ...rec.body, request: plain } };
  });
  const old = replayRecords(asFormat7, recordedConfig(j), {});
  assert.notEqual(old.outcome, 'reproduced');
  assert.ok(old.differences.length >= 2, 'the two STRATEGY_POSITION_LIMIT denials are approved without the strategy');
});
