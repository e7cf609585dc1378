import { MessageChannel, type Worker } from 'node:worker_threads';
import { legLayout } from '../config/hedge-legs.js';
import type { ResolvedConfig } from '../config/engine-config.js';
import type { RiskGateConfig } from '../config/config-schema.js';
import { validateConfig } from '../config/validate-config.js';
import { EVENT_SLOT_BYTES } from '../codec/index.js';
import { validateJournalConfig, type JournalConfig } from '../journal/fsync-policy.js';
import type { CpuMapChoice, ResolvedCpuMap } from '../native/index.js';
import { ALL_INSTRUMENTS, UNKNOWN_SYMBOL } from '../risk/codes.js';
import { createRing } from '../ring/index.js';
import { CancelAllInbox, type CancelAllRecord } from './cancel-all-inbox.js';
import { ClockTicker } from './clock-ticker.js';
import { clockEpoch } from './clock-block-layout.js';
import { createControlBlock, STOP_WORD } from './control-block-layout.js';
import { createDecisionLatencyBlock } from './decision-latency-layout.js';
import { Doorbell } from './doorbell.js';
import type { EventLaneChannel, EventLaneOptions } from './event-lane-channel.js';
import { createEventLaneBlock } from './event-lane-layout.js';
import { EventLanePublisher } from './event-lane-publisher.js';
import { FeedSupervisor, type FeedHandle, type FeedLifecycleEvent } from './feed-supervisor.js';
import type { FeedSourceSpec } from './feed-source.js';
import { JOURNAL_RING_CAPACITY } from './journal-slot-layout.js';
import { createJournalStatusBlock } from './journal-status-layout.js';
import { readJournalStatus, type JournalStatus } from './journal-status.js';
import { JournalLiveness } from './journal-liveness.js';
import { JournalThread, type JournalReport } from './journal-thread.js';
import { LaneRegistry } from './lane-registry.js';
import { LaneKind } from './lane-table.js';
import { createLivenessBlock } from './liveness-block-layout.js';
import { readRingOccupancy, type RingStatus } from './ring-occupancy.js';
import type { PlacementReport, RiskThreadMessage } from './risk-thread-data.js';
import { RiskThreadHandle } from './risk-thread-handle.js';
import { RiskGateError, RiskGateErrorCode } from './riskgate-error.js';
import { RISKGATE_DEFAULTS, resolveCpuMap, riskGateOptionProblems, type EngineOptions } from './riskgate-options.js';
import { StateBlockReader, type EngineState } from './state-block-reader.js';
import { stateBlockBytes } from './state-block-layout.js';
import type { StrategyChannel } from './strategy-channel.js';
import { StrategyClient } from './strategy-client.js';

/** A feed to attach: a name, the instruments its events concern, and its pluggable source. */
export interface FeedSpec {
  readonly name: string;
  /** Symbols whose events this feed carries (what a loss or a dead worker marks down). Default: every instrument. */
  readonly instruments?: readonly string[];
  readonly source: FeedSourceSpec;
  /** Slots in this feed's ring (power of two). Default `options.feedRingCapacity`. */
  readonly ringCapacity?: number;
  /**
   * The longest silence of this feed's worker before `/health` reports it failing (ms, integer
   * 10..3600000). Default: the source's own (`FeedSource.heartbeatDeadlineMs`: a live venue
   * feed's keep-alive period), else 2000.
   */
  readonly heartbeatDeadlineMs?: number;
}

export type { CancelAllRecord };

/** What `stop()` reports. */
export interface StopReport {
  readonly events: number;
  readonly requests: number;
  readonly lostEvents: number;
  readonly loops: number;
  readonly parks: number;
  /** True when the risk thread exited by itself (false: it had to be terminated). */
  readonly cleanExit: boolean;
  readonly allocation: Extract<RiskThreadMessage, { type: 'stopped' }>['allocation'];
  /** Slots the risk thread handed to the journal ring. */
  readonly journalRecords: number;
  /**
   * Engine calls not in the journal, whatever the cause: `journalRingLost` (the journal ring was
   * full) + `journalWriteLost` (the file system refused the writes, `journalWriteErrors` times).
   */
  readonly journalLost: number;
  readonly journalRingLost: number;
  readonly journalWriteLost: number;
  readonly journalWriteErrors: number;
  /** The journal thread's report (present when a journal or the control server ran). */
  readonly journal?: JournalReport;
}

