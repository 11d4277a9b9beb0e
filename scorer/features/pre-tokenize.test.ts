import { describe, expect, it } from 'vitest';
import { datasetNames } from '../../datasets/dataset-registry.ts';
import { loadDataset } from '../../datasets/load-dataset.ts';
import { maxPieceLength, preTokenize } from './pre-tokenize.ts';
import { routingDatasetsAbsence } from '../../test/support/routing-datasets-absence.ts';

const datasetsAbsence = routingDatasetsAbsence();

// tiktoken's cl100k_base pattern written for JavaScript with Rust's meanings (\s = White_Space; only
// the contractions case-insensitive, and ſ folds to s): the reference the scanner must equal.
const cl100kPattern =
  /'(?:[sdmtSDMTſ]|[lL][lL]|[vV][eE]|[rR][eE])|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\p{White_Space}\p{L}\p{N}]+[\r\n]*|\p{White_Space}*[\r\n]+|\p{White_Space}+(?!\P{White_Space})|\p{White_Space}+/gu;

function referencePieces(text: string): string[] {
  const pieces: string[] = [];
  for (const [piece] of text.matchAll(cl100kPattern)) {
    let start = 0;
    while (start < piece.length) {
      let end = Math.min(piece.length, start + maxPieceLength);
      const code = piece.charCodeAt(end - 1);
      if (end < piece.length && code >= 0xd800 && code <= 0xdbff) end -= 1;
      pieces.push(piece.slice(start, end));
      start = end;
    }
  }
  return pieces;
}

describe('preTokenize', () => {
  it('splits like the cl100k regex around every Basic Multilingual Plane character', () => {
    for (let code = 0; code < 0x1_0000; code += 1) {
      const character = String.fromCharCode(code);
      for (const text of [`a${character}b`, `${character}${character}x`, ` ${character}1`, `'${character}l`, `1${character}\n `]) {
        const ours = preTokenize(text);
        const reference = referencePieces(text);
        if (ours.length !== reference.length || ours.some((piece, index) => piece !== reference[index])) {
          expect(ours, `U+${code.toString(16)} in ${JSON.stringify(text)}`).toEqual(reference);
        }
      }
    }
  });

  it('splits like the cl100k regex on seeded random Unicode text', () => {
    const alphabet = [
      'a', 'Z', 'é', 'ß', 'ж', '中', 'ſ', '𝐀', '𠀀', // letters, astral letters
      '7', '٣', '½', '𝟏', // numbers, an astral number
      ' ', '  ', '\t', '\n', '\r\n', '\u00a0', '\u2028', '\u3000', '\u0085', '\ufeff', // whitespace, NEL, BOM
      "'", "'s", "'LL", "'Ve", "'re", '.', '!?', '{', '—', '😀', '\u0301', '\u0345', '\u212a', '\ud800', '\udc00', // symbols, marks, lone surrogates
    ];
    let state = 2_024;
    const next = (bound: number) => {
      state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
      return state % bound;
    };
    for (let sample = 0; sample < 20_000; sample += 1) {
      const text = Array.from({ length: 1 + next(30) }, () => alphabet[next(alphabet.length)]).join('');
      expect(preTokenize(text), JSON.stringify(text)).toEqual(referencePieces(text));
    }
  });

  it('splits like the cl100k regex on the dataset prompts', async ({ skip }) => {
    if (datasetsAbsence !== undefined) skip(datasetsAbsence);
    for (const name of datasetNames) {
      for (const row of await loadDataset(name)) expect(preTokenize(row.prompt)).toEqual(referencePieces(row.prompt));
    }
  });

  it('cuts long runs into chunks without splitting a surrogate pair', () => {
    const text = `x${'😀'.repeat(100)}${'b'.repeat(130)}`;
    const pieces = preTokenize(text);
    expect(pieces.join('')).toBe(text);
    for (const piece of pieces) {
      expect(piece.length).toBeLessThanOrEqual(maxPieceLength);
      expect(Buffer.from(piece, 'utf8').toString('utf8')).toBe(piece);
    }
  });
});
