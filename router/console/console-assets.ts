import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, extname, join, relative, sep } from 'node:path';

export type ConsoleAsset = { contentType: string; body: Buffer };

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
};

/** The console's static files: router/console/assets/ beside package.json, the same from the sources and from dist/. */
export const consoleAssetsDirectory = join(dirname(createRequire(import.meta.url).resolve('#package.json')), 'router', 'console', 'assets');

function walk(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? walk(join(directory, entry.name)) : [join(directory, entry.name)]));
}

/**
 * Every asset read once, at start, into memory by its URL path (`app.js`, `pages/decisions.js`):
 * a few tens of kilobytes, and no file system access per request (nor a path to traverse).
 */
export function loadConsoleAssets(directory: string = consoleAssetsDirectory): ReadonlyMap<string, ConsoleAsset> {
  const assets = new Map<string, ConsoleAsset>();
  for (const file of walk(directory)) {
    const contentType = CONTENT_TYPES[extname(file)];
    if (contentType === undefined) continue;
    assets.set(relative(directory, file).split(sep).join('/'), { contentType, body: readFileSync(file) });
  }
  return assets;
}
