/**
 * Stable codes for everything the native layer can report. Identity across threads is the
 * code, not `instanceof`; the errno, when there is one, rides along for the operator.
 * Never renumber or rename: logs and dashboards match on these strings.
 */
export const NativeErrorCode = {
  /** The addon is not built, not loadable, or the platform is not Linux. Threads run unpinned. */
  UNAVAILABLE: 'ERR_RISKGATE_NATIVE_UNAVAILABLE',
  /** The CPU list itself is wrong (empty, not integers, negative, >= CPU_SETSIZE). */
  INVALID_CPUS: 'ERR_RISKGATE_INVALID_CPUS',
  /** The kernel refused the set (EINVAL): no CPU in it is online or allowed by the cpuset. */
  CPU_NOT_ALLOWED: 'ERR_RISKGATE_CPU_NOT_ALLOWED',
  /** EPERM: not allowed (e.g. mlockall without CAP_IPC_LOCK beyond RLIMIT_MEMLOCK). */
  PERMISSION_DENIED: 'ERR_RISKGATE_PERMISSION_DENIED',
  /** ENOMEM/EAGAIN from mlockall: RLIMIT_MEMLOCK or physical memory too small. */
  MEMLOCK_LIMIT: 'ERR_RISKGATE_MEMLOCK_LIMIT',
  /** Any other errno from the system call. */
  SYSCALL_FAILED: 'ERR_RISKGATE_SYSCALL_FAILED',
} as const;

export type NativeErrorCode = (typeof NativeErrorCode)[keyof typeof NativeErrorCode];

const EINVAL = 22;
const EPERM = 1;
const ENOMEM = 12;
const EAGAIN = 11;

/** Maps an errno from `op` to its stable code. */
export function codeForErrno(op: 'pin' | 'mlock' | 'other', errno: number): NativeErrorCode {
  if (errno === EPERM) return NativeErrorCode.PERMISSION_DENIED;
  if (op === 'pin' && errno === EINVAL) return NativeErrorCode.CPU_NOT_ALLOWED;
  if (op === 'mlock' && (errno === ENOMEM || errno === EAGAIN)) return NativeErrorCode.MEMLOCK_LIMIT;
  return NativeErrorCode.SYSCALL_FAILED;
}
