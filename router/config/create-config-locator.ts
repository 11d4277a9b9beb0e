import { isMap, isPair, isScalar, type Document, type LineCounter, type Node } from 'yaml';

export type ConfigLocator = (path: ReadonlyArray<PropertyKey>, key?: string) => { line: number; column: number } | undefined;

/**
 * Maps a key path of the parsed YAML back to its line and column. A path that does not exist
 * (a missing key) is reported at its nearest existing parent; `key` points at a key of a map.
 */
export function createConfigLocator(document: Document, lines: LineCounter): ConfigLocator {
  return (path, key) => {
    for (let depth = path.length; depth >= 0; depth--) {
      const node = document.getIn(path.slice(0, depth) as unknown[], true) as Node | undefined;
      if (node === undefined || node === null) continue;
      let offset = node.range?.[0];
      if (key !== undefined && depth === path.length && isMap(node)) {
        const pair = node.items.find((item) => isPair(item) && isScalar(item.key) && item.key.value === key);
        if (pair && isScalar(pair.key) && pair.key.range) offset = pair.key.range[0];
      }
      if (offset === undefined) continue;
      const position = lines.linePos(offset);
      return { line: position.line, column: position.col };
    }
    return undefined;
  };
}
