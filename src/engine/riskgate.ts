import { MessageChannel, Worker, type MessagePort } from 'node:worker_threads';
import { CAPACITY_OFFSET, DROPS_OFFSET, HEAD_OFFSET, HEADER_BYTES, TAIL_OFFSET } from '../ring/spsc-ring-layout.js';
import type { FirmExposure, JournalStatus, RingStatus } from '../control/state-source.js';
import { createJournalStatusBlock, FAILING_WORD, UNMARKED_DWORD, WRITE_ERRORS_DWORD, WRITE_LOST_DWORD } from './journal-status-layout.js';
import type { ResolvedConfig } from '../config/engine-config.js';
import { ALL_INSTRUMENTS, UNKNOWN_SYMBOL } from '../risk/codes.js';
import type { RiskGateConfig } from '../config/config-schema.js';
import { validateConfig } from '../config/validate-config.js';
import { EVENT_SLOT_BYTES, decodeCancelAll, type CancelAllFields } from '../codec/index.js';
import type { CpuMapChoice, ResolvedCpuMap } from '../native/index.js';
import { validateJournalConfig, type JournalConfig } from '../journal/fsync-policy.js';
import { validateControlConfig, type ControlConfig } from '../control/control-config.js';
import { startControlServerThread, type ControlServerThread } from '../control/control-server-thread.js';
import { RiskGateStateSource } from '../control/riskgate-state-source.js';
import { JOURNAL_RING_CAPACITY } from './journal-slot-layout.js';
import { JournalThread, type JournalReport } from './journal-thread.js';
import { JournalLiveness } from './journal-liveness.js';
import { createLivenessBlock } from './liveness-block-layout.js';
import { RingConsumer, createRing } from '../ring/index.js';
import { ClockTicker } from './clock-ticker.js';
import type { ClockThreadData } from './clock-ticker-data.js';
import { createControlBlock, LANES_VERSION_WORD, STOP_WORD } from './control-block-layout.js';
import { createDecisionLatencyBlock } from './decision-latency-layout.js';
import { Doorbell } from './doorbell.js';
import type { EventLaneChannel, EventLaneOptions } from './event-lane-channel.js';
import { createEventLaneBlock } from './event-lane-layout.js';
import { EventLanePublisher } from './event-lane-publisher.js';
import { FeedSupervisor, type FeedHandle, type FeedLifecycleEvent } from './feed-supervisor.js';
import type { FeedSourceSpec } from './feed-source.js';
import { LaneKind, MAX_LANES } from './lane-table.js';
import type { LaneSpec, PlacementReport, RiskThreadData, RiskThreadMessage } from './risk-thread-data.js';
import { RiskGateError, RiskGateErrorCode } from './riskgate-error.js';
import { RISKGATE_DEFAULTS, resolveCpuMap, riskGateOptionProblems, type RiskGateOptions } from './riskgate-options.js';
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

/** A cancel-all request the risk thread emitted (kill switch halt, flip-flop trip). */
export interface CancelAllRecord {
  /** Instrument index, or -1 for every instrument. */
  readonly inst: number;
  /** The symbol, or '*' for every instrument. */
  readonly symbol: string;
  /** `order` of the slot whose application queued it (-1 in arrival-order use). */
  readonly order: number;
  readonly at: number;
}

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

const RISK_THREAD = new URL('./risk-thread-main.js', import.meta.url);

/**
 * The threaded engine, as an application embeds it (docs/architecture.md "Threads"):
 *
 * ```ts
 * const gate = new RiskGate(configJson, { idle: 'park' });
 * await gate.start();                                  // risk thread up, pinned if configured
 * gate.attachFeed({ name: 'bybit', source: { module, options } });
 * const lane = gate.openEventLane('gateway');          // events this thread learns (order entry, REST)
 * const channel = gate.createStrategy('mm');          // post to a strategy worker, or:
 * const client = new StrategyClient(channel);          // client.decideOrder(...) / orderAsync(...)
 * await gate.kill(KillMode.HALT);                      // kill switch (all instruments)
 * gate.state();                                        // positions interval, exposure, counters
 * await gate.stop();                                   // drain, join every thread
 * ```
 *
 * Threads: the embedding thread (this object, the feed supervisor, the control lane), one risk
 * thread (`risk-thread-main.ts`), one worker per feed. Lane 0 is the control lane: this object
 * is its only producer (kill switch, LANE_DOWN/UP from the supervisor). Event lanes are
 * produced by whichever thread built their `EventLanePublisher`. Nothing here runs on the hot
 * path; the objects it returns (`StrategyClient`, `FeedSink`, `EventLanePublisher`) do.
 */
