import { validateConfig } from '../../../src/config/validate-config.js';
import { EngineGate } from '../../../src/scenario/engine-gate.js';
import type { Gate } from '../../../src/scenario/gate.js';
import { parseScenario, type Scenario } from '../../../src/scenario/parse-scenario.js';
import type { MarketEvent, RequestStep, Step } from '../../../src/scenario/scenario-types.js';
import { Prng } from '../../ring/support/prng.js';
import { ACTIONS, ModelExchange, SYMBOL, type SequenceMode } from '../../support/model-exchange.js';

/** Records what a model exchange delivers and requests, answering from a real EngineGate. */
export class RecordingGate implements Gate {
  readonly name = 'riskgate';
  readonly steps: Step[] = [];
  private at = 0;
  constructor(private readonly inner: EngineGate) {}
  setTime(at: number): void {
    this.at = at;
    this.inner.setTime(at);
  }
  apply(ev: MarketEvent): void {
    const { at: _drop, ...body } = ev as MarketEvent & { at?: number };
    this.steps.push({ ...body, at: this.at } as Step);
    this.inner.apply(ev);
  }
  request(req: RequestStep): { decision: 'approve' | 'deny'; reason?: string } {
    this.steps.push({ ...req, at: this.at } as Step);
    return this.inner.request(req);
  }
  takeCancelAll(): string[] {
    return this.inner.takeCancelAll();
  }
}

const MODES: readonly SequenceMode[] = ['none', 'monotonic', 'contiguous'];

/**
 * A seeded random scenario: a model exchange (test/support/model-exchange.ts) run for 20–120
 * random actions against a real engine, its delivered events and requests recorded in order,
 * then sprinkled with steps the model never makes (kill halt/reduce/resume, feed down/up,
 * heartbeats, marks, a cancel of an unknown id) under a config with random guards (heartbeat
 * deadline, price band, flip-flop, order rate, unconfirmed budget).
 */
export function randomScenario(seed: number): Scenario {
  return parseScenario(randomScenarioDoc(seed), `random-${seed}`);
}

/** The raw scenario document behind `randomScenario`. */
export interface ScenarioDoc {
  readonly description: string;
  readonly config: { readonly instruments: Record<string, unknown>[] };
  readonly steps: Record<string, unknown>[];
}

/** The raw document of `randomScenario(seed)` (JSON-shaped, before parsing). */
export function randomScenarioDoc(seed: number): ScenarioDoc {
  const r = new Prng(seed);
  const mode = MODES[r.below(3)]!;
  const limit = 1 + r.below(6);
  const instrument: Record<string, unknown> = {
    symbol: SYMBOL, maxLong: limit, maxShort: limit, sequence: mode,
    unconfirmed: { maxFills: r.below(4), maxQty: r.below(7) },
  };
  if (r.below(3) === 0) instrument['heartbeatTimeoutMs'] = 500 + r.below(3000);
  if (r.below(3) === 0) instrument['priceBandBps'] = 50 + r.below(500);
  if (r.below(3) === 0) instrument['flipFlop'] = { windowMs: 5000, maxReversals: r.below(3), maxGrossMultiple: 2 + r.below(4) };
  if (r.below(3) === 0) instrument['orderRate'] = { max: 1 + r.below(5), perMs: 1000 };
  if (r.below(4) === 0) instrument['maxOpenOrders'] = 1 + r.below(4);
  const config = { instruments: [instrument] };
  const recorder = new RecordingGate(new EngineGate(validateConfig(config)));
  const model = new ModelExchange(recorder, mode, limit, r.below(2) === 0, mode === 'none' && r.below(2) === 0);
  const actions = 20 + r.below(101);
  for (let k = 0; k < actions; k++) model.step([r.below(ACTIONS.length), r.below(1001), r.below(1001)]);

  const steps: Record<string, unknown>[] = recorder.steps.map((s) => ({ ...s }));
  const extras = r.below(8);
  for (let k = 0; k < extras; k++) {
    const pos = r.below(steps.length + 1);
    const at = (steps[Math.min(pos, steps.length - 1)]?.['at'] as number | undefined) ?? 0;
    const prevAt = pos > 0 ? (steps[pos - 1]!['at'] as number) : at;
    const when = Math.max(prevAt, Math.min(at, prevAt));
    const kind = r.below(7);
    const extra: Record<string, unknown> =
      kind === 0 ? { type: 'kill', mode: ['halt', 'reduce', 'resume'][r.below(3)], ...(r.below(2) === 0 ? { symbol: SYMBOL } : {}) }
      : kind === 1 ? { type: 'feed', status: r.below(2) === 0 ? 'down' : 'up', ...(r.below(2) === 0 ? { symbol: SYMBOL } : {}) }
      : kind === 2 ? { type: 'heartbeat', ...(r.below(2) === 0 ? { symbol: SYMBOL } : {}) }
      : kind === 3 ? { type: 'mark', symbol: SYMBOL, price: 95 + r.below(11) }
      : kind === 4 ? { type: 'cancel', orderId: `nobody${k}` }
      : kind === 5 ? { type: 'kill', mode: 'resume' }
      : { type: 'order', orderId: `x${seed}_${k}`, symbol: SYMBOL, side: r.below(2) === 0 ? 'buy' : 'sell', qty: 1 + r.below(3), price: 100, tif: 'IOC' };
    steps.splice(pos, 0, { ...extra, at: when });
  }
  return { description: `random seed ${seed}`, config, steps };
}

/** Time between two merged segments (ms): far beyond every window and deadline. */
const SEGMENT_MS = 10_000_000;

/**
 * Several random scenarios as one: segment k gets its own instrument (`S<k>`), its own order and
 * execution ids, and times shifted by k * 10^7 ms; steps without a symbol (global kill, feed,
 * heartbeat) are narrowed to the segment's instrument so segments stay independent. One
 * threaded run then checks many sequences (spawning threads is the slow part).
 */
export function mergedRandomScenario(seeds: readonly number[]): Scenario {
  const instruments: Record<string, unknown>[] = [];
  const steps: Record<string, unknown>[] = [];
  seeds.forEach((seed, k) => {
    const doc = randomScenarioDoc(seed);
    const symbol = `S${k}`;
    instruments.push({ ...doc.config.instruments[0]!, symbol });
    for (const s of doc.steps) {
      const t: Record<string, unknown> = { ...s, at: (s['at'] as number) + k * SEGMENT_MS, symbol };
      if (t['type'] === 'cancel') delete t['symbol'];
      if (typeof s['orderId'] === 'string') t['orderId'] = `${symbol}:${s['orderId'] as string}`;
      if (typeof s['execId'] === 'string') t['execId'] = `${symbol}:${s['execId'] as string}`;
      steps.push(t);
    }
  });
  return parseScenario({ description: `merged random seeds ${seeds.join(',')}`, config: { instruments }, steps }, `merged-${seeds[0]}`);
}
