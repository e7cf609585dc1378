import { ARG_WORD, INST_WORD, SlotType, V0_DWORD, V1_DWORD, V2_DWORD, V3_DWORD, V4_DWORD } from '../codec/index.js';
import { Arg } from '../risk/hot-args.js';
import type { RiskEngine } from '../risk/risk-engine.js';

/**
 * Slot → engine call: the risk thread's translation of an event slot (event-slot-layout.ts) into
 * the core's hot calls. Arguments travel through `engine.args` (raw doubles, never boxed:
 * src/risk/hot-args.ts). `w` and `d` are the slot's first i32 and f64 index in `i32` / `f64`.
 * Allocation: none.
 */

/** @hot A request (ORDER, CANCEL or KILL): the engine's decision code. */
export function answerRequest(e: RiskEngine, tag: number, i32: Int32Array, f64: Float64Array, w: number, d: number): number {
  const a = e.args;
  if (tag === SlotType.ORDER) {
    a[Arg.ORDER_KEY] = f64[d + V0_DWORD]!;
    a[Arg.INST] = i32[w + INST_WORD]!;
    a[Arg.SIDE] = i32[w + ARG_WORD]!;
    a[Arg.QTY] = f64[d + V2_DWORD]!;
    a[Arg.PRICE] = f64[d + V3_DWORD]!;
    a[Arg.REDUCE_ONLY] = f64[d + V4_DWORD]!;
    return e.checkOrderArgs();
  }
  if (tag === SlotType.CANCEL) {
    a[Arg.ORDER_KEY] = f64[d + V0_DWORD]!;
    return e.checkCancelArgs();
  }
  a[Arg.MODE] = i32[w + ARG_WORD]!;
  a[Arg.INST] = i32[w + INST_WORD]!;
  return e.killArgs();
}

/**
 * @hot A market event (FILL, ORDER_UPDATE, SNAPSHOT, HEARTBEAT, MARK, LEASE) applied to the
 * engine. Returns false for any other tag (nothing applied).
 */
export function applyMarketEvent(e: RiskEngine, tag: number, i32: Int32Array, f64: Float64Array, w: number, d: number): boolean {
  const a = e.args;
  const inst = i32[w + INST_WORD]!;
  const arg = i32[w + ARG_WORD]!;
  switch (tag) {
    case SlotType.FILL:
      a[Arg.INST] = inst;
      a[Arg.ORDER_KEY] = f64[d + V0_DWORD]!;
      a[Arg.EXEC_KEY] = f64[d + V1_DWORD]!;
      a[Arg.SIDE] = arg;
      a[Arg.QTY] = f64[d + V2_DWORD]!;
      a[Arg.PRICE] = f64[d + V3_DWORD]!;
      a[Arg.SEQ] = f64[d + V4_DWORD]!;
      e.applyFillArgs();
      return true;
    case SlotType.ORDER_UPDATE:
      a[Arg.INST] = inst;
      a[Arg.ORDER_KEY] = f64[d + V0_DWORD]!;
      a[Arg.STATUS] = arg;
      a[Arg.CUM_QTY] = f64[d + V1_DWORD]!;
      a[Arg.LEAVES_QTY] = f64[d + V2_DWORD]!;
      a[Arg.ORDER_SIDE] = f64[d + V3_DWORD]!;
      a[Arg.ORDER_REDUCE_ONLY] = f64[d + V4_DWORD]!;
      e.applyOrderUpdateArgs();
      return true;
    case SlotType.SNAPSHOT:
      a[Arg.INST] = inst;
      a[Arg.POSITION] = f64[d + V0_DWORD]!;
      a[Arg.SEQ] = f64[d + V1_DWORD]!;
      a[Arg.VENUE_TIME] = f64[d + V2_DWORD]!;
      a[Arg.SNAP_CURRENT] = arg;
      e.applySnapshotArgs();
      return true;
    case SlotType.HEARTBEAT:
      a[Arg.INST] = inst;
      e.applyHeartbeatArgs();
      return true;
    case SlotType.MARK:
      a[Arg.INST] = inst;
      a[Arg.PRICE] = f64[d + V0_DWORD]!;
      e.applyMarkArgs();
      return true;
    case SlotType.LEASE:
      a[Arg.INST] = inst;
      a[Arg.LEASE_LONG] = f64[d + V0_DWORD]!;
      a[Arg.LEASE_SHORT] = f64[d + V1_DWORD]!;
      a[Arg.LEASE_FOR_MS] = f64[d + V2_DWORD]!;
      e.applyLeaseArgs();
      return true;
    default:
      return false;
  }
}
