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
import { newRecord } from '../../src/firmwide/lease-record.js';
import { natsSkip, openStore } from './support/nats.js';

async function until(cond: () => boolean, what: string, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

test('when a host publishes its exposure and the monitor sets the firm kill switch then the monitor shows the firm exposure, the host\'s dashboard state carries it, and the host\'s engine halts', { skip: natsSkip, timeout: 60_000 }, async () => {
  const cluster = await NatsCluster.start(1);
  // Node's own server: what is tested is the firm view, not the transport.
  const gate = new RiskGate({ instruments: [{ symbol: 'BTC', maxLong: 10, maxShort: 10 }] }, { control: { port: 0, server: 'node' } });
  await gate.start();
  const store = await openStore(cluster, 'host');
  let monitor: FirmMonitor | undefined;
  let hostView: FirmMonitor | undefined;
  try {
    // The allocator's record of the instrument: where the monitor reads the firm limit.
    assert.ok(await store.cas(null, newRecord('BTC', 12, 9, 3000), 0) > 0);
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
    await until(() => monitor!.view().instruments[0]?.firmLong === 12, 'the monitor read the firm limit');
    const btc = monitor.view().instruments[0]!;
    assert.deepEqual([btc.symbol, btc.posMin, btc.posMax, btc.openBuy, btc.worstLong, btc.firmLong, btc.firmShort, btc.hosts], ['BTC', 3, 3, 2, 5, 12, 9, 1]);
    assert.match(monitor.render(monitor.view()), /BTC +firm position \[3, 3\] +open \+2\/-0 +worst long 5 short 0 of limits \+12\/-9 +\(1 hosts\)/);

    // The host's own dashboard: a monitor over the host's connection, shown through the engine.
    hostView = FirmMonitor.over(store);
    await hostView.start();
    await until(() => hostView!.exposure().instruments[0]?.firmLong === 12, 'the host\'s view read the stream and the limit');
    const base = `http://127.0.0.1:${gate.controlServer!.port}`;
    assert.equal(((await (await fetch(`${base}/state`)).json()) as { firm?: unknown }).firm, undefined, 'no firm section before the host shows one');
    gate.showFirmExposure(hostView.exposure());
    let firm: { instruments: Record<string, unknown>[]; hosts: { host: string }[] } | undefined;
    for (const deadline = Date.now() + 10_000; firm === undefined && Date.now() < deadline;) {
      firm = ((await (await fetch(`${base}/state`)).json()) as { firm?: typeof firm }).firm;
      if (firm === undefined) await new Promise((r) => setTimeout(r, 50));
    }
    assert.ok(firm !== undefined, 'the control server\'s state carries the firm exposure');
    assert.deepEqual(firm.instruments, [{ account: 'default', symbol: 'BTC', posMin: 3, posMax: 3, openBuy: 2, openSell: 0, worstLong: 5, worstShort: 0, firmLong: 12, firmShort: 9, hosts: 1 }]);
    assert.deepEqual(firm.hosts.map((h) => h.host), ['h1']);
    assert.match(await (await fetch(`${base}/`)).text(), /id="firm-instruments"/, 'the dashboard has the firm section');

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
    await hostView?.close();
    await monitor?.close();
    await store.close();
    await gate.stop();
    await cluster.stop();
  }
});
