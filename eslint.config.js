// Lint for what the type checker cannot see: import cycles and the dependency directions of
// DESIGN.md (scorer/ never imports router/, one file imports onnxruntime, only router/http imports
// Fastify, nothing in router/ or scorer/ imports bench/ or test helpers).
import tseslint from 'typescript-eslint';
import importX from 'eslint-plugin-import-x';
import { switchyardLintPlugin } from './lint/no-import-cycle.js';

export default tseslint.config(
  { ignores: ['node_modules/**', 'coverage/**', '.switchyard/**', 'bench/**/results/**'] },
  {
    files: ['**/*.ts'],
    languageOptions: { parser: tseslint.parser, parserOptions: { ecmaVersion: 'latest', sourceType: 'module' } },
    plugins: { 'import-x': importX, '@typescript-eslint': tseslint.plugin, switchyard: switchyardLintPlugin },
    settings: { 'import-x/resolver': { node: { extensions: ['.ts', '.js', '.mjs'] } }, 'import-x/extensions': ['.ts', '.js', '.mjs'] },
    rules: {
      // No import cycles, type-only imports included (import-x/no-cycle skips `import type`, which
      // let compiled-config ↔ routing-types and compile-policy ↔ every strategy through).
      'switchyard/no-import-cycle': 'error',
      'import-x/no-restricted-paths': [
        'error',
        {
          zones: [
            { target: './scorer', from: './router', message: 'scorer/ never imports router/' },
            { target: './router', from: './bench', message: 'nothing imports bench/' },
            { target: './scorer', from: './bench', message: 'nothing imports bench/' },
            { target: './router', from: './test', message: 'production code never imports test helpers' },
            { target: './scorer', from: './test', message: 'production code never imports test helpers' },
          ],
        },
      ],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
    },
  },
  {
    files: ['**/*.ts'],
    ignores: ['router/http/**', 'bench/**'],
    rules: { '@typescript-eslint/no-restricted-imports': ['error', { paths: [{ name: 'fastify', message: 'only router/http imports Fastify', allowTypeImports: false }] }] },
  },
  {
    files: ['**/*.ts'],
    ignores: ['scorer/onnx-session.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [{ name: 'onnxruntime-node', message: 'only scorer/onnx-session.ts imports onnxruntime' }] }] },
  },
  // Tests beside the code may use the shared test helpers.
  { files: ['**/*.test.ts'], rules: { 'import-x/no-restricted-paths': 'off' } },
  // The CLI's `bench` command is the one door to bench/, through a dynamic import.
  { files: ['router/cli/run-bench.ts'], rules: { 'import-x/no-restricted-paths': 'off' } },
);
