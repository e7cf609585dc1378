#!/usr/bin/env node
// Removes compiled files in dist/ whose TypeScript source no longer exists (a moved or deleted
// file): tsc writes outputs but never deletes them, and the incremental build keeps dist/
// between builds, so an orphan would otherwise be imported by mistake, or packed with a source
// map pointing at a source the package does not have. Runs after every `npm run build`.
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const dist = join(root, 'dist');
const OUTPUT = /\.(js|js\.map|d\.ts|d\.ts\.map)$/;
let removed = 0;

function walk(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      walk(path);
      continue;
    }
    if (!OUTPUT.test(entry.name)) continue;
    const source = join(root, relative(dist, path).replace(OUTPUT, '.ts'));
    if (!existsSync(source)) {
      rmSync(path);
      removed++;
    }
  }
}

for (const top of ['src', 'test', 'bench']) if (existsSync(join(dist, top))) walk(join(dist, top));
if (removed > 0) console.log(`prune-dist: removed ${removed} compiled files whose source is gone`);
