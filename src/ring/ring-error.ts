/** Stable codes carried by {@link RingError}; identity across threads is the code. */
export const RingErrorCode = {
  /** Options for a ring or an idle strategy are invalid (every problem is listed). */
  OPTIONS: 'ERR_RING_OPTIONS',
  /** The buffer region is not a formatted ring of this version. */
  LAYOUT: 'ERR_RING_LAYOUT',
  /** The consumer released more slots than it had polled. */
  RELEASE: 'ERR_RING_RELEASE',
} as const;

export type RingErrorCodeValue = (typeof RingErrorCode)[keyof typeof RingErrorCode];

/**
 * A misuse of the ring detected at creation, attach or release. Never thrown for a full or an
 * empty ring: those are return codes. `problems` lists every violation found, each a sentence
 * naming the option (`options.capacity must be a power of two from 2 to 2^20`).
 */
export class RingError extends Error {
  readonly code: RingErrorCodeValue;
  readonly problems: readonly string[];

  constructor(code: RingErrorCodeValue, problems: readonly string[]) {
    super(problems.join('; '));
    this.name = 'RingError';
    this.code = code;
    this.problems = problems;
  }
}
