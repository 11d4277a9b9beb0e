import { get_encoding } from 'tiktoken';
import { afterAll, describe, expect, it } from 'vitest';
import { datasetNames } from '../../datasets/dataset-registry.ts';
import { loadDataset } from '../../datasets/load-dataset.ts';
import { bytePairEncode } from './byte-pair-encode.ts';
import { createTokenEncoder } from './create-token-encoder.ts';
import { loadBytePairRanks } from './load-byte-pair-ranks.ts';
import { preTokenize } from './pre-tokenize.ts';
import { routingDatasetsAbsence } from '../../test/support/routing-datasets-absence.ts';

const datasetsAbsence = routingDatasetsAbsence();
const reference = get_encoding('cl100k_base');
const encoder = createTokenEncoder();
afterAll(() => {
  reference.free();
  encoder.free();
});

const ours = (text: string) => preTokenize(text).flatMap((piece) => [...encoder.encodePiece(piece).tokens]);
const tiktoken = (text: string) => [...reference.encode_ordinary(text)];

describe('bytePairEncode', () => {
  const ranks = loadBytePairRanks();

  it('loads the whole cl100k_base table', () => {
    expect(ranks.size).toBe(100_256);
    const rankOf = (text: string) => ranks.rankOf(`[${text}]`, 1, text.length + 1);
    expect(rankOf('hello')).toBe(tiktoken('hello')[0]);
    expect(rankOf(' the')).toBe(tiktoken(' the')[0]);
    expect(rankOf(' t')).toBe(tiktoken(' t')[0]);
    expect(rankOf('x')).toBe(tiktoken('x')[0]);
    expect(rankOf(' thezzqx')).toBe(-1);
    expect(rankOf('\xe2\x80\x94')).toBe(tiktoken('—')[0]); // an em dash's UTF-8 bytes
    // Every rank, looked up by its own bytes, finds itself.
    for (let rank = 0; rank < ranks.size; rank += 997) {
      const bytes = Buffer.from(reference.decode_single_token_bytes(rank)).toString('latin1');
      expect(ranks.rankOf(bytes, 0, bytes.length)).toBe(rank);
    }
  });

  it('merges the lowest rank first and the leftmost pair on ties', () => {
    for (const piece of ['aaaaaaa', 'abababababab', ' unbelievableness', 'zzzzqqqxj', '!!!!!!!!!', '\n\n\n\n\n']) {
      expect(bytePairEncode(piece, ranks)).toEqual(tiktoken(piece));
    }
  });

  it('encodes multi-byte characters from their UTF-8 bytes', () => {
    for (const text of ['Ünïcödé', ' 東京都の天気', ' 🚀🚀', ' naïve café', ' Привет']) {
      expect(ours(text)).toEqual(tiktoken(text));
    }
  });

  it('equals tiktoken on seeded random text over letters, digits, symbols, whitespace and non-ASCII', () => {
    let state = 12_345;
    const next = (bound: number) => {
      state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
      return state % bound;
    };
    // Includes the characters whose class differs between regex dialects: NEL and BOM (whitespace in
    // Rust / in JavaScript only), U+0345 (a letter to JavaScript's case-insensitive \p{L}), ſ and K.
    const alphabet = ['e', 't', 'a', 'Q', 'z', '7', '0', ' ', '  ', '\n', '\t', "'", 's', 'll', '.', '{', '=', 'é', 'ß', '中', '😀', '—', 'ж',
      '\u0085', '\ufeff', '\u0345', 'ſ', "'ſ", '\u212a', '\u00a0', '\u3000'];
    for (let sample = 0; sample < 2_000; sample += 1) {
      const text = Array.from({ length: 1 + next(40) }, () => alphabet[next(alphabet.length)]).join('');
      expect(ours(text), JSON.stringify(text)).toEqual(tiktoken(text));
    }
  });

  it('equals tiktoken on real dataset prompts (the first 500 of each dataset, and every one with a NEL)', async ({ skip }) => {
    if (datasetsAbsence !== undefined) skip(datasetsAbsence);
    let compared = 0;
    for (const name of datasetNames) {
      const rows = await loadDataset(name);
      for (const row of [...rows.slice(0, 500), ...rows.filter((candidate) => candidate.prompt.includes('\u0085'))]) {
        if (row.prompt.length > 4_096) continue;
        expect(ours(row.prompt), `${name} ${row.id}`).toEqual(tiktoken(row.prompt));
        compared += 1;
      }
    }
    expect(compared).toBeGreaterThan(1_200);
  });
});
