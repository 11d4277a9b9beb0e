import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { switchyardLintPlugin } from '../../lint/no-import-cycle.js';

const files: Record<string, string> = {
  // A circle made only of types: import-x/no-cycle lets it through.
  'a.ts': "import type { B } from './b.ts';\nexport type A = { b?: B };\n",
  'b.ts': "import type { A } from './a.ts';\nexport type B = { a?: A };\n",
  // Imports into the circle without being part of it.
  'c.ts': "import type { A } from './a.ts';\nexport type C = A;\n",
  // A dynamic import is a lazy door, not an edge.
  'd.ts': "export const load = () => import('./e.ts');\n",
  'e.ts': "import { load } from './d.ts';\nexport const again = load;\n",
  // A re-export is an edge; three files long.
  'f.ts': "export * from './g.ts';\n",
  'g.ts': "import { h } from './h.ts';\nexport const g = h;\n",
  'h.ts': "import type { F } from './i.ts';\nexport const h: F | undefined = undefined;\n",
  'i.ts': "export type { g as F } from './f.ts';\n",
};

let directory: string;
beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'switchyard-lint-'));
  await Promise.all(Object.entries(files).map(([name, text]) => writeFile(join(directory, name), text)));
});
afterAll(async () => {
  await rm(directory, { recursive: true, force: true });
});

describe('switchyard/no-import-cycle', () => {
  it('reports every file on a cycle, type-only imports and re-exports included, and nothing else', async () => {
    const eslint = new ESLint({
      cwd: directory,
      overrideConfigFile: true,
      overrideConfig: [{ files: ['**/*.ts'], languageOptions: { parser: tseslint.parser }, plugins: { switchyard: switchyardLintPlugin }, rules: { 'switchyard/no-import-cycle': 'error' } }],
    });
    const results = await eslint.lintFiles(['*.ts']);
    const messages = Object.fromEntries(results.map((result) => [result.filePath.slice(directory.length + 1), result.messages.map((message) => `${message.line}: ${message.message}`)]));
    expect(messages).toEqual({
      'a.ts': ['1: Import cycle (type-only imports count): a.ts → b.ts → a.ts'],
      'b.ts': ['1: Import cycle (type-only imports count): b.ts → a.ts → b.ts'],
      'c.ts': [],
      'd.ts': [],
      'e.ts': [],
      'f.ts': ['1: Import cycle (type-only imports count): f.ts → g.ts → h.ts → i.ts → f.ts'],
      'g.ts': ['1: Import cycle (type-only imports count): g.ts → h.ts → i.ts → f.ts → g.ts'],
      'h.ts': ['1: Import cycle (type-only imports count): h.ts → i.ts → f.ts → g.ts → h.ts'],
      'i.ts': ['1: Import cycle (type-only imports count): i.ts → f.ts → g.ts → h.ts → i.ts'],
    });
  });

  it('is on, as an error, for every TypeScript file of the repository', async () => {
    const eslint = new ESLint({ cwd: resolve(import.meta.dirname, '../..') });
    for (const file of ['router/routing/routing-types.ts', 'scorer/training/train.ts', 'test/fake-upstream/fake-wire.ts']) {
      const config = (await eslint.calculateConfigForFile(file)) as { rules: Record<string, unknown> };
      expect(config.rules['switchyard/no-import-cycle']).toEqual([2]);
    }
  });
});
