/** Stable codes of the firm-wide pieces' errors (identity is the code, not `instanceof`). */
export type FirmwideErrorCode =
  | 'OPTIONS' | 'CONFIG' | 'NO_NATS_SERVER' | 'NATS_START' | 'NATS_UNREACHABLE' | 'JETSTREAM' | 'LEASE_INVARIANT' | 'CAS_EXHAUSTED' | 'HOST';

/** An error of the firm-wide pieces; `code` is `ERR_RISKGATE_FIRMWIDE_<CODE>`. */
export class FirmwideError extends Error {
  readonly code: string;

  constructor(code: FirmwideErrorCode, message: string) {
    super(message);
    this.name = 'FirmwideError';
    this.code = `ERR_RISKGATE_FIRMWIDE_${code}`;
  }
}
