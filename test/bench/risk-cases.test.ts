import { test } from 'node:test';
import assert from 'node:assert/strict';
import { riskEngineCases } from '../../bench/risk/risk-engine.bench.js';
import { DenyReason, denyReasonName } from '../../src/risk/deny-reason.js';

test('when the micro benchmark lists its risk cases then every decision code has its check case', () => {
  const names = new Set(riskEngineCases().map((c) => c.name));
  const missing = Object.values(DenyReason)
    .map((code) => denyReasonName(code))
    .filter((n) => !names.has(`checkOrder ${n}`) && !names.has(`checkCancel ${n}`));
  assert.deepEqual(missing, []);
});
