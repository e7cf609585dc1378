/**
 * A journal that cannot be replayed (no header, a recorded config this build rejects), a
 * malformed `--set`, or an order id `--explain` cannot find. Identity is the `code`.
 */
export type ReplayErrorCode = 'ERR_RISKGATE_REPLAY_CONFIG' | 'ERR_RISKGATE_REPLAY_NO_HEADER' | 'ERR_RISKGATE_SWEEP_SETTING' | 'ERR_RISKGATE_REPLAY_NOT_FOUND';

export class ReplayError extends Error {
  constructor(
    readonly code: ReplayErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ReplayError';
  }
}
