/**
 * The decisions a threaded engine's control server serves (`GET /decisions`, the stream, the
 * dashboard's table) name the strategy an order came from: the ORDER slot carries the strategy's
 * index, the journal thread decodes it to the name the config declares, and the decision feed
 * passes it on. An order of an undeclared channel names none.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RiskGate } from '../../src/gate/index.js';
import { SCENARIO_FEED_SOURCE } from '../../src/engine/index.js';
import { DenyReason } from '../../src/risk/deny-reason.js';
import { snapshotSlots } from '../engine/support/slots.js';
import { http, TOKEN, waitFor } from './support/control-fixture.js';
import { testServerKind } from '../server/support/test-server.js';

interface Served { decisions: { orderId: string; reason: string; strategy?: string }[] }

test('when two channels, one of a declared strategy, send orders then /decisions names the strategy of its orders and none for the other', { timeout: 60_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'riskgate-decision-strategy-'));
  const gate = new RiskGate({
    instruments: [{ symbol: 'BTC', maxLong: 10, maxShort: 10 }],
    strategies: [{ name: 'alpha', maxLong: 2 }],
  }, {
    control: { port: 0, token: TOKEN, streamIntervalMs: 10, server: testServerKind() },
    journal: { path: join(dir, 'j.rgj') },
  });
  await gate.start();
  try {
    const port = gate.controlServer!.port;
    gate.attachFeed({ name: 'positions', source: { module: SCENARIO_FEED_SOURCE, options: { slots: snapshotSlots(0), stayOpen: true } } });
    await waitFor(() => gate.state()?.instruments[0]?.health === 0, 'the snapshot applied', 10_000);
    const alpha = gate.client(gate.createStrategy('alpha'));
    const other = gate.client(gate.createStrategy('other'));
    assert.equal(alpha.decideOrder(1, 0, 1, 2, 100), DenyReason.APPROVED);
    assert.equal(alpha.decideOrder(2, 0, 1, 1, 100), DenyReason.STRATEGY_POSITION_LIMIT);
    assert.equal(other.decideOrder(3, 0, 1, 1, 100), DenyReason.APPROVED);
    const served = async (): Promise<Served> => JSON.parse((await http(port, 'GET', '/decisions?limit=10')).body) as Served;
    await waitFor(async () => (await served()).decisions.length === 3, 'the three decisions served', 10_000);
    const d = (await served()).decisions.map((x) => [x.reason, x.strategy ?? null]);
    assert.deepEqual(d, [['APPROVED', 'alpha'], ['STRATEGY_POSITION_LIMIT', 'alpha'], ['APPROVED', null]]);
  } finally {
    await gate.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});
