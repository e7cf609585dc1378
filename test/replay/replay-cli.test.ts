import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runScenarioWithJournal } from '../../src/journal/record-scenario.js';
import { JournalWriter } from '../../src/journal/journal-writer.js';
import { parseScenario } from '../../src/scenario/parse-scenario.js';
import { EngineGate } from '../../src/scenario/engine-gate.js';
import { runThreadedScenario } from '../../src/engine/threaded-scenario.js';
import { burstScenario } from '../journal/support.js';
import { EXPLAIN_SCENARIO } from './support.js';
import { JOURNAL_FORMAT_VERSION } from '../../src/journal/journal-layout.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const MAIN = join(ROOT, 'dist/src/cli/main.js');
const tmp = mkdtempSync(join(tmpdir(), 'riskgate-replay-cli-'));
process.on('exit', () => rmSync(tmp, { recursive: true, force: true }));

function cli(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [MAIN, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const sc = parseScenario(EXPLAIN_SCENARIO, 'explain');
const JOURNAL = join(tmp, 'explain.rgj');
runScenarioWithJournal(sc, new EngineGate(sc.config), JOURNAL);

test('when a journal replays cleanly then the summary says so and the exit code is 0', () => {
  const r = cli('replay', JOURNAL);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /replay: 6\/6 decisions reproduced; cancel-alls 0 replayed, 0 recorded; 0 difference\(s\)/);
});

test('when --explain names a denied order then the state it saw and the deciding rule are printed', () => {
  const r = cli('replay', JOURNAL, '--explain', 'b2');
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /order b2 \(record \d+, at 2 ms\): buy 2 BTCUSDT @ 100 GTC/);
  assert.match(r.stdout, /decision: {2}POSITION_LIMIT \(recorded: POSITION_LIMIT\)/);
  assert.match(r.stdout, /stage: {5}position limit/);
  assert.match(r.stdout, /rule: {6}POSITION_LIMIT: estPosMax 3 \+ openBuy 1 \+ qty 2 = 6 > maxLong 5/);
  assert.match(r.stdout, /estimate {5}\[3, 3\]/);
  assert.match(r.stdout, /open {9}buy 1 {2}sell 0/);
  assert.match(r.stdout, /health {7}healthy/);
  assert.match(r.stdout, /trading {6}active; kill: global resume, BTCUSDT resume; flip-flop not halted/);
});

test('when --explain names an order not in the journal then the exit code is 2', () => {
  const r = cli('replay', JOURNAL, '--explain', 'nope');
  assert.equal(r.status, 2);
  assert.match(r.stderr, /order nope is not in/);
});

test('when a recorded decision is not reproduced then the difference is listed and the exit code is 1', () => {
  const path = join(tmp, 'bad.rgj');
  const w = JournalWriter.create(path, { configJson: JSON.stringify({ instruments: [{ symbol: 'X', maxLong: 1, maxShort: 1 }] }) });
  w.append(0, { kind: 'event', event: { type: 'snapshot', symbol: 'X', position: 0 } });
  const s = w.append(1, { kind: 'request', request: { type: 'order', orderId: 'a', symbol: 'X', side: 'sell', qty: 5, price: 1, tif: 'IOC' } });
  w.append(1, { kind: 'decision', requestSeq: s, orderId: 'a', decision: 'approve', reasonCode: 0 });
  w.close();
  const r = cli('replay', path);
  assert.equal(r.status, 1);
  assert.match(r.stdout, /DIFF record 3 at 1 ms: order a: recorded approve, replayed POSITION_LIMIT/);
});

test('when the journal has a torn tail then it is reported and the complete records are replayed', () => {
  const path = join(tmp, 'torn.rgj');
  const bytes = readFileSync(JOURNAL);
  writeFileSync(path, bytes.subarray(0, bytes.length - 3));
  const r = cli('replay', path);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /torn tail: \S+ offset \d+, \d+ bytes \(truncated: a crash between two writes\)/);
  assert.match(r.stderr, /torn tail at offset/);
  assert.match(r.stdout, /1 request\(s\) have no recorded decision/);
});

