/** Names of the cheap text features, in the order of the `features` tensor. */
export const textFeatureNames = [
  'log_input_tokens',
  'log_characters',
  'log_lines',
  'log_question_marks',
  'log_code_markers',
  'log_math_markers',
  'digit_fraction',
  'log_example_markers',
  'log_choice_markers',
  'uppercase_fraction',
  'non_ascii_fraction',
  'mean_word_length',
  'log_open_ended_words',
  'log_reasoning_words',
  'log_last_block_characters',
  'log_numbers',
  'log_sentences',
] as const;

export const textFeatureCount = textFeatureNames.length;

const codeWords = new Set(['def', 'return', 'function', 'import', 'class', 'print', 'const', 'int', 'void', 'elif', 'lambda']);
const exampleWords = new Set(['answer', 'question', 'q', 'a', 'input', 'output', 'example']);
const openEndedWords = new Set(['write', 'explain', 'describe', 'compose', 'draft', 'story', 'essay', 'poem', 'imagine', 'discuss', 'summarize', 'summarise', 'opinion']);
const reasoningWords = new Set(['prove', 'calculate', 'compute', 'solve', 'derive', 'find', 'how', 'many', 'much', 'step']);

const codeWordFlag = 1;
const openEndedWordFlag = 2;
const reasoningWordFlag = 4;
const exampleWordFlag = 8;
const startsWithColonFlag = 16;

/** What the text features need to know about one pre-tokenized piece (computed once per distinct piece and cached with its tokens). */
export interface PieceTraits {
  /** Letters of a word piece (without its leading space); 0 when the piece is not a word. */
  readonly wordLength: number;
  readonly flags: number;
}

export function pieceTraits(piece: string): PieceTraits {
  const startsWithColon = piece.charCodeAt(0) === 58 ? startsWithColonFlag : 0;
  const offset = piece.charCodeAt(0) === 32 ? 1 : 0;
  const lead = piece.charCodeAt(offset) | 32;
  if (lead < 97 || lead > 122) return { wordLength: 0, flags: startsWithColon };
  const word = piece.slice(offset);
  // Word lists match lower, Title and UPPER case forms.
  const lower = word === word.toUpperCase() || word.slice(1) === word.slice(1).toLowerCase() ? word.toLowerCase() : '';
  let flags = startsWithColon;
  if (word.length <= 9) {
    if (codeWords.has(lower)) flags |= codeWordFlag;
    else if (openEndedWords.has(lower)) flags |= openEndedWordFlag;
    else if (reasoningWords.has(lower)) flags |= reasoningWordFlag;
    else if (exampleWords.has(lower)) flags |= exampleWordFlag;
  }
  return { wordLength: word.length, flags };
}

/** The traits of a prompt's pre-tokenized pieces, in order (`EncodedText` is one). */
export interface PieceTraitList {
  readonly wordLengths: ArrayLike<number>;
  readonly flags: ArrayLike<number>;
  readonly pieceCount: number;
}

/**
 * Cheap features of a prompt from one pass over its characters and one over the traits of its
 * pre-tokenized pieces. `sample` is the (char-capped) text the counts run on; `totalCharacters` and
 * `inputTokens` describe the whole prompt. Raw values: standardization lives in the model.
 */
