import { Worker } from 'node:worker_threads';
import { feedCpus, type CpuMap } from '../native/index.js';
import type { FeedSourceSpec } from './feed-source.js';
import type { FeedWorkerData, FeedWorkerMessage } from './feed-worker-data.js';
import { DEFAULT_FEED_DEADLINE_MS, registerFeedLiveness } from './feed-beat.js';
import { createLivenessBlock } from './liveness-block-layout.js';

/** Restart and handshake policy of the feed supervisor. */
export interface SupervisorOptions {
  /**
   * A worker that has not posted READY within this many ms is terminated and reported (never
   * respawned). Default 30000: a worker thread loads its venue's modules before READY, which on a
   * host whose cores are oversubscribed took more than 5 s; a feed failed at start stays failed.
   */
  readonly readyTimeoutMs?: number;
  /** First restart delay after a READY worker dies (ms); doubles per consecutive restart. Default 50. */
  readonly backoffMs?: number;
  /** Longest restart delay (ms). Default 2000. */
  readonly maxBackoffMs?: number;
  /** Restarts of one feed before the supervisor gives up on it. Default 5. */
  readonly maxRestarts?: number;
  /** How long `stopAll` waits for a worker to exit after the stop command before terminating it (ms). Default 2000. */
  readonly stopTimeoutMs?: number;
}

export const SUPERVISOR_DEFAULTS = Object.freeze({ readyTimeoutMs: 30_000, backoffMs: 50, maxBackoffMs: 2000, maxRestarts: 5, stopTimeoutMs: 2000 });

export type FeedState = 'starting' | 'ready' | 'restarting' | 'done' | 'failed' | 'stopped';

/** Something that happened to a feed worker; kept in order in `FeedSupervisor.events`. */
export interface FeedLifecycleEvent {
  readonly feed: string;
  readonly kind: 'spawn' | 'ready' | 'done' | 'error' | 'exit' | 'start-failed' | 'restart' | 'gave-up' | 'stopped';
  readonly detail?: string;
}

/** A supervised feed: its lane, ring and current worker. */
export interface FeedHandle {
  readonly name: string;
  readonly lane: number;
  readonly ring: SharedArrayBuffer;
  readonly state: FeedState;
  readonly restarts: number;
  /** Whether the supervisor currently holds the lane down (worker dead). */
  readonly markedDown: boolean;
  /** Where the current worker runs (after its READY): pinned CPUs, or why it is not pinned. */
  readonly placement: { readonly pinned: boolean; readonly cpus?: readonly number[]; readonly reason?: string } | undefined;
}

interface Feed extends FeedHandle {
  state: FeedState;
  placement: FeedHandle['placement'];
  restarts: number;
  markedDown: boolean;
  readonly source: FeedSourceSpec;
  readonly deadlineFromSpec: boolean;
  worker: Worker | undefined;
  readyTimer: NodeJS.Timeout | undefined;
  restartTimer: NodeJS.Timeout | undefined;
  /** Whether the current incarnation posted READY. */
  readySeen: boolean;
  exited: Promise<void> | undefined;
}

const FEED_WORKER = new URL('./feed-worker-main.js', import.meta.url);

/**
 * Supervises feed-handler workers the way piscina supervises its pool: a worker is trusted only
 * after its READY message; every worker has `error` and `exit` handlers; a READY worker that
 * dies is restarted with exponential back-off (up to `maxRestarts`); a worker that dies (or
 * stays silent past `readyTimeoutMs`) before READY is reported and NOT respawned, so a feed
 * that cannot start never loops. A dead worker's lane is marked down at once through
 * `markLane(lane, false)` (a LANE_DOWN slot on the control ring); a restarted worker releases
 * it itself with a LANE_UP as the first slot of its ring. Runs on the embedding thread; every callback is off the hot path.
 */
export class FeedSupervisor {
  readonly events: FeedLifecycleEvent[] = [];
  onEvent: ((e: FeedLifecycleEvent) => void) | undefined;
  private readonly feeds: Feed[] = [];
  private readonly opts: Required<SupervisorOptions>;
  private stopping = false;

  constructor(
    private readonly control: SharedArrayBuffer,
    private readonly markLane: (lane: number, up: boolean) => void,
    options: SupervisorOptions = {},
    /** Where feed workers pin themselves (`feedCpus`: a named feed's own CPU, else the feeds list); undefined: unpinned. */
    private readonly cpuMap: CpuMap | undefined = undefined,
    /** Where feed workers beat (liveness-block-layout.ts), read by the control server's `/health`. */
    private readonly liveness: SharedArrayBuffer = createLivenessBlock(),
  ) {
    this.opts = { ...SUPERVISOR_DEFAULTS, ...options };
  }

  /**
   * Starts a worker for a feed on `lane` producing into `ring`. `deadlineMs`: the silence its
   * worker may keep (undefined: the source's own, else `DEFAULT_FEED_DEADLINE_MS`).
   */
  start(name: string, lane: number, ring: SharedArrayBuffer, source: FeedSourceSpec, deadlineMs?: number): FeedHandle {
    registerFeedLiveness(this.liveness, lane, name, deadlineMs ?? DEFAULT_FEED_DEADLINE_MS);
    const feed: Feed = {
      name, lane, ring, source, deadlineFromSpec: deadlineMs !== undefined, state: 'starting', restarts: 0, markedDown: false,
      worker: undefined, readyTimer: undefined, restartTimer: undefined, readySeen: false, exited: undefined, placement: undefined,
    };
    this.feeds.push(feed);
    this.spawn(feed);
    return feed;
  }

