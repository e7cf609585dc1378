/**
 * The server the server-facing tests (control server, simulator) run on this pass:
 * `RISKGATE_TEST_SERVER` (`uws` or `node`). scripts/run-tests.mjs sets it, running every test
 * file that imports this module once per server that runs on this host (both where a native
 * uWebSockets.js build loads, `node` only where none does), and prints which. Unset (a test
 * file run by hand): `uws` where a build loads, else `node`.
 */
import { loadUws, type ServerKind } from '../../../src/server/index.js';

export function testServerKind(): ServerKind {
  const v = process.env['RISKGATE_TEST_SERVER'];
  if (v === 'uws' || v === 'node') return v;
  if (v !== undefined && v !== '') throw new Error(`RISKGATE_TEST_SERVER must be "uws" or "node", not ${JSON.stringify(v)}`);
  return loadUws().module !== undefined ? 'uws' : 'node';
}

/** A test name's suffix naming the server, so that both passes' reports read apart. */
export function onServer(): string {
  return ` [${testServerKind()} server]`;
}
