/**
 * Errors the simulator throws at start-up or on misuse (never for a bad client message: those
 * become `reject` replies). Identity is the stable `code`, not `instanceof`.
 *
 * | code | when |
 * | --- | --- |
 * | `ERR_SIM_CONFIG` | the exchange options or a fault profile are invalid (`problems` lists every one) |
 * | `ERR_SIM_UWS_NATIVE` | `server` is `uws` and no native uWebSockets.js build runs on this host (the message says why and what works) |
 * | `ERR_SIM_LISTEN` | the server could not bind 127.0.0.1 |
 * | `ERR_SIM_UNKNOWN_ACCOUNT` | a truth query named an account that is not configured |
 */
export type SimErrorCode = 'ERR_SIM_CONFIG' | 'ERR_SIM_UWS_NATIVE' | 'ERR_SIM_LISTEN' | 'ERR_SIM_UNKNOWN_ACCOUNT';

export class SimError extends Error {
  readonly code: SimErrorCode;
  readonly problems: readonly string[];

  constructor(code: SimErrorCode, message: string, problems: readonly string[] = []) {
    super(problems.length === 0 ? message : `${message}:\n  - ${problems.join('\n  - ')}`);
    this.name = 'SimError';
    this.code = code;
    this.problems = problems;
  }
}
