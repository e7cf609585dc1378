/**
 * CRC-32C (Castagnoli, reflected polynomial 0x82F63B78), the checksum of iSCSI, ext4 and
 * LevelDB/RocksDB logs: better error detection than CRC-32 (IEEE) for the same cost and the same
 * function other languages' journal readers find in their standard libraries.
 *
 * Table-driven, one byte per step, four tables (slicing-by-4). Allocation-free after module load.
 * Check value: crc32c("123456789") === 0xE3069283.
 */
const TABLES = (() => {
  const t = new Uint32Array(4 * 256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0x82f63b78 : c >>> 1;
    t[n] = c >>> 0;
  }
  for (let n = 0; n < 256; n++) {
    for (let s = 1; s < 4; s++) {
      const prev = t[(s - 1) * 256 + n]!;
      t[s * 256 + n] = ((prev >>> 8) ^ t[prev & 0xff]!) >>> 0;
    }
  }
  return t;
})();

/**
 * Continues a CRC-32C over `bytes[from, to)`. Start with `crc = 0`; pass the previous result to
 * checksum a message in pieces. Returns an unsigned 32-bit value.
 */
export function crc32c(bytes: Uint8Array, crc = 0, from = 0, to = bytes.length): number {
  const t = TABLES;
  let c = ~crc >>> 0;
  let i = from;
  for (; i + 4 <= to; i += 4) {
    c ^= bytes[i]! | (bytes[i + 1]! << 8) | (bytes[i + 2]! << 16) | (bytes[i + 3]! << 24);
    c = t[768 + (c & 0xff)]! ^ t[512 + ((c >>> 8) & 0xff)]! ^ t[256 + ((c >>> 16) & 0xff)]! ^ t[c >>> 24]!;
  }
  for (; i < to; i++) c = t[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8);
  return ~c >>> 0;
}
