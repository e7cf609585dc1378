/** Stable codes of `RiskGateError`; identity across threads is the code. */
export const RiskGateErrorCode = {
  OPTIONS: 'ERR_RISKGATE_OPTIONS',
  STATE: 'ERR_RISKGATE_STATE',
  START: 'ERR_RISKGATE_START',
  LANES: 'ERR_RISKGATE_LANES',
  CONTROL_RING_FULL: 'ERR_RISKGATE_CONTROL_RING_FULL',
} as const;

export type RiskGateErrorCodeValue = (typeof RiskGateErrorCode)[keyof typeof RiskGateErrorCode];

/** A misuse or a failure of the threaded engine's lifecycle (never thrown on the hot path). */
export class RiskGateError extends Error {
  constructor(readonly code: RiskGateErrorCodeValue, message: string) {
    super(message);
    this.name = 'RiskGateError';
  }
}
