#!/usr/bin/env node
// Records the git commit the build is made from in dist/src/build-info.json, which the package
// ships and `riskgate_build_info` reads (src/control/build-info.ts): the running process never
// asks git. Runs after every `npm run build` (so `npm pack`'s prepack build writes it too).
// Outside a git checkout (an install from a tarball that rebuilds) it writes no commit.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
let commit;
try {
  commit = execFileSync('git', ['rev-parse', '--verify', 'HEAD'], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
} catch {
  commit = undefined;
}
const out = join(root, 'dist', 'src');
mkdirSync(out, { recursive: true });
writeFileSync(join(out, 'build-info.json'), JSON.stringify(commit !== undefined && /^[0-9a-f]{40}$/.test(commit) ? { commit } : {}) + '\n');
