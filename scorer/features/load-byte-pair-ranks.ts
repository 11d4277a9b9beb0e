import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { ByteRankTable } from './byte-rank-table.ts';
import { tokenizerName } from './featurizer-constants.ts';

interface RankFile {
  /** Lines of `<anything> <first rank> <base64 token> <base64 token> …`, ranks consecutive within a line. */
  readonly bpe_ranks: string;
}

let loaded: ByteRankTable | undefined;

/**
 * The cl100k_base ranks, read from the table the `tiktoken` package ships
 * (`tiktoken/encoders/cl100k_base.json`, the same data its WASM encoder embeds). Loaded once per
 * thread (≈ 100 ms, ≈ 3 MB).
 */
export function loadBytePairRanks(): ByteRankTable {
  if (loaded !== undefined) return loaded;
  const path = createRequire(import.meta.url).resolve(`tiktoken/encoders/${tokenizerName}.json`);
  const { bpe_ranks: table } = JSON.parse(readFileSync(path, 'utf8')) as RankFile;
  const tokens: Uint8Array[] = [];
  for (const line of table.split('\n')) {
    if (line === '') continue;
    const fields = line.split(' ');
    const first = Number.parseInt(fields[1]!, 10);
    for (let index = 2; index < fields.length; index += 1) tokens[first + index - 2] = Buffer.from(fields[index]!, 'base64');
  }
  if (tokens.some((token) => token === undefined) || tokens.length === 0) throw new Error(`${path}: ranks are not 0…n − 1 without gaps`);
  loaded = new ByteRankTable(tokens);
  return loaded;
}
