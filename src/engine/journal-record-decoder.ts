import {
  ARG_WORD, AT_DWORD, INST_WORD, NO_STRATEGY, SlotType, TAG_WORD, V0_DWORD, V1_DWORD, V2_DWORD, V3_DWORD, V4_DWORD, orderArgSide, orderArgStrategy,
} from '../codec/index.js';
import { ALL_INSTRUMENTS, KillMode, OrderStatusCode } from '../risk/codes.js';
import { denyReasonName } from '../risk/deny-reason.js';
import type { KillMode as KillModeName, MarketEvent, OrderStatus, RequestStep } from '../scenario/scenario-types.js';
import type { RecordBody } from '../schema/record-body.js';
import { handleLabel, type RecordHandles } from '../schema/record-handles.js';
import { JOURNAL_CODE_DWORD } from './journal-slot-layout.js';

/** One journal-ring slot turned back into schema records (a request yields request + decision). */
export interface DecodedJournalSlot {
  readonly at: number;
  readonly bodies: readonly RecordBody[];
}

const STATUS: Record<number, OrderStatus> = {
  [OrderStatusCode.NEW]: 'new',
  [OrderStatusCode.PARTIALLY_FILLED]: 'partiallyFilled',
  [OrderStatusCode.FILLED]: 'filled',
  [OrderStatusCode.CANCELED]: 'canceled',
  [OrderStatusCode.REJECTED]: 'rejected',
};
const KILL: Record<number, KillModeName> = { [KillMode.HALT]: 'halt', [KillMode.REDUCE]: 'reduce', [KillMode.RESUME]: 'resume' };

/**
 * Turns journal-ring slots (journal-slot-layout.ts) back into schema records, on the journal
 * thread. Off the hot path: allocates per record.
 *
 * What the journal holds for the integers the rings carry (strings never cross a ring):
 * - symbols: the config's symbol for an instrument index (name table from the config);
 *   -1 in a feed/heartbeat/kill slot = every instrument (symbol absent); any other index
 *   that is not an instrument becomes `?<index>`, which no config names, so a replay meets
 *   an unknown instrument exactly as the risk thread did;
 * - order ids: the integer handle as a handle (`order_handle`: the strategy's order key, or the
 *   handle the feed handler interned), with no string id: this thread never knows the string.
 *   A fill without an order (handle < 0, which the engine reads as "none") has neither;
 * - exec ids: the exec key as a handle (`exec_handle`: `stringKey` of the venue's id, taken at
 *   the feed handler), with no string id;
 * - TIF: the rings do not carry it (the risk checks do not use it): recorded as GTC.
 * The plain-object records carry each handle's label (`#<handle>`, record-handles.ts) where the
 * step format needs a string; the encoder does not write it. Replay gives the engine the
 * handles themselves, so it makes the risk thread's exact calls. The venue's own order/exec
 * strings are known only at the edges (strategy and feed workers): the edge logs its handle
 * table if it wants them joined.
 */
export class JournalRecordDecoder {
  /** `strategies`: the config's strategy names, index = the strategy index an ORDER slot carries. */
  constructor(private readonly symbols: readonly string[], private readonly strategies: readonly string[] = []) {}

