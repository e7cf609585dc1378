/**
 * The firm-wide commands: `allocator`, `monitor`, `firmwide`. Each loads src/firmwide/ (and the
 * NATS client) only when run (dynamic import): the single-host commands and the library never
 * load them.
 */
import type { CliCommand } from './cli-command.js';
import { CliError } from './cli-error.js';
import { commonUsage, intFlag, parseCommandArgs } from './command-args.js';
import { isServerKind, loadUws, uwsUnavailableMessage, type ServerKind } from '../server/index.js';

export const ALLOCATOR_USAGE = `riskgate allocator --config FILE

The firm-wide lease allocator: one firm limit (one lease) per account and symbol; grants each
configured host (or each host an instrument lists) an equal slice of every firm limit,
answers hosts' requests for more from the lots nobody holds, reclaims idle slices (lowers a
grant; the lots come free when the host confirms it enforces the lower one), and grants a host
that stopped renewing nothing more. Its state is the NATS JetStream key-value bucket
"riskgate_leases": it can be killed and restarted, or run twice.

FILE: {"servers": ["nats://127.0.0.1:4222"], "replicas": 1, "ttlMs": 3000, "rebalanceMs": 250,
       "hosts": ["h1", "h2"], "instruments": [{"symbol": "BTCUSDT", "firmLong": 20, "firmShort": 20},
       {"account": "desk2", "symbol": "BTCUSDT", "firmLong": 8, "firmShort": 8, "hosts": ["h2"]}]}
"account" (default "default", the engine's implicit account) and "symbol" are NATS KV key tokens:
[A-Za-z0-9_-], no '.'. Keys: lease.<ACCOUNT>.<SYMBOL>, host.<ACCOUNT>.<SYMBOL>.<host>.

Runs until SIGINT/SIGTERM. Exit codes: 0 stopped, 2 bad config or NATS unreachable for 30 s.
${commonUsage('{"stopped", "stats"} when it stops')}`;

export const FIRMWIDE_USAGE = `riskgate firmwide [--hosts N] [--seconds S] [--seed S] [--nodes 1|3] [--faults calm|hostile] [--firm-limit L] [--ttl-ms MS] [--server uws|node] [--json]

One firm, N engine hosts (processes), one firm-wide limit, on this machine: starts a real NATS
JetStream cluster on loopback (nats-server; 3 nodes, or 1 with --nodes 1), the allocator
(a process), N hosts each trading its own sub-account of the firm on the exchange simulator
under a leased slice of the firm limit, and injects faults with --faults hostile (kill the
allocator, kill a NATS node, cut a host off from NATS, pause a host). Prints the firm's worst
true exposure (from the simulator), breaches, faults, availability and per-host figures; with
--json, one JSON object as the last line.

Defaults: --hosts 3 --seconds 20 --seed 7 --nodes 3 --faults calm --firm-limit 12 --ttl-ms 1500.
Requires nats-server (Debian: apt-get install -y nats-server). Exit codes: 0 no breach, 1 the firm
limit was breached on the simulator's truth, 2 bad input or the run could not start (no
nats-server, a host that failed to start).
${commonUsage('the whole run')}`;

export const MONITOR_USAGE = `riskgate monitor --servers URL[,URL...] [--seconds S] [--kill halt|reduce|resume] [--json]

Reads the JetStream stream RISKGATE_EXPOSURE (every host's engine state and decisions, as the
FlatBuffers envelope records) and prints the firm's exposure per instrument (sum over hosts of
the position interval and open orders) and each host's last report, every second. --kill sets
the firm-wide kill switch (the key firm.kill of the lease bucket, which every host watches and
applies to its engine) and exits. --seconds bounds the run (default: until SIGINT).
Exit codes: 0 done, 2 bad flags or NATS unreachable at --servers.
${commonUsage('each second\'s view, one JSON line each ({"kill"} with --kill)')}`;

