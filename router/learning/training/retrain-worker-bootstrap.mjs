// Worker entry for periodic retraining when the gateway runs from the TypeScript sources
// (development and tests; production runs the compiled dist/router/learning/retrain-worker.js).
// Node 20 loaders (tsx, vitest) do not reach worker threads, so this plain-JS file registers tsx
// (a devDependency) in the worker, then loads the TypeScript worker module.
import { register } from 'tsx/esm/api';

register();
await import('./retrain-worker.ts');
