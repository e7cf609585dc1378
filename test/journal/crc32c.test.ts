import { test } from 'node:test';
import assert from 'node:assert/strict';
import { crc32c } from '../../src/journal/crc32c.js';

test('when the standard check string is hashed then crc32c is 0xE3069283', () => {
  assert.equal(crc32c(new TextEncoder().encode('123456789')), 0xe3069283);
  assert.equal(crc32c(new Uint8Array(0)), 0);
  // RFC 3720 B.4: 32 bytes of zeros, of 0xff.
  assert.equal(crc32c(new Uint8Array(32)), 0x8a9136aa);
  assert.equal(crc32c(new Uint8Array(32).fill(0xff)), 0x62a8ab43);
});

test('when a message is hashed in pieces then the result equals hashing it at once', () => {
  const b = Uint8Array.from({ length: 1000 }, (_, i) => (i * 131 + 7) & 0xff);
  const whole = crc32c(b);
  for (const cut of [0, 1, 3, 4, 5, 499, 997, 1000]) {
    assert.equal(crc32c(b, crc32c(b, 0, 0, cut), cut, b.length), whole, `cut at ${cut}`);
  }
});
