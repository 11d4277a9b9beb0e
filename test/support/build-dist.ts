import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * vitest globalSetup: compiles the sources to dist/ once before the run, so every test that starts
 * `bin/switchyard.mjs` (which runs dist/) tests the code as it is now, never a stale build.
 * It is `npm run build` (incremental: ~3 s when nothing changed, a full type-checked build after an
 * edit to a widely imported file). A type error is reported, not fatal (tsc still emits, and
 * `npm run typecheck` is the gate for types); a build that emits nothing fails the run.
 */
export default async function buildDist(): Promise<void> {
  const require = createRequire(import.meta.url);
  const repositoryRoot = dirname(require.resolve('#package.json'));
  const tsc = require.resolve('typescript/bin/tsc');
  const started = performance.now();
  try {
    await run(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: repositoryRoot, maxBuffer: 16 * 1024 * 1024 });
  } catch (error) {
    const { stdout, code } = error as { stdout?: string; code?: unknown };
    if (code !== 2) throw error; // 2: emitted with type errors; anything else emitted nothing
    process.stderr.write(`build: dist/ emitted with type errors (run npm run typecheck):\n${stdout ?? ''}\n`);
  }
  if (process.env.SWITCHYARD_BUILD_TIMING === '1') process.stderr.write(`build: dist/ in ${Math.round(performance.now() - started)} ms\n`);
}
