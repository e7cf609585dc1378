import { readFileSync } from 'node:fs';
import { JOURNAL_FORMAT_VERSION } from '../journal/journal-layout.js';

/** What `riskgate_build_info` says about the running build. */
export interface BuildInfo {
  /** The package's version (its package.json). */
  readonly version: string;
  /** The Node.js running it (`process.version`). */
  readonly node: string;
  /** The journal format this build writes (`JOURNAL_FORMAT_VERSION`). */
  readonly journalFormat: number;
  /** The git commit the build was made from, when the build knew it (absent otherwise). */
  readonly commit?: string;
}

/**
 * Where `npm run build` (and so `npm pack`) records the commit it built (scripts/write-build-info.mjs):
 * beside the compiled sources, one level above `dist/src/control/`. A build outside a git
 * checkout writes no commit, and the label is left out.
 */
const BUILD_FILE = new URL('../build-info.json', import.meta.url);
/** The package's own package.json, three levels above `dist/src/control/`. */
const PACKAGE_FILE = new URL('../../../package.json', import.meta.url);

let cached: BuildInfo | undefined;

function readJson(url: URL): Record<string, unknown> | undefined {
  try {
    const v: unknown = JSON.parse(readFileSync(url, 'utf8'));
    return typeof v === 'object' && v !== null ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The running build, read once (two small files, on the first call: the first scrape) and kept.
 * Never runs a program: the commit was written down at build time.
 */
export function buildInfo(): BuildInfo {
  if (cached !== undefined) return cached;
  const pkg = readJson(PACKAGE_FILE);
  const built = readJson(BUILD_FILE);
  const version = pkg?.['name'] === 'riskgate' && typeof pkg['version'] === 'string' ? pkg['version'] : 'unknown';
  const commit = built?.['commit'];
  cached = {
    version, node: process.version, journalFormat: JOURNAL_FORMAT_VERSION,
    ...(typeof commit === 'string' && /^[0-9a-f]{7,64}$/.test(commit) ? { commit } : {}),
  };
  return cached;
}
