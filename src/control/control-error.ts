/** Stable codes of the control server's errors. Identity across threads is the code. */
export const ControlErrorCode = {
  /** `control.tokenEnv` names a variable that is unset or too short. */
  TOKEN: 'ERR_RISKGATE_CONTROL_TOKEN',
  /** The server could not bind its address and port. */
  LISTEN: 'ERR_RISKGATE_CONTROL_LISTEN',
  /** `server` is `uws` and no native uWebSockets.js build runs on this host (the message says why and what works). */
  NATIVE: 'ERR_RISKGATE_CONTROL_NATIVE',
  /** The server thread failed or exited before it was ready, or did not stop in time. */
  THREAD: 'ERR_RISKGATE_CONTROL_THREAD',
  /** The state source module given to the server thread does not provide a source. */
  SOURCE: 'ERR_RISKGATE_CONTROL_SOURCE',
} as const;

export type ControlErrorCodeValue = (typeof ControlErrorCode)[keyof typeof ControlErrorCode];

/** An error of the control server. */
export class ControlError extends Error {
  constructor(
    readonly code: ControlErrorCodeValue,
    message: string,
  ) {
    super(message);
    this.name = 'ControlError';
  }
}
