import { jsonStreamEncoder } from './json-stream-encoder.js';
import type { StreamEncoder } from './stream-encoder.js';

/** The encodings `/stream` offers, the default first. */
export function defaultStreamEncoders(): readonly StreamEncoder[] {
  return [jsonStreamEncoder];
}
