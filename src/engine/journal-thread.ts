import { Worker } from 'node:worker_threads';
import { RiskGateError, RiskGateErrorCode } from './riskgate-error.js';
import type { JournalDecision, JournalThreadCommand, JournalThreadData, JournalThreadMessage } from './journal-thread-data.js';

const JOURNAL_THREAD = new URL('./journal-thread-main.js', import.meta.url);

/** What the journal thread reports when it stops. */
export interface JournalReport {
  /** Journal-ring slots consumed. */
  readonly slots: number;
  /** Records appended to the file (0 without a file). */
  readonly records: number;
  /** Slots the risk thread could not hand over (full ring): the journal has holes when > 0. */
  readonly ringDrops: number;
  /**
   * `JournalGap` records written, and the losses they account for: equal to `ringDrops` when
   * every hole is marked in the file (short only when the writer failed or the thread was cut).
   */
  readonly gaps: number;
  readonly lostInGaps: number;
  /** The writer's error, when it failed (then the file ends at the failure). */
  readonly error: string | undefined;
  /**
   * Writes and syncs the file system refused, the engine calls they cost (each marked in the
   * file by a `writeFailed` gap record, except `unmarked`: the disk refused those gaps too).
   */
  readonly writeErrors: number;
  readonly writeLost: number;
  readonly unmarked: number;
  /** True when the thread drained, closed the file and exited by itself. */
  readonly cleanExit: boolean;
}

/**
 * The embedding's handle on the journal thread (journal-thread-main.ts): starts it and waits
 * for READY (the journal file created, or the error that prevented it), relays the decisions
 * it posts to `onDecisions` while the feed is on, and stops it after the risk thread has
 * exited (so the ring holds everything the risk thread will ever write).
 */
export class JournalThread {
  private readonly worker: Worker;
  private readonly exited: Promise<number>;
  private report: Extract<JournalThreadMessage, { type: 'stopped' }> | undefined;
  /** Receives each batch of decisions (only while `feed(true)`). */
  onDecisions: ((d: readonly JournalDecision[]) => void) | undefined;
  /** The writer's error after start, if any (the file stopped growing there). */
  lastError: string | undefined;
  /** The file system's last refusal, if any (the status block has the counts). */
  lastWriteError: string | undefined;

  private constructor(worker: Worker) {
    this.worker = worker;
    this.exited = new Promise((resolve) => worker.once('exit', resolve));
    worker.on('message', (m: JournalThreadMessage) => {
      if (m.type === 'decisions') this.onDecisions?.(m.decisions);
      else if (m.type === 'error') this.lastError = `${m.code}: ${m.message}`;
      else if (m.type === 'writeState') this.lastWriteError = m.lastError ?? this.lastWriteError;
      else if (m.type === 'stopped') this.report = m;
    });
    worker.on('error', (err) => { this.lastError = err.message; });
  }

  /** Starts the thread; rejects with `RiskGateError` (START) when the journal cannot be created. */
  static async start(data: JournalThreadData, timeoutMs: number): Promise<JournalThread> {
    const worker = new Worker(JOURNAL_THREAD, { workerData: data });
    const t = new JournalThread(worker);
    let timer: NodeJS.Timeout | undefined;
    try {
      await new Promise<void>((resolve, reject) => {
        timer = setTimeout(() => reject(new RiskGateError(RiskGateErrorCode.START, `journal thread not READY within ${timeoutMs} ms`)), timeoutMs);
        worker.once('message', (m: JournalThreadMessage) => {
          if (m.type === 'ready') resolve();
          else if (m.type === 'failed') reject(new RiskGateError(RiskGateErrorCode.START, `journal: ${m.code}: ${m.message}`));
        });
        worker.once('error', (err) => reject(new RiskGateError(RiskGateErrorCode.START, `journal thread failed: ${err.message}`)));
        void t.exited.then((code) => reject(new RiskGateError(RiskGateErrorCode.START, `journal thread exited (code ${code}) before READY`)));
      });
    } catch (e) {
      await worker.terminate();
      throw e;
    } finally {
      clearTimeout(timer);
    }
    return t;
  }

  /** Turns the decision feed on or off. */
  feed(on: boolean): void {
    this.post({ type: 'feed', on });
  }

  /** Drains the ring to empty, closes the journal, joins the thread (terminated after `timeoutMs`). */
  async stop(timeoutMs: number): Promise<JournalReport> {
    this.post({ type: 'stop' });
    let timer: NodeJS.Timeout | undefined;
    const clean = await Promise.race([
      this.exited.then(() => true),
      new Promise<boolean>((resolve) => { timer = setTimeout(() => resolve(false), timeoutMs); }),
    ]);
    clearTimeout(timer);
    if (!clean) await this.worker.terminate();
    const r = this.report;
    return {
      slots: r?.slots ?? 0, records: r?.records ?? 0, ringDrops: r?.ringDrops ?? 0, gaps: r?.gaps ?? 0, lostInGaps: r?.lostInGaps ?? 0,
      error: r?.error ?? this.lastError, cleanExit: clean && r !== undefined,
      writeErrors: r?.writeErrors ?? 0, writeLost: r?.writeLost ?? 0, unmarked: r?.unmarked ?? 0,
    };
  }

  private post(m: JournalThreadCommand): void {
    this.worker.postMessage(m);
  }
}
