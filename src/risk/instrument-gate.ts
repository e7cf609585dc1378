import { KillMode as KillModeBinding } from './codes.js';
import { DenyReason as DenyReasonBinding } from './deny-reason.js';
import { GATE_STRIDE as GATE_STRIDE_BINDING, GateField as GateFieldBinding } from './instrument-gate-layout.js';
import { PositionLedger } from './position-ledger.js';

// Hot-path constants as this module's own bindings (docs/conventions.md, "hot constants").
const KillMode = KillModeBinding;
const DenyReason = DenyReasonBinding;
const GateField = GateFieldBinding;
const GATE_STRIDE = GATE_STRIDE_BINDING;
const EST_LO = PositionLedger.EST_LO;
const EST_HI = PositionLedger.EST_HI;

/** The engine's per-instrument state the gate record is computed from (owned by the engine). */
export interface GateSources {
  readonly ledger: PositionLedger;
  readonly feedUp: Uint8Array;
  readonly awaitingSnapshot: Uint8Array;
  readonly killMode: Uint8Array;
  readonly flipHalted: Uint8Array;
  readonly budgetFills: Float64Array;
  readonly budgetQty: Float64Array;
}

/** An instrument's configured limits, as the gate record keeps them (Infinity or 0 when off). */
export interface GateLimits {
  readonly maxOrderQty: number;
  readonly lotSize: number;
  readonly maxOrderNotional: number;
  readonly bandBps: number;
  readonly heartbeatMs: number;
  readonly staleMs: number;
  readonly maxLong: number;
  readonly maxShort: number;
  readonly maxOpen: number;
}

/**
 * Per instrument, what an order check needs from the trading state, the health gate and the
 * position model, precomputed, beside the instrument's limits (layout: instrument-gate-layout.ts). The engine calls `refresh`
 * after every event that can change an input (a fill, a snapshot, an order update that inferred
 * lots, a feed status, the kill switch, a flip-flop trip or its end): the check itself then
 * reads one line and compares, and the cost of the position model's sums and scans is paid once
 * per event instead of once per order.
 *
 * `RiskEngine.healthCode`, `knownLoss` and `ledger.estimate` stay the reference computations;
 * test/risk/instrument-gate.test.ts replays a seeded script and checks after every event that
 * the record says what they say.
 *
 * Owned by the risk thread; allocation-free after construction.
 */
export class InstrumentGate {
  /** The records, `GATE_STRIDE` doubles per instrument (read directly by the check). */
  readonly rec: Float64Array;

  constructor(
    instruments: number,
    private readonly src: GateSources,
    limits: (inst: number) => GateLimits,
  ) {
    this.rec = new Float64Array(instruments * GATE_STRIDE);
    for (let i = 0; i < instruments; i++) {
      const l = limits(i);
      const r = this.rec;
      const b = i * GATE_STRIDE;
      r[b + GateField.MAX_OPEN] = l.maxOpen;
      r[b + GateField.MAX_ORDER_QTY] = l.maxOrderQty;
      r[b + GateField.LOT_SIZE] = l.lotSize;
      // The check's relative tolerance, applied once here: an order exactly at the limit passes
      // despite binary rounding (0.1 lots).
      r[b + GateField.NOTIONAL_CAP] = l.maxOrderNotional * (1 + 1e-12);
      r[b + GateField.BAND_BPS] = l.bandBps;
      r[b + GateField.HEARTBEAT_MS] = l.heartbeatMs;
      r[b + GateField.STALE_MS] = l.staleMs;
      r[b + GateField.MAX_LONG] = l.maxLong;
      r[b + GateField.MAX_SHORT] = l.maxShort;
    }
  }

  /** @hot Recomputes instrument `inst`'s record from the engine's state. */
  refresh(inst: number): void {
    const s = this.src;
    const l = s.ledger;
    const r = this.rec;
    const b = inst * GATE_STRIDE;
    l.estimate(inst);
    r[b + GateField.EST_LO] = l.est[EST_LO]!;
    r[b + GateField.EST_HI] = l.est[EST_HI]!;
    const kill = s.killMode[inst]!;
    r[b + GateField.HALT] = kill === KillMode.HALT ? DenyReason.KILL_SWITCH : s.flipHalted[inst] === 1 ? DenyReason.FLIP_FLOP : 0;
    r[b + GateField.REDUCE] = kill === KillMode.REDUCE ? 1 : 0;
    const feedLost = s.feedUp[inst] === 0 || s.awaitingSnapshot[inst] === 1;
    const gap = l.gapOpen(inst);
    r[b + GateField.KNOWN_LOSS] = feedLost || gap ? 1 : 0;
    // RiskEngine.healthCode's order, its two clock checks (heartbeat, unconfirmed age) left to the check.
    let health: number = DenyReason.APPROVED;
    if (feedLost || l.hasSnap[inst] === 0) health = DenyReason.FEED_STALE;
    else if (gap) health = DenyReason.SEQUENCE_GAP;
    else if (l.ambiguous[inst] === 1 && l.lateOnly[inst] === 0) health = DenyReason.POSITION_MISMATCH;
    else if (l.unconfirmedCount(inst) > s.budgetFills[inst]! || l.unconfirmedQty(inst) > s.budgetQty[inst]!) health = DenyReason.UNCONFIRMED_FILLS;
    r[b + GateField.HEALTH] = health;
    l.oldestUnconfirmedInto(inst, r, b + GateField.OLDEST_UNCONFIRMED_AT);
  }
}
