// Worker entry of the SQLite audit writer when it runs from the TypeScript sources (development
// and tests; production runs the compiled dist/router/audit/sqlite-audit-writer-worker.js). Node 20
// loaders do not reach worker threads, so this registers tsx (a devDependency), then loads it.
import { register } from 'tsx/esm/api';

register();
await import('./sqlite-audit-writer-worker.ts');
