import type { Prng } from './prng.js';

/**
 * Slot "types" of the stress test: each writes a different payload pattern derived from the
 * sequence number and a per-slot random word, through a different view. The producer worker
 * writes them, the verifier checks them, both drive the same `Prng` stream.
 *
 * Every slot starts with: f64[0] sequence number, i32[2] type, i32[3] random word.
 */
export const SLOT_TYPES = 3;

/** Writes slot `seq` at byte offset `off`, choosing its type and random word from `rng`. */
export function writeStressSlot(
  i32: Int32Array, f64: Float64Array, u8: Uint8Array, off: number, slotSize: number, seq: number, rng: Prng,
): void {
  const type = rng.below(SLOT_TYPES);
  const word = rng.nextU32() | 0;
  const w = off >> 2;
  const d = off >> 3;
  f64[d] = seq;
  i32[w + 2] = type;
  i32[w + 3] = word;
  if (type === 0) {
    for (let k = 4; k < slotSize >> 2; k++) i32[w + k] = (word ^ Math.imul(k, 0x9e3779b1) ^ seq) | 0;
  } else if (type === 1) {
    for (let k = 2; k < slotSize >> 3; k++) f64[d + k] = seq * k + word / 7;
  } else {
    for (let k = 16; k < slotSize; k++) u8[off + k] = (word + k * 31 + seq) & 0xff;
  }
}

/**
 * Checks slot `seq` at `off` against the next value of the verifier's `rng`. Returns '' when it
 * matches, otherwise a description of the first difference (allocates only on failure).
 */
export function checkStressSlot(
  i32: Int32Array, f64: Float64Array, u8: Uint8Array, off: number, slotSize: number, seq: number, rng: Prng,
): string {
  const type = rng.below(SLOT_TYPES);
  const word = rng.nextU32() | 0;
  const w = off >> 2;
  const d = off >> 3;
  if (f64[d] !== seq) return `slot at ${off}: sequence ${f64[d]} where ${seq} was expected`;
  if (i32[w + 2] !== type || i32[w + 3] !== word) return `seq ${seq}: type/word ${i32[w + 2]}/${i32[w + 3]} expected ${type}/${word}`;
  if (type === 0) {
    for (let k = 4; k < slotSize >> 2; k++) {
      if (i32[w + k] !== ((word ^ Math.imul(k, 0x9e3779b1) ^ seq) | 0)) return `seq ${seq} type 0: int32 ${k} differs`;
    }
  } else if (type === 1) {
    for (let k = 2; k < slotSize >> 3; k++) {
      if (f64[d + k] !== seq * k + word / 7) return `seq ${seq} type 1: float64 ${k} differs`;
    }
  } else {
    for (let k = 16; k < slotSize; k++) {
      if (u8[off + k] !== ((word + k * 31 + seq) & 0xff)) return `seq ${seq} type 2: byte ${k} differs`;
    }
  }
  return '';
}
