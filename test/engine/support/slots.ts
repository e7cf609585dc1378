import { EVENT_SLOT_BYTES, encodeHeartbeat, encodeSnapshot } from '../../../src/codec/index.js';

/** Slot images (16 int32 words each) for tests: `snapshot(pos)` and `heartbeats(n)` of instrument 0. */
/** One SNAPSHOT slot of instrument 0, by default marked current (a feed's report after it came up: `Arg.SNAP_CURRENT`). */
export function snapshotSlots(position: number, current = 1): Int32Array {
  const buf = new ArrayBuffer(EVENT_SLOT_BYTES);
  encodeSnapshot(new Int32Array(buf), new Float64Array(buf), 0, -1, NaN, 0, position, NaN, NaN, current);
  return new Int32Array(buf);
}

export function withHeartbeats(first: Int32Array, count: number): Int32Array {
  const out = new Int32Array(first.length + count * 16);
  out.set(first);
  const f64 = new Float64Array(out.buffer);
  for (let k = 0; k < count; k++) encodeHeartbeat(out, f64, first.length * 4 + k * EVENT_SLOT_BYTES, -1, NaN, 0);
  return out;
}

/** Polls `predicate` every 2 ms until true; throws after `timeoutMs` with `what`. */
export async function until(predicate: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}
