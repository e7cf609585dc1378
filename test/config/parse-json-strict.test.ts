import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadScenario } from '../../src/cli/load-scenario.js';
import { ConfigError } from '../../src/config/config-error.js';
import { findDuplicateKeys, parseConfigText } from '../../src/config/parse-json-strict.js';
import { validateConfig } from '../../src/config/validate-config.js';
import { parseKillRequest } from '../../src/control/parse-kill-request.js';
import { cpuMapFromEnv } from '../../src/native/cpu-map.js';

test('when a config repeats a key then it is refused, naming the key, the object and both places', () => {
  const text = '{"instruments": [\n  {"symbol": "BTC", "maxLong": 5, "maxLong": 1000, "maxShort": 1}\n]}';
  assert.throws(() => validateConfig(parseConfigText(text, 'config')), (err: unknown) => {
    assert.ok(err instanceof ConfigError);
    assert.deepEqual(err.problems, [
      'config: key "maxLong" appears twice in instruments[0], at line 2 column 21 and at line 2 column 35 (JSON would silently keep the last): remove one',
    ]);
    return true;
  });
  assert.equal(JSON.parse(text).instruments[0].maxLong, 1000, 'what JSON.parse alone would have used');
  assert.equal(validateConfig(parseConfigText(text.replace('"maxLong": 5, ', ''), 'config')).instruments[0]!.maxLong, 1000, 'without the duplicate the text is accepted');
});

test('when keys repeat only across objects, inside strings, or differ then nothing is reported; escaped spellings of one key are one key', () => {
  assert.deepEqual(findDuplicateKeys('{"a": {"a": 1}, "b": [{"a": 1}, {"a": 2}], "c": "\\"a\\": 1, \\"a\\": 2"}'), []);
  assert.deepEqual(findDuplicateKeys('{"ab": 1, "a\\u0062": 2}'), [{ path: '', key: 'ab', first: 'line 1 column 2', second: 'line 1 column 11' }]);
  assert.deepEqual(findDuplicateKeys('[1, {"x": {"y": [true, null, -1.5e3, {"k": 1, "k": 2}]}}]').map((d) => d.path), ['[1].x.y[3]']);
});

test('when a config text is not JSON then the problem names the source', () => {
  assert.throws(() => parseConfigText('{"a":', 'cfg.json'), (err: unknown) => err instanceof ConfigError && /^cfg\.json is not valid JSON: /.test(err.problems[0]!));
});

test('when a scenario file, RISKGATE_CPU_MAP or a kill body repeats a key then each is refused', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rg-dup-'));
  const file = join(dir, 'dup.json');
  writeFileSync(file, '{"config": {"instruments": [{"symbol": "BTC", "maxLong": 1, "maxShort": 1, "maxShort": 9}]}, "steps": []}');
  assert.throws(() => loadScenario(file), (err: unknown) => (err as { exitCode?: number }).exitCode === 2 && /key "maxShort" appears twice in config\.instruments\[0\]/.test((err as Error).message));
  const env = cpuMapFromEnv({ RISKGATE_CPU_MAP: '{"risk": 0, "risk": 1, "feeds": [0], "control": 0}' }, 2);
  assert.match(env!.problems[0]!, /^RISKGATE_CPU_MAP: key "risk" appears twice, at line 1 column 2 and at line 1 column 13/);
  assert.deepEqual(parseKillRequest(Buffer.from('{"mode":"resume","mode":"halt"}'), ['BTC']), { code: 'BAD_REQUEST', problem: 'the body repeats a key' });
});