/** The flags of one of these commands, by name, parsed strictly (see `parseCommandArgs`). */
function parse(args: readonly string[], usage: string, flags: Record<string, 'value' | 'bool'>): Map<string, string> {
  const spec = Object.fromEntries(Object.keys(flags).map((f) => [f, { type: flags[f] === 'bool' ? 'boolean' : 'string' } as const]));
  const { values, positionals } = parseCommandArgs(args, spec, usage);
  if (positionals.length > 0) throw new CliError(`unexpected argument ${JSON.stringify(positionals[0])}\n\n${usage}`, 2);
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(values)) if (v !== undefined && v !== false) out.set(`--${k}`, String(v));
  return out;
}

function int(v: string | undefined, name: string, def: number, min: number, max: number): number {
  return intFlag(v, name, min, max) ?? def;
}

/**
 * A firm-wide error (`ERR_RISKGATE_FIRMWIDE_*`: bad config, NATS unreachable, nats-server missing,
 * a host that failed to start) as one line naming the command, exit 2; anything else unchanged.
 */
function cliErrorOf(command: string, e: unknown): unknown {
  const code = (e as { code?: unknown })?.code;
  if (typeof code === 'string' && code.startsWith('ERR_RISKGATE_FIRMWIDE_')) return new CliError(`${command}: ${(e as Error).message}`, 2);
  return e;
}

/** The NATS client packages: only the firm-wide commands load them. */
export const NATS_CLIENT_PACKAGES = ['@nats-io/transport-node@3.4.0', '@nats-io/jetstream@3.4.0', '@nats-io/kv@3.4.0'] as const;

/**
 * Loads a firm-wide module. When a NATS client it imports is missing from the install (pruned, or
 * a bundle that left it out), the command says which and what to install, in one line, exit 2,
 * instead of a module-resolution stack. (They stay regular dependencies: as optional ones npm
 * skips them on Node 20, since `@nats-io/nuid` declares `engines: node >= 22`.)
 */
