/**
 * Rotation: the writer starts a new file by size and by time, lists every file in the index,
 * and replay and sweep read the set as one journal.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { RotatingJournalWriter, INDEX_MAGIC, segmentPath } from '../../src/journal/rotating-journal.js';
import { openJournalSource } from '../../src/journal/journal-source.js';
import { isDamage } from '../../src/journal/journal-reader.js';
import { openJournal } from '../../src/journal/open-journal.js';
import { ManualClock } from '../../src/risk/clock.js';
import { RiskGate } from '../../src/gate/index.js';
import { StrategyClient } from '../../src/engine/index.js';
import { Side } from '../../src/risk/codes.js';
import { runSweep } from '../../src/replay/run-sweep.js';
import { parseSetting } from '../../src/replay/sweep-setting.js';
import { CONFIG_JSON, fillBody, tempDir } from './support.js';

const dir = tempDir('riskgate-rotation-');
const CLI = fileURLToPath(new URL('../../src/cli/main.js', import.meta.url));
const NONE = { policy: { fsync: 'none' as const }, blockBytes: 4096 };

test('when the current file reaches rotateBytes then a new file starts, the index lists it, and the set reads as one journal', () => {
  const path = join(dir, 'size.rgj');
  const w = RotatingJournalWriter.create(path, { configJson: CONFIG_JSON, createdAt: 7 }, { journal: NONE, idleTimer: false }, { bytes: 4096 });
  for (let i = 1; i <= 400; i++) {
    w.append(i, fillBody(i));
    w.endBatch();
  }
  w.close();
  assert.ok(w.files >= 5, `${w.files} files`);
  const index = readFileSync(path, 'utf8').trim().split('\n');
  assert.deepEqual(index, [INDEX_MAGIC, ...[...Array(w.files).keys()].map((k) => `size.rgj.${String(k).padStart(6, '0')}`)]);
  let prevEnd = 0;
  for (let k = 0; k < w.files; k++) {
    const j = openJournal(segmentPath(path, k));
    assert.deepEqual(j.damage, []);
    assert.equal(j.header?.segment, k);
    assert.equal(j.header?.createdAt, 7, 'every file repeats the set\'s creation time');
    assert.equal(j.records[0]!.seq, prevEnd, 'a file\'s header continues the set\'s sequence');
    prevEnd = j.records.at(-1)!.seq + 1;
    if (k < w.files - 1) assert.ok(j.size >= 4096 && j.size < 4096 + 200, `file ${k}: ${j.size} bytes, rotated at the first batch end past 4096`);
  }
  const src = openJournalSource(path);
  const items = [...src.items()];
  assert.ok(items.every((it) => !isDamage(it)));
  const fills = items.filter((it) => !isDamage(it) && it.body.kind === 'event');
  assert.deepEqual(fills.map((r) => (isDamage(r) ? -1 : r.at)), [...Array(400).keys()].map((i) => i + 1), 'every call once, in order');
  for (const r of fills) if (!isDamage(r)) assert.deepEqual(r.body, fillBody(r.at));
  const r = spawnSync(process.execPath, [CLI, 'replay', path], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.match(r.stdout, new RegExp(`, ${w.files} files \\(400 events`));
});

test('when rotateMs passes on the writer\'s clock then the next batch end starts a new file', () => {
  const path = join(dir, 'time.rgj');
  const clock = new ManualClock(0);
  const w = RotatingJournalWriter.create(path, { configJson: CONFIG_JSON }, { journal: NONE, clock, idleTimer: false }, { ms: 1000 });
  for (let i = 1; i <= 30; i++) {
    w.append(i, fillBody(i));
    w.endBatch();
    clock.advance(100);
  }
  w.close();
  assert.equal(w.files, 3, '30 batches 100 ms apart (0 to 2900 ms): new files at the batch ends at 1000 and 2000 ms');
  assert.equal(openJournal(segmentPath(path, 1)).records.length, 11, 'header + 10 calls');
});

test('when the threaded engine rotates by size then replay and sweep read the whole set', async () => {
  const path = join(dir, 'threaded.rgj');
  const gate = new RiskGate({ instruments: [{ symbol: 'X', maxLong: 50, maxShort: 50 }] }, { journal: { path, fsync: 'none', blockBytes: 4096, rotateBytes: 8192 } });
  await gate.start();
  gate.openEventLane('gw').snapshot(0, 0, NaN, NaN);
  const client = new StrategyClient(gate.createStrategy('s'));
  while (gate.state()?.instruments[0]?.snapPos !== 0) await new Promise((r) => setTimeout(r, 5));
  let approved = 0;
  for (let key = 1; key <= 600; key++) if (client.decideOrder(key, 0, key % 2 ? Side.BUY : Side.SELL, 1, 100) === 0) approved++;
  const stop = await gate.stop();
  assert.equal(stop.journalLost, 0);
  const src = openJournalSource(path);
  assert.ok(src.files.length >= 3, `${src.files.length} files`);
  const r = spawnSync(process.execPath, [CLI, 'replay', path], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /replay: 600\/600 decisions reproduced/);
  const rows = await runSweep([path], [parseSetting('instruments[0].maxLong=50,1')], { threads: 1 });
  assert.deepEqual(rows.map((x) => [x.orders, x.approved]), [[600, approved], [600, rows[1]!.approved]]);
  assert.ok(rows[1]!.approved < approved, 'a tighter limit approves fewer of the same orders');
});
