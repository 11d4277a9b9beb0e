import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { tokenizerName } from './featurizer-constants.ts';

/**
 * A tokenizer's merge table: each token's bytes, as a binary string (one char per byte, codes
 * 0–255), mapped to its rank (= its token id).
 */
export type BytePairRanks = ReadonlyMap<string, number>;

interface RankFile {
  /** Lines of `<anything> <first rank> <base64 token> <base64 token> …`, ranks consecutive within a line. */
  readonly bpe_ranks: string;
}

let loaded: BytePairRanks | undefined;

/**
 * The cl100k_base ranks, read from the table the `tiktoken` package ships
 * (`tiktoken/encoders/cl100k_base.json`, the same data its WASM encoder embeds). Loaded once per
 * thread (≈ 100 ms, ≈ 10 MB).
 */
export function loadBytePairRanks(): BytePairRanks {
  if (loaded !== undefined) return loaded;
  const path = createRequire(import.meta.url).resolve(`tiktoken/encoders/${tokenizerName}.json`);
  const { bpe_ranks: table } = JSON.parse(readFileSync(path, 'utf8')) as RankFile;
  const ranks = new Map<string, number>();
  for (const line of table.split('\n')) {
    if (line === '') continue;
    const fields = line.split(' ');
    const first = Number.parseInt(fields[1]!, 10);
    for (let index = 2; index < fields.length; index += 1) {
      ranks.set(Buffer.from(fields[index]!, 'base64').toString('latin1'), first + index - 2);
    }
  }
  loaded = ranks;
  return ranks;
}
