import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError } from '../../src/config/config-error.js';
import { validateConfig } from '../../src/config/validate-config.js';
import { BearerAuth, resolveTokenDigest, tokenDigest } from '../../src/control/bearer-auth.js';
import { CONTROL_CONFIG_DOCS, CONTROL_DEFAULTS, validateControlConfig } from '../../src/control/control-config.js';
import { controlServerSettings } from '../../src/control/control-server-settings.js';
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
    streamMaxClients: 64, streamMaxTotalBytes: 32 << 20, streamRequiresToken: false, healthDeadlineMs: 2000, allowRemote: false,
    server: 'uws',
  });
});

test('when control.server is node then the settings carry it to the server; uws is the default', () => {
  assert.equal(controlServerSettings(validateControlConfig({ port: 0, server: 'node' })).server, 'node');
  assert.equal(controlServerSettings(validateControlConfig({ port: 0 })).server, 'uws');
});

test('when the engine config has a control section then validateConfig accepts it with the extra key', () => {
  const json = { instruments: [{ symbol: 'BTC', maxLong: 1, maxShort: 1 }], control: { port: 0 } };
  assert.doesNotThrow(() => validateConfig(json, ['control']));
  assert.equal(validateControlConfig(json.control).port, 0);
});

test('when many keys are wrong then every problem is reported at once, and the token value is never quoted', () => {
  const secret = 'short-secret';
  // Each key's problem in the order of the declaration, then unknown keys, then the problems across keys.
  assert.deepEqual(problems({ host: 'localhost', port: 70000, token: secret, tokenEnv: '1BAD', maxBodyBytes: 10, streamIntervalMs: 0, streamMaxBufferedBytes: 1.5, server: 'http', extra: 1 }), [
    'control.host must be an IPv4 or IPv6 address literal such as "127.0.0.1"',
    'control.port must be an integer from 0 to 65535',
    'control.token must be a string of at least 16 characters without surrounding spaces',
    'control.tokenEnv must be an environment variable name such as "RISKGATE_CONTROL_TOKEN"',
    'control.maxBodyBytes must be an integer from 64 to 65536',
    'control.streamIntervalMs must be an integer from 10 to 10000',
    'control.streamMaxBufferedBytes must be an integer from 1024 to 67108864',
    'control.server must be one of "uws", "node"',
    'control.extra is not a known key (known: host, port, token, tokenEnv, maxBodyBytes, streamIntervalMs, streamMaxBufferedBytes, streamMaxClients, '
      + 'streamMaxTotalBytes, streamRequiresToken, healthDeadlineMs, allowRemote, server)',
    'control.token and control.tokenEnv are exclusive: give one',
  ]);
  assert.throws(() => validateControlConfig({ port: 1, token: secret }), (err: Error) => {
    assert.match(err.message, /control\.token must be a string of at least 16 characters/);
    assert.ok(!err.message.includes(secret), 'the token value is not quoted');
    return true;
  });
});

test('when a token is long but made of few distinct characters then it is refused, from the config and from the environment, without the value', () => {
  const weak = 'abababababababababab';
  assert.deepEqual(problems({ port: 0, token: weak }), ['control.token must have at least 8 distinct characters (a guessable token makes the kill switch a toy)']);
  const c = validateControlConfig({ port: 0, tokenEnv: 'RG_TOKEN' });
  assert.throws(() => resolveTokenDigest(c, { RG_TOKEN: weak }), (err: unknown) => err instanceof ControlError && err.code === 'ERR_RISKGATE_CONTROL_TOKEN' && !err.message.includes(weak));
  assert.doesNotThrow(() => validateControlConfig({ port: 0, token: 'k7#Qm2!xR9vL0pZ4' }));
});

test('when the host is not a loopback address then binding it needs allowRemote: true, and starting it warns that there is no TLS', () => {
  assert.deepEqual(problems({ port: 0, host: '0.0.0.0' }), [
    'control.host 0.0.0.0 is not a loopback address: the server has no TLS, so binding it must be explicit (control.allowRemote: true, ideally behind a TLS proxy)',
  ]);
  assert.equal(problems({ port: 0, host: '10.1.2.3', allowRemote: 'yes' })[0], 'control.allowRemote must be true or false');
  for (const host of ['127.0.0.1', '127.0.0.2', '::1']) assert.doesNotThrow(() => validateControlConfig({ port: 0, host }), host);
  const c = validateControlConfig({ port: 0, host: '0.0.0.0', allowRemote: true });
  const warnings: string[] = [];
  const onWarning = (w: Error & { code?: string }): void => void warnings.push(`${w.code}: ${w.message}`);
  process.on('warning', onWarning);
  try {
    controlServerSettings(c, {});
    controlServerSettings(validateControlConfig({ port: 0 }), {});
  } finally {
    // 'warning' is emitted on the next tick
  }
  return new Promise<void>((resolve) => setImmediate(() => {
    process.off('warning', onWarning);
    assert.deepEqual(warnings, ['RISKGATE_CONTROL_REMOTE: the control server binds 0.0.0.0, reachable from other hosts, without TLS: put a TLS proxy in front of it']);
    resolve();
  }));
});

test('when the stream must require the token then a token must be configured', () => {
  assert.deepEqual(problems({ port: 0, streamRequiresToken: true }), ['control.streamRequiresToken needs control.token or control.tokenEnv']);
  assert.deepEqual(problems({ port: 0, streamMaxClients: -1, streamMaxTotalBytes: 10, healthDeadlineMs: 1 }), [
    'control.streamMaxClients must be an integer from 0 to 10000',
    'control.streamMaxTotalBytes must be an integer from 1024 to 1073741824',
    'control.healthDeadlineMs must be an integer from 50 to 600000',
  ]);
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