/**
 * What a composition root adds around the engine and needs wired in at construction (the
 * control server: src/gate/riskgate.ts). The engine only provides the shared memory; it never
 * learns who reads it.
 */
export interface EngineAttachments {
  /** A request lane for kills from another thread (lane 1, right after the control lane: polled ahead of every strategy). */
  readonly killLane?: boolean;
  /** The decision-latency block (decision-latency-layout.ts) every strategy client records into. */
  readonly latency?: boolean;
  /** Run the journal thread even without a journal file: it relays the decisions (`JournalThread.onDecisions`). */
  readonly decisionFeed?: boolean;
}

/**
 * The threaded engine: the risk thread, the feed workers, the journal thread and the clock
 * ticker, with the rings and blocks between them (docs/architecture.md "Threads"). `RiskGate`
 * (src/gate/riskgate.ts) is this engine plus the control server; an embedding without the
 * server may use either.
 *
 * Threads: the embedding thread (this object, the feed supervisor, the control lane), one risk
 * thread (`risk-thread-main.ts`), one worker per feed. Lane 0 is the control lane: this object
 * is its only producer (kill switch, LANE_DOWN/UP from the supervisor). Event lanes are
 * produced by whichever thread built their `EventLanePublisher`. Nothing here runs on the hot
 * path; the objects it returns (`StrategyClient`, `FeedSink`, `EventLanePublisher`) do.
 */
export class ThreadedEngine {
  readonly config: ResolvedConfig;
  readonly symbols: readonly string[];
  /** The CPU map every thread pins with, the source it came from, and what became of the other sources. */
  readonly cpuMapChoice: CpuMapChoice;
  protected readonly cpuMap: ResolvedCpuMap | undefined;
  protected readonly control = createControlBlock();
  /** Where the journal thread and the feed workers prove they are alive (liveness-block-layout.ts). */
  protected readonly liveness = createLivenessBlock();
  /** Decision latencies the strategy clients record (decision-latency-layout.ts), when attached. */
  protected readonly latencyBuffer: SharedArrayBuffer | null;
  /** The kill lane's channel (`EngineAttachments.killLane`). */
  protected readonly killChannel: StrategyChannel | undefined;
  /** The journal thread, after `start()` when a journal or the decision feed is configured. */
  protected journalThread: JournalThread | undefined;
  private readonly options: EngineOptions;
  private readonly bell: Doorbell;
  private readonly stateReader: StateBlockReader;
  private readonly stateBuffer: SharedArrayBuffer;
  private readonly cancelAlls: CancelAllInbox;
  private readonly lanes: LaneRegistry;
  private readonly controlClient: StrategyClient;
  private readonly supervisor: FeedSupervisor;
  /** The journal ring (journal-slot-layout.ts), when a journal or the decision feed is configured. */
  private readonly journalBuffer: SharedArrayBuffer | null;
  private readonly journalConfig: JournalConfig | undefined;
  /** The journal thread's status block (journal-status-layout.ts). */
  private readonly journalStatusBuffer = createJournalStatusBlock();
  private riskThread: RiskThreadHandle | undefined;
  /** 'system' clock: the ticker thread keeping the risk thread's wall clock (started before it, stopped after it). */
  private ticker: ClockTicker | undefined;
  private phase: 'new' | 'starting' | 'running' | 'stopping' | 'stopped' = 'new';

