import type { ServerKind } from '../server/index.js';

/**
 * The `control` section as a consumer writes it (`RiskGate`'s `options.control`): the keys and
 * types `validateControlConfig` (control-config.ts) reads, which checks the ranges and the
 * token and fills the defaults. Units and ranges: `CONTROL_CONFIG_DOCS`. A test holds the keys
 * of this type to the documented ones, so a misspelled key (`prot`) fails to compile.
 */
export interface ControlConfigInput {
  readonly host?: string;
  readonly port: number;
  readonly token?: string;
  readonly tokenEnv?: string;
  readonly maxBodyBytes?: number;
  readonly streamIntervalMs?: number;
  readonly streamMaxBufferedBytes?: number;
  readonly streamMaxClients?: number;
  readonly streamMaxTotalBytes?: number;
  readonly streamRequiresToken?: boolean;
  readonly healthDeadlineMs?: number;
  readonly allowRemote?: boolean;
  readonly server?: ServerKind;
}