export class RiskGate {
  readonly config: ResolvedConfig;
  readonly symbols: readonly string[];
  private readonly options: RiskGateOptions;
  private readonly control = createControlBlock();
  private readonly controlI32: Int32Array;
  private readonly bell: Doorbell;
  private readonly stateBuffer: SharedArrayBuffer;
  private readonly stateReader: StateBlockReader;
  private readonly cancelAllBuffer: SharedArrayBuffer;
  private readonly cancelAllRing: RingConsumer;
  private readonly cancelAllOut: CancelAllFields = { tag: 0, inst: 0, arg: 0, order: 0, at: 0 };
  private readonly cancelAllsSeen: CancelAllRecord[] = [];
  private readonly lanes: LaneSpec[] = [];
  private readonly controlClient: StrategyClient;
  private readonly supervisor: FeedSupervisor;
  private readonly cpuMap: ResolvedCpuMap | undefined;
  /** The journal ring (journal-slot-layout.ts), when a journal or the control server is configured. */
  private readonly journalBuffer: SharedArrayBuffer | null;
  private readonly journalConfig: JournalConfig | undefined;
  /** Held in a private field: it carries the control token, which `console.log(gate)` must never show. */
  readonly #controlConfig: ControlConfig | undefined;
  /** The control server's own kill ring (a lane polled ahead of every strategy's), when `options.control`. */
  private readonly killChannel: StrategyChannel | undefined;
  /** Where the journal thread and the feed workers prove they are alive (liveness-block-layout.ts). */
  private readonly liveness = createLivenessBlock();
  /** The journal thread's status block (journal-status-layout.ts). */
  private readonly journalStatusBuffer = createJournalStatusBlock();
  private readonly journalStatusI32 = new Int32Array(this.journalStatusBuffer);
  private readonly journalStatusF64 = new Float64Array(this.journalStatusBuffer);
  /** Decision latencies the strategy clients record (decision-latency-layout.ts), when the control server shows them. */
  private readonly latencyBuffer: SharedArrayBuffer | null;
  private journalThread: JournalThread | undefined;
  /** The control server's `StateSource` (when `options.control`): state block + decision feed. */
  stateSource: RiskGateStateSource | undefined;
  /** The running control server (after `start()`, when `options.control`). */
  controlServer: ControlServerThread | undefined;
  private worker: Worker | undefined;
  /** 'system' clock: the ticker thread keeping the risk thread's wall clock (started before it, stopped after it). */
  private ticker: ClockTicker | undefined;
  private attachPort: MessagePort | undefined;
  /** The risk thread's exit report (posted before it exits; undefined if it crashed). */
  private stoppedReport: Extract<RiskThreadMessage, { type: 'stopped' }> | undefined;
  private exited: Promise<void> | undefined;
  private phase: 'new' | 'starting' | 'running' | 'stopping' | 'stopped' = 'new';
  /** Why the risk thread died, when it did without a stop request. */
  crashed: string | undefined;
  /** Where the risk thread runs (after `start()`). */
  placement: PlacementReport | undefined;
  /** The CPU map every thread pins with, the source it came from, and what became of the other sources. */
  readonly cpuMapChoice: CpuMapChoice;