  /** `config` is validated (`validateConfig`) unless already resolved; throws `ConfigError` / `RiskGateError`. */
  constructor(config: RiskGateConfig | ResolvedConfig, options: EngineOptions = {}, attachments: EngineAttachments = {}) {
    const problems = riskGateOptionProblems(options);
    if (problems.length > 0) throw new RiskGateError(RiskGateErrorCode.OPTIONS, problems.join('; '));
    this.options = options;
    this.config = isResolved(config) ? config : validateConfig(config);
    this.symbols = legLayout(this.config.instruments).symbols; // hedge instruments' short legs after the configured ones
    this.bell = new Doorbell(this.control);
    const strategyNames = (this.config.strategies ?? []).map((s) => s.name);
    this.stateBuffer = new SharedArrayBuffer(stateBlockBytes(this.symbols.length, strategyNames.length));
    this.stateReader = new StateBlockReader(this.stateBuffer, this.symbols, strategyNames);
    this.cancelAlls = new CancelAllInbox(
      createRing({ capacity: options.cancelAllRingCapacity ?? RISKGATE_DEFAULTS.cancelAllRingCapacity, slotSize: EVENT_SLOT_BYTES }), this.symbols,
    );
    this.cpuMapChoice = resolveCpuMap(options.cpuMap, this.config.cpuMap);
    this.cpuMap = this.cpuMapChoice.map;
    if (options.journal !== undefined) {
      const { path: _path, ...section } = options.journal;
      this.journalConfig = validateJournalConfig(section, 'options.journal');
    }
    this.latencyBuffer = attachments.latency === true ? createDecisionLatencyBlock() : null;
    this.journalBuffer = options.journal === undefined && attachments.decisionFeed !== true ? null
      : createRing({ capacity: options.journalRingCapacity ?? JOURNAL_RING_CAPACITY, slotSize: EVENT_SLOT_BYTES });
    this.lanes = new LaneRegistry(this.control, this.bell, this.symbols, {
      feed: options.feedRingCapacity ?? RISKGATE_DEFAULTS.feedRingCapacity,
      strategy: options.strategyRingCapacity ?? RISKGATE_DEFAULTS.strategyRingCapacity,
    });
    this.controlClient = new StrategyClient(this.lanes.addRequestLane('control', LaneKind.CONTROL, this.latencyBuffer));
    // Lane 1, right after the control lane: polled ahead of every strategy in each pass.
    this.killChannel = attachments.killLane === true ? this.lanes.addRequestLane('control-server', LaneKind.KILL, this.latencyBuffer) : undefined;
    this.supervisor = new FeedSupervisor(this.control, (lane, up) => this.writeLaneStatus(lane, up), options.supervisor, this.cpuMap, this.liveness);
  }

  /**
   * Starts the journal thread, the clock ticker and the risk thread, in that order, and resolves
   * once the risk thread is READY (pinned or not: see `placement`). A part that fails stops the
   * ones started before it, newest first, and the engine is stopped.
   */
  async start(): Promise<void> {
    if (this.phase !== 'new') throw new RiskGateError(RiskGateErrorCode.STATE, `start() called when ${this.phase}`);
    this.phase = 'starting';
    const timeoutMs = this.startTimeoutMs;
    const started: (() => Promise<unknown>)[] = [];
    try {
      if (this.journalBuffer !== null) {
        this.journalThread = await this.startJournal(this.journalBuffer, timeoutMs);
        started.push(() => this.journalThread!.stop(timeoutMs));
      }
      if ((this.options.clock ?? RISKGATE_DEFAULTS.clock) === 'system') {
        this.ticker = await this.startTicker(timeoutMs);
        started.push(() => this.ticker!.stop(timeoutMs));
      }
      this.riskThread = await this.startRiskThread(timeoutMs);
    } catch (e) {
      for (const stop of started.reverse()) await stop();
      this.enterStopped();
      throw e;
    }
    this.phase = 'running';
  }

