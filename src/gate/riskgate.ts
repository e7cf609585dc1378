import type { ResolvedConfig } from '../config/engine-config.js';
import type { RiskGateConfig } from '../config/config-schema.js';
import { validateControlConfig, type ControlConfig } from '../control/control-config.js';
import { startControlServerThread, type ControlServerThread } from '../control/control-server-thread.js';
import { RiskGateStateSource } from '../control/riskgate-state-source.js';
import type { FirmExposure } from '../control/state-source.js';
import { riskGateOptionProblems } from '../engine/riskgate-options.js';
import { RiskGateError, RiskGateErrorCode } from '../engine/riskgate-error.js';
import { ThreadedEngine } from '../engine/threaded-engine.js';
import type { RiskGateOptions } from './riskgate-options.js';

/**
 * The engine as an application embeds it: the threaded engine (src/engine/threaded-engine.ts)
 * and, with `options.control`, its control server; this is the composition root that wires the
 * two, so the engine never depends on the server (docs/architecture.md "Threads"):
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
 * The control server runs on its own thread. What must not wait on this thread does not go
 * through it: kill requests go from the server thread into its own ring (the engine's kill lane,
 * polled ahead of every strategy), and `/health` reads the risk loop's counter and the
 * journal's and feeds' beats from shared memory (`LivenessMonitor`). A `StatePublisher` here
 * posts the state block's copy (`RiskGateStateSource`) and the decisions the journal thread
 * relays.
 */
export class RiskGate extends ThreadedEngine {
  /** Held in a private field: it carries the control token, which `console.log(gate)` must never show. */
  readonly #controlConfig: ControlConfig | undefined;
  /** `options.control` as given, its token replaced: what inspecting the gate shows. */
  readonly controlOptions: RiskGateOptions['control'];
  /** The control server's `StateSource` (when `options.control`): state block + decision feed. */
  stateSource: RiskGateStateSource | undefined;
  /** The running control server (after `start()`, when `options.control`). */
  controlServer: ControlServerThread | undefined;

  /** `config` is validated (`validateConfig`) unless already resolved; throws `ConfigError` / `RiskGateError`. */
  constructor(config: RiskGateConfig | ResolvedConfig, options: RiskGateOptions = {}) {
    const problems = riskGateOptionProblems(options, ['control']);
    if (problems.length > 0) throw new RiskGateError(RiskGateErrorCode.OPTIONS, problems.join('; '));
    const { control, ...engineOptions } = options;
    const controlConfig = control === undefined ? undefined : validateControlConfig(control);
    const withServer = controlConfig !== undefined;
    super(config, engineOptions, { killLane: withServer, latency: withServer, decisionFeed: withServer });
    this.#controlConfig = controlConfig;
    this.controlOptions = redactToken(control);
  }

  /** Starts the engine (`ThreadedEngine.start`), then the control server; a server that fails to start stops the engine. */
  override async start(): Promise<void> {
    await super.start();
    if (this.#controlConfig === undefined) return;
    try {
      await this.startControl(this.#controlConfig, this.startTimeoutMs);
    } catch (e) {
      await this.stop();
      throw e;
    }
  }

  /**
   * Shows the firm's exposure (a firm-wide host reading the exposure stream) in the control
   * server's state, stream and dashboard from its next publish; undefined removes it. A no-op
   * without a control server. Called on the embedding thread; the risk thread never sees it.
   */
  showFirmExposure(firm: FirmExposure | undefined): void {
    if (this.stateSource !== undefined) this.stateSource.firm = firm;
  }

  /** The control server stops first: no request reaches the engine while it drains. */
  protected override async beforeStop(): Promise<void> {
    const server = this.controlServer;
    if (server !== undefined) await server.stop();
  }

  private async startControl(config: ControlConfig, timeoutMs: number): Promise<void> {
    const latency = this.latencyBuffer ?? undefined;
    const epochMs = this.clockEpochMs;
    const source = new RiskGateStateSource(
      this, undefined, () => this.ringStatus(), () => Object.fromEntries(this.feeds.map((f) => [f.name, f.restarts])), latency,
      epochMs !== undefined ? { kind: 'system', epochMs } : { kind: 'engine' },
    );
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
}

/** The control options as kept on the instance: the token replaced, so no inspection of the gate shows it. */
function redactToken(c: RiskGateOptions['control']): RiskGateOptions['control'] {
  if (typeof c !== 'object' || c === null || !('token' in c)) return c;
  return { ...c, token: '[redacted]' };
}
