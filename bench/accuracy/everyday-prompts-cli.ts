import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createTokenEncoder } from '../../scorer/features/create-token-encoder.ts';
import { featurize } from '../../scorer/features/featurize.ts';
import { loadDifficultyModel } from '../../scorer/onnx-session.ts';

/**
 * `npx tsx bench/accuracy/everyday-prompts-cli.ts`: the shipped model's difficulty (ONNX) for a few
 * everyday prompts that are in no dataset and not in the hand-written easy prior.
 */
const everydayPrompts = [
  'hi',
  'Say hello.',
  'What is 2+2?',
  'Write a haiku about autumn',
  'Prove that every finite integral domain is a field.',
  'Prove that there are infinitely many primes p with p ≡ 3 (mod 4). Give a complete, rigorous argument, justify every step, and explain where the analogous argument for p ≡ 1 (mod 4) breaks down.',
  'Write a Python web service with user authentication, a PostgreSQL schema with migrations, rate limiting, and unit tests for each endpoint. First design the data model, then implement each endpoint step by step, then write the tests, and explain the trade-offs of your design.',
  'Janet has 3 apples and buys 5 more. How many apples does she have?',
  // A long but easy request: the length prior stops at ≈ 600 tokens (model card, "Length blend").
  `Summarize the following article in three bullet points:\n\n${'The city council met on Tuesday to discuss the new budget, and several members raised concerns about road maintenance funding. '.repeat(100)}`,
];

const repositoryRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const encoder = createTokenEncoder();
const session = await loadDifficultyModel(join(repositoryRoot, 'models', 'model.onnx'));
console.log('| prompt | tokens | difficulty | logit |');
console.log('|---|---:|---:|---:|');
for (const prompt of everydayPrompts) {
  const featurized = featurize(prompt, encoder);
  const { difficulty, logit } = await session.run(featurized);
  const shown = prompt.length > 70 ? `${prompt.slice(0, 67).replaceAll('\n', ' ')}…` : prompt;
  console.log(`| ${shown} | ${featurized.inputTokens} | ${difficulty.toFixed(2)} | ${logit.toFixed(2)} |`);
}
encoder.free();
await session.release();
