import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadScenario } from '../../src/cli/load-scenario.js';
import { runScenarioWithJournal } from '../../src/journal/record-scenario.js';
import { EngineGate } from '../../src/scenario/engine-gate.js';
import { runSweep } from '../../src/replay/run-sweep.js';
import { applyAssignments, grid, parseSetting } from '../../src/replay/sweep-setting.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const MAIN = join(ROOT, 'dist/src/cli/main.js');
const tmp = mkdtempSync(join(tmpdir(), 'riskgate-sweep-'));
process.on('exit', () => rmSync(tmp, { recursive: true, force: true }));

const SCENARIOS = ['01-order-update-before-position', '03-position-feed-dead'];
const JOURNALS = SCENARIOS.map((name) => {
  const sc = loadScenario(join(ROOT, 'scenarios', `${name}.json`));
  const path = join(tmp, `${name}.rgj`);
  runScenarioWithJournal(sc, new EngineGate(sc.config), path);
  return path;
});
const SETTINGS = ['instruments[0].unconfirmed.maxFills=4', 'instruments[0].unconfirmed.maxQty=0,1,5'];

test('when 2 journals are swept over 3 settings then each row has the exact counts, denials by reason and worst exposure', async () => {
  const progress: string[] = [];
  const rows = await runSweep(JOURNALS, SETTINGS.map(parseSetting), { threads: 2, onProgress: (d, t) => progress.push(`${d}/${t}`) });
  assert.equal(progress.length, 6);
  assert.equal(progress.at(-1), '6/6');
  const pick = (r: (typeof rows)[number]) => ({ label: r.label, orders: r.orders, approved: r.approved, denied: r.denied, deniedByReason: r.deniedByReason, worstExposure: r.worstExposure, breaches: r.exposureBreaches + r.positionBreaches });
  const M = 'instruments[0].unconfirmed.maxFills=4 instruments[0].unconfirmed.maxQty=';
  assert.deepEqual(rows.map(pick), [
    // 01: o1 ok, o2 (1 inferred lot > maxQty 0) UNCONFIRMED, o3 POSITION_LIMIT, o4 ok. 03: o1, o2, o4, o6 ok; o3 UNCONFIRMED (2 lots), o5 FEED_STALE.
    { label: `${M}0`, orders: 10, approved: 5, denied: 5, deniedByReason: { FEED_STALE: 1, POSITION_LIMIT: 1, UNCONFIRMED_FILLS: 3 }, worstExposure: 2, breaches: 0 },
    // maxQty 1: 01's o2 passes the health gate and meets the limit (1 + 0 + 1 = 2 > 1); 03's o2 still passes.
    { label: `${M}1`, orders: 10, approved: 6, denied: 4, deniedByReason: { FEED_STALE: 1, POSITION_LIMIT: 2, UNCONFIRMED_FILLS: 1 }, worstExposure: 2, breaches: 0 },
    // maxQty 5: nothing is unconfirmed-blocked; 03's o3 meets the limit (2 + 0 + 1 > 2).
    { label: `${M}5`, orders: 10, approved: 6, denied: 4, deniedByReason: { FEED_STALE: 1, POSITION_LIMIT: 3 }, worstExposure: 2, breaches: 0 },
  ]);
});

test('when maxLong is swept over 1, 2, 3 then each row has the decisions worked out by hand from the two scenarios', async () => {
  // Expectations written out from the scenarios' steps, not from running the engine again:
  // 01 (maxShort 1, strict budget): o1 buy at 0 → 1 <= L; o2 behind an inferred fill (budget 0) →
  //   UNCONFIRMED_FILLS; snapshot 1; o3 buy → 1 + 1 = 2 > L only for L = 1 → POSITION_LIMIT;
  //   o4 sell → 1 - 1 = 0 >= -1 approve.
  // 03 (maxShort 2, budget 1 fill / 1 lot, stale after 5 s): o1 buy → 1 <= L; o2 buy at 1 →
  //   2 > L only for L = 1; the recorded fills of o1 and o2 put 2 fills unconfirmed → o3
  //   UNCONFIRMED_FILLS; o4 sell reduces → approve; o5 buy on the stale feed → FEED_STALE;
  //   snapshot 1; o6 buy → 2 > L only for L = 1.
  const rows = await runSweep(JOURNALS, ['instruments[0].maxLong=1,2,3'].map(parseSetting), { threads: 2 });
  const pick = (r: (typeof rows)[number]) => ({ label: r.label, orders: r.orders, approved: r.approved, denied: r.denied, deniedByReason: r.deniedByReason });
  assert.deepEqual(rows.map(pick), [
    { label: 'instruments[0].maxLong=1', orders: 10, approved: 4, denied: 6, deniedByReason: { FEED_STALE: 1, POSITION_LIMIT: 3, UNCONFIRMED_FILLS: 2 } },
    { label: 'instruments[0].maxLong=2', orders: 10, approved: 7, denied: 3, deniedByReason: { FEED_STALE: 1, UNCONFIRMED_FILLS: 2 } },
    { label: 'instruments[0].maxLong=3', orders: 10, approved: 7, denied: 3, deniedByReason: { FEED_STALE: 1, UNCONFIRMED_FILLS: 2 } },
  ]);
  assert.equal(rows[0]!.positionBreaches + rows[0]!.exposureBreaches > 0, true, 'maxLong 1 is beaten by the recorded fills (03 reaches 2)');
  assert.equal(rows[1]!.positionBreaches + rows[1]!.exposureBreaches, 0, 'maxLong 2 holds');
});

