/** Native thread pinning and the CPU map: the public surface of src/native/. */
export { ADDON_DIR, DEFAULT_ADDON_PATH, loadNativeAddon, resolveAddonPath } from './native-addon.js';
export type { NativeAddon, NativeAddonLoad } from './native-addon.js';
export { NativeErrorCode } from './native-error-code.js';
export {
  createThreadAffinity,
  currentAffinity,
  currentCpu,
  lockMemory,
  nativeAvailable,
  pinCurrentThread,
  threadId,
} from './thread-affinity.js';
export type { LockOptions, LockResult, PinResult, ThreadAffinity, UnlockResult } from './thread-affinity.js';
export { CPU_MAP_ENV, CPU_SET_SIZE, chooseCpuMap, cpuMapFromEnv, feedCpus, hostCpuCount, validateCpuMap } from './cpu-map.js';
export type { CpuMap, CpuMapCandidates, CpuMapCheck, CpuMapChoice, CpuMapChoiceCheck, CpuMapSource, ResolvedCpuMap } from './cpu-map.js';
