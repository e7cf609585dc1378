import type { DecisionBatch } from './state-source.js';
import type { StateView, StreamEncoder, StreamFrame } from './stream-encoder.js';

/**
 * The JSON encoding of `/stream` (text frames): `{"type":"hello"|"state"|"decisions", ...}`.
 * What the dashboard reads; clients that want the schema's encoding ask for it by name.
 */
export const jsonStreamEncoder: StreamEncoder = Object.freeze({
  name: 'json',
  hello(intervalMs: number): StreamFrame {
    return { data: JSON.stringify({ type: 'hello', encoding: 'json', intervalMs }), binary: false };
  },
  state(view: StateView): StreamFrame {
    return { data: JSON.stringify({ type: 'state', state: view.state, latency: view.latency }), binary: false };
  },
  decisions(batch: DecisionBatch): StreamFrame {
    return { data: JSON.stringify({ type: 'decisions', decisions: batch.decisions, missed: batch.missed }), binary: false };
  },
});
