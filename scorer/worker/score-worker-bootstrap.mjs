// Worker entry for the scorer pool when it runs from the TypeScript sources (development and tests;
// production runs the compiled dist/scorer/worker/score-worker.js and never loads this file).
// Node 20 loaders (tsx, vitest) do not reach worker threads, so this plain-JS file registers tsx
// (a devDependency) in the worker, then loads the TypeScript worker module.
// Its default export is the promise of the task handler (piscina awaits it).
import { register } from 'tsx/esm/api';

register();
const workerModule = await import('./score-worker.ts');
export default workerModule.default;
