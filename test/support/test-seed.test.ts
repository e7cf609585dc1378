import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testSeed } from './test-seed.js';

function withEnv<T>(value: string | undefined, body: () => T): T {
  const old = process.env['SEED_UNDER_TEST'];
  if (value === undefined) delete process.env['SEED_UNDER_TEST'];
  else process.env['SEED_UNDER_TEST'] = value;
  try {
    return body();
  } finally {
    if (old === undefined) delete process.env['SEED_UNDER_TEST'];
    else process.env['SEED_UNDER_TEST'] = old;
  }
}

test('when no seed is set then each test name has its own fixed seed, the same on every run', () => {
  withEnv(undefined, () => {
    assert.equal(testSeed('a', 'SEED_UNDER_TEST'), testSeed('a', 'SEED_UNDER_TEST'));
    assert.notEqual(testSeed('a', 'SEED_UNDER_TEST'), testSeed('b', 'SEED_UNDER_TEST'));
    assert.equal(testSeed('', 'SEED_UNDER_TEST'), 0x811c9dc5, 'FNV-1a of the empty string is its offset basis');
    assert.equal(testSeed('a', 'SEED_UNDER_TEST'), 0xe40c292c, 'FNV-1a of "a"');
  });
});

test('when a seed is set then every test uses it, and "random" asks for fresh ones', () => {
  assert.equal(withEnv('42', () => testSeed('a', 'SEED_UNDER_TEST')), 42);
  assert.equal(withEnv('4294967295', () => testSeed('a', 'SEED_UNDER_TEST')), 4294967295);
  const fresh = withEnv('random', () => [1, 2, 3, 4].map(() => testSeed('a', 'SEED_UNDER_TEST')));
  assert.ok(fresh.every((s) => Number.isInteger(s) && s >= 0 && s < 2 ** 32));
  assert.ok(new Set(fresh).size > 1, `four random seeds were all ${fresh[0]}`);
});

test('when the seed is not an unsigned 32-bit integer or "random" then it says what it must be', () => {
  for (const bad of ['-1', '1.5', '4294967296', 'abc', '0x10']) {
    assert.throws(() => withEnv(bad, () => testSeed('a', 'SEED_UNDER_TEST')), /SEED_UNDER_TEST must be an integer from 0 to 4294967295 or "random"/, bad);
  }
});
