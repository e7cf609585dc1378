/**
 * The firm monitor against a real nats-server and a real engine: a host's exposure published to
 * the JetStream stream (FlatBuffers envelope records) shows in the firm view, and the monitor's
 * kill switch reaches the host's engine through the lease bucket.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { jetstream } from '@nats-io/jetstream';
import { RiskGate } from '../../src/gate/index.js';
import { ExposurePublisher } from '../../src/firmwide/exposure-publisher.js';
import { FirmMonitor } from '../../src/firmwide/firm-monitor.js';
import { watchKill } from '../../src/firmwide/kill-watch.js';
import { NatsCluster } from '../../src/firmwide/nats-cluster.js';
import { KillMode, Side } from '../../src/risk/codes.js';
import { DenyReason } from '../../src/risk/deny-reason.js';
import { natsSkip, openStore } from './support/nats.js';

async function until(cond: () => boolean, what: string, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

test('when a host publishes its exposure and the monitor sets the firm kill switch then the monitor shows the firm exposure and the host\'s engine halts', { skip: natsSkip, timeout: 60_000 }, async () => {
  const cluster = await NatsCluster.start(1);
  const gate = new RiskGate({ instruments: [{ symbol: 'BTC', maxLong: 10, maxShort: 10 }] });
  await gate.start();
  const store = await openStore(cluster, 'host');
  let monitor: FirmMonitor | undefined;
  try {
    monitor = await FirmMonitor.open(cluster.servers);
    await monitor.start();
    const lane = gate.openEventLane('gateway');
    const client = gate.client(gate.createStrategy('taker'));
    lane.snapshot(0, 3);
    await until(() => gate.state()?.instruments[0]?.health === 0, 'snapshot applied');
    assert.equal(client.decideOrder(1, 0, Side.BUY, 2, 100), DenyReason.APPROVED);
    await until(() => gate.state()?.instruments[0]?.openBuy === 2, 'order counted');

    const pub = new ExposurePublisher(jetstream(store.nc), 'h1', ['BTC']);
    pub.state(gate.state());
    pub.decision('o1', 'APPROVED');
    await until(() => monitor!.view().instruments.length === 1 && (monitor!.view().hosts['h1']?.decisions['APPROVED'] ?? 0) === 1, 'the monitor read the stream');
    const btc = monitor.view().instruments[0]!;
    assert.deepEqual([btc.symbol, btc.posMin, btc.posMax, btc.openBuy, btc.worstLong, btc.hosts], ['BTC', 3, 3, 2, 5, 1]);

    const kill = watchKill(store, gate);
    await monitor.kill('halt');
    await until(() => gate.state()?.globalKill === KillMode.HALT, 'the host applied the firm halt');
    assert.equal(client.decideOrder(2, 0, Side.SELL, 1, 100), DenyReason.KILL_SWITCH);
    assert.equal(kill.mode, 'halt');
    await monitor.kill('resume');
    await until(() => gate.state()?.globalKill === KillMode.RESUME, 'resumed');
    assert.equal(client.decideOrder(3, 0, Side.SELL, 1, 100), DenyReason.APPROVED);
    kill.stop();
  } finally {
    await monitor?.close();
    await store.close();
    await gate.stop();
    await cluster.stop();
  }
});
