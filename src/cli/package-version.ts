import { readFileSync } from 'node:fs';

/**
 * The installed package's version, read from its package.json (two levels above `dist/src/cli/`
 * in the package, the same from the repository's build). Read once, on demand: `--version` only.
 */
export function packageVersion(): string {
  const url = new URL('../../../package.json', import.meta.url);
  const parsed = JSON.parse(readFileSync(url, 'utf8')) as { name?: unknown; version?: unknown };
  if (parsed.name !== 'riskgate' || typeof parsed.version !== 'string') {
    throw new Error(`package.json at ${url.pathname} is not riskgate's`);
  }
  return parsed.version;
}
