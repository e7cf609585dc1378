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

/**
 * A host's publisher into the exposure stream: its engine state (the schema's `StateSnapshot`
 * record in an envelope, the same FlatBuffers encoding as the journal and the control stream)
 * every few hundred ms, and each decision (`Decision` record). Publishes are JetStream publishes
 * (acknowledged by the stream); while NATS is unreachable they fail and are counted, never
 * waited for by the trading path (the promise is not awaited there).
 */
export class ExposurePublisher {
  readonly stats = { states: 0, decisions: 0, failed: 0 };
  private readonly enc = new EnvelopeEncoder();
  private seq = 0;

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
    this.publish(`${EXPOSURE_SUBJECT_PREFIX}${this.host}`, this.enc.encode({ seq: this.seq++, at: Date.now(), body: { kind: 'state', state: view } }), 'states');
  }

  decision(orderId: string, verdict: string): void {
    const code = verdict === 'APPROVED' ? 0 : denyReasonCode(verdict);
    const bytes = this.enc.encode({
      seq: this.seq++, at: Date.now(),
      body: { kind: 'decision', requestSeq: -1, orderId, decision: code === 0 ? 'approve' : 'deny', reasonCode: Math.max(0, code), ...(code !== 0 ? { reason: verdict } : {}) },
    });
    this.publish(`${DECISION_SUBJECT_PREFIX}${this.host}`, bytes, 'decisions');
  }

  private publish(subject: string, view: Uint8Array, kind: 'states' | 'decisions'): void {
    const bytes = view.slice(); // the encoder's buffer is reused by the next record
    this.js.publish(subject, bytes).then(() => {
      this.stats[kind]++;
    }, () => {
      this.stats.failed++;
    });
  }
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
