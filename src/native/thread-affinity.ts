/**
 * Pinning the calling thread, and reading where it runs, with a typed fallback.
 *
 * Ownership: every call acts on the thread that makes it. The risk thread and each feed-handler
 * worker pin themselves at start-up (`pinCurrentThread(map.risk)`); nothing pins another thread.
 * Without the addon (not built, not Linux) nothing throws: pinning reports `pinned: false` with
 * code ERR_RISKGATE_NATIVE_UNAVAILABLE and the reads return `undefined`, so the engine runs
 * unpinned. Not for the hot path: results are objects; call these at start-up and in diagnostics.
 */
import { type NativeAddon, type NativeAddonLoad, loadNativeAddon } from './native-addon.js';
import { NativeErrorCode, codeForErrno } from './native-error-code.js';

export type PinResult =
  | { readonly pinned: true; readonly cpus: readonly number[]; readonly tid: number }
  | { readonly pinned: false; readonly code: NativeErrorCode; readonly reason: string; readonly errno: number };

export type LockResult =
  | { readonly locked: true }
  | { readonly locked: false; readonly code: NativeErrorCode; readonly reason: string; readonly errno: number };

export type UnlockResult =
  | { readonly unlocked: true }
  | { readonly unlocked: false; readonly code: NativeErrorCode; readonly reason: string; readonly errno: number };

export interface LockOptions {
  /** MCL_ONFAULT: lock pages as they are touched instead of faulting in every mapping now. */
  readonly onFault?: boolean;
}

export interface ThreadAffinity {
  /** True when the addon loaded in this thread. */
  nativeAvailable(): boolean;
  /** Why the addon is unavailable (`addon not built`, ...), or undefined when it is loaded. */
  unavailableReason(): string | undefined;
  /** Restricts the calling thread to `cpus`; reports the affinity the kernel then holds. */
  pinCurrentThread(cpus: readonly number[]): PinResult;
  /** The CPU the calling thread runs on now (`sched_getcpu`), or undefined without the addon. */
  currentCpu(): number | undefined;
  /** The calling thread's kernel tid (as in /proc/self/task/<tid>), or undefined. */
  threadId(): number | undefined;
  /** The calling thread's allowed CPUs, sorted, or undefined. */
  currentAffinity(): readonly number[] | undefined;
  /** `mlockall(MCL_CURRENT | MCL_FUTURE)` for the whole process (no page faults later). */
  lockMemory(options?: LockOptions): LockResult;
  /** `munlockall()`. */
  unlockMemory(): UnlockResult;
}

/**
 * Builds the API over `loader`, called once, on first use. Tests inject a loader with a bogus
 * path to exercise the fallback: `createThreadAffinity(() => loadNativeAddon('/nope.node'))`.
 */
export function createThreadAffinity(loader: () => NativeAddonLoad = () => loadNativeAddon()): ThreadAffinity {
  let load: NativeAddonLoad | undefined;
  const addon = (): NativeAddon | undefined => {
    load ??= loader();
    return load.loaded ? load.addon : undefined;
  };
  const unavailable = (): { code: NativeErrorCode; reason: string; errno: number } => ({
    code: NativeErrorCode.UNAVAILABLE,
    reason: load !== undefined && !load.loaded ? load.reason : 'addon not loaded',
    errno: 0,
  });

  return {
    nativeAvailable: () => addon() !== undefined,
    unavailableReason: () => (addon() === undefined ? unavailable().reason : undefined),

    pinCurrentThread(cpus) {
      const a = addon();
      if (a === undefined) return { pinned: false, ...unavailable() };
      const bad = cpus.find((c) => !Number.isInteger(c) || c < 0 || c >= a.cpuSetSize);
      if (cpus.length === 0 || bad !== undefined) {
        const reason = cpus.length === 0 ? 'empty CPU list' : `CPU id ${String(bad)} is not an integer in [0, ${a.cpuSetSize})`;
        return { pinned: false, code: NativeErrorCode.INVALID_CPUS, reason, errno: 0 };
      }
      const errno = a.pinThread(cpus);
      if (errno !== 0) {
        return { pinned: false, code: codeForErrno('pin', errno), reason: `pthread_setaffinity_np([${cpus.join(',')}]): ${a.strerror(errno)}`, errno };
      }
      const now = a.getAffinity();
      return { pinned: true, cpus: typeof now === 'number' ? [...new Set(cpus)].sort((x, y) => x - y) : now, tid: a.getTid() };
    },

    currentCpu() {
      const cpu = addon()?.getCpu();
      return cpu !== undefined && cpu >= 0 ? cpu : undefined;
    },

    threadId: () => addon()?.getTid(),

    currentAffinity() {
      const cpus = addon()?.getAffinity();
      return typeof cpus === 'object' ? cpus : undefined;
    },

    lockMemory(options) {
      const a = addon();
      if (a === undefined) return { locked: false, ...unavailable() };
      const errno = a.lockMemory(options?.onFault === true);
      if (errno === 0) return { locked: true };
      return { locked: false, code: codeForErrno('mlock', errno), reason: `mlockall: ${a.strerror(errno)}`, errno };
    },

    unlockMemory() {
      const a = addon();
      if (a === undefined) return { unlocked: false, ...unavailable() };
      const errno = a.unlockMemory();
      if (errno === 0) return { unlocked: true };
      return { unlocked: false, code: codeForErrno('other', errno), reason: `munlockall: ${a.strerror(errno)}`, errno };
    },
  };
}

/** This thread's instance over the package's own build (module state is per thread). */
let defaultAffinity: ThreadAffinity | undefined;
const affinity = (): ThreadAffinity => (defaultAffinity ??= createThreadAffinity());

export const nativeAvailable = (): boolean => affinity().nativeAvailable();
export const pinCurrentThread = (cpus: readonly number[]): PinResult => affinity().pinCurrentThread(cpus);
export const currentCpu = (): number | undefined => affinity().currentCpu();
export const threadId = (): number | undefined => affinity().threadId();
export const currentAffinity = (): readonly number[] | undefined => affinity().currentAffinity();
export const lockMemory = (options?: LockOptions): LockResult => affinity().lockMemory(options);
