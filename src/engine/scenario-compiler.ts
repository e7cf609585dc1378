import {
  EVENT_SLOT_BYTES, encodeCancelRequest, encodeFeedStatus, encodeFill, encodeHeartbeat, encodeKillRequest, encodeMark,
  encodeOrderRequest, encodeOrderUpdate, encodeSnapshot,
} from '../codec/index.js';
import { legLayout } from '../config/hedge-legs.js';
import { ALL_INSTRUMENTS, Side, UNKNOWN_SYMBOL } from '../risk/codes.js';
import { KILL_CODE, STATUS_CODE, updateSideCode } from '../scenario/engine-gate.js';
import type { Scenario } from '../scenario/parse-scenario.js';
import { strategyIndex } from '../scenario/scenario-types.js';
import { StringInterner, stringKey } from '../units/string-keys.js';

/** A scenario split into the two sources of the threaded run, as slot images. */
export interface CompiledScenario {
  /** Market events (16 int32 words per slot), in step order: the feed worker's replay. */
  readonly feedSlots: Int32Array;
  /** Requests, in step order: the strategy worker's submissions (requestId = step index). */
  readonly requestSlots: Int32Array;
  readonly steps: number;
}

const WORDS = EVENT_SLOT_BYTES >> 2;

/**
 * The edge of the threaded scenario run: turns every step into its slot, with `order` = the
 * step's index and `at` = its time, making exactly the integer calls `EngineGate` makes (same
 * symbol indices, order ids interned in step order — a fill or update naming an order id not
 * yet requested gets -1, as `lookup` does there, except an update that gives the order's side,
 * which interns it (an order the engine did not send) —, execution ids hashed by `stringKey`).
 * Off the hot path: runs once on the embedding thread.
 */
export function compileScenario(scenario: Scenario): CompiledScenario {
  const symbols = legLayout(scenario.config.instruments).symbols; // hedge instruments' short legs too
  const strategies = (scenario.config.strategies ?? []).map((s) => s.name);
  const ids = new StringInterner();
  const steps = scenario.steps;
  let events = 0;
  for (const p of steps) if (p.step.type !== 'order' && p.step.type !== 'cancel' && p.step.type !== 'kill') events++;
  const feed = new ArrayBuffer(events * EVENT_SLOT_BYTES);
  const reqs = new ArrayBuffer((steps.length - events) * EVENT_SLOT_BYTES);
  const fi = new Int32Array(feed);
  const ff = new Float64Array(feed);
  const ri = new Int32Array(reqs);
  const rf = new Float64Array(reqs);
  let fo = 0;
  let ro = 0;
  /** Absent symbol: every instrument; unknown: `UNKNOWN_SYMBOL` (EngineGate's rule for events). */
  const inst = (symbol: string | undefined): number => {
    if (symbol === undefined) return ALL_INSTRUMENTS;
    const i = symbols.indexOf(symbol);
    return i < 0 ? UNKNOWN_SYMBOL : i;
  };
  steps.forEach((p, order) => {
    const s = p.step;
    const at = s.at;
    switch (s.type) {
      case 'snapshot':
        encodeSnapshot(fi, ff, fo, order, at, inst(s.symbol), s.position, s.seq ?? NaN, s.venueTime ?? NaN, s.current === true ? 1 : 0, s.asOf ?? NaN);
        break;
      case 'fill':
        encodeFill(fi, ff, fo, order, at, inst(s.symbol), s.orderId === undefined ? -1 : ids.lookup(s.orderId), stringKey(s.execId),
          s.side === 'buy' ? Side.BUY : Side.SELL, s.qty, s.price, s.seq ?? s.venueTime ?? NaN);
        break;
      case 'orderUpdate':
        // With a side it may be an order the engine did not send: interned, as EngineGate does.
        encodeOrderUpdate(fi, ff, fo, order, at, inst(s.symbol), s.side === undefined ? ids.lookup(s.orderId) : ids.intern(s.orderId), STATUS_CODE[s.status], s.cumQty, s.leavesQty,
          updateSideCode(s), s.reduceOnly === true ? 1 : 0);
        break;
      case 'feed':
        encodeFeedStatus(fi, ff, fo, order, at, inst(s.symbol), s.status === 'up');
        break;
      case 'heartbeat':
        encodeHeartbeat(fi, ff, fo, order, at, inst(s.symbol));
        break;
      case 'mark':
        encodeMark(fi, ff, fo, order, at, inst(s.symbol), s.price);
        break;
      case 'order':
        encodeOrderRequest(ri, rf, ro, order, at, order, ids.intern(s.orderId), symbols.indexOf(s.symbol), s.side === 'buy' ? Side.BUY : Side.SELL, s.qty, s.price, s.reduceOnly === true ? 1 : 0,
          strategyIndex(strategies, s.strategy));
        ro += EVENT_SLOT_BYTES;
        return;
      case 'cancel':
        encodeCancelRequest(ri, rf, ro, order, at, order, ids.lookup(s.orderId));
        ro += EVENT_SLOT_BYTES;
        return;
      case 'kill':
        encodeKillRequest(ri, rf, ro, order, at, order, KILL_CODE[s.mode], inst(s.symbol));
        ro += EVENT_SLOT_BYTES;
        return;
    }
    fo += EVENT_SLOT_BYTES;
  });
  return { feedSlots: fi, requestSlots: ri, steps: steps.length };
}

/** Slots in an image array. */
export function slotCount(image: Int32Array): number {
  return image.length / WORDS;
}
