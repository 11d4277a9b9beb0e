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
] as const;

export const textFeatureCount = textFeatureNames.length;

/** A word list as the exact pieces it appears as (with or without a leading space; lower, Title, UPPER case), so lookups allocate nothing. */
function pieceVariants(words: readonly string[]): Set<string> {
  const variants = new Set<string>();
  for (const word of words) {
    for (const form of [word, word[0]!.toUpperCase() + word.slice(1), word.toUpperCase()]) {
      variants.add(form);
      variants.add(' ' + form);
    }
  }
  return variants;
}

const codeWords = pieceVariants(['def', 'return', 'function', 'import', 'class', 'print', 'const', 'int', 'void', 'elif', 'lambda']);
const exampleWords = pieceVariants(['answer', 'question', 'q', 'a', 'input', 'output', 'example']);
const openEndedWords = pieceVariants(['write', 'explain', 'describe', 'compose', 'draft', 'story', 'essay', 'poem', 'imagine', 'discuss', 'summarize', 'summarise', 'opinion']);
const reasoningWords = pieceVariants(['prove', 'calculate', 'compute', 'solve', 'derive', 'find', 'how', 'many', 'much', 'step']);

/**
 * Cheap features of a prompt from one pass over its characters and one over its pre-tokenized
 * pieces. `sample` is the (char-capped) text the counts run on; `totalCharacters` and
 * `inputTokens` describe the whole prompt. Raw values: standardization lives in the model.
 */
export function textFeatures(sample: string, pieces: readonly string[], totalCharacters: number, inputTokens: number): Float32Array {
  let lines = 0;
  let questionMarks = 0;
  let codeMarkers = 0;
  let mathMarkers = 0;
  let digits = 0;
  let uppercase = 0;
  let nonAscii = 0;
  let choiceMarkers = 0;
  let atLineStart = true;
  for (let index = 0; index < sample.length; index += 1) {
    const code = sample.charCodeAt(index);
    if (code === 10) {
      lines += 1;
      atLineStart = true;
      continue;
    }
    if (atLineStart && code >= 65 && code <= 69 && isChoiceSuffix(sample, index + 1)) choiceMarkers += 1;
    if (code !== 32 && code !== 9 && code !== 40) atLineStart = false;
    if (code === 63) questionMarks += 1;
    else if (code === 123 || code === 125 || code === 59 || code === 96) codeMarkers += 1;
    else if (code === 61 || code === 43 || code === 42 || code === 94 || code === 60 || code === 62 || code === 36 || code === 92) mathMarkers += 1;
    else if (code >= 48 && code <= 57) digits += 1;
    else if (code >= 65 && code <= 90) uppercase += 1;
    else if (code > 127) nonAscii += 1;
  }
  let words = 0;
  let wordCharacters = 0;
  let exampleMarkers = 0;
  let openEnded = 0;
  let reasoning = 0;
  for (let index = 0; index < pieces.length; index += 1) {
    const piece = pieces[index]!;
    const offset = piece.charCodeAt(0) === 32 ? 1 : 0;
    const lead = piece.charCodeAt(offset) | 32;
    if (lead < 97 || lead > 122) continue;
    words += 1;
    wordCharacters += piece.length - offset;
    if (piece.length - offset > 9) continue;
    if (codeWords.has(piece)) codeMarkers += 1;
    else if (openEndedWords.has(piece)) openEnded += 1;
    else if (reasoningWords.has(piece)) reasoning += 1;
    else if (exampleWords.has(piece) && pieces[index + 1]?.charCodeAt(0) === 58) exampleMarkers += 1;
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
  return features;
}

/** After a choice letter at a line start: `)`, `.` or `:` then a space or tab. */
function isChoiceSuffix(text: string, index: number): boolean {
  const code = text.charCodeAt(index);
  const next = text.charCodeAt(index + 1);
  return (code === 41 || code === 46 || code === 58) && (next === 32 || next === 9);
}
