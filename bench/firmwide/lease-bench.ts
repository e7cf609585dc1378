/**
 * Firm-wide leases on a real nats-server, loopback: what a lease renewal costs (one KV read and
 * one compare-and-swap write, acknowledged by the stream: by a Raft majority on 3 nodes) and how
 * long a rebalance takes end to end (a host at its grant asks; the allocator lowers an idle
 * host's grant; that host enforces the lower lease and gives the hold back; the allocator grants
 * the freed lots; the asking host reads the raise and hands it to its risk thread).
 *
 *   node dist/bench/firmwide/lease-bench.js [--nodes 1|3] [--renewals N] [--rebalances N] [--rebalance-timeout-ms MS]
 *
 * Each figure is checked: every renewal must land (revision moves), every rebalance must raise
 * the asking host's lease and keep the holds within the firm limit. Timing only here; the tests
 * assert behaviour.
 */
import { Allocator, validateAllocatorConfig } from '../../src/firmwide/allocator.js';
import { LeaseAgent, type LeaseTarget, type SideLots } from '../../src/firmwide/lease-agent.js';
import { heldSum } from '../../src/firmwide/lease-record.js';
import { LeaseStore } from '../../src/firmwide/lease-store.js';
import { NatsCluster } from '../../src/firmwide/nats-cluster.js';
import { describeLoad, hostLoad, sampleCpu } from '../host-load.js';
import { describeMachine, machineInfo } from '../machine-info.js';

class Target implements LeaseTarget {
  enforced: SideLots = { long: 0, short: 0 };
  used: SideLots = { long: 0, short: 0 };
  onPublish: (() => void) | undefined;
  publish(_i: number, long: number, short: number): void {
    this.enforced = { long, short };
    this.onPublish?.();
  }
  applied(): boolean {
    return true;
  }
  exposure(): SideLots {
    return { ...this.used };
  }
}

function arg(name: string, def: number): number {
  const i = process.argv.indexOf(name);
  return i < 0 ? def : Number(process.argv[i + 1]);
}

function pct(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

function summary(name: string, ms: number[]): string {
  const s = [...ms].sort((a, b) => a - b);
  return `${name.padEnd(22)} n=${s.length}  p50 ${pct(s, 50).toFixed(2)} ms  p99 ${pct(s, 99).toFixed(2)} ms  max ${s.at(-1)!.toFixed(2)} ms`;
}

async function open(cluster: NatsCluster, name: string): Promise<LeaseStore> {
  for (const deadline = Date.now() + 30_000; ;) {
    try {
      return await LeaseStore.open(cluster.servers, { replicas: cluster.size, name });
    } catch (e) {
      if (Date.now() > deadline) throw e;
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}

async function main(): Promise<void> {
  const nodes = arg('--nodes', 3) as 1 | 3;
  const renewals = arg('--renewals', 500);
  const rebalances = arg('--rebalances', 100);
  const rebalanceTimeoutMs = arg('--rebalance-timeout-ms', 10_000);
  console.log(describeMachine(machineInfo()));
  const cluster = await NatsCluster.start(nodes);
  const stores: LeaseStore[] = [];
  const cpu0 = sampleCpu();
  try {
    const SYMBOL = 'BENCHUSDT';
    const config = validateAllocatorConfig({ servers: cluster.servers, replicas: nodes, ttlMs: 3000, rebalanceMs: 1000, hosts: ['a', 'b'], instruments: [{ symbol: SYMBOL, firmLong: 1000, firmShort: 1000 }] });
    const sa = await open(cluster, 'a');
    const sb = await open(cluster, 'b');
    const sal = await open(cluster, 'allocator');
    stores.push(sa, sb, sal);
    const allocator = new Allocator(sal, config);
    await allocator.start();
    const ta = new Target();
    const tb = new Target();
    // Timers far apart: renewals here happen only when asked (and on record changes, by the watch).
    const a = new LeaseAgent(sa, ta, { host: 'a', symbols: [SYMBOL], renewMs: 60_000, askLots: 50 });
    const b = new LeaseAgent(sb, tb, { host: 'b', symbols: [SYMBOL], renewMs: 60_000, askLots: 50 });
    await a.start();
    await b.start();

    // Renewal cost: read + CAS, one host, nothing else writing.
    const ren: number[] = [];
    for (let i = 0; i < renewals + 20; i++) {
      const before = a.stats.renewals;
      const t0 = performance.now();
      await a.renew(0);
      const dt = performance.now() - t0;
      if (a.stats.renewals !== before + 1) throw new Error(`renewal ${i} did not land (${a.stats.lastError})`);
      if (i >= 20) ren.push(dt);
    }
    console.log(summary(`renewal (${nodes} node${nodes > 1 ? 's' : ''})`, ren));

    // Rebalance latency: alternate which host asks; the other is idle.
    const reb: number[] = [];
    for (let i = 0; i < rebalances; i++) {
      const [asker, ta2, idle, tidle] = i % 2 === 0 ? [a, ta, b, tb] : [b, tb, a, ta];
      tidle.used = { long: 0, short: 0 };
      await idle.renew(0); // the idle host reports it uses nothing: a donor
      ta2.used = { ...ta2.enforced };
      const from = ta2.enforced.long;
      const raised = new Promise<void>((resolve) => {
        ta2.onPublish = () => {
          if (ta2.enforced.long > from) resolve();
        };
      });
      const t0 = performance.now();
      await asker.renew(0); // writes the request
      let bound: NodeJS.Timeout | undefined;
      await Promise.race([raised, new Promise((_, rej) => {
        bound = setTimeout(() => rej(new Error(`rebalance ${i} not done in ${rebalanceTimeoutMs} ms`)), rebalanceTimeoutMs);
      })]).finally(() => clearTimeout(bound)); // a pending bound would hold the process open
      reb.push(performance.now() - t0);
      ta2.onPublish = undefined;
      const rec = (await sal.read(SYMBOL)).record!;
      if (heldSum(rec, 'long') > rec.firmLong) throw new Error('holds over the firm limit');
    }
    console.log(summary('rebalance (ask→raise)', reb));
    console.log(`lost swaps retried: host a ${a.stats.conflicts}, host b ${b.stats.conflicts}, allocator ${allocator.stats.conflicts}`);
    console.log(`host load during the run: ${describeLoad(hostLoad(cpu0, sampleCpu()))}`);
    a.stop();
    b.stop();
    await allocator.stop();
  } finally {
    for (const s of stores) await s.close().catch(() => undefined);
    await cluster.stop();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
