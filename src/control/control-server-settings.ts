import { resolveTokenDigest } from './bearer-auth.js';
import type { ControlConfig } from './control-config.js';

/**
 * What the server itself needs: the config minus the secret. The token is reduced to its
 * SHA-256 digest on the thread that read the config, so the server (and its thread) never
 * holds it. Structured-cloneable (passed to the server thread as worker data).
 */
export interface ControlServerSettings {
  readonly host: string;
  readonly port: number;
  readonly maxBodyBytes: number;
  readonly streamIntervalMs: number;
  readonly streamMaxBufferedBytes: number;
  /** null: no token configured, POST /kill refuses everything. */
  readonly tokenDigest: Uint8Array | null;
}

export function controlServerSettings(config: ControlConfig, env: Readonly<Record<string, string | undefined>> = process.env): ControlServerSettings {
  return {
    host: config.host,
    port: config.port,
    maxBodyBytes: config.maxBodyBytes,
    streamIntervalMs: config.streamIntervalMs,
    streamMaxBufferedBytes: config.streamMaxBufferedBytes,
    tokenDigest: resolveTokenDigest(config, env),
  };
}