async function firmwideModule<T>(load: () => Promise<T>): Promise<T> {
  try {
    return await load();
  } catch (e) {
    const err = e as { code?: unknown; message?: unknown };
    const missing = /['"](@nats-io\/[a-z-]+)['"]/.exec(String(err?.message ?? ''))?.[1];
    if (err?.code === 'ERR_MODULE_NOT_FOUND' && missing !== undefined) {
      throw new CliError(`the firm-wide commands need the NATS client packages, missing from this install (${missing} is missing): npm install ${NATS_CLIENT_PACKAGES.join(' ')}`, 2);
    }
    throw e;
  }
}

/** Runs a command's body with its firm-wide errors reported by `cliErrorOf`. */
async function reporting(command: string, body: () => Promise<number>): Promise<number> {
  try {
    return await body();
  } catch (e) {
    throw cliErrorOf(command, e);
  }
}

function untilSignal(): Promise<void> {
  return new Promise((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
}

export const allocatorCommand: CliCommand = {
  name: 'allocator',
  summary: 'allocator --config FILE          the firm-wide lease allocator (NATS JetStream KV)',
  usage: ALLOCATOR_USAGE,
  run: (args, io) => reporting('allocator', async () => {
    const o = parse(args, ALLOCATOR_USAGE, { config: 'value' });
    const path = o.get('--config');
    if (path === undefined) throw new CliError(`--config FILE is required\n\n${ALLOCATOR_USAGE}`, 2);
    const { loadAllocatorConfig, Allocator } = await firmwideModule(() => import('../firmwide/allocator.js'));
    const config = loadAllocatorConfig(path);
    let allocator: InstanceType<typeof Allocator> | undefined;
    // NATS may come up after the allocator (a restart of both): retried for 30 s, said once.
    let said = false;
    for (const deadline = Date.now() + 30_000; allocator === undefined;) {
      try {
        allocator = await Allocator.open(config);
      } catch (e) {
        if (Date.now() > deadline) throw e;
        if (!said) io.err(`allocator: ${(e as Error).message}; retrying for 30 s`);
        said = true;
        await new Promise((r) => setTimeout(r, 250));
      }
    }
    const { ensureExposureStream } = await firmwideModule(() => import('../firmwide/exposure-publisher.js'));
    await ensureExposureStream(allocator.store.nc, config.replicas).catch((e: Error) => io.err(`allocator: exposure stream: ${e.message}`));
    await allocator.start();
    io.err(`allocator: ${config.instruments.length} instruments, hosts ${config.hosts.join(', ')}, ttl ${config.ttlMs} ms`);
    await untilSignal();
    await allocator.stop();
    io.err(`allocator: stopped ${JSON.stringify(allocator.stats)}`);
    if (o.has('--json')) io.out(JSON.stringify({ stopped: true, stats: allocator.stats }));
    return 0;
  }),
};

export const firmwideCommand: CliCommand = {
  name: 'firmwide',
  summary: 'firmwide [--hosts N] [--faults calm|hostile] [--json]  N hosts under one firm limit on a real NATS JetStream cluster',
  usage: FIRMWIDE_USAGE,
  run: (args, io) => reporting('firmwide', async () => {
    const o = parse(args, FIRMWIDE_USAGE, {
      hosts: 'value', seconds: 'value', seed: 'value', nodes: 'value', faults: 'value', 'firm-limit': 'value', 'ttl-ms': 'value', server: 'value',
    });
    const nodes = int(o.get('--nodes'), '--nodes', 3, 1, 3);
    if (nodes !== 1 && nodes !== 3) throw new CliError('--nodes must be 1 or 3', 2);
    const faults = o.get('--faults') ?? 'calm';
    if (faults !== 'calm' && faults !== 'hostile') throw new CliError(`--faults must be calm or hostile, got ${faults}`, 2);
    const serverArg = o.get('--server');
    if (serverArg !== undefined && !isServerKind(serverArg)) throw new CliError(`--server must be uws or node, got ${serverArg}`, 2);
    const hosts = int(o.get('--hosts'), '--hosts', 3, 1, 16);
    const seconds = int(o.get('--seconds'), '--seconds', 20, 1, 3600);
    const seed = int(o.get('--seed'), '--seed', 7, 0, 2 ** 31 - 1);
    const firmLimit = int(o.get('--firm-limit'), '--firm-limit', 12, 1, 1_000_000);
    const ttlMs = intFlag(o.get('--ttl-ms'), '--ttl-ms', 200, 600_000); // absent: runFirmwide's default
    let server: ServerKind | undefined = serverArg;
    if (server === undefined) {
      // As the demo: the simulator stands in for the venue, so Node's server is a fair
      // substitute where uWebSockets.js cannot run on this host; the choice is announced.
      const load = loadUws();
      server = load.module !== undefined ? 'uws' : 'node';
      if (load.module === undefined) io.err(`riskgate firmwide: the simulator runs on Node's http + ws (--server node): ${uwsUnavailableMessage(load, '--server node (chosen)')}`);
    }
    const { runFirmwide } = await firmwideModule(() => import('../firmwide/run-firmwide.js'));
    const r = await runFirmwide({
      hosts, seconds, seed, nodes, faults, firmLimit, ...(ttlMs === undefined ? {} : { ttlMs }), server,
      progress: (line) => io.err(`firmwide: ${line}`),
    });
    const lines = [
      `firm limit ${r.firmLimit} lots a side, ${r.hosts} hosts, ${r.nodes}-node JetStream, faults ${r.faults}`,
      `worst true firm exposure ${r.worstFirmExposure} lots, breaches ${r.breaches}`,
      `faults injected: ${Object.entries(r.faultsInjected).map(([k, v]) => `${k} ${v}`).join(', ')}`,
      `availability ${(r.availability * 100).toFixed(1)}% (${r.bothApproved} of the ${r.oracleApproved} orders the firm-limit oracle approves); without netting across hosts ${(r.sliceAvailability * 100).toFixed(1)}% (${r.sliceBothApproved} of ${r.sliceOracleApproved})`,
      `the same orders through one ideal firm gate on its own path: it approves ${r.idealGate.firmGate}, the hosts approved ${r.idealGate.hosts} (${(r.idealGate.availability * 100).toFixed(1)}%); without netting across hosts and with instant slices it would approve ${r.idealGate.noNetting} (${(r.idealGate.noNettingShare * 100).toFixed(1)}%)`,
      `missed: ${Object.entries(r.missed).sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} ${v}`).join(', ') || 'none'}; host load average ${r.loadAverage.map((x) => x.toFixed(1)).join(' -> ')}`,
      `lease renewals ${r.renewal.count}: p50 ${r.renewal.p50Ms} ms, p99 ${r.renewal.p99Ms} ms, max ${r.renewal.maxMs} ms against a TTL of ${r.ttlMs} ms; lapses ${r.renewal.lapses}`,
      ...r.perHost.map((h) => !h.reported ? `  ${h.host}: ${h.intents} decided; sent no figures at stop (killed after 15 s)` : `  ${h.host}: ${h.decisions} decided, ${h.approved} sent, denied ${JSON.stringify(h.denied)}, worst |pos| ${h.worstPosition}, renewals ${h.renewals} (failed ${h.renewalFailures}, lost swaps ${h.casConflicts}), lowered ${h.leasesLowered}, raised ${h.leasesRaised}, lapsed ${h.leaseLapses}, renewal p50 ${h.renewalP50Ms} / p99 ${h.renewalP99Ms} / max ${h.slowestRenewalMs} ms, hold writes ${h.holdWrites}, event loop delay p99 ${h.eventLoopDelay.p99Ms} / max ${h.eventLoopDelay.maxMs} ms`),
    ];
    for (const l of lines) io.out(l);
    if (o.has('--json')) io.out(JSON.stringify(r));
    return r.breaches > 0 ? 1 : 0;
  }),
};

export const monitorCommand: CliCommand = {
  name: 'monitor',
  summary: 'monitor --servers URL [--kill MODE]  firm exposure per instrument from the exposure stream; the firm kill switch',
  usage: MONITOR_USAGE,
  run: (args, io) => reporting('monitor', async () => {
    const o = parse(args, MONITOR_USAGE, { servers: 'value', seconds: 'value', kill: 'value' });
    const servers = o.get('--servers')?.split(',').filter((s) => s !== '');
    if (servers === undefined || servers.length === 0) throw new CliError(`--servers is required\n\n${MONITOR_USAGE}`, 2);
    const kill = o.get('--kill');
    if (kill !== undefined && kill !== 'halt' && kill !== 'reduce' && kill !== 'resume') throw new CliError('--kill must be halt, reduce or resume', 2);
    const seconds = o.has('--seconds') ? int(o.get('--seconds'), '--seconds', 0, 1, 86_400) : undefined;
    const { FirmMonitor } = await firmwideModule(() => import('../firmwide/firm-monitor.js'));
    const monitor = await FirmMonitor.open(servers);
    try {
      if (kill !== undefined) {
        await monitor.kill(kill);
        io.out(`firm-wide kill switch: ${kill}`);
        if (o.has('--json')) io.out(JSON.stringify({ kill }));
        return 0;
      }
      await monitor.start();
      const stop = seconds === undefined ? untilSignal() : new Promise((r) => setTimeout(r, seconds * 1000));
      const timer = setInterval(() => {
        const view = monitor.view();
        io.out(o.has('--json') ? JSON.stringify(view) : monitor.render(view));
      }, 1000);
      await stop;
      clearInterval(timer);
      return 0;
    } finally {
      await monitor.close();
    }
  }),
};