  /** The records for the slot at byte offset `off` of the views (whole-buffer `i32` / `f64`). */
  decode(i32: Int32Array, f64: Float64Array, off: number): DecodedJournalSlot | undefined {
    const w = off >> 2;
    const d = off >> 3;
    const tag = i32[w + TAG_WORD]!;
    const inst = i32[w + INST_WORD]!;
    const arg = i32[w + ARG_WORD]!;
    const at = f64[d + AT_DWORD]!;
    const v = (k: number): number => f64[d + k]!;
    const event = (e: MarketEvent, handles?: RecordHandles): DecodedJournalSlot =>
      ({ at, bodies: [{ kind: 'event', event: e, ...(handles !== undefined ? { handles } : {}) }] });
    const request = (r: RequestStep, key?: number): DecodedJournalSlot => {
      const code = v(JOURNAL_CODE_DWORD);
      const handles = key !== undefined ? { handles: { order: key } } : {};
      return {
        at,
        bodies: [
          { kind: 'request', request: r, ...handles },
          {
            kind: 'decision', requestSeq: -1, ...(key !== undefined ? { orderId: handleLabel(key) } : {}), ...handles,
            decision: code === 0 ? 'approve' : 'deny', reasonCode: code, ...(code !== 0 ? { reason: denyReasonName(code) } : {}),
          },
        ],
      };
    };
    switch (tag) {
      case SlotType.FILL: {
        const seq = v(V4_DWORD);
        const key = v(V0_DWORD);
        const exec = v(V1_DWORD);
        return event({
          type: 'fill', symbol: this.symbol(inst), ...(key >= 0 ? { orderId: handleLabel(key) } : {}), execId: handleLabel(exec),
          side: arg > 0 ? 'buy' : 'sell', qty: v(V2_DWORD), price: v(V3_DWORD), ...(Number.isNaN(seq) ? {} : { seq }),
        }, key >= 0 ? { order: key, exec } : { exec });
      }
      case SlotType.ORDER_UPDATE: {
        const key = v(V0_DWORD);
        return event({
          type: 'orderUpdate', symbol: this.symbol(inst), orderId: handleLabel(key), status: STATUS[arg] ?? 'new',
          cumQty: v(V1_DWORD), leavesQty: v(V2_DWORD),
          ...(v(V3_DWORD) === 1 ? { side: 'buy' } : v(V3_DWORD) === -1 ? { side: 'sell' } : {}), ...(v(V4_DWORD) === 1 ? { reduceOnly: true } : {}),
        }, { order: key });
      }
      case SlotType.SNAPSHOT: {
        const seq = v(V1_DWORD);
        const venueTime = v(V2_DWORD);
        const asOf = v(V3_DWORD);
        return event({
          type: 'snapshot', symbol: this.symbol(inst), position: v(V0_DWORD), ...(Number.isNaN(seq) ? {} : { seq }),
          ...(Number.isNaN(venueTime) ? {} : { venueTime }), ...(arg === 1 ? { current: true } : {}), ...(Number.isNaN(asOf) ? {} : { asOf }),
        });
      }
      case SlotType.FEED:
        return event({ type: 'feed', status: arg === 1 ? 'up' : 'down', ...this.optSymbol(inst) });
      case SlotType.HEARTBEAT:
        return event({ type: 'heartbeat', ...this.optSymbol(inst) });
      case SlotType.MARK:
        return event({ type: 'mark', symbol: this.symbol(inst), price: v(V0_DWORD) });
      case SlotType.ORDER: {
        const key = v(V0_DWORD);
        const strategy = orderArgStrategy(arg);
        return request({
          type: 'order', orderId: handleLabel(key), symbol: this.symbol(inst), side: orderArgSide(arg) > 0 ? 'buy' : 'sell', qty: v(V2_DWORD), price: v(V3_DWORD), tif: 'GTC',
          ...(v(V4_DWORD) === 1 ? { reduceOnly: true } : {}),
          ...(strategy === NO_STRATEGY ? {} : { strategy: this.strategies[strategy] ?? `?${strategy}` }),
        }, key);
      }
      case SlotType.CANCEL: {
        const key = v(V0_DWORD);
        return request({ type: 'cancel', orderId: handleLabel(key) }, key);
      }
      case SlotType.KILL:
        return request({ type: 'kill', mode: KILL[arg] ?? 'resume', ...this.optSymbol(inst) });
      case SlotType.CANCEL_ALL:
        return { at, bodies: [{ kind: 'cancelAll', symbol: inst === ALL_INSTRUMENTS ? '*' : this.symbol(inst) }] };
      default:
        return undefined;
    }
  }

  /** The symbol of an instrument index; `?<index>` for one the config does not have. */
  symbol(inst: number): string {
    return this.symbols[inst] ?? `?${inst}`;
  }

  private optSymbol(inst: number): { symbol?: string } {
    return inst === ALL_INSTRUMENTS ? {} : { symbol: this.symbol(inst) };
  }
}

