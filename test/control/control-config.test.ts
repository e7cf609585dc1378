import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError } from '../../src/config/config-error.js';
import { validateConfig } from '../../src/config/validate-config.js';
import { BearerAuth, resolveTokenDigest, tokenDigest } from '../../src/control/bearer-auth.js';
import { CONTROL_CONFIG_DOCS, CONTROL_DEFAULTS, validateControlConfig } from '../../src/control/control-config.js';
import { ControlError } from '../../src/control/control-error.js';

function problems(section: unknown): readonly string[] {
  try {
    validateControlConfig(section);
  } catch (err) {
    assert.ok(err instanceof ConfigError, `not a ConfigError: ${String(err)}`);
    assert.equal(err.code, 'ERR_RISKGATE_CONFIG');
    return err.problems;
  }
  assert.fail(`accepted ${JSON.stringify(section)}`);
}

test('when only the port is given then loopback and the defaults apply', () => {
  const c = validateControlConfig({ port: 9000 });
  assert.deepEqual({ ...c }, {
    host: '127.0.0.1', port: 9000, token: undefined, tokenEnv: undefined,
    maxBodyBytes: CONTROL_DEFAULTS.maxBodyBytes, streamIntervalMs: CONTROL_DEFAULTS.streamIntervalMs, streamMaxBufferedBytes: CONTROL_DEFAULTS.streamMaxBufferedBytes,
  });
});

test('when the engine config has a control section then validateConfig accepts it with the extra key', () => {
  const json = { instruments: [{ symbol: 'BTC', maxLong: 1, maxShort: 1 }], control: { port: 0 } };
  assert.doesNotThrow(() => validateConfig(json, ['control']));
  assert.equal(validateControlConfig(json.control).port, 0);
});

test('when many keys are wrong then every problem is reported at once, and the token value is never quoted', () => {
  const secret = 'short-secret';
  assert.deepEqual(problems({ host: 'localhost', port: 70000, token: secret, tokenEnv: '1BAD', maxBodyBytes: 10, streamIntervalMs: 0, streamMaxBufferedBytes: 1.5, extra: 1 }), [
    'control.extra is not a known key (known: host, port, token, tokenEnv, maxBodyBytes, streamIntervalMs, streamMaxBufferedBytes)',
    'control.host must be an IPv4 or IPv6 address literal such as "127.0.0.1"',
    'control.port must be an integer from 0 to 65535',
    'control.token must be a string of at least 16 characters without surrounding spaces',
    'control.tokenEnv must be an environment variable name such as "RISKGATE_CONTROL_TOKEN"',
    'control.token and control.tokenEnv are exclusive: give one',
    'control.maxBodyBytes must be an integer from 64 to 65536',
    'control.streamIntervalMs must be an integer from 10 to 10000',
    'control.streamMaxBufferedBytes must be an integer from 1024 to 67108864',
  ]);
  assert.throws(() => validateControlConfig({ port: 1, token: secret }), (err: Error) => {
    assert.match(err.message, /control\.token must be a string of at least 16 characters/);
    assert.ok(!err.message.includes(secret), 'the token value is not quoted');
    return true;
  });
});

test('when the port is missing or the section is not an object then that is a problem', () => {
  assert.deepEqual(problems({}), ['control.port is required']);
  assert.deepEqual(problems([]), ['control must be an object']);
  assert.deepEqual(problems(null), ['control must be an object']);
});

test('when tokenEnv names an unset or short variable then starting fails with ERR_RISKGATE_CONTROL_TOKEN, without the value', () => {
  const c = validateControlConfig({ port: 0, tokenEnv: 'RG_TOKEN' });
  for (const env of [{}, { RG_TOKEN: 'tiny' }]) {
    assert.throws(() => resolveTokenDigest(c, env), (err: unknown) => err instanceof ControlError && err.code === 'ERR_RISKGATE_CONTROL_TOKEN' && !err.message.includes('tiny'));
  }
  assert.deepEqual(resolveTokenDigest(c, { RG_TOKEN: 'from-the-environment-1' }), tokenDigest('from-the-environment-1'));
  assert.equal(resolveTokenDigest(validateControlConfig({ port: 0 })), null);
});

test('when a bearer header is checked then only the exact token passes', () => {
  const auth = new BearerAuth(tokenDigest('the-right-token-123'));
  assert.equal(auth.check('Bearer the-right-token-123'), true);
  assert.equal(auth.check('bearer the-right-token-123'), true);
  for (const h of ['', 'the-right-token-123', 'Bearer the-right-token-12', 'Bearer the-right-token-1234', 'Basic the-right-token-123', 'Bearer ']) {
    assert.equal(auth.check(h), false, h);
  }
  assert.equal(new BearerAuth(null).check('Bearer anything-at-all-here'), false);
});

test('documented keys are the validated keys', () => {
  const documented = CONTROL_CONFIG_DOCS.map(([p]) => p.replace(/^control\./, ''));
  const known = problems({ nope: 1, port: 0 })[0]!.match(/\(known: (.*)\)/)![1]!.split(', ');
  assert.deepEqual(documented, known);
});
