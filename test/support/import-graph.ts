import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

/**
 * The import graph of a source tree, read from the TypeScript sources: which file imports
 * which, type-only imports included (a type import is a dependency of the design, if not of the
 * running code). Relative specifiers only (`./x.js`, `../y/z.js`, `import('./w.js')`): packages
 * are not part of the layering. Paths are relative to the root, with `/` separators.
 */
export interface ImportGraph {
  /** file -> the files it imports (each once). */
  readonly edges: ReadonlyMap<string, readonly string[]>;
}

/** Static `import`/`export … from` at the start of a line (may span lines), bare `import '…'`, and `import('…')` with a literal. */
const STATIC = /^\s*(?:import|export)\b[^;'"]*?\bfrom\s*['"](\.[^'"]+)['"]/gm;
const BARE = /^\s*import\s*['"](\.[^'"]+)['"]/gm;
const DYNAMIC = /\bimport\(\s*['"](\.[^'"]+)['"]\s*\)/g;

/** Reads every `.ts` file under `root` (recursively) into an import graph. */
export function readImportGraph(root: string): ImportGraph {
  const files: string[] = [];
  (function walk(d: string): void {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (name.endsWith('.ts') && !name.endsWith('.d.ts')) files.push(p);
    }
  })(root);
  const edges = new Map<string, string[]>();
  for (const f of files) {
    const text = readFileSync(f, 'utf8');
    const to = new Set<string>();
    for (const re of [STATIC, BARE, DYNAMIC]) {
      for (const m of text.matchAll(re)) to.add(relative(root, resolve(dirname(f), m[1]!)).replace(/\.js$/, '.ts').split('\\').join('/'));
    }
    edges.set(relative(root, f).split('\\').join('/'), [...to].sort());
  }
  return { edges };
}

/** The folder of a file: its first path segment (`risk/x.ts` -> `risk`), or the file itself at the root. */
export function folderOf(file: string): string {
  return file.split('/')[0]!;
}

/** Every import from a file under `from/` to a file under `to/`, as `a -> b`. */
export function importsBetween(g: ImportGraph, from: string, to: string): string[] {
  const out: string[] = [];
  for (const [f, targets] of g.edges) {
    if (folderOf(f) !== from) continue;
    for (const t of targets) if (folderOf(t) === to) out.push(`${f} -> ${t}`);
  }
  return out;
}

/** Strongly connected components with more than one node (Tarjan), each sorted, in a stable order. */
export function cycles(nodes: ReadonlyMap<string, readonly string[]>): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const out: string[][] = [];
  const visit = (v: string): void => {
    index.set(v, next);
    low.set(v, next);
    next++;
    stack.push(v);
    onStack.add(v);
    for (const w of nodes.get(v) ?? []) {
      if (!nodes.has(w)) continue;
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v)!, index.get(w)!));
      }
    }
    if (low.get(v) === index.get(v)) {
      const c: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        c.push(w);
      } while (w !== v);
      if (c.length > 1) out.push(c.sort());
    }
  };
  for (const v of [...nodes.keys()].sort()) if (!index.has(v)) visit(v);
  return out.sort((a, b) => a[0]!.localeCompare(b[0]!));
}

/** The graph of folders: folder -> the other folders its files import. */
export function folderGraph(g: ImportGraph): Map<string, string[]> {
  const out = new Map<string, Set<string>>();
  for (const [f, targets] of g.edges) {
    const a = folderOf(f);
    if (!out.has(a)) out.set(a, new Set());
    for (const t of targets) {
      const b = folderOf(t);
      if (b !== a && g.edges.has(t)) out.get(a)!.add(b);
    }
  }
  return new Map([...out].map(([k, v]) => [k, [...v].sort()]));
}
