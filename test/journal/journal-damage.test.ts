/**
 * Damage a real journal file the ways disks and people do (flipped bits, a zeroed page,
 * garbage appended, two journals concatenated, a hole) and check that the reader resumes at the
 * next valid record, reports every damaged range with its byte offsets, and reads every valid
 * record; and that its memory stays bounded whatever the file's size.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { JournalWriter } from '../../src/journal/journal-writer.js';
import { openJournal } from '../../src/journal/open-journal.js';
import { JournalReader, isDamage } from '../../src/journal/journal-reader.js';
import { FILE_HEADER_BYTES, recordBytes } from '../../src/journal/journal-layout.js';
import { seededRandom } from '../../src/random/mulberry32.js';
import { CONFIG_JSON, fillBody, tempDir } from './support.js';

const dir = tempDir('riskgate-journal-damage-');
let n = 0;
const fresh = (): string => join(dir, `d${n++}.rgj`);
const SEED = Number(process.env['RISKGATE_SEED'] ?? 0xda3a6e);

function writeJournal(path: string, count: number, createdAt = 1): void {
  const w = JournalWriter.create(path, { configJson: CONFIG_JSON, createdAt, writer: 'test' }, { journal: { policy: { fsync: 'none' }, blockBytes: 4096 } });
  for (let i = 1; i <= count; i++) w.append(i * 10, fillBody(i));
  w.close();
}

/** Start offset of every record, and the file's end. */
function offsets(bytes: Uint8Array): number[] {
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out: number[] = [];
  for (let off = FILE_HEADER_BYTES; off < bytes.length; off += recordBytes(dv.getUint32(off, true))) out.push(off);
  out.push(bytes.length);
  return out;
}

/** Seq numbers of the records that overlap none of `bad` byte offsets. */
function untouched(offs: number[], bad: readonly number[]): number[] {
  const keep: number[] = [];
  for (let i = 0; i + 1 < offs.length; i++) if (!bad.some((b) => b >= offs[i]! && b < offs[i + 1]!)) keep.push(i);
  return keep;
}

test(`when bits are flipped at random places then every record they miss is read and every damaged range holds a flipped byte (seed ${SEED})`, () => {
  console.log(`journal-damage seed ${SEED} (set RISKGATE_SEED to repeat)`);
  const rand = seededRandom(SEED);
  const path = fresh();
  writeJournal(path, 2000);
  const good = readFileSync(path);
  const offs = offsets(good);
  for (let run = 0; run < 20; run++) {
    const b = Buffer.from(good);
    const bad: number[] = [];
    const flips = 1 + Math.floor(rand() * 4);
    for (let k = 0; k < flips; k++) {
      const at = offs[1]! + Math.floor(rand() * (good.length - offs[1]!)); // not the header record
      b[at]! ^= 1 << Math.floor(rand() * 8);
      bad.push(at);
    }
    const p = fresh();
    writeFileSync(p, b);
    const j = openJournal(p);
    const what = `run ${run} (seed ${SEED}), flips at ${bad.join(', ')}`;
    const expectSeqs = untouched(offs, bad);
    const lastRecordHit = bad.some((x) => x >= offs[offs.length - 2]!);
    const got = j.records.map((r) => r.seq);
    // A flip in the very last record can be read as a crash tail when it hits its length.
    assert.deepEqual(got, lastRecordHit ? got.filter((s) => expectSeqs.includes(s)) : expectSeqs, what);
    if (!lastRecordHit) assert.deepEqual(got, expectSeqs, what);
    for (const r of j.records.slice(1)) assert.deepEqual(r.body, fillBody(r.seq), `${what}: record ${r.seq} content`);
    assert.ok(j.damage.length > 0 || j.tornTail !== undefined, `${what}: the damage is reported`);
    for (const d of j.damage) {
      assert.ok(bad.some((x) => x >= d.offset && x < d.offset + d.bytes), `${what}: range ${d.offset}+${d.bytes} holds a flipped byte`);
      assert.equal(d.offset, offs[d.expectedSeq], `${what}: a range starts where its first lost record did`);
      if (d.resumedSeq !== undefined) assert.equal(d.offset + d.bytes, offs[d.resumedSeq], `${what}: and ends where the reader resumed`);
    }
    for (const x of bad) {
      const covered = j.damage.some((d) => x >= d.offset && x < d.offset + d.bytes) || (j.tornTail !== undefined && x >= j.tornTail.offset);
      assert.ok(covered, `${what}: the flip at ${x} is inside a reported range`);
    }
  }
});