  private async startJournal(ring: SharedArrayBuffer, timeoutMs: number): Promise<JournalThread> {
    const t = await JournalThread.start({
      ring,
      symbols: this.symbols,
      path: this.options.journal?.path ?? null,
      configJson: JSON.stringify(this.config),
      journal: this.journalConfig ?? validateJournalConfig(undefined),
      pollMs: 1,
      liveness: this.liveness,
      status: this.journalStatusBuffer,
    }, timeoutMs);
    JournalLiveness.markPresent(this.liveness);
    return t;
  }

  /**
   * Engine time now (ms since the engine's clock epoch, the time base of every engine-time field:
   * a snapshot's `asOf`), read from the wall clock on the calling thread; NaN before `start()` or
   * with the `slots` clock.
   */
  engineTimeMs(): number {
    const block = this.ticker?.block;
    return block === undefined ? Number.NaN : Date.now() - clockEpoch(block);
  }

  private async startTicker(timeoutMs: number): Promise<ClockTicker> {
    const ticker = new ClockTicker(Date.now(), this.options.clockTickUs ?? RISKGATE_DEFAULTS.clockTickUs, this.cpuMap?.clock);
    try {
      await ticker.start(timeoutMs);
    } catch (e) {
      throw new RiskGateError(RiskGateErrorCode.START, `clock ticker failed: ${(e as Error).message}`);
    }
    return ticker;
  }

  /** Spawns the risk thread with the lanes so far; lanes added from here on are posted to it. */
  private async startRiskThread(timeoutMs: number): Promise<RiskThreadHandle> {
    const o = this.options;
    const channel = new MessageChannel();
    const data = {
      config: this.config,
      control: this.control,
      state: this.stateBuffer,
      cancelAlls: this.cancelAlls.buffer,
      journal: this.journalBuffer,
      journalStatus: this.journalStatusBuffer,
      journalHalt: o.journal !== undefined && (this.journalConfig?.onFailure ?? 'halt') === 'halt',
      lanes: this.lanes.specs,
      liveness: this.liveness,
      clock: o.clock ?? RISKGATE_DEFAULTS.clock,
      clockBlock: this.ticker?.block ?? null,
      idle: {
        strategy: o.idle ?? RISKGATE_DEFAULTS.idle,
        spins: o.spins ?? RISKGATE_DEFAULTS.spins,
        parkTimeoutMs: o.parkTimeoutMs ?? RISKGATE_DEFAULTS.parkTimeoutMs,
      },
      cpu: this.cpuMap?.risk,
      cpuMap: this.cpuMap,
      allocationProbe: o.allocationProbe,
      attachPort: channel.port2,
    };
    const pending = RiskThreadHandle.start(data, [channel.port2], timeoutMs);
    // The lanes so far were cloned into the thread's data: every later one goes to the port.
    this.lanes.goLive(channel.port1);
    return pending;
  }

  /** Why the risk thread died, when it did without a stop request. */
  get crashed(): string | undefined {
    return this.riskThread?.crashed;
  }

  /** Where the risk thread runs (after `start()`). */
  get placement(): PlacementReport | undefined {
    return this.riskThread?.placement;
  }

  /** Where the clock ticker thread runs (after `start()` with the 'system' clock; undefined with 'slots'). */
  get clockPlacement(): PlacementReport | undefined {
    return this.ticker?.placement;
  }

  /**
   * Wall-clock ms (Unix epoch) of engine time 0 with the 'system' clock (after `start()`): engine
   * time `t` happened at `clockEpochMs + t`. Undefined with 'slots', where engine time is
   * whatever the slots carry (a replay's, a scenario's).
   */
  get clockEpochMs(): number | undefined {
    return this.ticker === undefined ? undefined : clockEpoch(this.ticker.block);
  }

  /**
   * Occupancy and full-ring losses of every ring between threads (for `/metrics`): each lane's
   * input ring and decision ring, and the cancel-all ring. Never touches a slot. Cold.
   */
  ringStatus(): RingStatus[] {
    return [...this.lanes.ringStatus(), readRingOccupancy('cancel-alls', this.cancelAlls.buffer)];
  }

