// `node --import` this file to make any import of tsx fail, in the main thread and (execArgv is
// inherited) in every worker thread: proof that the compiled build needs no TypeScript loader.
import { register } from 'node:module';

const hooks = `export async function resolve(specifier, context, next) {
  if (specifier === 'tsx' || specifier.startsWith('tsx/')) throw new Error('tsx imported at runtime: ' + specifier);
  return next(specifier, context);
}`;
register(`data:text/javascript,${encodeURIComponent(hooks)}`);
