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