  /**
   * Attaches a feed: a ring, a lane in the risk thread, and a supervised feed-handler worker
   * running `spec.source`. Before `start()` the lane is part of the risk thread's start-up.
   */
  attachFeed(spec: FeedSpec): FeedHandle {
    this.assertOpen();
    this.lanes.assertEventSourceName('feed', spec.name);
    const instruments = this.lanes.instrumentIndices(`feed ${spec.name}`, spec.instruments);
    const ring = this.lanes.eventRing(spec.ringCapacity);
    const deadline = spec.heartbeatDeadlineMs;
    if (deadline !== undefined && !(Number.isSafeInteger(deadline) && deadline >= 10 && deadline <= 3_600_000)) {
      throw new RiskGateError(RiskGateErrorCode.OPTIONS, `feed ${spec.name}: heartbeatDeadlineMs must be an integer from 10 to 3600000`);
    }
    const lane = this.lanes.add({ kind: LaneKind.FEED, name: spec.name, input: ring, decisions: null, instruments });
    return this.supervisor.start(spec.name, lane, ring, spec.source, deadline);
  }

  /**
   * A new event lane: a ring for events the embedding learns on one of its own threads
   * (order-entry outcomes, REST snapshots, drop-copy fills), consumed by the risk thread exactly
   * as a feed's ring (same ordering, same full-ring rule, shown in `ringStatus()` as
   * `${name}:input`, its losses in `state().lostEvents` / `lanesDown`). Post the channel to the
   * thread that will publish and build ONE `EventLanePublisher` on it there, or use
   * `openEventLane` on this thread. Names are shared with feeds: a collision throws
   * `RiskGateError` OPTIONS. Before `start()` the lane is part of the risk thread's start-up.
   */
  createEventLane(name: string, options: EventLaneOptions = {}): EventLaneChannel {
    this.assertOpen();
    this.lanes.assertEventSourceName('event lane', name);
    const instruments = this.lanes.instrumentIndices(`event lane ${name}`, options.instruments);
    const ring = this.lanes.eventRing(options.ringCapacity);
    const lane = this.lanes.add({ kind: LaneKind.FEED, name, input: ring, decisions: null, instruments });
    return { name, lane, ring, control: this.control, owner: createEventLaneBlock() };
  }

  /**
   * Supervises the worker that publishes into an event lane, as feed workers are supervised:
   * when `publisher` exits while the engine has not been stopped (a crash, `process.exit`,
   * `terminate()`, or simply the end of its work), the lane is marked down at once (LANE_DOWN on
   * the control lane, the hold a dead feed worker gets): its instruments deny risk-increasing
   * orders FEED_STALE, `state().lanesDown` counts it, and `feedEvents` records
   * `{ feed: <lane name>, kind: 'exit' }`. The hold stays: events the dead thread learned but
   * never published are gone, and a lane has one publisher for life (its owner word is never
   * released), so there is no next incarnation to release it as a feed's has. Call it right
   * after constructing the worker, with the channel posted to it. Throws `RiskGateError`
   * OPTIONS for a channel that is not an event lane of this engine, STATE once stopping.
   */
  superviseEventLane(channel: EventLaneChannel, publisher: Worker): void {
    this.assertOpen();
    const spec = this.lanes.specs[channel.lane];
    if (spec === undefined || spec.kind !== LaneKind.FEED || spec.name !== channel.name || spec.input !== channel.ring) {
      throw new RiskGateError(RiskGateErrorCode.OPTIONS, `superviseEventLane: ${channel.name} is not an event lane of this engine`);
    }
    publisher.once('exit', (code: number) => {
      if (this.phase === 'stopping' || this.phase === 'stopped') return;
      this.supervisor.record({ feed: channel.name, kind: 'exit', detail: `event lane publisher exited with code ${code}: lane held down` });
      this.writeLaneStatus(channel.lane, false);
    });
  }

