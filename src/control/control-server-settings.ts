import { resolveTokenDigest } from './bearer-auth.js';
import { isLoopback, type ControlConfig } from './control-config.js';
import type { ServerKind } from '../server/index.js';

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
  readonly streamMaxClients: number;
  readonly streamMaxTotalBytes: number;
  readonly streamRequiresToken: boolean;
  readonly healthDeadlineMs: number;
  /** Which server runs the endpoints (server-kind.ts); default `uws`. */
  readonly server?: ServerKind;
  /** null: no token configured, POST /kill refuses everything. */
  readonly tokenDigest: Uint8Array | null;
}

export function controlServerSettings(config: ControlConfig, env: Readonly<Record<string, string | undefined>> = process.env): ControlServerSettings {
  if (!isLoopback(config.host)) {
    // Validation let it through only with allowRemote: true. Said at every start, on stderr.
    process.emitWarning(`the control server binds ${config.host}, reachable from other hosts, without TLS: put a TLS proxy in front of it`, { code: 'RISKGATE_CONTROL_REMOTE' });
  }
  return {
    host: config.host,
    port: config.port,
    maxBodyBytes: config.maxBodyBytes,
    streamIntervalMs: config.streamIntervalMs,
    streamMaxBufferedBytes: config.streamMaxBufferedBytes,
    streamMaxClients: config.streamMaxClients,
    streamMaxTotalBytes: config.streamMaxTotalBytes,
    streamRequiresToken: config.streamRequiresToken,
    healthDeadlineMs: config.healthDeadlineMs,
    server: config.server,
    tokenDigest: resolveTokenDigest(config, env),
  };
}
