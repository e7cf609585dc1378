import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { ServiceConfigShape, serviceJsonSchema } from '../../src/service/service-schema.js';
import { validateServiceConfig } from '../../src/service/service-config.js';

const root = new URL('../../../', import.meta.url);
const example = JSON.parse(readFileSync(new URL('docs/service/riskgate.json', root), 'utf8')) as Record<string, unknown>;
const env = { BYBIT_API_KEY: 'k', BYBIT_API_SECRET: 's', RISKGATE_CONTROL_TOKEN: 'a-token-with-enough-variety-1234' };

test('when the shipped service JSON Schema is read then it is exactly the one generated from the declarations', () => {
  const shipped = readFileSync(new URL('schema/riskgate-service.schema.json', root), 'utf8');
  assert.equal(shipped, `${JSON.stringify(serviceJsonSchema(), null, 2)}\n`,
    'schema/riskgate-service.schema.json is stale: run `npm run gen:config-schema`');
  const props = serviceJsonSchema()['properties'] as Record<string, { properties?: Record<string, unknown> }>;
  for (const section of ['instruments', 'venues', 'control', 'journal', 'log']) assert.ok(section in props, section);
  assert.ok('tokenEnv' in props['control']!.properties!, 'the control section is declared key by key');
  assert.ok('dir' in props['journal']!.properties! && 'onFailure' in props['journal']!.properties!);
});

test('when the shipped example service file is checked then the schema and the service validator both accept it', () => {
  assert.equal(ServiceConfigShape.safeParse(example).success, true);
  assert.doesNotThrow(() => validateServiceConfig(example, env));
});

test('when a section is misspelled or a section key unknown then the schema refuses it, as the service validator does', () => {
  for (const bad of [{ ...example, contol: example['control'] }, { ...example, journal: { ...(example['journal'] as object), fsyncc: 'none' } }]) {
    assert.equal(ServiceConfigShape.safeParse(bad).success, false);
    assert.throws(() => validateServiceConfig(bad, env));
  }
});
