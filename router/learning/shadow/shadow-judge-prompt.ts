/**
 * The judge's instructions, fixed and documented (README "Learning from traffic"): every shadow
 * evaluation sends exactly this text, then the conversation and the answers, so labels from
 * different days and judges stay comparable. Answers are lettered in a random order per request
 * (position bias averages out); the reply is a JSON object of integer grades 0–10 per letter.
 */
export const SHADOW_JUDGE_INSTRUCTIONS = `You are grading answers written by different AI assistants to the same conversation.
Judge each answer on its own merits for the user's last request: correctness first, then how
completely and directly it does what was asked, then clarity. Length is not quality: do not
reward padding, and do not punish a short answer that is complete. An answer that refuses a
reasonable request, or that is wrong, scores low however well it is written.

Grade every answer with an integer from 0 (useless or wrong) to 10 (as good as a careful expert
would write). Compare the answers with each other so the grades are consistent, but grade each
one: equal answers get equal grades.

Reply with one JSON object and nothing else, mapping each answer's letter to its grade, for
example {"A": 7, "B": 3}.`;

/** Characters of the conversation and of each answer shown to the judge (bounds the judge's cost). */
export const JUDGE_CONVERSATION_CHARACTERS = 12_000;
export const JUDGE_ANSWER_CHARACTERS = 6_000;

/** The judge's user message: the conversation, then each answer under its letter. */
export function buildJudgeMessage(conversation: string, answers: ReadonlyArray<{ letter: string; text: string }>): string {
  const parts = [`<conversation>\n${clip(conversation, JUDGE_CONVERSATION_CHARACTERS)}\n</conversation>`];
  for (const answer of answers) parts.push(`<answer letter="${answer.letter}">\n${clip(answer.text, JUDGE_ANSWER_CHARACTERS)}\n</answer>`);
  parts.push(`Grade the answers ${answers.map((answer) => answer.letter).join(', ')}.`);
  return parts.join('\n\n');
}

function clip(text: string, limit: number): string {
  return text.length <= limit ? text : `${text.slice(0, limit)}\n[… ${text.length - limit} characters cut]`;
}
