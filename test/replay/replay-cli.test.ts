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
import { takeJournalOption } from '../../src/cli/scenario-journal.js';
import { EXPLAIN_SCENARIO } from './support.js';

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
  assert.match(r.stdout, /replay: 5\/5 decisions reproduced; cancel-alls 0 replayed, 0 recorded; 0 difference\(s\)/);
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
  assert.match(r.stdout, /torn tail: offset \d+, \d+ bytes \(truncated\)/);
  assert.match(r.stderr, /torn tail at offset/);
  assert.match(r.stdout, /1 request\(s\) have no recorded decision/);
});

test('when the file is not a journal or an option is unknown then the exit code is 2', () => {
  const path = join(tmp, 'x.json');
  writeFileSync(path, '{}');
  assert.equal(cli('replay', path).status, 2);
  assert.equal(cli('replay', JOURNAL, '--frobnicate').status, 2);
  assert.equal(cli('replay').status, 2);
});

test('when scenario arguments carry --journal then the option is taken out with its value', () => {
  assert.deepEqual(takeJournalOption(['f.json', '--journal', 'out.rgj', '--naive']), { args: ['f.json', '--naive'], journal: 'out.rgj' });
  assert.deepEqual(takeJournalOption(['--journal=o.rgj', 'f.json']), { args: ['f.json'], journal: 'o.rgj' });
  assert.deepEqual(takeJournalOption(['f.json']), { args: ['f.json'] });
  assert.throws(() => takeJournalOption(['f.json', '--journal']), { code: 'ERR_RISKGATE_CLI' });
  assert.throws(() => takeJournalOption(['--journal=a', '--journal=b']), { code: 'ERR_RISKGATE_CLI' });
});
