import { test } from 'node:test';
import assert from 'node:assert/strict';
import { inspect } from 'node:util';
import { RiskGate } from '../../src/gate/index.js';
import { testServerKind } from '../server/support/test-server.js';

const TOKEN = 'k7#Qm2!xR9vL0pZ4-never-print-me';

test('when a gate with a control token is inspected (console.log) then the token appears nowhere, and the rest of the options still do', async () => {
  const gate = new RiskGate({ instruments: [{ symbol: 'BTC', maxLong: 1, maxShort: 1 }] }, { control: { server: testServerKind(), port: 0, token: TOKEN } });
  try {
    for (const text of [inspect(gate), inspect(gate, { depth: Infinity, showHidden: true, getters: true })]) {
      assert.ok(!text.includes(TOKEN), 'the token is not printed');
      assert.ok(!text.includes(TOKEN.slice(0, 8)), 'not even a prefix');
    }
    assert.match(inspect(gate, { depth: Infinity }), /token: '\[redacted\]'/, 'the option is shown as redacted');
  } finally {
    await gate.stop();
  }
});
