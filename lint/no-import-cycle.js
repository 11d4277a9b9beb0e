// ESLint rule: no import cycles among the repository's own files, type-only imports included.
// import-x/no-cycle skips `import type`, so a circle made of types (compiled-config ↔
// routing-types) passes it; this rule walks every static import and re-export of a relative path.
// Dynamic `import()` is not an edge: it is the deliberate lazy door (router/cli/run-bench.ts).
import { readFileSync, statSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import ts from 'typescript';

/** Relative module specifiers of a file's static imports and re-exports, in source order. */
function staticSpecifiers(sourceFile) {
  const specifiers = [];
  for (const statement of sourceFile.statements) {
    if ((ts.isImportDeclaration(statement) || ts.isExportDeclaration(statement)) && statement.moduleSpecifier && ts.isStringLiteral(statement.moduleSpecifier)) {
      specifiers.push(statement.moduleSpecifier.text);
    } else if (ts.isImportEqualsDeclaration(statement) && ts.isExternalModuleReference(statement.moduleReference) && ts.isStringLiteral(statement.moduleReference.expression)) {
      specifiers.push(statement.moduleReference.expression.text);
    }
  }
  return specifiers.filter((specifier) => specifier.startsWith('./') || specifier.startsWith('../'));
}

function isFile(path) {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** The file a relative specifier names: as written, or the `.ts` source of a `.js` specifier. */
function resolveSpecifier(fromFile, specifier) {
  const path = resolve(dirname(fromFile), specifier);
  if (/\.(ts|mts|cts|js|mjs|cjs)$/.test(path) && isFile(path)) return path;
  const candidates = [path.replace(/\.js$/, '.ts').replace(/\.mjs$/, '.mts').replace(/\.cjs$/, '.cts'), `${path}.ts`, resolve(path, 'index.ts')];
  return candidates.find((candidate) => candidate !== path && isFile(candidate));
}

/**
 * The import graph, read from disk and cached by modification time for the life of one ESLint
 * process (a graph is only valid for the run that built it, which is also how import-x caches).
 */
function createImportGraph() {
  const cache = new Map();
  return function importsOf(file) {
    let modified;
    try {
      modified = statSync(file).mtimeMs;
    } catch {
      return [];
    }
    const cached = cache.get(file);
    if (cached !== undefined && cached.modified === modified) return cached.imports;
    const text = readFileSync(file, 'utf8');
    const sourceFile = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false);
    const imports = [...new Set(staticSpecifiers(sourceFile).map((specifier) => resolveSpecifier(file, specifier)).filter((path) => path !== undefined))];
    cache.set(file, { modified, imports });
    return imports;
  };
}

/** A shortest import path from `start` back to `goal` (both included), or undefined. */
function pathBack(start, goal, importsOf, exhausted) {
  const previous = new Map([[start, undefined]]);
  const queue = [start];
  while (queue.length > 0) {
    const file = queue.shift();
    for (const next of importsOf(file)) {
      if (next === goal) {
        const path = [goal];
        for (let step = file; step !== undefined; step = previous.get(step)) path.unshift(step);
        return path;
      }
      if (previous.has(next) || exhausted.has(next)) continue;
      previous.set(next, file);
      queue.push(next);
    }
  }
  for (const file of previous.keys()) exhausted.add(file);
  return undefined;
}

const importsOf = createImportGraph();

export const noImportCycle = {
  meta: {
    type: 'problem',
    docs: { description: 'Forbid import cycles among relative modules, counting type-only imports' },
    schema: [],
    messages: { cycle: 'Import cycle (type-only imports count): {{cycle}}' },
  },
  create(context) {
    const filename = context.physicalFilename;
    if (!isFile(filename)) return {};
    const root = context.cwd;
    // Files already shown not to lead back to this one, shared by this file's imports.
    const exhausted = new Set();
    const check = (node) => {
      if (node.source === null || node.source === undefined || typeof node.source.value !== 'string') return;
      const specifier = node.source.value;
      if (!specifier.startsWith('./') && !specifier.startsWith('../')) return;
      const target = resolveSpecifier(filename, specifier);
      if (target === undefined || target === filename || exhausted.has(target)) return;
      const path = pathBack(target, filename, importsOf, exhausted);
      if (path === undefined) return;
      const cycle = [filename, ...path].map((file) => relative(root, file)).join(' → ');
      context.report({ node, messageId: 'cycle', data: { cycle } });
    };
    return { ImportDeclaration: check, ExportNamedDeclaration: check, ExportAllDeclaration: check };
  },
};

export const switchyardLintPlugin = { meta: { name: 'switchyard' }, rules: { 'no-import-cycle': noImportCycle } };
