/**
 * `riskgate decode` as a user runs it (spawned): captured frames → scenario steps on stdout (byte
 * decoders by default, the reference decoders with --reference),
 * malformed frames named by line on stderr with a closing summary, exit codes 0/1/2.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseScenario } from '../../src/scenario/parse-scenario.js';
import { stringKey } from '../../src/units/string-keys.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const MAIN = join(ROOT, 'dist/src/cli/main.js');
const tmp = mkdtempSync(join(tmpdir(), 'riskgate-decode-'));
process.on('exit', () => rmSync(tmp, { recursive: true, force: true }));

function cli(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [MAIN, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 30_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function file(name: string, content: string): string {
  const p = join(tmp, name);
  writeFileSync(p, content);
  return p;
}

function fx(name: string): string {
  return JSON.stringify(JSON.parse(readFileSync(join(ROOT, 'test/venues/fixtures/bybit', name), 'utf8')));
}

const CONFIG = {
  instruments: [{ symbol: 'BTC', maxLong: 1000, maxShort: 1000, lotSize: '0.001', sequence: 'monotonic' }],
  venues: { bybit: { instruments: [{ symbol: 'BTC', venueSymbol: 'BTCUSDT' }] } },
};
const CFG = file('cfg.json', JSON.stringify(CONFIG));
const SESSION = [
  fx('subscribe-ack-doc.json'),
  fx('execution-doc.json'),
  '{"topic":"execution","data":[{"symbol":"BTCUSDT"}]}',
  fx('position-oneway-long.json'),
  'this is not json',
  '',
].join('\n');

test('when a captured Bybit session is decoded then each event prints as a scenario step with at = frame index, and malformed lines are named', () => {
  const r = cli('decode', '--venue', 'bybit', '--config', CFG, file('session.jsonl', SESSION));
  assert.equal(r.status, 1, r.stderr);
  const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
  assert.deepEqual(lines, [
    { at: 1, type: 'fill', symbol: 'BTC', orderId: '9aac161b-8ed6-450d-9cab-c5cc67c21784', execId: '0ab1bdf7-4219-438b-b30a-32ec863018f7', side: 'sell', qty: 500, price: 95900.1, seq: 140612148849382 },
    { at: 3, type: 'snapshot', symbol: 'BTC', position: 3, seq: 140612148849391 },
  ]);
  assert.match(r.stderr, /^line 3: malformed row \(the others decoded\): execution: /m);
  assert.match(r.stderr, /^line 5: malformed frame: json: /m);
  assert.match(r.stderr, /bybit: 5 frames: 3 decoded into 2 events; 1 ignored \(op:subscribe: 1\); 1 malformed frames and 1 malformed rows \(execution: 1, json: 1\)/);
});

test('when the frames come as a JSON array with --at-field then at is the frame field, kept non-decreasing, and the exit code is 0', () => {
  const arr = `[${[fx('execution-doc.json'), fx('position-oneway-long.json'), fx('pong-private-doc.json')].join(',')}]`;
  const r = cli('decode', '--venue', 'bybit', '--config', CFG, '--at-field', 'creationTime', file('session.json', arr));
  assert.equal(r.status, 0, r.stderr);
  const ats = r.stdout.trim().split('\n').map((l) => (JSON.parse(l) as { at: number }).at);
  // position-oneway-long's creationTime is older than execution-doc's: at stays put; the pong has none.
  assert.deepEqual(ats, [1746270400355, 1746270400355, 1746270400355]);
});

test('when the decoded steps are put in a scenario then the scenario parses', () => {
  const r = cli('decode', '--venue', 'bybit', '--config', CFG, file('s2.jsonl', SESSION));
  const steps = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as unknown);
  const sc = parseScenario({ config: { instruments: CONFIG.instruments }, steps });
  assert.equal(sc.steps.length, 2);
});

test('when the input is bad then the exit code is 2 and the message names the problem', () => {
  const session = file('ok.jsonl', SESSION);
  const unknownVenue = cli('decode', '--venue', 'kraken', '--config', CFG, session);
  assert.equal(unknownVenue.status, 2);
  assert.match(unknownVenue.stderr, /unknown venue "kraken" \(known: bybit, okx, deribit, binance-usdm, bitmex\)/);
  const badCfg = file('bad.json', JSON.stringify({ ...CONFIG, venues: { bybit: { instruments: [{ symbol: 'ETH', extra: 1 }] } } }));
  const bad = cli('decode', '--venue', 'bybit', '--config', badCfg, session);
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /venues\.bybit\.instruments\[0\]\.extra is not a known key/);
  assert.match(bad.stderr, /venues\.bybit\.instruments\[0\]\.symbol "ETH" is not in config\.instruments/);
  const missing = cli('decode', '--venue', 'bybit', '--config', CFG, join(tmp, 'nope.jsonl'));
  assert.equal(missing.status, 2);
  assert.match(missing.stderr, /cannot read .*nope\.jsonl/);
  assert.equal(cli('decode', '--venue', 'bybit', session).status, 2);
});

test('when help names decode then its usage is printed', () => {
  const r = cli('help', 'decode');
  assert.equal(r.status, 0);
  assert.match(r.stdout, /^riskgate decode --venue VENUE --config CONFIG\.json/);
});

test('when a Bybit session is decoded by default (byte decoder) and with --reference then both print the same steps and summary, and the same reasons (the reference adds the value it saw)', () => {
  const session = file('both.jsonl', SESSION);
  const bytes = cli('decode', '--venue', 'bybit', '--config', CFG, session);
  const reference = cli('decode', '--venue', 'bybit', '--config', CFG, '--reference', session);
  assert.equal(bytes.status, 1, bytes.stderr);
  assert.equal(reference.status, 1, reference.stderr);
  assert.ok(bytes.stdout.trim().split('\n').length === 2, bytes.stdout);
  assert.equal(bytes.stdout, reference.stdout);
  const [be, re] = [bytes.stderr.trim().split('\n'), reference.stderr.trim().split('\n')];
  assert.equal(be.length, re.length);
  be.forEach((line, i) => assert.ok(re[i]!.startsWith(line), `${line} / ${re[i]}`));
  assert.equal(be.at(-1), re.at(-1));
});

test('when an OKX fill is decoded then the byte decoder prints the composed execution id as its key and --reference as its text', () => {
  const okxConfig = file('okx.json', JSON.stringify({
    instruments: [{ symbol: 'BTC-USDT', maxLong: 1000, maxShort: 1000, lotSize: '0.0001', sequence: 'monotonic' }],
    venues: { okx: { instruments: [{ symbol: 'BTC-USDT' }] } },
  }));
  const frame = JSON.stringify(JSON.parse(readFileSync(join(ROOT, 'test/venues/fixtures/okx/orders-doc.json'), 'utf8')));
  const session = file('okx.jsonl', `${frame}\n`);
  const parse = (out: string): Record<string, unknown>[] => out.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
  const bytes = cli('decode', '--venue', 'okx', '--config', okxConfig, session);
  const reference = cli('decode', '--venue', 'okx', '--config', okxConfig, '--reference', session);
  assert.equal(bytes.status, 0, bytes.stderr);
  assert.equal(reference.status, 0, reference.stderr);
  const [b, r] = [parse(bytes.stdout), parse(reference.stdout)];
  assert.equal(r[0]!['execId'], 'BTC-USDT:242589207');
  // the order id is one value of the frame: printed as its text; the execution id is composed: its key
  assert.deepEqual(b, r.map((e) => (e['type'] === 'fill' ? { ...e, execId: `key:${stringKey('BTC-USDT:242589207')}` } : e)));
  assert.equal(b[0]!['orderId'], '452197707845865472');
});
