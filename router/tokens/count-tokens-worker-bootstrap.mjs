// Worker entry of the token counter when it runs from the TypeScript sources (development and
// tests; production runs the compiled dist/router/tokens/count-tokens-worker.js). Node 20 loaders
// do not reach worker threads, so this registers tsx (a devDependency), then loads the worker.
import { register } from 'tsx/esm/api';

register();
const workerModule = await import('./count-tokens-worker.ts');
export default workerModule.default;
