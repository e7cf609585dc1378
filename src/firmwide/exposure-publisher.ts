import type { JetStreamClient } from '@nats-io/jetstream';
import type { EngineState } from '../engine/index.js';
import { denyReasonCode } from '../risk/deny-reason.js';
import type { KillMode } from '../scenario/scenario-types.js';
import { EnvelopeEncoder } from '../schema/encode-envelope.js';
import type { EngineStateView, InstrumentStateView } from '../schema/state-view.js';

/** JetStream stream of every host's exposure and decisions. */
export const EXPOSURE_STREAM = 'RISKGATE_EXPOSURE';
/** Subjects: `riskgate.exposure.<host>` (state snapshots) and `riskgate.decisions.<host>` (decisions). */
export const EXPOSURE_SUBJECT_PREFIX = 'riskgate.exposure.';
export const DECISION_SUBJECT_PREFIX = 'riskgate.decisions.';

const KILL: readonly KillMode[] = ['resume', 'reduce', 'halt']; // index = KillMode code (src/risk/codes.ts)

/** Decisions per batch at most (a full batch is published at once, before the timer). */
export const DECISION_BATCH_MAX = 64;
/** Ms a decision waits at most for its batch to be published. */
export const DECISION_BATCH_MS = 100;

/**
 * A host's publisher into the exposure stream: its engine state (the schema's `StateSnapshot`
 * record in an envelope, the same FlatBuffers encoding as the journal and the control stream)
 * every few hundred ms, and its decisions (`Decision` records) in **batches**: one message on
 * `riskgate.decisions.<host>` carries up to `DECISION_BATCH_MAX` records, each a 4-byte
 * little-endian length then the envelope (`decodeDecisionBatch`), published every
 * `DECISION_BATCH_MS` or when full. One JetStream publish per decision (an acknowledgement to
 * await per order, at 40 orders/s per host) crowded the host's connection and event loop and
 * delayed its lease renewals; a batch costs one publish per 100 ms. Publishes are JetStream
 * publishes (acknowledged by the stream); while NATS is unreachable they fail and are counted
 * (records lost: the stream is a view, not the journal), never waited for by the trading path.
 */
export class ExposurePublisher {
  /** Records acknowledged by the stream (states, decisions), decision batches acknowledged, records whose publish failed. */
  readonly stats = { states: 0, decisions: 0, batches: 0, failed: 0 };
  private readonly enc = new EnvelopeEncoder();
  private seq = 0;
  private pending: Uint8Array[] = [];
  private pendingBytes = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly js: JetStreamClient, readonly host: string, private readonly symbols: readonly string[]) {}

  state(s: EngineState | undefined): void {
    if (s === undefined) return;
    const view: EngineStateView = {
      globalKill: KILL[s.globalKill] ?? 'resume',
      instruments: s.instruments.map((i, n): InstrumentStateView => ({
        symbol: this.symbols[n] ?? i.symbol, estPosMin: i.estPosMin, estPosMax: i.estPosMax, hasSnapshot: i.snapPos !== undefined,
        snapPos: i.snapPos ?? 0, unconfirmedCount: i.unconfirmedCount, unconfirmedQty: i.unconfirmedQty, openBuy: i.openBuy,
        openSell: i.openSell, activeOrders: i.activeOrders, tradingState: i.health === 0 ? 'active' : 'reducing',
        tradingReasonCode: i.health, tradingReason: '', killMode: KILL[i.killMode] ?? 'resume', flipHalted: i.flipHalted,
        feedUp: i.feedUp, awaitingSnapshot: i.awaitingSnapshot, lastMessageAt: i.lastMessageAt, mismatches: 0, staleSnapshots: 0,
        gaps: 0, fillsInsideSnapshot: 0,
      })),
      counters: {},
    };
    const bytes = this.enc.encode({ seq: this.seq++, at: Date.now(), body: { kind: 'state', state: view } }).slice(); // the encoder's buffer is reused
    this.js.publish(`${EXPOSURE_SUBJECT_PREFIX}${this.host}`, bytes).then(() => {
      this.stats.states++;
    }, () => {
      this.stats.failed++;
    });
  }

  /** Queues a decision for the next batch. */
  decision(orderId: string, verdict: string): void {
    const code = verdict === 'APPROVED' ? 0 : denyReasonCode(verdict);
    const bytes = this.enc.encode({
      seq: this.seq++, at: Date.now(),
      body: { kind: 'decision', requestSeq: -1, orderId, decision: code === 0 ? 'approve' : 'deny', reasonCode: Math.max(0, code), ...(code !== 0 ? { reason: verdict } : {}) },
    }).slice();
    this.pending.push(bytes);
    this.pendingBytes += 4 + bytes.length;
    if (this.pending.length >= DECISION_BATCH_MAX) this.flush();
    else this.timer ??= setTimeout(() => this.flush(), DECISION_BATCH_MS);
  }

  /** Publishes the queued decisions now (one message); `close()` calls it. */
  flush(): Promise<void> {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    const n = this.pending.length;
    if (n === 0) return Promise.resolve();
    const batch = new Uint8Array(this.pendingBytes);
    const dv = new DataView(batch.buffer);
    let off = 0;
    for (const r of this.pending) {
      dv.setUint32(off, r.length, true);
      batch.set(r, off + 4);
      off += 4 + r.length;
    }
    this.pending = [];
    this.pendingBytes = 0;
    return this.js.publish(`${DECISION_SUBJECT_PREFIX}${this.host}`, batch).then(() => {
      this.stats.decisions += n;
      this.stats.batches++;
    }, () => {
      this.stats.failed += n;
    });
  }

  /** Publishes what is queued and stops the timer. */
  close(): Promise<void> {
    return this.flush();
  }
}

/** The envelope records of one decision batch (see `ExposurePublisher`); throws on a truncated batch. */
export function decodeDecisionBatch(data: Uint8Array): Uint8Array[] {
  const out: Uint8Array[] = [];
  const dv = new DataView(data.buffer, data.byteOffset, data.byteLength);
  for (let off = 0; off < data.length;) {
    if (off + 4 > data.length) throw new Error(`decision batch truncated at byte ${off}`);
    const len = dv.getUint32(off, true);
    if (off + 4 + len > data.length) throw new Error(`decision batch record at byte ${off} runs past the end`);
    out.push(data.subarray(off + 4, off + 4 + len));
    off += 4 + len;
  }
  return out;
}

/** Creates the exposure stream when absent (hosts' records kept one hour, on `replicas` nodes). */
export async function ensureExposureStream(nc: import('@nats-io/nats-core').NatsConnection, replicas: number): Promise<void> {
  const { jetstreamManager } = await import('@nats-io/jetstream');
  const jsm = await jetstreamManager(nc, { timeout: 2000 });
  try {
    await jsm.streams.info(EXPOSURE_STREAM);
  } catch {
    await jsm.streams.add({
      name: EXPOSURE_STREAM, subjects: [`${EXPOSURE_SUBJECT_PREFIX}>`, `${DECISION_SUBJECT_PREFIX}>`],
      max_age: 3600 * 1e9, num_replicas: replicas,
    });
  }
}
