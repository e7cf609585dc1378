import { createHash, timingSafeEqual } from 'node:crypto';
import { MIN_TOKEN_DISTINCT, MIN_TOKEN_LENGTH, tokenVaried, type ControlConfig } from './control-config.js';
import { ControlError, ControlErrorCode } from './control-error.js';

/** SHA-256 of a token: what the server keeps instead of the token itself. */
export function tokenDigest(token: string): Uint8Array {
  return new Uint8Array(createHash('sha256').update(token, 'utf8').digest());
}

/**
 * The digest of the configured kill token (from `control.token` or the variable named by
 * `control.tokenEnv`), or null when neither is configured (the kill endpoint is then disabled).
 * Throws `ERR_RISKGATE_CONTROL_TOKEN` when the variable is unset or too short. The message never
 * contains the value.
 */
export function resolveTokenDigest(config: ControlConfig, env: Readonly<Record<string, string | undefined>> = process.env): Uint8Array | null {
  if (config.token !== undefined) return tokenDigest(config.token);
  if (config.tokenEnv === undefined) return null;
  const v = env[config.tokenEnv];
  if (v === undefined || v.length < MIN_TOKEN_LENGTH || v.trim() !== v || !tokenVaried(v)) {
    throw new ControlError(ControlErrorCode.TOKEN,
      `control.tokenEnv: environment variable ${config.tokenEnv} must hold a token of at least ${MIN_TOKEN_LENGTH} characters, ${MIN_TOKEN_DISTINCT} of them distinct, without surrounding spaces`);
  }
  return tokenDigest(v);
}

const PREFIX = /^Bearer +/i;

/**
 * Checks `Authorization: Bearer <token>` headers against a digest. Both sides are hashed to 32
 * bytes first and compared with `timingSafeEqual`, so the time taken depends on neither the
 * token's content nor its length.
 */
export class BearerAuth {
  constructor(private readonly digest: Uint8Array | null) {}

  /** False when no token is configured: every kill request is then refused. */
  get enabled(): boolean {
    return this.digest !== null;
  }

  check(authorization: string): boolean {
    if (this.digest === null) return false;
    const m = PREFIX.exec(authorization);
    const presented = tokenDigest(m === null ? '' : authorization.slice(m[0].length));
    // Hash compared even when the header is malformed: the same work either way.
    return timingSafeEqual(presented, this.digest) && m !== null;
  }
}
