import { FlatBuffersStreamEncoder } from './flatbuffers-stream-encoder.js';
import { jsonStreamEncoder } from './json-stream-encoder.js';
import type { StreamEncoder } from './stream-encoder.js';

/**
 * The encodings `/stream` offers, the default first: the schema's FlatBuffers envelopes (the
 * one definition of every message outside the rings), and JSON (`?encoding=json`, what the
 * dashboard reads). A fresh FlatBuffers encoder per server: it owns a reused builder.
 */
export function defaultStreamEncoders(): readonly StreamEncoder[] {
  return [new FlatBuffersStreamEncoder(), jsonStreamEncoder];
}