  /** Every feed handle, in start order. */
  get handles(): readonly FeedHandle[] {
    return this.feeds;
  }

  /** Resolves when `feed` reaches one of `states` (or rejects after `timeoutMs`). */
  async waitFor(name: string, states: readonly FeedState[], timeoutMs = 5000): Promise<FeedHandle> {
    const feed = this.feeds.find((f) => f.name === name);
    if (feed === undefined) throw new Error(`no feed named ${name}`);
    const deadline = Date.now() + timeoutMs;
    while (!states.includes(feed.state)) {
      if (Date.now() > deadline) throw new Error(`feed ${name} is ${feed.state}, not ${states.join('/')}, after ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    return feed;
  }

  /** Asks every worker to stop, waits for each exit (terminating laggards), cancels pending restarts. */
  async stopAll(): Promise<void> {
    this.stopping = true;
    const waits: Promise<void>[] = [];
    for (const f of this.feeds) {
      if (f.restartTimer !== undefined) clearTimeout(f.restartTimer);
      if (f.readyTimer !== undefined) clearTimeout(f.readyTimer);
      const w = f.worker;
      if (w === undefined || f.exited === undefined) continue;
      w.postMessage({ type: 'stop' });
      const exited = f.exited;
      waits.push((async () => {
        let timer: NodeJS.Timeout | undefined;
        const timedOut = await Promise.race([
          exited.then(() => false),
          new Promise<boolean>((resolve) => { timer = setTimeout(() => resolve(true), this.opts.stopTimeoutMs); }),
        ]);
        clearTimeout(timer);
        if (timedOut) {
          this.emit(f, 'stopped', 'did not exit after the stop command: terminated');
          await w.terminate(); // last resort
        }
      })());
    }
    await Promise.all(waits);
  }

  private emit(f: Feed, kind: FeedLifecycleEvent['kind'], detail?: string): void {
    this.record(detail === undefined ? { feed: f.name, kind } : { feed: f.name, kind, detail });
  }

  /** Appends `e` to the record and tells `onEvent` (also for event-lane publishers the engine watches). */
  record(e: FeedLifecycleEvent): void {
    this.events.push(e);
    this.onEvent?.(e);
  }

  private markDown(f: Feed): void {
    if (f.markedDown) return;
    f.markedDown = true;
    this.markLane(f.lane, false);
  }

  private spawn(f: Feed): void {
    const data: FeedWorkerData = {
      name: f.name, ring: f.ring, control: this.control, source: f.source, cpus: this.cpuMap === undefined ? undefined : feedCpus(this.cpuMap, f.name),
      liveness: this.liveness, lane: f.lane, deadlineFromSpec: f.deadlineFromSpec,
    };
    const worker = new Worker(FEED_WORKER, { workerData: data });
    f.worker = worker;
    f.readySeen = false;
    f.state = f.restarts === 0 ? 'starting' : 'restarting';
    this.emit(f, 'spawn');
    f.readyTimer = setTimeout(() => {
      f.readyTimer = undefined;
      if (f.readySeen || f.worker !== worker) return;
      this.emit(f, 'start-failed', `no READY within ${this.opts.readyTimeoutMs} ms`);
      f.state = 'failed';
      this.markDown(f);
      void worker.terminate();
    }, this.opts.readyTimeoutMs);
    f.exited = new Promise<void>((resolve) => {
      worker.on('message', (m: FeedWorkerMessage) => {
        if (m.type === 'ready') {
          f.readySeen = true;
          if (f.readyTimer !== undefined) clearTimeout(f.readyTimer);
          f.readyTimer = undefined;
          f.state = 'ready';
          f.placement = m.pinned ? { pinned: true, ...(m.cpus !== undefined ? { cpus: m.cpus } : {}) } : { pinned: false, ...(m.reason !== undefined ? { reason: m.reason } : {}) };
          this.emit(f, 'ready', m.pinned ? 'pinned' : m.reason);
          // The worker already published LANE_UP into its own ring (ahead of its events).
          f.markedDown = false;
        } else if (m.type === 'done') {
          f.state = 'done';
          this.emit(f, 'done', `drops ${m.drops}`);
        }
      });
      worker.on('error', (err: Error) => {
        this.emit(f, 'error', err.message);
      });
      worker.on('exit', (code: number) => {
        resolve();
        if (f.readyTimer !== undefined) clearTimeout(f.readyTimer);
        f.readyTimer = undefined;
        if (f.worker !== worker) return;
        f.worker = undefined;
        this.emit(f, 'exit', `code ${code}`);
        if (this.stopping) {
          if (f.state !== 'done' && f.state !== 'failed') f.state = 'stopped';
          return;
        }
        if (f.state === 'done' || f.state === 'failed') return;
        this.markDown(f);
        if (!f.readySeen) {
          // Died during start-up: report, never respawn (no respawn loop).
          f.state = 'failed';
          this.emit(f, 'start-failed', `exited with code ${code} before READY`);
          return;
        }
        if (f.restarts >= this.opts.maxRestarts) {
          f.state = 'failed';
          this.emit(f, 'gave-up', `${f.restarts} restarts`);
          return;
        }
        const delay = Math.min(this.opts.maxBackoffMs, this.opts.backoffMs * 2 ** f.restarts);
        f.restarts++;
        f.state = 'restarting';
        this.emit(f, 'restart', `in ${delay} ms (restart ${f.restarts})`);
        f.restartTimer = setTimeout(() => {
          f.restartTimer = undefined;
          if (!this.stopping) this.spawn(f);
        }, delay);
      });
    });
  }
}
