import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { renderConfigDocs } from '../../src/config/render-config-docs.js';

test('when the README is read then its configuration table is exactly the one rendered from the code', () => {
  const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');
  const m = /<!-- config-docs:start -->\n([\s\S]*?)\n<!-- config-docs:end -->/.exec(readme);
  assert.ok(m, 'README.md lacks the config-docs markers');
  assert.equal(m[1], renderConfigDocs(), 'README config table is stale: paste the output of `riskgate config-docs`');
});
