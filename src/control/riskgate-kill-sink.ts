import { KillMode } from '../risk/codes.js';
import type { KillRequest, KillSink } from './kill-sink.js';

/** What the adapter needs of a threaded engine: its kill switch (`RiskGate.kill`). */
export interface KillSwitchOwner {
  kill(mode: number, symbol?: string): Promise<number>;
}

const MODE = { halt: KillMode.HALT, reduce: KillMode.REDUCE, resume: KillMode.RESUME } as const;

/**
 * A `KillSink` over the threaded engine's kill switch: the request goes into the control lane's
 * ring (the risk thread applies it between slots, answers it, journals it and emits the
 * cancel-alls). `requestKill` returns at once; the answer arrives as a decision on the feed.
 * A control ring that stays full makes the kill resolve to a negative status, reported to
 * `onResult` (never thrown into the server).
 */
export class RiskGateKillSink implements KillSink {
  constructor(
    private readonly gate: KillSwitchOwner,
    private readonly onResult?: (request: KillRequest, code: number) => void,
  ) {}

  requestKill(request: KillRequest): boolean {
    void this.gate.kill(MODE[request.mode], request.symbol).then(
      (code) => this.onResult?.(request, code),
      () => this.onResult?.(request, -1),
    );
    return true;
  }
}