test('when a bit in the middle is flipped then replay lists the damaged bytes, replays the records after them and exits 4', () => {
  const path = join(tmp, 'flipped.rgj');
  const bytes = Buffer.from(readFileSync(JOURNAL));
  const whole = cli('replay', JOURNAL);
  const total = Number(/(\d+) records/.exec(whole.stdout)?.[1]);
  bytes[Math.floor(bytes.length * 0.4)]! ^= 0x10;
  writeFileSync(path, bytes);
  const r = cli('replay', path);
  assert.equal(r.status, 4, r.stdout + r.stderr);
  assert.match(r.stdout, /DAMAGED \S+ bytes \d+\.\.\d+ \(\d+ bytes\): .* resumed at record \d+ \(1 record\(s\) lost\)/);
  assert.match(r.stdout, /DAMAGED journal: 1 damaged range/);
  assert.equal(Number(/(\d+) records/.exec(r.stdout)?.[1]), total - 1, 'every record but the damaged one is replayed');
});

test('when the file is not a journal or an option is unknown then the exit code is 2', () => {
  const path = join(tmp, 'x.json');
  writeFileSync(path, '{}');
  assert.equal(cli('replay', path).status, 2);
  assert.equal(cli('replay', JOURNAL, '--frobnicate').status, 2);
  assert.equal(cli('replay').status, 2);
});

test('when scenario gets --journal without a value or twice then the exit code is 2 and the flag is named', () => {
  const missing = cli('scenario', 'scenarios/07-partial-fill-then-cancel.json', '--journal');
  assert.equal(missing.status, 2);
  assert.match(missing.stderr, /--journal needs a value/);
  const twice = cli('scenario', 'scenarios/07-partial-fill-then-cancel.json', `--journal=${join(tmp, 'a.rgj')}`, '--journal', join(tmp, 'b.rgj'));
  assert.equal(twice.status, 2);
  assert.match(twice.stderr, /--journal given twice/);
});

test('when a scenario runs threaded with --journal then replay reproduces it and --explain takes the order handle the run printed', () => {
  const path = join(tmp, 'threaded.rgj');
  const run = cli('scenario', 'scenarios/07-partial-fill-then-cancel.json', '--threaded', '--journal', path);
  assert.equal(run.status, 0, run.stderr);
  assert.equal(run.stdout, cli('scenario', 'scenarios/07-partial-fill-then-cancel.json').stdout, 'the same lines as the single-threaded run');
  const handle = /order handles .*\bo4=(\d+)\b/.exec(run.stderr)?.[1];
  assert.ok(handle !== undefined, run.stderr);
  const r = cli('replay', path);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, new RegExp(`written by "riskgate threaded engine" .*format ${JOURNAL_FORMAT_VERSION}`));
  assert.match(r.stdout, /replay: 6\/6 decisions reproduced; cancel-alls 0 replayed, 0 recorded; 0 difference\(s\)/);
  const e = cli('replay', path, '--explain', handle);
  assert.equal(e.status, 0, e.stderr);
  assert.match(e.stdout, new RegExp(`^order handle ${handle} \\(record \\d+, at 41 ms\\): buy 1 BTCUSDT @ 100`, 'm'));
  assert.match(e.stdout, new RegExp(`id: {8}handle ${handle}: the integer order key the engine saw .*; the journal has no string id for it`));
  assert.match(e.stdout, /decision: {2}POSITION_LIMIT \(recorded: POSITION_LIMIT\)/);
  assert.match(e.stdout, /rule: {6}POSITION_LIMIT: estPosMax 1 \+ openBuy 1 \+ qty 1 = 3 > maxLong 2/);
  const byId = cli('replay', path, '--explain', 'o4');
  assert.equal(byId.status, 2);
  assert.match(byId.stderr, /order o4 is not in .*; this journal records order handles \(the integer order keys the strategy used\): --explain takes the integer, e.g. --explain 1/);
  assert.equal(cli('scenario', 'scenarios/07-partial-fill-then-cancel.json', '--threaded', '--journal', path).status, 2, 'a journal is never overwritten');
});