  /** An event lane published from this thread (`createEventLane` + its publisher, here). */
  openEventLane(name: string, options?: EventLaneOptions): EventLanePublisher {
    return new EventLanePublisher(this.createEventLane(name, options));
  }

  /**
   * A new strategy lane (request ring + decision ring). Post the channel to the strategy's
   * worker and build one `StrategyClient` on it there (or here with `client()`). A `name` the
   * config's `strategies` declares gives the channel that strategy's index: its orders are held
   * to the strategy's own limits as well as the instruments'.
   */
  createStrategy(name: string): StrategyChannel {
    this.assertOpen();
    const strategy = (this.config.strategies ?? []).findIndex((s) => s.name === name);
    return { ...this.lanes.addRequestLane(name, LaneKind.STRATEGY, this.latencyBuffer), strategy };
  }

  /** A client on this thread for a channel from `createStrategy`. */
  client(channel: StrategyChannel): StrategyClient {
    return new StrategyClient(channel);
  }

  /**
   * The kill switch from the embedding thread: `KillMode`, for one symbol or every instrument.
   * The request is in the control lane's ring when this returns (the risk thread applies it on
   * its next poll, ahead of every strategy's requests): a strategy loop that runs on right after
   * the call, without awaiting, already meets it. The promise gives the risk thread's answer
   * (`DenyReason.APPROVED`: applied), or a negative `StrategyStatus` when the ring stayed full
   * or no answer came (the kill is then not known to be applied: check `state()`).
   */
  kill(mode: number, symbol?: string): Promise<number> {
    const inst = symbol === undefined ? ALL_INSTRUMENTS : this.symbols.indexOf(symbol);
    return this.controlClient.killAsync(mode, inst < 0 && symbol !== undefined ? UNKNOWN_SYMBOL : inst);
  }

  /**
   * The risk thread's last published state (consistent copy), or undefined if every read raced a
   * publish; with a journal file, `journal` says whether it is writing (`journalStatus()`).
   */
  state(): EngineState | undefined {
    const s = this.stateReader.read();
    const journal = this.journalStatus();
    return s === undefined || journal === undefined ? s : { ...s, journal };
  }

  /**
   * The journal file's health (undefined without one): whether the file system takes its writes,
   * what refused writes and a full journal ring cost, the `onFailure` policy. Read from the
   * journal thread's status block (journal-status-layout.ts) and the state block; never waits.
   */
  journalStatus(): JournalStatus | undefined {
    if (this.options.journal === undefined) return undefined;
    return readJournalStatus(this.journalStatusBuffer, this.journalConfig?.onFailure ?? 'halt', this.stateReader.read()?.journalLost ?? 0,
      this.journalThread?.lastWriteError ?? null);
  }

  /** Cancel-alls emitted since the last call, oldest first. */
  takeCancelAlls(): CancelAllRecord[] {
    return this.cancelAlls.take();
  }

  /** The feed supervisor's record of worker lifecycles. */
  get feedEvents(): readonly FeedLifecycleEvent[] {
    return this.supervisor.events;
  }

  get feeds(): readonly FeedHandle[] {
    return this.supervisor.handles;
  }

  /** Resolves when the named feed reaches one of `states`. */
  waitForFeed(name: string, states: readonly FeedHandle['state'][], timeoutMs?: number): Promise<FeedHandle> {
    return this.supervisor.waitFor(name, states, timeoutMs);
  }

  /** Sets a handler for feed lifecycle events. */
  onFeedEvent(handler: (e: FeedLifecycleEvent) => void): void {
    this.supervisor.onEvent = handler;
  }

  /** Ms to wait for each thread's READY (`options.startTimeoutMs`). */
  protected get startTimeoutMs(): number {
    return this.options.startTimeoutMs ?? RISKGATE_DEFAULTS.startTimeoutMs;
  }

  /** True from the first `stop()` on. */
  protected get stopping(): boolean {
    return this.phase === 'stopping' || this.phase === 'stopped';
  }