export function textFeatures(sample: string, pieces: PieceTraitList, totalCharacters: number, inputTokens: number): Float32Array {
  let lines = 0;
  let questionMarks = 0;
  let codeMarkers = 0;
  let mathMarkers = 0;
  let digits = 0;
  let uppercase = 0;
  let nonAscii = 0;
  let choiceMarkers = 0;
  let numbers = 0;
  let sentences = 0;
  let lastBlockStart = 0;
  let previous = 0;
  let atLineStart = true;
  for (let index = 0; index < sample.length; index += 1) {
    const code = sample.charCodeAt(index);
    const kind = code < 128 ? asciiKinds[code]! : nonAsciiKind;
    switch (kind) {
      case newlineKind:
        lines += 1;
        // A blank line starts a new block: the last block is the question after any few-shot examples.
        if (atLineStart) lastBlockStart = index + 1;
        atLineStart = true;
        previous = code;
        continue;
      case digitKind:
        if (!(previous >= 48 && previous <= 57) && previous !== 46 && previous !== 44) numbers += 1;
        digits += 1;
        break;
      case uppercaseKind:
        if (atLineStart && code <= 69 && isChoiceSuffix(sample, index + 1)) choiceMarkers += 1;
        uppercase += 1;
        break;
      case questionKind:
        questionMarks += 1;
        if (previous >= 97 && previous <= 122) sentences += 1;
        break;
      case stopKind:
        if (previous >= 97 && previous <= 122) sentences += 1;
        break;
      case codeKind:
        codeMarkers += 1;
        break;
      case mathKind:
        mathMarkers += 1;
        break;
      case nonAsciiKind:
        nonAscii += 1;
        break;
    }
    if (kind !== lineLeadKind) atLineStart = false;
    previous = code;
  }
  let words = 0;
  let wordCharacters = 0;
  let exampleMarkers = 0;
  let openEnded = 0;
  let reasoning = 0;
  const { wordLengths, flags: pieceFlags, pieceCount } = pieces;
  for (let index = 0; index < pieceCount; index += 1) {
    const wordLength = wordLengths[index]!;
    const flags = pieceFlags[index]!;
    if (wordLength === 0) continue;
    words += 1;
    wordCharacters += wordLength;
    if ((flags & codeWordFlag) !== 0) codeMarkers += 1;
    else if ((flags & openEndedWordFlag) !== 0) openEnded += 1;
    else if ((flags & reasoningWordFlag) !== 0) reasoning += 1;
    else if ((flags & exampleWordFlag) !== 0 && index + 1 < pieceCount && (pieceFlags[index + 1]! & startsWithColonFlag) !== 0) exampleMarkers += 1;
  }
  const characters = Math.max(1, sample.length);
  const features = new Float32Array(textFeatureCount);
  features[0] = Math.log1p(inputTokens);
  features[1] = Math.log1p(totalCharacters);
  features[2] = Math.log1p(lines);
  features[3] = Math.log1p(questionMarks);
  features[4] = Math.log1p(codeMarkers);
  features[5] = Math.log1p(mathMarkers);
  features[6] = digits / characters;
  features[7] = Math.log1p(exampleMarkers);
  features[8] = Math.log1p(choiceMarkers);
  features[9] = uppercase / characters;
  features[10] = nonAscii / characters;
  features[11] = words > 0 ? Math.min(20, wordCharacters / words) : 0;
  features[12] = Math.log1p(openEnded);
  features[13] = Math.log1p(reasoning);
  features[14] = Math.log1p(sample.length - lastBlockStart);
  features[15] = Math.log1p(numbers);
  features[16] = Math.log1p(sentences);
  return features;
}

// What the character loop of `textFeatures` distinguishes, per ASCII code.
const otherKind = 0;
const newlineKind = 1;
const digitKind = 2;
/** A–Z (A–E may open a choice line). */
const uppercaseKind = 3;
const questionKind = 4;
/** `.` and `!`: end a sentence after a lowercase letter. */
const stopKind = 5;
const codeKind = 6;
const mathKind = 7;
/** Space, tab and `(`: a line still counts as starting after them (indented or "(A)" choices). */
const lineLeadKind = 8;
const nonAsciiKind = 9;
const asciiKinds = new Uint8Array(128).fill(otherKind);
asciiKinds[10] = newlineKind;
for (let code = 48; code <= 57; code += 1) asciiKinds[code] = digitKind;
for (let code = 65; code <= 90; code += 1) asciiKinds[code] = uppercaseKind;
asciiKinds[63] = questionKind;
for (const character of '.!') asciiKinds[character.charCodeAt(0)] = stopKind;
for (const character of '{};`') asciiKinds[character.charCodeAt(0)] = codeKind;
for (const character of '=+*^<>$\\') asciiKinds[character.charCodeAt(0)] = mathKind;
for (const character of ' \t(') asciiKinds[character.charCodeAt(0)] = lineLeadKind;

/** After a choice letter at a line start: `)`, `.` or `:` then a space or tab. */
function isChoiceSuffix(text: string, index: number): boolean {
  const code = text.charCodeAt(index);
  const next = text.charCodeAt(index + 1);
  return (code === 41 || code === 46 || code === 58) && (next === 32 || next === 9);
}