test('when an account\'s gross notional and loss limit are swept then each row has the account denials worked out by hand', async () => {
  // 24: o1 BTC 4 @100 and o2 ETH 10 @50 fill (gross 900); o3 ETH 3 @50 → 1050 > 1000 only with
  // the limit on (never filled); marks 80 and 45 make the account's PnL -80 - 50 = -130 →
  // o4 LOSS_LIMIT only under maxLoss 120; o5 sells BTC (reducing); a resume; o6 buys ETH 1.
  const sc = loadScenario(join(ROOT, 'scenarios', '25-loss-limit-on-mark.json'));
  const path = join(tmp, '25-loss-limit.rgj');
  runScenarioWithJournal(sc, new EngineGate(sc.config), path);
  const rows = await runSweep([path], ['accounts[0].maxGrossNotional=1000,off', 'accounts[0].lossLimit.maxLoss=120,200'].map(parseSetting), { threads: 2 });
  const pick = (r: (typeof rows)[number]) => ({ label: r.label, orders: r.orders, approved: r.approved, deniedByReason: r.deniedByReason });
  assert.deepEqual(rows.map(pick), [
    { label: 'accounts[0].maxGrossNotional=1000 accounts[0].lossLimit.maxLoss=120', orders: 6, approved: 4, deniedByReason: { ACCOUNT_GROSS_NOTIONAL: 1, LOSS_LIMIT: 1 } },
    { label: 'accounts[0].maxGrossNotional=1000 accounts[0].lossLimit.maxLoss=200', orders: 6, approved: 5, deniedByReason: { ACCOUNT_GROSS_NOTIONAL: 1 } },
    { label: 'accounts[0].maxGrossNotional=off accounts[0].lossLimit.maxLoss=120', orders: 6, approved: 5, deniedByReason: { LOSS_LIMIT: 1 } },
    { label: 'accounts[0].maxGrossNotional=off accounts[0].lossLimit.maxLoss=200', orders: 6, approved: 6, deniedByReason: {} },
  ]);
});

test('when --set values are parsed then JSON, strings and off are understood and paths are checked', () => {
  assert.deepEqual(parseSetting('instruments[0].lotSize="0.1",0.01'), { path: 'instruments[0].lotSize', values: ['0.1', 0.01] });
  assert.deepEqual(parseSetting('instruments[*].maxOrderQty=off,3').values, [undefined, 3]);
  assert.deepEqual(parseSetting('capacity.execIds=64').values, [64]);
  for (const bad of ['instruments[0].foo=1', 'instruments.maxLong=1', 'instruments[0].unconfirmed=1', 'maxLong=1', 'instruments[0].maxLong', 'instruments[0].maxLong=1,,2']) {
    assert.throws(() => parseSetting(bad), { code: 'ERR_RISKGATE_SWEEP_SETTING' }, bad);
  }
  assert.throws(() => parseSetting('cpuMap.risk=0,1'), { code: 'ERR_RISKGATE_SWEEP_SETTING', message: '--set cpuMap.risk: cpuMap places threads on CPUs; it changes no decision in a replay' });
  assert.throws(() => parseSetting('instruments[0].foo=1'), (e: Error) => !e.message.includes('cpuMap'), 'the settable list names only keys that decide orders');
  const cfg = { instruments: [{ symbol: 'A', maxLong: 1 }, { symbol: 'B', maxLong: 2, maxOrderQty: 9 }] };
  assert.deepEqual(applyAssignments(cfg, [{ path: 'instruments[*].maxOrderQty', value: undefined }, { path: 'instruments[1].unconfirmed.maxFills', value: 3 }]), {
    instruments: [{ symbol: 'A', maxLong: 1 }, { symbol: 'B', maxLong: 2, unconfirmed: { maxFills: 3 } }],
  });
  assert.equal(cfg.instruments[1]!.maxOrderQty, 9, 'the input is not modified');
  assert.equal(grid([parseSetting('capacity.execIds=16,32'), parseSetting('instruments[0].maxLong=1,2,3')]).length, 6);
});

