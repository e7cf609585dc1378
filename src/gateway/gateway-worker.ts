/**
 * The order-gateway worker: a thread of its own that takes orders, asks the risk thread, sends
 * the approved ones through the venue's order entry and publishes the venue's refusals back on
 * its event lane (`OrderGateway`), so a strategy that wants it never handles a socket and never
 * sends an order the gate did not approve. One worker per venue account.
 *
 * `GatewayWorker.start(gate, venue)` creates the worker's strategy lane and event lane on `gate`
 * (named `options.name`, default `gateway:<venue>`; the lane covers the venue's instruments),
 * starts the thread, puts the lane under the engine's supervision (the worker dies: the lane's
 * instruments are held down, as a dead feed's) and waits for its READY (start-up failures reject
 * with the worker's reason). `place` / `cancel` resolve with the `GatewayResult`. `stop()`
 * disarms the dead-man switch, closes the venue sockets and ends the thread: stop it after
 * `gate.stop()`, or its lane is held down (a lane's publisher is for life).
 *
 * Call from the thread that started it; results come back by message (one allocation per order:
 * the gateway's path is an edge, not the risk thread's hot path).
 */
import { Worker } from 'node:worker_threads';
import type { ThreadedEngine } from '../engine/threaded-engine.js';
import type { VenueFeedConfig } from '../feeds/venue-config.js';
import { GatewayError } from './create-order-entry.js';
import type { GatewayCommand, GatewayMessage, GatewayWorkerData } from './gateway-worker-data.js';
import type { EntryOutcome } from './order-entry.js';
import type { GatewayOrder, GatewayResult } from './order-gateway.js';

const MAIN = new URL('./gateway-worker-main.js', import.meta.url);

export interface GatewayWorkerOptions {
  /** Strategy and lane name (default `gateway:<venue>`). */
  readonly name?: string;
  /** The worker's environment, where the venue credentials are read (default: this process's). */
  readonly env?: NodeJS.ProcessEnv;
  /** Keep the venue's dead-man switch armed while the worker lives. */
  readonly deadMan?: { readonly windowMs: number; readonly refreshMs: number };
  /** How long to wait for READY (ms, default 15000). */
  readonly readyTimeoutMs?: number;
}

export class GatewayWorker {
  readonly #worker: Worker;
  readonly #waiting = new Map<number, { readonly resolve: (r: GatewayResult) => void; readonly reject: (e: Error) => void }>();
  #nextId = 0;
  #stopped: Promise<EntryOutcome | undefined> | undefined;
  /** The dead-man switch's first arm (undefined when none was asked). */
  readonly deadMan: EntryOutcome | undefined;

  private constructor(worker: Worker, deadMan: EntryOutcome | undefined) {
    this.#worker = worker;
    this.deadMan = deadMan;
    worker.on('message', (m: GatewayMessage) => {
      if (m.type !== 'result') return;
      const done = this.#waiting.get(m.id);
      this.#waiting.delete(m.id);
      done?.resolve(m.result);
    });
    worker.once('exit', (code) => {
      for (const w of this.#waiting.values()) w.reject(new GatewayError(`the gateway worker exited (code ${code}) before answering: the order's fate is unknown`));
      this.#waiting.clear();
    });
  }

  static async start(gate: ThreadedEngine, venue: VenueFeedConfig, options: GatewayWorkerOptions = {}): Promise<GatewayWorker> {
    const name = options.name ?? `gateway:${venue.venue}`;
    const strategy = gate.createStrategy(name);
    const lane = gate.createEventLane(`${name}:lane`, { instruments: venue.instruments.map((i) => i.symbol) });
    const data: GatewayWorkerData = { strategy, lane, venue, symbols: gate.symbols, ...(options.deadMan === undefined ? {} : { deadMan: options.deadMan }) };
    const worker = new Worker(MAIN, { workerData: data, ...(options.env === undefined ? {} : { env: options.env }) });
    gate.superviseEventLane(lane, worker);
    const timeoutMs = options.readyTimeoutMs ?? 15_000;
    const ready = await new Promise<GatewayMessage>((resolve, reject) => {
      const timer = setTimeout(() => reject(new GatewayError(`${name}: the gateway worker did not become ready within ${timeoutMs} ms`)), timeoutMs);
      worker.once('message', (m: GatewayMessage) => {
        clearTimeout(timer);
        resolve(m);
      });
      worker.once('error', (e) => {
        clearTimeout(timer);
        reject(e);
      });
    });
    if (ready.type !== 'ready') {
      await worker.terminate();
      throw new GatewayError(`${name}: ${ready.type === 'failed' ? ready.message : `unexpected ${ready.type}`}`);
    }
    return new GatewayWorker(worker, ready.deadMan);
  }

  /** Asks the gate and, when approved, sends the order (see `OrderGateway.place`). */
  place(order: GatewayOrder): Promise<GatewayResult> {
    return this.#ask((id) => ({ type: 'place', id, order }));
  }

  cancel(clientId: string, symbol: string): Promise<GatewayResult> {
    return this.#ask((id) => ({ type: 'cancel', id, clientId, symbol }));
  }

  /** Disarms the dead-man switch, closes the venue sockets and ends the thread; resolves with the disarm's outcome. */
  stop(): Promise<EntryOutcome | undefined> {
    this.#stopped ??= new Promise<EntryOutcome | undefined>((resolve) => {
      const w = this.#worker;
      w.on('message', (m: GatewayMessage) => {
        if (m.type === 'stopped') resolve(m.deadMan);
      });
      w.once('exit', () => resolve(undefined));
      w.postMessage({ type: 'stop' } satisfies GatewayCommand);
    });
    return this.#stopped;
  }

  #ask(command: (id: number) => GatewayCommand): Promise<GatewayResult> {
    if (this.#stopped !== undefined) return Promise.reject(new GatewayError('the gateway worker is stopped'));
    const id = ++this.#nextId;
    return new Promise<GatewayResult>((resolve, reject) => {
      this.#waiting.set(id, { resolve, reject });
      this.#worker.postMessage(command(id));
    });
  }
}
