import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, statSync, writeFileSync, appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { ManualClock } from '../../src/risk/clock.js';
import { JournalWriter } from '../../src/journal/journal-writer.js';
import { openJournal } from '../../src/journal/open-journal.js';
import { repairJournal } from '../../src/journal/repair-journal.js';
import { validateJournalConfig } from '../../src/journal/fsync-policy.js';
import { FILE_HEADER_BYTES, JOURNAL_FORMAT_VERSION, recordBytes } from '../../src/journal/journal-layout.js';
import { CONFIG_JSON, fillBody, tempDir } from './support.js';

const dir = tempDir('riskgate-journal-');
let n = 0;
const fresh = (): string => join(dir, `j${n++}.rgj`);
const NONE = { journal: { policy: { fsync: 'none' as const }, blockBytes: 4096 } };

function writeJournal(path: string, count: number): void {
  const w = JournalWriter.create(path, { configJson: CONFIG_JSON, createdAt: 1, writer: 'test' }, NONE);
  for (let i = 1; i <= count; i++) w.append(i * 10, fillBody(i));
  w.close();
}

/** Record offsets (start of each record) by walking the lengths. */
function offsets(path: string): number[] {
  const b = readFileSync(path);
  const out: number[] = [];
  for (let off = FILE_HEADER_BYTES; off < b.length; off += recordBytes(b.readUInt32LE(off))) out.push(off);
  return out;
}

test('when records are written and read back then every record is returned in order with its content', () => {
  const path = fresh();
  writeJournal(path, 500);
  const j = openJournal(path);
  assert.equal(j.tornTail, undefined);
  assert.equal(j.records.length, 501);
  assert.deepEqual(j.header, { kind: 'header', formatVersion: JOURNAL_FORMAT_VERSION, configJson: CONFIG_JSON, createdAt: 1, writer: 'test' });
  for (let i = 1; i <= 500; i++) assert.deepEqual(j.records[i], { seq: i, at: i * 10, body: fillBody(i) });
  assert.equal(j.size, statSync(path).size);
  for (const off of offsets(path)) assert.equal(off % 8, 0, 'records are 8-aligned');
});

test('when a byte in the middle of the file is flipped then that record is a damaged range and every record after it is read', () => {
  const path = fresh();
  writeJournal(path, 200);
  const offs = offsets(path);
  const bytes = readFileSync(path);
  for (const [victim, within] of [[100, 12], [100, 0], [100, 5], [150, 30], [1, 9]] as const) {
    const copy = Buffer.from(bytes);
    const at = offs[victim]! + within;
    copy[at]! ^= 0x40;
    const p = fresh();
    writeFileSync(p, copy);
    const j = openJournal(p);
    assert.equal(j.records.length, 200, `every record but the damaged one (byte ${at})`);
    assert.deepEqual(j.records.map((r) => r.seq), [...Array(201).keys()].filter((s) => s !== victim));
    for (const r of j.records.slice(1)) assert.deepEqual(r.body, fillBody(r.seq));
    assert.equal(j.tornTail, undefined, 'damage in the middle is not a crash tail');
    assert.equal(j.damage.length, 1);
    const d = j.damage[0]!;
    assert.equal(d.offset, offs[victim]);
    assert.equal(d.bytes, offs[victim + 1]! - offs[victim]!, 'the range is exactly the damaged record');
    assert.ok(['checksum', 'length'].includes(d.reason), d.reason);
    assert.deepEqual([d.expectedSeq, d.resumedSeq], [victim, victim + 1]);
  }
});

test('when the file is cut at every byte of its last records then complete records are kept and the tail reported', () => {
  const path = fresh();
  writeJournal(path, 30);
  const bytes = readFileSync(path);
  const offs = offsets(path);
  for (let cut = offs[27]!; cut < bytes.length; cut++) {
    const p = join(dir, 'cut.rgj');
    writeFileSync(p, bytes.subarray(0, cut));
    const j = openJournal(p);
    const whole = offs.filter((_, k) => (k + 1 < offs.length ? offs[k + 1]! : bytes.length) <= cut).length;
    assert.equal(j.records.length, whole, `cut at ${cut}`);
    const end = offs[whole] ?? bytes.length;
    if (cut === end) assert.equal(j.tornTail, undefined);
    else assert.deepEqual(j.tornTail, { offset: end, bytes: cut - end, reason: 'truncated', recordIndex: whole });
  }
});

test('when the tail is zeros (size extended, data never written) then it is reported as truncated', () => {
  const path = fresh();
  writeJournal(path, 3);
  const size = statSync(path).size;
  appendFileSync(path, new Uint8Array(100));
  const j = openJournal(path);
  assert.equal(j.records.length, 4);
  assert.deepEqual(j.tornTail, { offset: size, bytes: 100, reason: 'truncated', recordIndex: 4 });
});

test('when a journal has a torn tail then appending is refused until it is repaired, and after repair appending works', () => {
  const path = fresh();
  writeJournal(path, 10);
  const full = statSync(path).size;
  writeFileSync(path, readFileSync(path).subarray(0, full - 5));
  assert.throws(() => JournalWriter.openForAppend(path, NONE), { code: 'ERR_RISKGATE_JOURNAL_TORN' });
  const cut = repairJournal(path);
  assert.equal(cut?.reason, 'truncated');
  assert.equal(repairJournal(path), undefined, 'a clean journal needs no repair');
  const w = JournalWriter.openForAppend(path, NONE);
  assert.equal(w.nextSeq, 10);
  for (let i = 10; i < 20; i++) w.append(i * 10, fillBody(i));
  w.close();
  const j = openJournal(path);
  assert.equal(j.tornTail, undefined);
  assert.equal(j.records.length, 20);
  for (let i = 1; i < 20; i++) assert.deepEqual(j.records[i]!.body, fillBody(i));
});

