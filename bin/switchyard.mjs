#!/usr/bin/env node
// Entry point of the `switchyard` command: runs the compiled JavaScript in dist/ (`npm run build`,
// which `npm install` and `npm ci` run through `prepare`). No TypeScript loader in production.
import { existsSync } from 'node:fs';

const entry = new URL('../dist/router/cli/main.js', import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write('switchyard: dist/ is missing; run `npm run build` (npm install runs it) first\n');
  process.exit(1);
}
const { main } = await import(entry.href);
process.exitCode = await main(process.argv.slice(2));
