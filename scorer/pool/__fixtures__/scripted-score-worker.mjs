// A stand-in scoring worker for pool tests: `sleep:N` waits N ms, `fail` returns a failure value,
// `crash` throws, anything else answers at once with a fixed score.
import { setTimeout as sleep } from 'node:timers/promises';

export default async function scriptedScore({ text }) {
  if (text.startsWith('sleep:')) await sleep(Number(text.slice('sleep:'.length)));
  if (text === 'fail') return { ok: false, message: 'scripted failure' };
  if (text === 'crash') throw new Error('scripted crash');
  return { ok: true, difficulty: 0.25, logit: -2, inputTokens: text.length, workerMs: 0.01 };
}
