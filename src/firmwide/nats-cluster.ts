import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, connect as tcpConnect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FirmwideError } from './firmwide-error.js';

/**
 * A real `nats-server` JetStream cluster on loopback: one node, or three routed nodes with
 * replicated streams (the Raft quorum of JetStream clustering). Used by `riskgate firmwide`, the
 * tests and the benchmark; production runs its own servers and gives their URLs in the config.
 *
 * Each node is a child process with its own config file and store directory under one temporary
 * folder (removed by `stop()`). Nodes can be killed and restarted (same ports, same store), which
 * is how the fault injection kills a NATS node.
 *
 * Requires Debian's `nats-server` (2.9.10 checked): `apt-get install -y nats-server`.
 */
export class NatsCluster {
  private readonly procs: (ChildProcess | null)[];
  private stopped = false;

  private constructor(
    readonly dir: string,
    readonly clientPorts: readonly number[],
    private readonly configFiles: readonly string[],
    private readonly binary: string,
  ) {
    this.procs = clientPorts.map(() => null);
  }

  /** Client URLs of every node (`nats://127.0.0.1:port`). */
  get servers(): string[] {
    return this.clientPorts.map((p) => `nats://127.0.0.1:${p}`);
  }

  get size(): number {
    return this.clientPorts.length;
  }

  /** Starts `nodes` (1 or 3) servers and waits until each accepts TCP connections. */
  static async start(nodes: number, options: { binary?: string; startTimeoutMs?: number } = {}): Promise<NatsCluster> {
    if (nodes !== 1 && nodes !== 3) throw new FirmwideError('OPTIONS', `nodes must be 1 or 3, got ${nodes}`);
    const binary = options.binary ?? natsServerBinary();
    const dir = mkdtempSync(join(tmpdir(), 'riskgate-nats-'));
    const clientPorts: number[] = [];
    const routePorts: number[] = [];
    for (let i = 0; i < nodes; i++) clientPorts.push(await freePort());
    for (let i = 0; i < nodes; i++) routePorts.push(await freePort());
    const files: string[] = [];
    for (let i = 0; i < nodes; i++) {
      const store = join(dir, `n${i}`);
      mkdirSync(store, { recursive: true });
      const lines = [
        `server_name: n${i}`,
        `listen: 127.0.0.1:${clientPorts[i]}`,
        `jetstream { store_dir: "${store}", max_memory_store: 64MB, max_file_store: 512MB }`,
      ];
      if (nodes > 1) {
        const routes = routePorts.filter((_, j) => j !== i).map((p) => `nats-route://127.0.0.1:${p}`).join(', ');
        lines.push(`cluster { name: riskgate, listen: 127.0.0.1:${routePorts[i]}, routes: [${routes}] }`);
      }
      const file = join(dir, `n${i}.conf`);
      writeFileSync(file, lines.join('\n') + '\n');
      files.push(file);
    }
    const cluster = new NatsCluster(dir, clientPorts, files, binary);
    try {
      for (let i = 0; i < nodes; i++) cluster.spawnNode(i);
      for (let i = 0; i < nodes; i++) await waitForPort(clientPorts[i]!, options.startTimeoutMs ?? 10_000);
    } catch (e) {
      await cluster.stop();
      throw e;
    }
    return cluster;
  }

  /** Is node `i` running? */
  running(i: number): boolean {
    return this.procs[i] !== null;
  }

  /** SIGKILLs node `i` (a crash: no clean shutdown, its store stays as it was). */
  async kill(i: number): Promise<void> {
    const p = this.procs[i];
    if (p === null || p === undefined) return;
    this.procs[i] = null;
    await killAndWait(p);
  }

  /** Restarts a killed node `i` with its config and store; resolves when it accepts connections. */
  async restart(i: number, timeoutMs = 10_000): Promise<void> {
    if (this.procs[i] !== null) return;
    this.spawnNode(i);
    await waitForPort(this.clientPorts[i]!, timeoutMs);
  }

  /** Kills every node and removes the store directory. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    await Promise.all(this.procs.map((p, i) => (p === null ? undefined : ((this.procs[i] = null), killAndWait(p)))));
    rmSync(this.dir, { recursive: true, force: true });
  }

  private spawnNode(i: number): void {
    const p = spawn(this.binary, ['-c', this.configFiles[i]!], { stdio: ['ignore', 'ignore', 'pipe'] });
    let tail = '';
    p.stderr?.on('data', (d: Buffer) => {
      tail = (tail + d.toString()).slice(-2000);
    });
    p.on('exit', (code, signal) => {
      if (this.procs[i] === p) {
        this.procs[i] = null;
        if (!this.stopped) process.stderr.write(`nats node n${i} exited (${code ?? signal}): ${tail.trim().split('\n').slice(-3).join(' | ')}\n`);
      }
    });
    this.procs[i] = p;
  }
}

/** The `nats-server` binary: `NATS_SERVER` or the first on PATH (Debian: /usr/sbin/nats-server). */
export function natsServerBinary(): string {
  const fromEnv = process.env['NATS_SERVER'];
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
  for (const candidate of ['nats-server', '/usr/sbin/nats-server', '/usr/bin/nats-server']) {
    const r = spawnSync(candidate, ['--version'], { encoding: 'utf8' });
    if (r.status === 0) return candidate;
  }
  throw new FirmwideError('NO_NATS_SERVER', 'nats-server not found: install it (Debian: apt-get install -y nats-server) or set NATS_SERVER to its path');
}

/** Is a `nats-server` binary available here? */
export function hasNatsServer(): boolean {
  try {
    natsServerBinary();
    return true;
  } catch {
    return false;
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.unref();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

async function waitForPort(port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const c = tcpConnect(port, '127.0.0.1');
      c.once('connect', () => {
        c.destroy();
        resolve(true);
      });
      c.once('error', () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > deadline) throw new FirmwideError('NATS_START', `nats-server on port ${port} did not accept connections within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

function killAndWait(p: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (p.exitCode !== null || p.signalCode !== null) {
      resolve();
      return;
    }
    p.once('exit', () => resolve());
    p.kill('SIGKILL');
  });
}