test('when sweep is run from the CLI then progress goes to stderr, the table to stdout, and an unknown path exits 2', () => {
  const ok = spawnSync(process.execPath, [MAIN, 'sweep', ...JOURNALS, '--set', SETTINGS[1]!, '--threads', '2'], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
  assert.equal(ok.status, 0, ok.stderr);
  assert.match(ok.stderr, /\[6\/6\] /);
  assert.match(ok.stdout, /instruments\[0\]\.unconfirmed\.maxQty=5 +10 +\d+ +\d+ +2 +none/);
  const bad = spawnSync(process.execPath, [MAIN, 'sweep', ...JOURNALS, '--set', 'instruments[0].maxLongg=1'], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /--set instruments\[0\]\.maxLongg: unknown config path/);
  const idx = spawnSync(process.execPath, [MAIN, 'sweep', ...JOURNALS, '--set', 'instruments[1].maxLong=1'], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
  assert.equal(idx.status, 2);
  assert.match(idx.stderr, /has 1 instrument\(s\)/);
});

test('when a swept journal is damaged mid-file then sweep lists the range with its byte offsets and exits 4, as replay does', () => {
  const path = join(tmp, 'damaged.rgj');
  const bytes = Buffer.from(readFileSync(JOURNALS[1]!));
  bytes[Math.floor(bytes.length * 0.7)]! ^= 0x10; // past the header record, before the last
  writeFileSync(path, bytes);
  const r = spawnSync(process.execPath, [MAIN, 'sweep', JOURNALS[0]!, path, '--set', SETTINGS[1]!, '--threads', '2'], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
  assert.equal(r.status, 4, r.stderr);
  const ranges = r.stderr.split('\n').filter((l) => l.startsWith('riskgate: DAMAGED '));
  assert.equal(ranges.length, 1, r.stderr);
  assert.match(ranges[0]!, new RegExp(`^riskgate: DAMAGED ${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} bytes (\\d+)\\.\\.(\\d+) \\(\\d+ bytes\\): .* resumed at record \\d+ \\(1 record\\(s\\) lost\\)$`));
  const [, from, to] = /bytes (\d+)\.\.(\d+)/.exec(ranges[0]!)!;
  const flipped = Math.floor(bytes.length * 0.7);
  assert.ok(Number(from) <= flipped && flipped <= Number(to), `the range ${from}..${to} holds the flipped byte ${flipped}`);
  assert.match(r.stdout, /instruments\[0\]\.unconfirmed\.maxQty=5 /, 'the table is still printed');
  const replay = spawnSync(process.execPath, [MAIN, 'replay', path], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
  assert.equal(replay.status, r.status, 'the same exit code as replay');
});

test('when a strategy\'s own maxLong is swept then each row has the decisions worked out by hand from the strategy scenario', async () => {
  // 24 (instrument maxLong 10; mm maxShort 3 and maxLong L on BTCUSDT): m1 buy 2 approve, filled
  // (mm +2); m2 buy 2 → 2 + 2 > L for L = 3; h1 (hedger) buy 5 approve; m3 buy 1 → mm 2 + open
  // + 1 > L only for L = 4 (m2 open); h2 buy 3 → the instrument's 10 passed (POSITION_LIMIT);
  // m4 sell 5 → mm 2 - 5 = -3 approve; m5 sell 1 → -4 < -3 (STRATEGY_POSITION_LIMIT); x1 (no
  // strategy) approve. Off: no strategy maxLong, the instrument alone.
  const sc = loadScenario(join(ROOT, 'scenarios', '24-strategy-own-limit.json'));
  const path = join(tmp, '24-strategy.rgj');
  runScenarioWithJournal(sc, new EngineGate(sc.config), path);
  const rows = await runSweep([path], ['strategies[0].instruments[0].maxLong=3,4,off'].map(parseSetting), { threads: 2 });
  const pick = (r: (typeof rows)[number]) => ({ label: r.label, orders: r.orders, approved: r.approved, deniedByReason: r.deniedByReason });
  assert.deepEqual(rows.map(pick), [
    { label: 'strategies[0].instruments[0].maxLong=3', orders: 8, approved: 5, deniedByReason: { POSITION_LIMIT: 1, STRATEGY_POSITION_LIMIT: 2 } },
    { label: 'strategies[0].instruments[0].maxLong=4', orders: 8, approved: 5, deniedByReason: { POSITION_LIMIT: 1, STRATEGY_POSITION_LIMIT: 2 } },
    { label: 'strategies[0].instruments[0].maxLong=off', orders: 8, approved: 6, deniedByReason: { POSITION_LIMIT: 1, STRATEGY_POSITION_LIMIT: 1 } },
  ]);
});
