/**
 * What the control server thread and the thread that starts it say to each other: the
 * `workerData` it starts with, the report it posts back, and the shared memory it reads directly.
 * Its own file so that the starter (control-server-thread.ts) and the thread's entry point
 * (control-server-worker.ts) both depend on it and never on each other.
 */
import type { MessagePort } from 'node:worker_threads';
import type { StrategyChannel } from '../engine/strategy-channel.js';
import type { ControlServerSettings } from './control-server-settings.js';
import type { KillSink } from './kill-sink.js';
import type { StateSource } from './state-source.js';

/**
 * The threaded engine's shared memory, for the parts of the control server that must not wait
 * on the embedding thread: the kill ring of the server's own (its `StrategyChannel`: the server
 * thread is that ring's only producer) and the blocks `/health` reads (control block: the risk
 * loop's counter; liveness block: journal and feed beats).
 */
export interface DirectControl {
  readonly kill: StrategyChannel;
  /** Instrument index → symbol (the engine's order). */
  readonly symbols: readonly string[];
  readonly control: SharedArrayBuffer;
  readonly liveness: SharedArrayBuffer;
}

/** Where the control server thread runs: pinned to `cpus`, or why not. */
export interface ControlPlacement {
  readonly pinned: boolean;
  readonly cpus?: readonly number[];
  readonly reason?: string;
}

/** What the parent passes as `workerData`. */
export type ControlWorkerData = (
  | { readonly settings: ControlServerSettings; readonly mode: 'port'; readonly port: MessagePort; readonly direct?: DirectControl }
  | { readonly settings: ControlServerSettings; readonly mode: 'module'; readonly module: string; readonly data: unknown }
) & { readonly cpus?: readonly number[] };

/** Messages to the parent. */
export type ControlWorkerReport =
  | { readonly type: 'ready'; readonly port: number; readonly placement: ControlPlacement }
  | { readonly type: 'failed'; readonly code: string; readonly message: string };

/** What a `sourceModule`'s `createControlSource(data)` returns (or resolves to). */
export interface ControlSourceParts {
  readonly source: StateSource;
  readonly killSink: KillSink;
  /** Called when the server stops (release ports, timers). */
  readonly close?: () => void;
}
