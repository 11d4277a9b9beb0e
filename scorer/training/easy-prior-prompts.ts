/**
 * A small HAND-WRITTEN prior, not dataset data: trivial everyday requests (greetings, thanks,
 * one-line arithmetic, "say X") that every model handles. With `easyPrior` the trainer adds each as a
 * prompt on which every training model scored 1, so the difficulty model has seen at least some chat
 * traffic: the benchmarks alone contain none, and their shortest prompts are hard trivia, which taught
 * the model "short = hard". Kept deliberately small; documented in models/model-card.md.
 * The prompts the model card reports ("hi", "Say hello.", "What is 2+2?", …) are NOT in this list.
 */
export const easyPriorPrompts: readonly string[] = [
  'hello',
  'Hello!',
  'hey there',
  'Good morning!',
  'Hi, how are you?',
  'thanks!',
  'Thank you so much.',
  'ok',
  'Sounds good, thanks.',
  'bye',
  'Say hi.',
  'Say goodbye.',
  'Reply with the word yes.',
  'Repeat after me: banana.',
  'What is 1+1?',
  'What is 3 + 4?',
  'What is 10 minus 3?',
  'How many days are in a week?',
  'What color is the sky?',
  'What is the capital of France?',
  'Translate "hello" into Spanish.',
  'Spell the word cat.',
  'Is water wet?',
  'Count from 1 to 5.',
  'Tell me a joke.',
  'What day comes after Monday?',
  'Give me a synonym for happy.',
  'Write the word "test" in capital letters.',
];

/** Weight of each prior prompt, in units of an average training prompt. */
export const easyPriorPromptWeight = 4;
