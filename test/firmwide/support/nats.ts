import { hasNatsServer, NatsCluster } from '../../../src/firmwide/nats-cluster.js';
import { LeaseStore } from '../../../src/firmwide/lease-store.js';

/** The firm-wide tests need a real nats-server; CI (`.ci/run`) installs it and sets RISKGATE_REQUIRE_NATS=1. */
export const natsRequired = process.env['RISKGATE_REQUIRE_NATS'] === '1';
export const natsAbsent = !hasNatsServer();
export const natsSkip: string | false = natsAbsent && !natsRequired
  ? 'nats-server is absent (apt-get install -y nats-server); set RISKGATE_REQUIRE_NATS=1 to make this a failure'
  : false;

/** Opens the lease bucket, retrying while a fresh cluster elects its JetStream meta leader. */
export async function openStore(cluster: NatsCluster, name: string, timeoutMs = 20_000): Promise<LeaseStore> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await LeaseStore.open(cluster.servers, { replicas: cluster.size, name });
    } catch (e) {
      if (Date.now() > deadline) throw e;
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}
