/**
 * Frames for the "frame bytes in the feed worker -> risk state applied" case: Bybit private
 * pushes as the socket hands them over (UTF-8 bytes), decoded in the feed worker by the byte
 * decoder and published as ring slots, exactly the live feed's path after the socket.
 *
 * A cycle of two frames on instrument 0 ('BENCH', venue symbol BTCUSDT): an `execution` push (one
 * foreign fill of 1 lot, sides alternating, unique execId, seq = fill number) and a `position`
 * push confirming it (size 1 long or flat, same seq). Each frame is a template whose fixed-width
 * digit fields are rewritten in place for event j: no allocation per frame, and no repeat (the
 * engine would drop a repeated execId as a duplicate).
 */
import type { VenueSymbolConfig } from '../../src/venues/venue-decoder.js';

export const FRAME_SYMBOLS: readonly VenueSymbolConfig[] = [{ symbol: 'BENCH', venueSymbol: 'BTCUSDT', lotSize: '0.001' }];

const DIGITS = 15;
const PAD = '0'.repeat(DIGITS);

function execution(side: 'Buy' | 'Sell'): string {
  return JSON.stringify({
    topic: 'execution', id: '386825804_BTCUSDT_140612148849382', creationTime: 1746270400355,
    data: [{
      category: 'linear', symbol: 'BTCUSDT', closedSize: '0', execFee: '0.0264', execId: `bench-exec-${PAD}`, execPrice: '30000.5',
      execQty: '0.001', execType: 'Trade', execValue: '30.0005', feeRate: '0.00055', tradeIv: '', markIv: '', blockTradeId: '', markPrice: '30000',
      indexPrice: '', underlyingPrice: '', leavesQty: '0', orderId: '', orderLinkId: '', orderPrice: '30000.5', orderQty: '0.001', orderType: 'Market',
      stopOrderType: 'UNKNOWN', side, execTime: '1746270400353', isLeverage: '0', isMaker: false, seq: `${PAD}`, marketUnit: '', execPnl: '0', createType: 'CreateByUser',
    }],
  });
}

function position(long: boolean): string {
  return JSON.stringify({
    id: '1003076014fb7eedb-c7e6-45d6-a8c1-270f0169171a', topic: 'position', creationTime: 1697682317044,
    data: [{
      positionIdx: 0, tradeMode: 0, riskId: 1, riskLimitValue: '2000000', symbol: 'BTCUSDT', side: long ? 'Buy' : '', size: long ? '0.001' : '0',
      entryPrice: '30000.5', sessionAvgPrice: '', leverage: '10', positionValue: '30.0005', positionBalance: '0', markPrice: '30000', positionIM: '3.0002',
      positionMM: '0.15', takeProfit: '0', stopLoss: '0', trailingStop: '0', unrealisedPnl: '0', cumRealisedPnl: '0', curRealisedPnl: '0',
      createdTime: '1676538056258', updatedTime: '1697673600012', tpslMode: 'Full', liqPrice: '', bustPrice: '', category: 'linear',
      positionStatus: 'Normal', adlRankIndicator: 0, autoAddMargin: 0, leverageSysUpdatedTime: '', mmrSysUpdatedTime: '', seq: `${PAD}`, isReduceOnly: false,
    }],
    hedge: false,
  });
}

/** A frame template and where its digit fields are. */
interface Template {
  readonly bytes: Uint8Array;
  readonly fields: Int32Array;
}

function template(text: string): Template {
  const bytes = Buffer.from(text, 'utf8');
  const fields: number[] = [];
  for (let i = text.indexOf(PAD); i >= 0; i = text.indexOf(PAD, i + DIGITS)) fields.push(i);
  return { bytes: new Uint8Array(bytes), fields: Int32Array.from(fields) };
}

/** The four templates: execution buy / sell, position long / flat. */
export class FrameCycle {
  readonly #templates: readonly Template[] = [template(execution('Buy')), template(execution('Sell')), template(position(true)), template(position(false))];

  /**
   * @hot The bytes of event `j` (even: the fill number j/2 + 1; odd: the snapshot after it), its
   * number fields rewritten. The returned array is reused: decode it before the next call.
   */
  frame(j: number): Uint8Array {
    const n = (j >> 1) + 1;
    const buy = (n & 1) === 1;
    const t = this.#templates[(j & 1) === 0 ? (buy ? 0 : 1) : buy ? 2 : 3]!;
    for (let f = 0; f < t.fields.length; f++) {
      let v = n;
      const at = t.fields[f]!;
      for (let k = DIGITS - 1; k >= 0; k--) {
        t.bytes[at + k] = 0x30 + (v % 10);
        v = Math.floor(v / 10);
      }
    }
    return t.bytes;
  }
}

/** Engine counters after `total` events of the cycle (from a fresh engine). */
export function expectedFrameCounters(total: number): { fills: number; snapshots: number; position: number } {
  const fills = total / 2;
  return { fills, snapshots: fills, position: fills % 2 === 1 ? 1 : 0 };
}
