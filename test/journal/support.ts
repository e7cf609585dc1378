import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RecordBody } from '../../src/schema/record-body.js';

/** A temp directory removed when the test process exits. */
export function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Record i of a test journal: a fill whose every field derives from i (content checkable by sequence). */
export function fillBody(i: number): RecordBody {
  return {
    kind: 'event',
    event: { type: 'fill', symbol: 'BTCUSDT', orderId: `o${i}`, execId: `e${i}-${'x'.repeat(i % 37)}`, side: i % 2 === 0 ? 'buy' : 'sell', qty: 1 + (i % 5), price: 100 + i, seq: i },
  };
}

export const CONFIG_JSON = JSON.stringify({ instruments: [{ symbol: 'BTCUSDT', maxLong: 5, maxShort: 5 }] });

/**
 * A scenario for journal-loss tests: a snapshot, then `orders` rounds of order → filled update →
 * fill, a snapshot after every third round. Every step is exactly one engine call (one journal
 * slot: no feed, kill or flip-flop step, so no cancel-all) and step i is at engine time i, so a
 * journal record's `at` names the step it came from.
 */
export function burstScenario(orders: number): unknown {
  const steps: Record<string, unknown>[] = [{ type: 'snapshot', symbol: 'BTCUSDT', position: 0 }];
  for (let k = 0; k < orders; k++) {
    steps.push(
      { type: 'order', orderId: `o${k}`, symbol: 'BTCUSDT', side: 'buy', qty: 1, price: 100, tif: 'IOC' },
      { type: 'orderUpdate', symbol: 'BTCUSDT', orderId: `o${k}`, status: 'filled', cumQty: 1, leavesQty: 0 },
      { type: 'fill', symbol: 'BTCUSDT', orderId: `o${k}`, execId: `e${k}`, side: 'buy', qty: 1, price: 100 },
    );
    if (k % 3 === 2) steps.push({ type: 'snapshot', symbol: 'BTCUSDT', position: k + 1 });
  }
  return {
    config: { instruments: [{ symbol: 'BTCUSDT', maxLong: 1_000_000, maxShort: 10, unconfirmed: { maxFills: 2, maxQty: 2 } }] },
    steps: steps.map((s, i) => ({ at: i, ...s })),
  };
}
