import { initRing, ringByteLength, type RingOptions } from '../../../src/ring/index.js';
import { HEADER_BYTES, HEADER_WORDS } from '../../../src/ring/spsc-ring-layout.js';

/** Guard bytes on each side of the ring region (a multiple of 128 so the ring stays aligned). */
export const GUARD_BYTES = 256;
/** Canary word filling the guards. */
export const CANARY = 0x5a17c0de | 0;

/** A buffer holding one ring between two guard regions filled with `CANARY`. */
export interface GuardedRing {
  readonly buffer: SharedArrayBuffer;
  readonly byteOffset: number;
  readonly byteLength: number;
}

export function createGuardedRing(options: RingOptions): GuardedRing {
  const byteLength = ringByteLength(options.capacity, options.slotSize);
  const buffer = new SharedArrayBuffer(GUARD_BYTES + byteLength + GUARD_BYTES);
  new Int32Array(buffer).fill(CANARY);
  initRing(buffer, GUARD_BYTES, options);
  return { buffer, byteOffset: GUARD_BYTES, byteLength };
}

/**
 * Every damaged canary: guard words that lost `CANARY`, and header padding bytes (every header
 * byte that is not a layout word) that are not zero. Empty when intact.
 */
export function damagedCanaries(ring: GuardedRing): string[] {
  const damage: string[] = [];
  const i32 = new Int32Array(ring.buffer);
  const after = ring.byteOffset + ring.byteLength;
  for (let b = 0; b < ring.buffer.byteLength; b += 4) {
    if ((b < ring.byteOffset || b >= after) && i32[b >> 2] !== CANARY) damage.push(`guard word at byte ${b} is 0x${((i32[b >> 2] ?? 0) >>> 0).toString(16)}`);
  }
  const u8 = new Uint8Array(ring.buffer);
  for (let rel = 0; rel < HEADER_BYTES; rel++) {
    if (HEADER_WORDS.includes(rel - (rel & 3))) continue;
    if (u8[ring.byteOffset + rel] !== 0) damage.push(`header padding byte ${rel} is ${u8[ring.byteOffset + rel]}`);
  }
  return damage;
}
