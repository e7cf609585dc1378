/**
 * Entry of the scenario's strategy worker: submits pre-encoded request slots (a compiled
 * scenario's orders, cancels and kills, each carrying its step index) through a
 * `StrategyClient`, reads every decision back, and posts them as `[requestId, code]` pairs.
 * A full request ring is waited out (a strategy never loses a request); bounded by `timeoutMs`.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { StrategyClient } from './strategy-client.js';
import type { StrategyChannel } from './strategy-channel.js';

export interface ScenarioStrategyData {
  readonly channel: StrategyChannel;
  readonly slots: Int32Array;
  readonly timeoutMs: number;
}

export interface ScenarioStrategyResult {
  /** requestId, code, requestId, code, ... in decision order. */
  readonly decisions: Float64Array;
}

const data = workerData as ScenarioStrategyData;
const client = new StrategyClient(data.channel);
const total = data.slots.length >> 4;
const decisions = new Float64Array(total * 2);
const out = { tag: 0, inst: 0, arg: 0, order: 0, at: 0, requestId: 0 };
const deadline = Date.now() + data.timeoutMs;
let sent = 0;
let got = 0;
for (let spins = 0; got < total; spins++) {
  while (sent < total && client.submitRaw(data.slots, sent * 64) === 0) sent++;
  while (client.pollDecision(out)) {
    decisions[got * 2] = out.requestId;
    decisions[got * 2 + 1] = out.arg;
    got++;
  }
  if ((spins & 255) === 255) {
    if (Date.now() > deadline) throw new Error(`scenario strategy: ${got}/${total} decisions after ${data.timeoutMs} ms`);
    await new Promise((resolve) => setImmediate(resolve)); // leave the core to the other threads now and then
  }
}
parentPort!.postMessage({ decisions } satisfies ScenarioStrategyResult);
