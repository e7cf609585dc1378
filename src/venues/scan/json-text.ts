/**
 * The cold side of the byte scanners: a JSON string or number of a frame turned into a JS string
 * (allocates). Apart from json-cursor.ts so that the name tables (byte-names.ts), which the
 * cursor uses, can decode an escaped name without importing the cursor back.
 */

/** Cold (allocates): the string [s, e) (quotes included) as `JSON.parse` would give it. */
export function decodeString(b: Uint8Array, s: number, e: number): string {
  return JSON.parse(Buffer.from(b.buffer, b.byteOffset + s, e - s).toString('utf8')) as string;
}

/** Cold (allocates): the text of b[s, e) (an ASCII number or content), as `toString('utf8')` gives it. */
export function textOf(b: Uint8Array, s: number, e: number): string {
  return Buffer.from(b.buffer, b.byteOffset + s, e - s).toString('utf8');
}
