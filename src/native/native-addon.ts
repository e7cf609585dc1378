/**
 * The raw shape of the pinning addon (native-bindings/) and how it is found and loaded.
 *
 * The addon is optional: the package ships a prebuild for linux-x64; elsewhere `npm install`
 * builds it when a C compiler is present (native-bindings/build.mjs) and never fails when it cannot. Loading therefore returns a
 * result, never throws; `thread-affinity.ts` turns a failed load into a typed fallback.
 *
 * Every function of the addon acts on the CALLING thread and reports failures as errno values
 * (see native-bindings/src/riskgate_native.c), never by throwing.
 */
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface NativeAddon {
  /** Pins the calling thread to `cpus`. 0, or an errno (EINVAL for a bad argument). */
  pinThread(cpus: readonly number[]): number;
  /** The calling thread's affinity as sorted CPU ids, or an errno. */
  getAffinity(): number[] | number;
  /** `sched_getcpu()`: the CPU the calling thread runs on, or -errno. */
  getCpu(): number;
  /** The calling thread's kernel thread id (`gettid`). */
  getTid(): number;
  /** `mlockall(MCL_CURRENT | MCL_FUTURE [| MCL_ONFAULT])`. 0, or an errno. */
  lockMemory(onFault: boolean): number;
  /** `munlockall()`. 0, or an errno. */
  unlockMemory(): number;
  /** `strerror_r(errno)`. */
  strerror(errno: number): string;
  /** CPU_SETSIZE: CPU ids at or above it cannot be pinned. */
  readonly cpuSetSize: number;
}

export type NativeAddonLoad =
  | { readonly loaded: true; readonly addon: NativeAddon; readonly path: string }
  | { readonly loaded: false; readonly reason: string; readonly path: string };

/** The folder of binding.gyp: its `build/Release/` (a local build) and `prebuilds/<platform>-<arch>/` (shipped). */
export const ADDON_DIR: string = fileURLToPath(new URL('../../../native-bindings/', import.meta.url));

/** Where a local build (`npm install` compiling from source) puts the addon. */
export const DEFAULT_ADDON_PATH: string = join(ADDON_DIR, 'build', 'Release', 'riskgate_native.node');

/**
 * The addon this host loads, as node-gyp-build chooses it: a local build first (the install
 * script builds only when no shipped prebuild loads), else the package's prebuild for this
 * platform and architecture (linux-x64 ships one, N-API: one binary for every Node). Undefined
 * when there is neither (another platform, or no prebuild and no compiler at install time).
 */
export function resolveAddonPath(dir: string = ADDON_DIR): string | undefined {
  try {
    return (createRequire(import.meta.url)('node-gyp-build') as { resolve(dir: string): string }).resolve(dir);
  } catch {
    return undefined;
  }
}

const ADDON_FUNCTIONS = ['pinThread', 'getAffinity', 'getCpu', 'getTid', 'lockMemory', 'unlockMemory', 'strerror'] as const;

/**
 * Loads the addon at `path` (default: `resolveAddonPath()`, the local build or the prebuild). Each thread that calls this
 * gets its own instance (N-API addons are context-aware), so workers load it themselves.
 * A missing file reads `addon not built`; anything else that goes wrong is reported verbatim.
 */
export function loadNativeAddon(path: string = resolveAddonPath() ?? DEFAULT_ADDON_PATH): NativeAddonLoad {
  if (process.platform !== 'linux') {
    return { loaded: false, reason: `platform ${process.platform} is not Linux`, path };
  }
  let exports: unknown;
  try {
    exports = createRequire(import.meta.url)(path);
  } catch (e) {
    const code = (e as { code?: unknown }).code;
    const reason = code === 'MODULE_NOT_FOUND' ? 'addon not built' : `addon failed to load: ${String(e)}`;
    return { loaded: false, reason, path };
  }
  if (typeof exports !== 'object' || exports === null) {
    return { loaded: false, reason: 'addon exports are not an object', path };
  }
  const table = exports as Record<string, unknown>;
  const missing = ADDON_FUNCTIONS.filter((name) => typeof table[name] !== 'function');
  if (missing.length > 0) {
    return { loaded: false, reason: `addon lacks ${missing.join(', ')} (stale build?)`, path };
  }
  return { loaded: true, addon: exports as NativeAddon, path };
}