  /** `config` is validated (`validateConfig`) unless already resolved; throws `ConfigError` / `RiskGateError`. */
  constructor(config: RiskGateConfig | ResolvedConfig, options: RiskGateOptions = {}) {
    const problems = riskGateOptionProblems(options);
    if (problems.length > 0) throw new RiskGateError(RiskGateErrorCode.OPTIONS, problems.join('; '));
    this.options = redactOptions(options);
    this.config = isResolved(config) ? config : validateConfig(config);
    this.symbols = this.config.instruments.map((i) => i.symbol);
    this.controlI32 = new Int32Array(this.control);
    this.bell = new Doorbell(this.control);
    this.stateBuffer = new SharedArrayBuffer(stateBlockBytes(this.symbols.length));
    this.stateReader = new StateBlockReader(this.stateBuffer, this.symbols);
    this.cancelAllBuffer = createRing({ capacity: options.cancelAllRingCapacity ?? RISKGATE_DEFAULTS.cancelAllRingCapacity, slotSize: EVENT_SLOT_BYTES });
    this.cancelAllRing = new RingConsumer(this.cancelAllBuffer);
    this.cpuMapChoice = resolveCpuMap(options.cpuMap, this.config.cpuMap);
    this.cpuMap = this.cpuMapChoice.map;
    if (options.journal !== undefined) {
      const { path: _path, ...section } = options.journal;
      this.journalConfig = validateJournalConfig(section, 'options.journal');
    }
    this.#controlConfig = options.control === undefined ? undefined : validateControlConfig(options.control);
    this.latencyBuffer = options.control === undefined ? null : createDecisionLatencyBlock();
    this.journalBuffer = options.journal === undefined && options.control === undefined ? null
      : createRing({ capacity: options.journalRingCapacity ?? JOURNAL_RING_CAPACITY, slotSize: EVENT_SLOT_BYTES });
    this.controlClient = new StrategyClient(this.addStrategyLane('control', LaneKind.CONTROL));
    // Lane 1, right after the control lane: polled ahead of every strategy in each pass.
    this.killChannel = this.#controlConfig === undefined ? undefined : this.addStrategyLane('control-server', LaneKind.KILL);
    this.supervisor = new FeedSupervisor(this.control, (lane, up) => this.writeLaneStatus(lane, up), options.supervisor, this.cpuMap, this.liveness);
  }

