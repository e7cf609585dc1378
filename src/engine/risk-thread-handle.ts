import { Worker, type TransferListItem } from 'node:worker_threads';
import type { PlacementReport, RiskThreadMessage } from './risk-thread-data.js';
import { RiskGateError, RiskGateErrorCode } from './riskgate-error.js';
import { within } from './within.js';

const RISK_THREAD = new URL('./risk-thread-main.js', import.meta.url);

type StoppedMessage = Extract<RiskThreadMessage, { type: 'stopped' }>;

/**
 * The embedding's handle on the risk thread (`risk-thread-main.ts`): spawns it, trusts it only
 * after its READY (piscina's handshake), and joins it.
 *
 * Every worker event is handled from the moment of the spawn: `message` (READY, then the
 * `stopped` report), `error` (kept as the crash reason), `exit` (a crash when it comes without a
 * report). A failed start terminates the worker before it throws, so nothing lingers.
 */
export class RiskThreadHandle {
  /** Where the risk thread runs (pinned or not). */
  placement: PlacementReport | undefined;
  /** Why the risk thread died, when it did without a stop request. */
  crashed: string | undefined;
  /** The exit report it posts before it exits (undefined if it crashed). */
  private report: StoppedMessage | undefined;
  private lastError: Error | undefined;
  private readonly exited: Promise<void>;
  private readonly ready: Promise<PlacementReport>;

  private constructor(private readonly worker: Worker) {
    let onReady: (p: PlacementReport) => void = () => {};
    let onFail: (e: Error) => void = () => {};
    this.ready = new Promise<PlacementReport>((resolve, reject) => {
      onReady = resolve;
      onFail = reject;
    });
    this.ready.catch(() => {}); // a failure after READY is the crash report's, not an unhandled rejection
    worker.on('message', (m: RiskThreadMessage) => {
      if (m.type === 'ready') onReady(m.placement);
      else this.report = m;
    });
    worker.on('error', (err: Error) => {
      this.lastError = err;
      onFail(new RiskGateError(RiskGateErrorCode.START, `risk thread failed: ${err.message}`));
    });
    this.exited = new Promise((resolve) => {
      worker.on('exit', (code) => {
        if (code !== 0 && this.report === undefined) this.crashed = this.lastError?.message ?? `exit code ${code}`;
        onFail(new RiskGateError(RiskGateErrorCode.START, `risk thread exited (code ${code}) ${this.lastError?.message ?? ''}`.trim()));
        resolve();
      });
    });
  }

  /**
   * Spawns the risk thread with `data` and resolves once it is READY; throws `RiskGateError`
   * START (the worker terminated) when it fails or stays silent for `timeoutMs`.
   */
  static async start(data: unknown, transferList: readonly TransferListItem[], timeoutMs: number): Promise<RiskThreadHandle> {
    const h = new RiskThreadHandle(new Worker(RISK_THREAD, { workerData: data, transferList: [...transferList] }));
    try {
      h.placement = await within(h.ready, timeoutMs, () => {
        throw new RiskGateError(RiskGateErrorCode.START, `risk thread not READY within ${timeoutMs} ms`);
      });
    } catch (e) {
      await h.worker.terminate();
      throw e;
    }
    return h;
  }

  /**
   * Waits up to `timeoutMs` for the thread to exit by itself (the caller has set the stop word),
   * then terminates it. `clean`: it exited by itself with its report.
   */
  async join(timeoutMs: number): Promise<{ readonly clean: boolean; readonly report: StoppedMessage | undefined }> {
    const exited = await within(this.exited.then(() => true), timeoutMs, () => false);
    if (!exited) await this.worker.terminate(); // last resort
    return { clean: exited && this.report !== undefined, report: this.report };
  }
}