  /**
   * Stops cleanly: stops every feed worker (joined), asks the risk thread to drain every ring
   * and exit, joins it (`terminate()` only if it did not exit within `stopTimeoutMs`), and
   * closes every handle so the process can exit by itself. Strategies should have stopped
   * submitting: requests published before the stop request are still answered. Event lanes
   * hold no handle: every event a publisher got `ACCEPTED` for is applied by the drain, and
   * from the stop request on its calls return `ENGINE_STOPPED` (event-lane-publisher.ts).
   */
  async stop(): Promise<StopReport> {
    if (this.phase === 'new') {
      await this.supervisor.stopAll();
      this.enterStopped();
      return {
        events: 0, requests: 0, lostEvents: 0, loops: 0, parks: 0, cleanExit: true, allocation: undefined, journalRecords: 0, journalLost: 0,
        journalRingLost: 0, journalWriteLost: 0, journalWriteErrors: 0,
      };
    }
    if (this.phase !== 'running') throw new RiskGateError(RiskGateErrorCode.STATE, `stop() called when ${this.phase}`);
    this.phase = 'stopping';
    await this.beforeStop();
    await this.supervisor.stopAll();
    Atomics.store(new Int32Array(this.control), STOP_WORD, 1); // request stop
    this.bell.ring(); // wake the risk thread
    const timeoutMs = this.options.stopTimeoutMs ?? RISKGATE_DEFAULTS.stopTimeoutMs;
    const { clean, report } = await this.riskThread!.join(timeoutMs);
    await this.ticker?.stop(timeoutMs); // after the risk thread's drain, which reads the clock
    // The risk thread is gone: the journal ring holds everything it will ever write.
    const journal = await this.journalThread?.stop(timeoutMs);
    this.cancelAlls.drain();
    this.lanes.close();
    this.phase = 'stopped';
    return {
      events: report?.events ?? 0,
      requests: report?.requests ?? 0,
      lostEvents: report?.lostEvents ?? 0,
      loops: report?.loops ?? 0,
      parks: report?.parks ?? 0,
      cleanExit: clean,
      allocation: report?.allocation,
      journalRecords: report?.journalRecords ?? 0,
      journalLost: (report?.journalLost ?? 0) + (journal?.writeLost ?? 0),
      journalRingLost: report?.journalLost ?? 0,
      journalWriteLost: journal?.writeLost ?? 0,
      journalWriteErrors: journal?.writeErrors ?? 0,
      ...(journal !== undefined ? { journal } : {}),
    };
  }

  /** What a composition root stops first, once `stop()` is committed (the engine still runs). */
  protected async beforeStop(): Promise<void> {}

  private assertOpen(): void {
    if (this.stopping) throw new RiskGateError(RiskGateErrorCode.STATE, `the engine is ${this.phase}`);
  }

  /**
   * The stopped phase without a running risk thread (never started, or failed to start). The
   * stop word tells every event-lane publisher: they return ENGINE_STOPPED instead of
   * publishing into a ring nobody will read.
   */
  private enterStopped(): void {
    Atomics.store(new Int32Array(this.control), STOP_WORD, 1); // request stop: publishers see it
    this.phase = 'stopped';
  }

  private writeLaneStatus(lane: number, up: boolean): void {
    const deadline = Date.now() + 1000;
    while (this.controlClient.submitLaneStatus(lane, up) < 0) {
      if (Date.now() > deadline) throw new RiskGateError(RiskGateErrorCode.CONTROL_RING_FULL, `control ring full: cannot mark lane ${lane} ${up ? 'up' : 'down'}`);
    }
  }
}

function isResolved(c: unknown): c is ResolvedConfig {
  const r = c as ResolvedConfig | null;
  return typeof r === 'object' && r !== null && Array.isArray(r.instruments) && typeof r.capacity === 'object' && r.capacity !== null
    && typeof r.capacity.maxOrders === 'number' && r.instruments.every((i) => typeof i.unconfirmed === 'object');
}
