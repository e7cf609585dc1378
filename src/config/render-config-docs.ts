import { CONFIG_DOCS } from './engine-config.js';

/** The README's configuration table, rendered from `CONFIG_DOCS` (the one declaration). */
export function renderConfigDocs(): string {
  const rows = CONFIG_DOCS.map(([path, unit, range, dflt, meaning]) => `| \`${path}\` | ${unit} | ${range} | ${dflt} | ${meaning} |`);
  return ['| key | unit | range | default | meaning |', '| --- | --- | --- | --- | --- |', ...rows].join('\n');
}
