/**
 * What the Claude Code recordings and end-to-end tests make it do: each scenario has a prompt,
 * the files its tools find in the working directory, and the scripted answers of the upstream, in
 * order (a tool_use first, so Claude Code runs its own tool and sends the tool_result back).
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { FakeOkBehavior } from '../fake-upstream/fake-behavior.ts';
import { buildSmallPdf } from './build-small-pdf.ts';

export type ClaudeCodeScenario = {
  name: string;
  description: string;
  prompt: string;
  /** Writes the files the scenario's tools read into the working directory. */
  prepare(workdir: string): Promise<void>;
  /** The upstream's answers, in order, for a run in `workdir`. */
  answers(workdir: string): FakeOkBehavior[];
  /** Extra command-line arguments. */
  args: readonly string[];
  /** Text Claude Code must print at the end. */
  expectedOutput: string;
};

export const SECRET_WORD = 'heron';
export const PDF_WORD = 'pelican';

const readTool = (path: string): FakeOkBehavior['toolCall'] => ({ name: 'Read', arguments: { file_path: path } });

async function writeNotes(workdir: string): Promise<void> {
  await writeFile(join(workdir, 'notes.txt'), `The secret word is ${SECRET_WORD}.\n`);
}

export const claudeCodeScenarios: readonly ClaudeCodeScenario[] = [
  {
    name: 'plain',
    description: 'a one-line prompt answered with text',
    prompt: 'Say hello in five words.',
    prepare: async () => {},
    answers: () => [{ kind: 'ok', text: 'Hello from the fake upstream.' }],
    args: [],
    expectedOutput: 'Hello from the fake upstream.',
  },
  {
    name: 'tool-loop',
    description: 'the upstream asks for its Read tool on notes.txt; Claude Code runs it and sends the tool_result',
    prompt: 'Read notes.txt and tell me the secret word.',
    prepare: writeNotes,
    answers: (workdir) => [
      { kind: 'ok', text: '', toolCall: readTool(join(workdir, 'notes.txt')) },
      { kind: 'ok', text: `The secret word is ${SECRET_WORD}.` },
    ],
    args: ['--allowedTools', 'Read'],
    expectedOutput: `The secret word is ${SECRET_WORD}.`,
  },
  {
    name: 'thinking-tool-loop',
    description: 'ultrathink prompt; the answers carry signed thinking (and a redacted_thinking block) before a tool_use, so the next turn replays them',
    prompt: `ultrathink: read notes.txt and tell me the secret word.`,
    prepare: writeNotes,
    answers: (workdir) => [
      {
        kind: 'ok',
        text: '',
        reasoning: { text: 'The user wants the secret word; I should read notes.txt first.', signature: 'EqQBCkYIBxgCKkBfakeSignatureOne', redacted: 'EmwKAhgBEgyfakeRedactedData' },
        toolCall: readTool(join(workdir, 'notes.txt')),
      },
      { kind: 'ok', reasoning: { text: 'The file names the word.', signature: 'EqQBCkYIBxgCKkBfakeSignatureTwo' }, text: `The secret word is ${SECRET_WORD}.` },
    ],
    args: ['--allowedTools', 'Read'],
    expectedOutput: `The secret word is ${SECRET_WORD}.`,
  },
  {
    name: 'pdf-read',
    description: 'the upstream asks to Read report.pdf; the tool_result carries the PDF as a document block',
    prompt: 'Read report.pdf and tell me what it says.',
    prepare: (workdir) => writeFile(join(workdir, 'report.pdf'), buildSmallPdf(`The report names a ${PDF_WORD}.`)),
    answers: (workdir) => [
      { kind: 'ok', text: '', toolCall: readTool(join(workdir, 'report.pdf')) },
      { kind: 'ok', text: `The report names a ${PDF_WORD}.` },
    ],
    args: ['--allowedTools', 'Read'],
    expectedOutput: `The report names a ${PDF_WORD}.`,
  },
];