  /** Starts the risk thread and resolves once it is READY (pinned or not: see `placement`). */
  async start(): Promise<void> {
    if (this.phase !== 'new') throw new RiskGateError(RiskGateErrorCode.STATE, `start() called when ${this.phase}`);
    this.phase = 'starting';
    const timeoutMs = this.options.startTimeoutMs ?? RISKGATE_DEFAULTS.startTimeoutMs;
    if (this.journalBuffer !== null) {
      try {
        this.journalThread = await JournalThread.start({
          ring: this.journalBuffer,
          symbols: this.symbols,
          path: this.options.journal?.path ?? null,
          configJson: JSON.stringify(this.config),
          journal: this.journalConfig ?? validateJournalConfig(undefined),
          pollMs: 1,
          liveness: this.liveness,
          status: this.journalStatusBuffer,
        }, timeoutMs);
        JournalLiveness.markPresent(this.liveness);
      } catch (e) {
        this.enterStopped();
        throw e;
      }
    }
    if ((this.options.clock ?? RISKGATE_DEFAULTS.clock) === 'system') {
      this.ticker = new ClockTicker(Date.now(), this.options.clockTickUs ?? RISKGATE_DEFAULTS.clockTickUs, this.cpuMap?.clock);
      try {
        await this.ticker.start(timeoutMs);
      } catch (e) {
        await this.journalThread?.stop(timeoutMs);
        this.enterStopped();
        throw new RiskGateError(RiskGateErrorCode.START, `clock ticker failed: ${(e as Error).message}`);
      }
    }
    const channel = new MessageChannel();
    this.attachPort = channel.port1;
    const data: RiskThreadData & ClockThreadData & { attachPort: MessagePort } = {
      config: this.config,
      control: this.control,
      state: this.stateBuffer,
      cancelAlls: this.cancelAllBuffer,
      journal: this.journalBuffer,
      journalStatus: this.journalStatusBuffer,
      journalHalt: this.options.journal !== undefined && (this.journalConfig?.onFailure ?? 'halt') === 'halt',
      lanes: this.lanes,
      liveness: this.liveness,
      clock: this.options.clock ?? RISKGATE_DEFAULTS.clock,
      clockBlock: this.ticker?.block ?? null,
      idle: {
        strategy: this.options.idle ?? RISKGATE_DEFAULTS.idle,
        spins: this.options.spins ?? RISKGATE_DEFAULTS.spins,
        parkTimeoutMs: this.options.parkTimeoutMs ?? RISKGATE_DEFAULTS.parkTimeoutMs,
      },
      cpu: this.cpuMap?.risk,
      cpuMap: this.cpuMap,
      allocationProbe: this.options.allocationProbe,
      attachPort: channel.port2,
    };
    const worker = new Worker(RISK_THREAD, { workerData: data, transferList: [channel.port2] });
    this.worker = worker;
    let onReady: (p: PlacementReport) => void = () => {};
    let onFail: (e: Error) => void = () => {};
    const ready = new Promise<PlacementReport>((resolve, reject) => {
      onReady = resolve;
      onFail = reject;
    });
    let lastError: Error | undefined;
    worker.on('message', (m: RiskThreadMessage) => {
      if (m.type === 'ready') onReady(m.placement);
      else this.stoppedReport = m;
    });
    worker.on('error', (err: Error) => {
      lastError = err;
      onFail(new RiskGateError(RiskGateErrorCode.START, `risk thread failed: ${err.message}`));
    });
    this.exited = new Promise((resolve) => {
      worker.on('exit', (code) => {
        if (code !== 0 && this.stoppedReport === undefined) this.crashed = lastError?.message ?? `exit code ${code}`;
        onFail(new RiskGateError(RiskGateErrorCode.START, `risk thread exited (code ${code}) ${lastError?.message ?? ''}`.trim()));
        resolve();
      });
    });
    let timer: NodeJS.Timeout | undefined;
    try {
      this.placement = await Promise.race([
        ready,
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new RiskGateError(RiskGateErrorCode.START, `risk thread not READY within ${timeoutMs} ms`)), timeoutMs);
        }),
      ]);
    } catch (e) {
      await worker.terminate();
      await this.journalThread?.stop(timeoutMs);
      await this.ticker?.stop(timeoutMs);
      this.enterStopped();
      throw e;
    } finally {
      clearTimeout(timer);
    }
    this.phase = 'running';
    if (this.#controlConfig !== undefined) {
      try {
        await this.startControl(this.#controlConfig, timeoutMs);
      } catch (e) {
        await this.stop();
        throw e;
      }
    }
  }

  /**
   * Occupancy and full-ring losses of every ring between threads (for `/metrics`): each lane's
   * input ring and decision ring, and the cancel-all ring. Reads the rings' header words with
   * `Atomics.load` (spsc-ring-layout.ts); never touches a slot. Cold: allocates its answer.
   */
  ringStatus(): RingStatus[] {
    const out: RingStatus[] = [];
    const read = (name: string, buf: SharedArrayBuffer): void => {
      const w = new Int32Array(buf, 0, HEADER_BYTES >> 2);
      const head = Atomics.load(w, HEAD_OFFSET >> 2); // producer's published index
      const tail = Atomics.load(w, TAIL_OFFSET >> 2); // consumer's released index
      out.push({ name, used: (head - tail) | 0, capacity: w[CAPACITY_OFFSET >> 2]!, drops: Atomics.load(w, DROPS_OFFSET >> 2) >>> 0 });
    };
    for (const lane of this.lanes) {
      read(`${lane.name}:input`, lane.input);
      if (lane.decisions !== null) read(`${lane.name}:decisions`, lane.decisions);
    }
    read('cancel-alls', this.cancelAllBuffer);
    return out;
  }

  /**
   * The control server for this engine, on its own thread: a `StatePublisher` here posts the
   * state block's copy (`RiskGateStateSource`) and the decisions the journal thread relays.
   * What must not wait on this thread does not go through it: kill requests go from the server
   * thread into its own ring to the risk thread (`RingKillSink`), and `/health` reads the risk
   * loop's counter and the journal's and feeds' beats from shared memory (`LivenessMonitor`).
   */
  private async startControl(config: ControlConfig, timeoutMs: number): Promise<void> {
    const source = new RiskGateStateSource(this, undefined, () => this.ringStatus(), () => this.feeds.reduce((n, f) => n + f.restarts, 0), this.latencyBuffer ?? undefined);
    this.stateSource = source;
    const journal = this.journalThread!;
    journal.onDecisions = (d) => source.append(d);
    journal.feed(true);
    this.controlServer = await startControlServerThread({
      config, source, timeoutMs,
      // Never used: `direct` routes every kill through the server's own ring.
      killSink: { requestKill: () => false },
      direct: { kill: this.killChannel!, symbols: this.symbols, control: this.control, liveness: this.liveness },
      ...(this.cpuMap !== undefined ? { cpus: [this.cpuMap.control] } : {}),
    });
  }

  /**
   * Attaches a feed: a ring, a lane in the risk thread, and a supervised feed-handler worker
   * running `spec.source`. Before `start()` the lane is part of the risk thread's start-up.
   */
  attachFeed(spec: FeedSpec): FeedHandle {
    this.assertOpen();
    this.assertEventSourceName('feed', spec.name);
    const instruments = this.instrumentIndices(`feed ${spec.name}`, spec.instruments);
    const ring = this.eventRing(spec.ringCapacity);
    const deadline = spec.heartbeatDeadlineMs;
    if (deadline !== undefined && !(Number.isSafeInteger(deadline) && deadline >= 10 && deadline <= 3_600_000)) {
      throw new RiskGateError(RiskGateErrorCode.OPTIONS, `feed ${spec.name}: heartbeatDeadlineMs must be an integer from 10 to 3600000`);
    }
    const lane = this.addLane({ kind: LaneKind.FEED, name: spec.name, input: ring, decisions: null, instruments });
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
    this.assertEventSourceName('event lane', name);
    const instruments = this.instrumentIndices(`event lane ${name}`, options.instruments);
    const ring = this.eventRing(options.ringCapacity);
    const lane = this.addLane({ kind: LaneKind.FEED, name, input: ring, decisions: null, instruments });
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
    const spec = this.lanes[channel.lane];
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
   * worker and build one `StrategyClient` on it there (or here with `client()`).
   */
  createStrategy(name: string): StrategyChannel {
    this.assertOpen();
    return this.addStrategyLane(name, LaneKind.STRATEGY);
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
   * Shows the firm's exposure (a firm-wide host reading the exposure stream) in the control
   * server's state, stream and dashboard from its next publish; undefined removes it. A no-op
   * without a control server. Called on the embedding thread; the risk thread never sees it.
   */
  showFirmExposure(firm: FirmExposure | undefined): void {
    if (this.stateSource !== undefined) this.stateSource.firm = firm;
  }

  /** Where the clock ticker thread runs (after `start()` with the 'system' clock; undefined with 'slots'). */
  get clockPlacement(): PlacementReport | undefined {
    return this.ticker?.placement;
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
    const f = this.journalStatusF64;
    return {
      state: Atomics.load(this.journalStatusI32, FAILING_WORD) === 1 ? 'failing' : 'ok', // acquire the journal thread's publish
      onFailure: this.journalConfig?.onFailure ?? 'halt',
      writeErrors: f[WRITE_ERRORS_DWORD]!, lostWriteFailed: f[WRITE_LOST_DWORD]!, lostRingFull: this.stateReader.read()?.journalLost ?? 0,
      unmarked: f[UNMARKED_DWORD]!, lastError: this.journalThread?.lastWriteError ?? null,
    };
  }

  /** Cancel-alls emitted since the last call, oldest first. */
  takeCancelAlls(): CancelAllRecord[] {
    this.drainCancelAlls();
    return this.cancelAllsSeen.splice(0);
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
    if (this.controlServer !== undefined) await this.controlServer.stop();
    await this.supervisor.stopAll();
    Atomics.store(this.controlI32, STOP_WORD, 1); // request stop
    this.bell.ring(); // wake the risk thread
    const timeoutMs = this.options.stopTimeoutMs ?? RISKGATE_DEFAULTS.stopTimeoutMs;
    let timer: NodeJS.Timeout | undefined;
    const clean = await Promise.race([
      this.exited!.then(() => true),
      new Promise<boolean>((resolve) => { timer = setTimeout(() => resolve(false), timeoutMs); }),
    ]);
    clearTimeout(timer);
    if (!clean) await this.worker!.terminate(); // last resort
    await this.ticker?.stop(timeoutMs); // after the risk thread's drain, which reads the clock
    const report = this.stoppedReport;
    // The risk thread is gone: the journal ring holds everything it will ever write.
    const journal = await this.journalThread?.stop(timeoutMs);
    this.drainCancelAlls();
    this.attachPort?.close();
    this.phase = 'stopped';
    return {
      events: report?.events ?? 0,
      requests: report?.requests ?? 0,
      lostEvents: report?.lostEvents ?? 0,
      loops: report?.loops ?? 0,
      parks: report?.parks ?? 0,
      cleanExit: clean && report !== undefined,
      allocation: report?.allocation,
      journalRecords: report?.journalRecords ?? 0,
      journalLost: (report?.journalLost ?? 0) + (journal?.writeLost ?? 0),
      journalRingLost: report?.journalLost ?? 0,
      journalWriteLost: journal?.writeLost ?? 0,
      journalWriteErrors: journal?.writeErrors ?? 0,
      ...(journal !== undefined ? { journal } : {}),
    };
  }

  private assertOpen(): void {
    if (this.phase === 'stopping' || this.phase === 'stopped') throw new RiskGateError(RiskGateErrorCode.STATE, `the engine is ${this.phase}`);
  }

  /**
   * The stopped phase without a running risk thread (never started, or failed to start). The
   * stop word tells every event-lane publisher: they return ENGINE_STOPPED instead of
   * publishing into a ring nobody will read.
   */
  private enterStopped(): void {
    Atomics.store(this.controlI32, STOP_WORD, 1); // request stop: publishers see it
    this.phase = 'stopped';
  }

  /**
   * Feeds and event lanes share one namespace: the risk thread treats both as FEED lanes, and
   * ring status, `waitForFeed` and `cpuMap.feedByName` tell them apart by name only.
   */
  private assertEventSourceName(what: string, name: string): void {
    if (typeof name !== 'string' || name === '') throw new RiskGateError(RiskGateErrorCode.OPTIONS, `${what} name must be a non-empty string`);
    if (this.lanes.some((l) => l.kind === LaneKind.FEED && l.name === name)) {
      throw new RiskGateError(RiskGateErrorCode.OPTIONS, `${what} ${name}: a feed or event lane of that name exists (feeds and event lanes share one namespace)`);
    }
  }

  /** Indices of `symbols` (default: every instrument) for a lane's loss hold; throws OPTIONS on an unknown symbol. */
  private instrumentIndices(what: string, symbols: readonly string[] | undefined): number[] {
    return (symbols ?? this.symbols).map((s) => {
      const i = this.symbols.indexOf(s);
      if (i < 0) throw new RiskGateError(RiskGateErrorCode.OPTIONS, `${what}: instrument ${s} is not in the config`);
      return i;
    });
  }

  /** A feed's or event lane's ring: `capacity` slots, default `options.feedRingCapacity`. */
  private eventRing(capacity: number | undefined): SharedArrayBuffer {
    return createRing({ capacity: capacity ?? this.options.feedRingCapacity ?? RISKGATE_DEFAULTS.feedRingCapacity, slotSize: EVENT_SLOT_BYTES });
  }

  private addStrategyLane(name: string, kind: typeof LaneKind.CONTROL | typeof LaneKind.STRATEGY | typeof LaneKind.KILL): StrategyChannel {
    const capacity = this.options.strategyRingCapacity ?? RISKGATE_DEFAULTS.strategyRingCapacity;
    const requests = createRing({ capacity, slotSize: EVENT_SLOT_BYTES });
    const decisions = createRing({ capacity, slotSize: EVENT_SLOT_BYTES });
    const lane = this.addLane({ kind, name, input: requests, decisions, instruments: [] });
    return { name, lane, requests, decisions, control: this.control, latency: this.latencyBuffer };
  }

  /** Registers a lane; after start it is posted to the risk thread and announced. */
  private addLane(spec: LaneSpec): number {
    if (this.lanes.length === MAX_LANES) throw new RiskGateError(RiskGateErrorCode.LANES, `at most ${MAX_LANES} lanes (control + feeds + strategies)`);
    this.lanes.push(spec);
    if (this.phase === 'starting' || this.phase === 'running') {
      this.attachPort!.postMessage(spec);
      Atomics.add(this.controlI32, LANES_VERSION_WORD, 1); // announce lanes
      this.bell.ring(); // wake the risk thread to attach
    }
    return this.lanes.length - 1;
  }

  private writeLaneStatus(lane: number, up: boolean): void {
    const deadline = Date.now() + 1000;
    while (this.controlClient.submitLaneStatus(lane, up) < 0) {
      if (Date.now() > deadline) throw new RiskGateError(RiskGateErrorCode.CONTROL_RING_FULL, `control ring full: cannot mark lane ${lane} ${up ? 'up' : 'down'}`);
    }
  }

  private drainCancelAlls(): void {
    const ring = this.cancelAllRing;
    const n = ring.poll();
    for (let k = 0; k < n; k++) {
      decodeCancelAll(ring.i32, ring.f64, ring.slotOffset(k), this.cancelAllOut);
      const o = this.cancelAllOut;
      this.cancelAllsSeen.push({ inst: o.inst, symbol: o.inst === -1 ? '*' : (this.symbols[o.inst] ?? String(o.inst)), order: o.order, at: o.at });
    }
    ring.release(n);
  }
}

function isResolved(c: unknown): c is ResolvedConfig {
  const r = c as ResolvedConfig | null;
  return typeof r === 'object' && r !== null && Array.isArray(r.instruments) && typeof r.capacity === 'object' && r.capacity !== null
    && typeof r.capacity.maxOrders === 'number' && r.instruments.every((i) => typeof i.unconfirmed === 'object');
}

/** `options` as kept on the instance: the control token replaced, so no inspection of the gate shows it. */
function redactOptions(options: RiskGateOptions): RiskGateOptions {
  const c = options.control;
  if (typeof c !== 'object' || c === null || !('token' in c)) return options;
  return { ...options, control: { ...c, token: '[redacted]' } };
}