test('when the file is not a journal then opening throws ERR_RISKGATE_JOURNAL_FORMAT; an existing file is never overwritten', () => {
  const p = fresh();
  writeFileSync(p, 'hello world, not a journal');
  assert.throws(() => openJournal(p), { code: 'ERR_RISKGATE_JOURNAL_FORMAT' });
  writeFileSync(p, 'RGJ');
  assert.throws(() => openJournal(p), { code: 'ERR_RISKGATE_JOURNAL_FORMAT' });
  assert.throws(() => JournalWriter.create(p, { configJson: '{}' }, NONE), { code: 'ERR_RISKGATE_JOURNAL_IO' });
  assert.equal(readFileSync(p, 'utf8'), 'RGJ');
  assert.throws(() => openJournal(join(dir, 'missing.rgj')), { code: 'ERR_RISKGATE_JOURNAL_IO' });
});

test('when the policy is none then records reach the file only in whole blocks or on flush', () => {
  const path = fresh();
  const w = JournalWriter.create(path, { configJson: CONFIG_JSON }, NONE);
  const afterHeader = statSync(path).size;
  w.append(1, fillBody(1));
  assert.equal(statSync(path).size, afterHeader, 'buffered');
  let i = 2;
  while (statSync(path).size === afterHeader) w.append(i, fillBody(i++));
  assert.equal(statSync(path).size, 4096 + FILE_HEADER_BYTES, 'one whole block written');
  const j = openJournal(path);
  assert.equal(j.tornTail?.reason, 'truncated', 'a record straddles the block boundary');
  w.flush();
  assert.equal(openJournal(path).tornTail, undefined);
  assert.equal(openJournal(path).records.length, i);
  w.close();
  assert.throws(() => w.append(0, fillBody(0)), { code: 'ERR_RISKGATE_JOURNAL_CLOSED' });
});

test('when the policy is everyRecord then each append is on disk when it returns', () => {
  const path = fresh();
  const w = JournalWriter.create(path, { configJson: CONFIG_JSON }, { journal: { policy: { fsync: 'everyRecord' }, blockBytes: 4096 } });
  for (let i = 1; i <= 20; i++) {
    w.append(i, fillBody(i));
    const j = openJournal(path);
    assert.equal(j.records.length, i + 1);
    assert.equal(j.tornTail, undefined);
  }
  w.close();
});

test('when the policy is intervalMs then the batch is written once the interval has passed on the injected clock', () => {
  const path = fresh();
  const clock = new ManualClock(1000);
  const w = JournalWriter.create(path, { configJson: CONFIG_JSON }, {
    journal: { policy: { fsync: 'intervalMs', intervalMs: 50 }, blockBytes: 4096 }, clock, idleTimer: false,
  });
  w.append(1, fillBody(1));
  clock.advance(49);
  w.append(2, fillBody(2));
  assert.equal(openJournal(path).records.length, 1, 'still batched');
  clock.advance(1);
  w.append(3, fillBody(3));
  assert.equal(openJournal(path).records.length, 4, 'interval passed: written and synced');
  w.appendBatch([{ at: 4, body: fillBody(4) }, { at: 5, body: fillBody(5) }]);
  assert.equal(openJournal(path).records.length, 4);
  w.close();
  assert.equal(openJournal(path).records.length, 6);
});

test('when the journal config is validated then every problem is reported at once', () => {
  assert.deepEqual(validateJournalConfig({ fsync: 'everyRecord' }).policy, { fsync: 'everyRecord' });
  assert.deepEqual(validateJournalConfig({ fsync: 'intervalMs', intervalMs: 5 }).policy, { fsync: 'intervalMs', intervalMs: 5 });
  assert.deepEqual(validateJournalConfig(undefined).policy, { fsync: 'intervalMs', intervalMs: 50 });
  assert.throws(() => validateJournalConfig({ fsync: 'sometimes', intervalMs: 0, blockBytes: 1000, extra: 1 }), (err: unknown) => {
    assert.deepEqual((err as { problems: string[] }).problems, [
      'journal.fsync must be one of none, everyRecord, intervalMs',
      'journal.intervalMs must be an integer >= 1',
      'journal.blockBytes must be a multiple of 512 from 512 to 16777216',
      'journal.extra is not a known key (known: fsync, intervalMs, blockBytes, onFailure, rotateBytes, rotateMs)',
      'journal.intervalMs is only meaningful with fsync "intervalMs"',
    ]);
    return true;
  });
  assert.throws(() => validateJournalConfig({ onFailure: 'ignore', rotateBytes: 100, rotateMs: 0.5 }, 'options.journal'), (err: unknown) => {
    assert.deepEqual((err as { problems: string[] }).problems, [
      'options.journal.onFailure must be one of halt, continue',
      'options.journal.rotateBytes must be an integer >= 4096',
      'options.journal.rotateMs must be an integer >= 1',
    ]);
    return true;
  });
  assert.deepEqual(validateJournalConfig({ rotateBytes: 4096, onFailure: 'continue' }), { policy: { fsync: 'intervalMs', intervalMs: 50 }, blockBytes: 65536, onFailure: 'continue', rotate: { bytes: 4096 } });
});
