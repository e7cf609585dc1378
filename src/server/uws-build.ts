/**
 * Loading uWebSockets.js: the best native build for this Node and this glibc, or a clear
 * account of why none runs here.
 *
 * The official package installs only from GitHub; the npm registry has republishes that differ
 * in the Node ABIs they ship binaries for and in the glibc those binaries need. Both below are
 * dependencies; each build is tried in order, by loading its `.node` binary for this platform,
 * architecture and Node ABI directly (never the package's own entry, which on a missing binary
 * falls back silently to a slow JavaScript imitation or throws a generic error):
 *
 * | build | Node ABIs (Node) | needs glibc |
 * | --- | --- | --- |
 * | `@trufflesuite/uws-js-unofficial` 20.30.0 (as `uWebSockets.js`) | 93, 108, 115 (16, 18, 20) | 2.27 |
 * | `@btc-vision/uwebsockets.js` 20.57.0 | 115, 127, 137, 141 (20, 22, 24, 25) | 2.38 |
 *
 * The first is tried first where both ship the ABI: it is the build the project's tests run on
 * (Node 20 on glibc 2.36 hosts, where the second cannot load).
 *
 * The result is computed once per thread and cached.
 */
import { existsSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { TemplatedApp, us_listen_socket } from 'uWebSockets.js';

/** The native module's functions used here (its own d.ts types the rest). */
export interface UwsModule {
  App(): TemplatedApp;
  us_listen_socket_close(socket: us_listen_socket): void;
  us_socket_local_port(socket: us_listen_socket): number;
}

interface UwsBuildSpec {
  /** The dependency's name in package.json. */
  readonly dependency: string;
  /** What it is on the registry. */
  readonly label: string;
  /** Folder of the `.node` binaries inside the package. */
  readonly binaries: string;
  /** Oldest glibc its Linux binaries load with (their newest GLIBC_ symbol version). */
  readonly glibc: string;
}

const BUILDS: readonly UwsBuildSpec[] = [
  { dependency: 'uWebSockets.js', label: '@trufflesuite/uws-js-unofficial 20.30.0', binaries: 'binaries', glibc: '2.27' },
  { dependency: '@btc-vision/uwebsockets.js', label: '@btc-vision/uwebsockets.js 20.57.0', binaries: '.', glibc: '2.38' },
];

/** Node majors of the ABIs the builds above ship (process.versions.modules). */
const NODE_OF_ABI: Readonly<Record<string, string>> = { 93: '16', 108: '18', 115: '20', 127: '22', 137: '24', 141: '25' };

/** One build tried, and what came of it. */
export interface UwsAttempt {
  readonly build: string;
  readonly loaded: boolean;
  /** Why it did not load (absent when loaded). */
  readonly reason?: string;
}

/** The outcome: the module and the build that loaded, or none, with every attempt. */
export interface UwsLoad {
  readonly module: UwsModule | undefined;
  /** The build loaded, and its binary file. */
  readonly build?: string;
  readonly file?: string;
  readonly attempts: readonly UwsAttempt[];
  /** This host, as the message names it: Node, ABI, platform, glibc. */
  readonly host: string;
}

/** The C library's version on Linux with glibc (`2.36`), else undefined (musl, other systems). */
export function hostGlibc(): string | undefined {
  const header = (process.report?.getReport() as { header?: { glibcVersionRuntime?: string } } | undefined)?.header;
  return header?.glibcVersionRuntime;
}

function describeHost(): string {
  const glibc = hostGlibc();
  const abi = process.versions.modules;
  return `Node ${process.versions.node} (ABI ${abi}), ${process.platform} ${process.arch}, ${glibc === undefined ? 'no glibc' : `glibc ${glibc}`}`;
}

function versionBelow(a: string, b: string): boolean {
  const [a1 = 0, a2 = 0] = a.split('.').map(Number);
  const [b1 = 0, b2 = 0] = b.split('.').map(Number);
  return a1 < b1 || (a1 === b1 && a2 < b2);
}

function packageRoot(req: NodeJS.Require, name: string): string | undefined {
  let main: string;
  try {
    main = req.resolve(name);
  } catch {
    return undefined;
  }
  for (let d = dirname(main); d !== dirname(d); d = dirname(d)) {
    if (existsSync(join(d, 'package.json'))) return d;
  }
  return undefined;
}

function abisIn(dir: string): string[] {
  const prefix = `uws_${process.platform}_${process.arch}_`;
  try {
    return readdirSync(dir).filter((f) => f.startsWith(prefix) && f.endsWith('.node'))
      .map((f) => f.slice(prefix.length, -'.node'.length)).sort((a, b) => Number(a) - Number(b));
  } catch {
    return [];
  }
}

function withNode(abis: readonly string[]): string {
  return abis.map((a) => (NODE_OF_ABI[a] === undefined ? a : `${a} (Node ${NODE_OF_ABI[a]})`)).join(', ');
}

function tryBuild(req: NodeJS.Require, spec: UwsBuildSpec): { attempt: UwsAttempt; module?: UwsModule; file?: string } {
  const root = packageRoot(req, spec.dependency);
  if (root === undefined) return { attempt: { build: spec.label, loaded: false, reason: 'not installed' } };
  const dir = join(root, spec.binaries);
  const abi = process.versions.modules;
  const file = join(dir, `uws_${process.platform}_${process.arch}_${abi}.node`);
  if (!existsSync(file)) {
    const have = abisIn(dir);
    const reason = have.length === 0
      ? `no binary for ${process.platform} ${process.arch}`
      : `no binary for ABI ${abi}; it has ${process.platform} ${process.arch} binaries for ABI ${withNode(have)}`;
    return { attempt: { build: spec.label, loaded: false, reason } };
  }
  try {
    const module = req(file) as UwsModule;
    if (typeof module.App !== 'function' || typeof module.us_listen_socket_close !== 'function' || typeof module.us_socket_local_port !== 'function') {
      return { attempt: { build: spec.label, loaded: false, reason: `${file} loaded but lacks App/us_listen_socket_close/us_socket_local_port` } };
    }
    return { attempt: { build: spec.label, loaded: true }, module, file };
  } catch (err) {
    const glibc = hostGlibc();
    const first = String((err as Error).message).split('\n')[0]!;
    const reason = glibc !== undefined && versionBelow(glibc, spec.glibc)
      ? `its binary needs glibc ${spec.glibc} or newer, this host has ${glibc} (${first})`
      : `its binary did not load: ${first}`;
    return { attempt: { build: spec.label, loaded: false, reason } };
  }
}

let cached: UwsLoad | undefined;

/** Tries each build in order (once per thread); never throws. */
export function loadUws(): UwsLoad {
  if (cached !== undefined) return cached;
  const req = createRequire(import.meta.url);
  const attempts: UwsAttempt[] = [];
  for (const spec of BUILDS) {
    const r = tryBuild(req, spec);
    attempts.push(r.attempt);
    if (r.module !== undefined) {
      cached = { module: r.module, build: spec.label, file: r.file!, attempts, host: describeHost() };
      return cached;
    }
  }
  cached = { module: undefined, attempts, host: describeHost() };
  return cached;
}

/**
 * Why no uWebSockets.js build runs here, and what would: one paragraph for an error message.
 * `alternative` names the caller's own switch to Node's server (e.g. `control.server: "node"`).
 */
export function uwsUnavailableMessage(load: UwsLoad, alternative: string): string {
  const tried = load.attempts.map((a) => `${a.build}: ${a.reason}`).join('; ');
  const abi = process.versions.modules;
  const works: string[] = [];
  const glibc = hostGlibc();
  if (glibc !== undefined && !versionBelow(glibc, '2.27')) works.push('Node 20 on this host');
  if (glibc === undefined || versionBelow(glibc, '2.38')) works.push('Node 20, 22, 24 or 25 on a host with glibc 2.38 or newer');
  else if (NODE_OF_ABI[abi] === undefined) works.push('Node 20, 22, 24 or 25');
  works.push(`Node's own http + ws server here: ${alternative}`);
  return `no native uWebSockets.js build runs on ${load.host}. Tried: ${tried}. What works: ${works.join('; or ')}.`;
}
