import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseDemoArgs } from '../../src/cli/demo-command.js';
import { dumpJournalPath, writeBreachDump } from '../../src/demo/breach-dump.js';
import type { AccountTruth } from '../../src/sim/index.js';

const truth: AccountTruth = {
  account: 'riskgate', now: 500, symbols: [],
  history: [{ at: 0, symbol: 'BTC', position: 0 }, { at: 100, symbol: 'BTC', position: 12 }, { at: 100, symbol: 'ETH', position: 1 }],
  liveOrders: [], executions: [], faults: [{ at: 90, kind: 'restStale', detail: '', until: 95 }], orders: { accepted: 1, rejected: {} },
};
const breach = { worstAbs: 12, count: 1, msBeyond: 400, maxExcess: 2, reversals: 0 };

test('when --dump-breach is given then the demo option carries its path', () => {
  assert.equal(parseDemoArgs(['--dump-breach', 'b.json']).options.dumpBreach, 'b.json');
  assert.equal(parseDemoArgs(['--dump-breach=b.json']).options.dumpBreach, 'b.json');
});

test('when the account did not breach then the journal is removed and no dump is written', () => {
  const dir = mkdtempSync(join(tmpdir(), 'riskgate-dump-'));
  try {
    const file = join(dir, 'b.json');
    writeFileSync(dumpJournalPath(file), 'x');
    assert.equal(writeBreachDump({ file, options: {}, breach: { ...breach, count: 0 }, startedAtSim: 0, startedAtWall: 0, truth, symbol: 'BTC', decisions: [] }), false);
    assert.equal(existsSync(`${file}.journal`), false);
    assert.equal(existsSync(file), false);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('when the account breached then the dump holds the symbol\'s truth, the faults and the decisions', () => {
  const dir = mkdtempSync(join(tmpdir(), 'riskgate-dump-'));
  try {
    const file = join(dir, 'b.json');
    const decisions = [{ at: 99, oracle: 'APPROVED', gate: 'APPROVED', order: 'c1 buy 3' }];
    assert.equal(writeBreachDump({ file, options: { seed: 1 }, breach, startedAtSim: 10, startedAtWall: 1000, truth, symbol: 'BTC', decisions }), true);
    const d = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    assert.deepEqual(d['history'], truth.history.slice(0, 2));
    assert.deepEqual(d['decisions'], decisions);
    assert.deepEqual(d['faults'], truth.faults);
    assert.deepEqual(d['breach'], breach);
    assert.equal(d['journal'], null, 'no journal was written');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
