import { test } from 'node:test';
import assert from 'node:assert/strict';
import { riskEngineCases } from '../../bench/risk/risk-engine.bench.js';
import { venueDecoderCases } from '../../bench/venues/venue-decoders.bench.js';
import { DenyReason, denyReasonName } from '../../src/risk/deny-reason.js';

test('when the micro benchmark lists its risk cases then every decision code has its check case', () => {
  const names = new Set(riskEngineCases().map((c) => c.name));
  const missing = Object.values(DenyReason)
    .map((code) => denyReasonName(code))
    .filter((n) => !names.has(`checkOrder ${n}`) && !names.has(`checkCancel ${n}`));
  assert.deepEqual(missing, []);
});

/**
 * The benchmark's micro paths return the codes it claims to time. `npm test` runs only the
 * cross-thread benchmark cases (bench:ci), so the micro cases' own verification would otherwise
 * run only by hand: here every case runs a few iterations (no timing read) and must verify, so a
 * wrong decision code or result on any timed path fails CI.
 */
for (const c of riskEngineCases()) {
  test(`when the micro case "${c.name}" runs three iterations then every call returned its expected code and was counted`, () => {
    const runner = c.setup();
    for (let i = 0; i < 3; i++) runner.iterate();
    assert.doesNotThrow(() => runner.verify());
  });
}

for (const [bytes, reference, baseline] of venueDecoderCases()) {
  test(`when the micro cases "${bytes.name}", its reference and its baseline run then every frame decoded to the same events and was counted`, () => {
    for (const c of [bytes, reference, baseline]) {
      const runner = c.setup();
      for (let i = 0; i < 3; i++) runner.iterate();
      assert.doesNotThrow(() => runner.verify(), c.name);
    }
  });
}