test('when a 4 KiB page in the middle is zeroed then the records around it are read and the range covers the page', () => {
  const path = fresh();
  writeJournal(path, 1000);
  const b = readFileSync(path);
  const offs = offsets(b);
  const page = 8 * 4096;
  b.fill(0, page, page + 4096);
  writeFileSync(path, b);
  const j = openJournal(path);
  const lost = offs.map((o, i) => [o, i] as const).filter(([o, i]) => i + 1 < offs.length && o < page + 4096 && offs[i + 1]! > page).map(([, i]) => i);
  assert.deepEqual(j.records.map((r) => r.seq), [...Array(1001).keys()].filter((s) => !lost.includes(s)));
  assert.equal(j.damage.length, 1);
  const d = j.damage[0]!;
  assert.deepEqual([d.offset, d.offset + d.bytes, d.expectedSeq, d.resumedSeq], [offs[lost[0]!], offs[lost.at(-1)! + 1], lost[0], lost.at(-1)! + 1]);
  assert.equal(j.tornTail, undefined);
});

test('when garbage is appended then it is one damaged range to the end, not a crash tail, and every record is read', () => {
  const path = fresh();
  writeJournal(path, 300);
  const size = readFileSync(path).length;
  appendFileSync(path, Buffer.from('operator pasted this by mistake\n'.repeat(20)));
  const j = openJournal(path);
  assert.equal(j.records.length, 301);
  assert.equal(j.tornTail, undefined);
  assert.deepEqual(j.damage.map((d) => [d.offset, d.bytes, d.reason, d.resumedSeq]), [[size, 640, 'length', undefined]]);
});

test('when two journals are concatenated then the first is read whole and the second is one foreign range', () => {
  const a = fresh();
  const b = fresh();
  writeJournal(a, 200, 1);
  writeJournal(b, 400, 2); // longer: its sequence numbers run past the first's
  const ab = Buffer.concat([readFileSync(a), readFileSync(b)]);
  const p = fresh();
  writeFileSync(p, ab);
  const j = openJournal(p);
  assert.equal(j.records.length, 201, 'no record of the second journal is taken for the first');
  assert.deepEqual(j.damage.map((d) => [d.offset, d.bytes, d.reason]), [[readFileSync(a).length, readFileSync(b).length, 'foreign']]);
});

test('when a file much larger than the reader window is read then the window never grows and records after a large hole are found', () => {
  const path = fresh();
  writeJournal(path, 100);
  const head = readFileSync(path);
  const hole = 64 * 1024 * 1024;
  // Records 1..100, a 64 MiB hole of zeros (sparse), then the same journal's records 101..150.
  const tailPath = fresh();
  const w = JournalWriter.create(tailPath, { configJson: CONFIG_JSON, createdAt: 1, writer: 'test' }, { journal: { policy: { fsync: 'none' }, blockBytes: 4096 } });
  for (let i = 1; i <= 150; i++) w.append(i * 10, fillBody(i));
  w.close();
  const all = readFileSync(tailPath);
  const offs = offsets(all);
  truncateSync(path, head.length + hole);
  appendFileSync(path, all.subarray(offs[101]!));
  const r = new JournalReader(path);
  const seqs: number[] = [];
  for (const it of r.items()) if (!isDamage(it)) seqs.push(it.seq);
  assert.deepEqual(seqs, [...Array(150).keys()].map((i) => i + 1));
  assert.deepEqual(r.damage.map((d) => [d.offset, d.bytes, d.reason, d.expectedSeq, d.resumedSeq]), [[head.length, hole, 'length', 101, 101]]);
  assert.ok(r.size > 16 * r.peakWindowBytes, `file ${r.size} bytes, window ${r.peakWindowBytes}`);
  assert.equal(r.peakWindowBytes, 4 * 1024 * 1024, 'the window stayed at its initial size');
});

test('when the file ends in zeros after its last record (extended, never written) then that is a crash tail, not damage', () => {
  const path = fresh();
  writeJournal(path, 50);
  const size = readFileSync(path).length;
  truncateSync(path, size + 3 * 1024 * 1024);
  const j = openJournal(path);
  assert.equal(j.records.length, 51);
  assert.deepEqual(j.damage, []);
  assert.deepEqual(j.tornTail, { offset: size, bytes: 3 * 1024 * 1024, reason: 'truncated', recordIndex: 51 });
});