test('when a threaded journal lost records then replay names every gap and exits 3 (incomplete), not 0 or 1', async () => {
  const path = join(tmp, 'lossy.rgj');
  const run = await runThreadedScenario(parseScenario(burstScenario(300), 'burst'), {
    timeoutMs: 15_000, engine: { journal: { path, fsync: 'none' }, journalRingCapacity: 8 },
  });
  assert.ok(run.stop.journalLost > 0);
  const r = cli('replay', path);
  assert.equal(r.status, 3, r.stderr);
  assert.equal([...r.stdout.matchAll(/^GAP record \d+: (\d+) engine call\(s\) lost \(journal ring full\) /gm)].reduce((a, m) => a + Number(m[1]), 0), run.stop.journalLost);
  assert.match(r.stdout, /^GAP record (\d+): \d+ engine call\(s\) lost \(journal ring full\) between record \d+ and record \d+ \(engine time \d+ to \d+ ms\); decisions after it cannot be checked against an unbroken history$/m);
  assert.match(r.stdout, /^replay: (\d+)\/\1 decisions before the first gap reproduced; \d+ after it cannot be checked against an unbroken history/m);
  assert.match(r.stdout, new RegExp(`^INCOMPLETE journal: ${run.stop.journalLost} engine call\\(s\\) lost in ${run.stop.journal?.gaps} gap\\(s\\)`, 'm'));
  assert.match(r.stderr, /incomplete journal/);
});

test('when decisions differ only after a gap then they are listed as uncheckable and the exit code is 3; before a gap it is 1', () => {
  const write = (name: string, wrongFirst: boolean): string => {
    const path = join(tmp, name);
    const w = JournalWriter.create(path, { configJson: JSON.stringify({ instruments: [{ symbol: 'X', maxLong: 2, maxShort: 2 }] }) });
    w.append(0, { kind: 'event', event: { type: 'snapshot', symbol: 'X', position: 0 } });
    const a = w.append(1, { kind: 'request', request: { type: 'order', orderId: 'a', symbol: 'X', side: 'buy', qty: wrongFirst ? 5 : 1, price: 1, tif: 'GTC' } });
    w.append(1, { kind: 'decision', requestSeq: a, orderId: 'a', decision: 'approve', reasonCode: 0 });
    w.append(1, { kind: 'gap', lost: 1, lostTotal: 1, fromAt: 1, toAt: 3 });
    const c = w.append(3, { kind: 'request', request: { type: 'order', orderId: 'c', symbol: 'X', side: 'buy', qty: 1, price: 1, tif: 'GTC' } });
    w.append(3, { kind: 'decision', requestSeq: c, orderId: 'c', decision: 'deny', reasonCode: 15, reason: 'POSITION_LIMIT' });
    w.close();
    return path;
  };
  const after = cli('replay', write('after-gap.rgj', false), '--explain', 'c');
  assert.equal(after.status, 3, after.stderr);
  assert.match(after.stdout, /^GAP record 4: 1 engine call\(s\) lost \(journal ring full\) between record 3 and record 5 \(engine time 1 to 3 ms\); decisions after it cannot be checked against an unbroken history$/m);
  assert.match(after.stdout, /^replay: 1\/1 decisions before the first gap reproduced; 1 after it cannot be checked against an unbroken history \(0 agree, 1 differ\); cancel-alls 0 replayed, 0 recorded; 0 difference\(s\) before the first gap, 1 after it$/m);
  assert.match(after.stdout, /^ {2}AFTER GAP record 6 at 3 ms: order c: recorded POSITION_LIMIT, replayed approve \(uncheckable: after a gap\)$/m);
  assert.match(after.stdout, /^ {2}journal: {3}1 engine call\(s\) lost before this decision/m);
  assert.match(after.stdout, /^INCOMPLETE journal: 1 engine call\(s\) lost in 1 gap\(s\); nothing differs before the first gap; 1 decision\(s\) after it cannot be checked$/m);
  const before = cli('replay', write('before-gap.rgj', true));
  assert.equal(before.status, 1, before.stderr);
  assert.match(before.stdout, /^ {2}DIFF record 3 at 1 ms: order a: recorded approve, replayed POSITION_LIMIT$/m);
});
