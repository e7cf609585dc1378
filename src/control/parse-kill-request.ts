import type { KillRequest } from './kill-sink.js';
import { findDuplicateKeys } from '../json/duplicate-keys.js';

const MODES = ['halt', 'reduce', 'resume'] as const;

/**
 * Reads the body of `POST /kill`: `{"mode":"halt"|"reduce"|"resume","symbol"?:string}`, no other
 * key. Returns the request, or a problem sentence (never quoting the body back).
 */
export function parseKillRequest(body: Buffer, symbols: readonly string[]): KillRequest | { readonly problem: string; readonly code: string } {
  let json: unknown;
  try {
    json = JSON.parse(body.toString('utf8'));
  } catch {
    return { code: 'MALFORMED_JSON', problem: 'the body is not valid JSON' };
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return { code: 'BAD_REQUEST', problem: 'the body must be a JSON object' };
  // {"mode":"resume","mode":"halt"} means whatever the reader keeps: refuse it.
  if (findDuplicateKeys(body.toString('utf8')).length > 0) return { code: 'BAD_REQUEST', problem: 'the body repeats a key' };
  const o = json as Record<string, unknown>;
  const unknown = Object.keys(o).filter((k) => k !== 'mode' && k !== 'symbol');
  // The keys are not quoted back: a client may have pasted a secret in the wrong place.
  if (unknown.length > 0) return { code: 'BAD_REQUEST', problem: `the body has ${unknown.length} unknown key(s) (known: mode, symbol)` };
  const mode = o['mode'];
  if (typeof mode !== 'string' || !(MODES as readonly string[]).includes(mode)) return { code: 'BAD_REQUEST', problem: `mode must be one of ${MODES.join(', ')}` };
  const symbol = o['symbol'];
  if (symbol === undefined) return { mode: mode as KillRequest['mode'] };
  if (typeof symbol !== 'string' || !symbols.includes(symbol)) return { code: 'UNKNOWN_SYMBOL', problem: `symbol must be one of ${symbols.join(', ')} (absent: every instrument)` };
  return { mode: mode as KillRequest['mode'], symbol };
}
