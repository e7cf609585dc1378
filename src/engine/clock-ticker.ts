import { Worker } from 'node:worker_threads';
import { CLOCK_STATE_WORD, CLOCK_STOP_WORD, ClockState, createClockBlock } from './clock-block-layout.js';
import type { ClockTickerData, ClockTickerMessage } from './clock-ticker-data.js';
import type { PlacementReport } from './risk-thread-data.js';

const TICKER_THREAD = new URL('./clock-ticker-main.js', import.meta.url);

/** What `stop()` reports. */
export interface ClockTickerStopReport {
  /** True when the ticker exited by itself after the stop request (false: terminated, or never started). */
  readonly cleanExit: boolean;
  readonly ticks: number;
  readonly expired: boolean;
}

/**
 * The embedding's handle on the clock ticker thread: owns the clock block, starts the thread
 * (READY handshake, bounded), stops and joins it. Threading: embedding thread only.
 *
 * A worker rather than a timer on the embedding thread: the embedding may be busy (a strategy,
 * a control server, a long GC), and every ms it is late is a ms of staleness in every deadline.
 * Cost: one thread that wakes every tick (~2-5 µs of CPU per wake-up).
 *
 * Placement: pinned to `cpu` (the CPU map's `clock` role) by the thread itself at start-up;
 * `placement` says where it runs once it is READY.
 *
 * Failure: if the ticker dies without a stop request, the handle stores DEAD into the block's
 * state after the exit (the ticker no longer writes it), so readers fall back to `Date.now()`
 * (correct time, allocating) instead of a frozen clock; `failure` says why. No respawn.
 */
export class ClockTicker {
  readonly block: SharedArrayBuffer;
  /** Why the ticker died without a stop request, when it did. */
  failure: string | undefined;
  /** Where the ticker thread runs (after `start()`): pinned to `cpu`, or why not. */
  placement: PlacementReport | undefined;
  private readonly i32: Int32Array;
  private worker: Worker | undefined;
  private exited: Promise<void> | undefined;
  private stopRequested = false;
  private report: Extract<ClockTickerMessage, { type: 'stopped' }> | undefined;

  /**
   * `epoch`: wall-clock ms of engine time 0. `tickUs`: period (µs, validated by the caller).
   * `cpu`: the CPU to pin the ticker to (validated by the caller), or undefined: unpinned.
   */
  constructor(epoch: number, private readonly tickUs: number, private readonly cpu?: number) {
    this.block = createClockBlock(epoch);
    this.i32 = new Int32Array(this.block);
  }

  /** Starts the ticker; resolves once it published its first value (TICKING). Rejects after `timeoutMs`. */
  async start(timeoutMs: number): Promise<void> {
    if (this.worker !== undefined) throw new Error('clock ticker: start() called twice');
    const data: ClockTickerData = { block: this.block, tickUs: this.tickUs, cpu: this.cpu };
    const worker = new Worker(TICKER_THREAD, { workerData: data });
    this.worker = worker;
    let lastError: Error | undefined;
    let onReady: () => void = () => {};
    let onFail: (e: Error) => void = () => {};
    const ready = new Promise<void>((resolve, reject) => {
      onReady = resolve;
      onFail = reject;
    });
    worker.on('message', (m: ClockTickerMessage) => {
      if (m.type === 'ready') {
        this.placement = m.placement;
        onReady();
      } else this.report = m;
    });
    worker.on('error', (err: Error) => {
      lastError = err;
      onFail(err);
    });
    this.exited = new Promise((resolve) => {
      worker.on('exit', (code) => {
        // The ticker is gone: the block's state is ours now (single writer at a time).
        const state = Atomics.load(this.i32, CLOCK_STATE_WORD); // ticker's last state
        if (state === ClockState.STARTING || state === ClockState.TICKING) {
          if (!this.stopRequested) this.failure = lastError?.message ?? `clock ticker exited (code ${code})`;
          Atomics.store(this.i32, CLOCK_STATE_WORD, this.stopRequested ? ClockState.STOPPED : ClockState.DEAD); // retire: readers fall back
        }
        onFail(new Error(`clock ticker exited (code ${code}) ${lastError?.message ?? ''}`.trim()));
        resolve();
      });
    });
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        ready,
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error(`clock ticker not READY within ${timeoutMs} ms`)), timeoutMs);
        }),
      ]);
    } catch (e) {
      await this.stop(timeoutMs);
      throw e;
    } finally {
      clearTimeout(timer);
    }
  }

  /** Stops and joins the ticker (`terminate()` only if it did not exit within `timeoutMs`). Idempotent. */
  async stop(timeoutMs: number): Promise<ClockTickerStopReport> {
    const worker = this.worker;
    if (worker === undefined) return { cleanExit: false, ticks: 0, expired: false };
    this.stopRequested = true;
    Atomics.store(this.i32, CLOCK_STOP_WORD, 1); // request stop
    Atomics.notify(this.i32, CLOCK_STOP_WORD); // wake the ticker now
    let timer: NodeJS.Timeout | undefined;
    const clean = await Promise.race([
      this.exited!.then(() => true),
      new Promise<boolean>((resolve) => { timer = setTimeout(() => resolve(false), timeoutMs); }),
    ]);
    clearTimeout(timer);
    if (!clean) {
      await worker.terminate(); // last resort
      await this.exited;
    }
    return { cleanExit: clean && this.report !== undefined, ticks: this.report?.ticks ?? 0, expired: this.report?.expired ?? false };
  }
}
