/**
 * The Codex sessions the recorder captures and the end-to-end tests replay: what the user asks,
 * what the fake upstream answers turn by turn (OpenAI Responses items), and what must come out.
 */
import type { FakeOkBehavior } from '../fake-upstream/fake-behavior.ts';

export type CodexScenario = {
  name: string;
  description: string;
  prompt: string;
  /** Extra top-level config.toml lines. */
  config: readonly string[];
  /** The upstream's answers, one per model request, in order. */
  answers: readonly FakeOkBehavior[];
  /** Text Codex must print at the end. */
  expectedOutput: string;
};

/** A patch in Codex's apply_patch grammar that creates one file. */
export const ADD_FILE_PATCH = '*** Begin Patch\n*** Add File: notes/hello.txt\n+Hello from apply_patch.\n*** End Patch\n';

export const codexScenarios: readonly CodexScenario[] = [
  {
    name: 'plain',
    description: 'One plain turn: Codex asks, the model answers with text.',
    prompt: 'Say hello.',
    config: [],
    answers: [{ kind: 'ok', text: 'Hello from the fake upstream.' }],
    expectedOutput: 'Hello from the fake upstream.',
  },
  {
    name: 'reasoning',
    description:
      'High effort with detailed summaries: the model reasons (summary + encrypted content) and runs a command; the follow-up request carries the encrypted reasoning item back with include: ["reasoning.encrypted_content"].',
    prompt: 'Think, then print the word ready with echo.',
    config: ['model_reasoning_effort = "high"', 'model_reasoning_summary = "detailed"'],
    answers: [
      { kind: 'ok', reasoning: { text: 'The user wants echo ready.', encrypted: 'gAAAAB-fake-encrypted-reasoning-1' }, text: '', toolCall: { name: 'exec_command', arguments: { cmd: 'echo ready' } } },
      { kind: 'ok', reasoning: { text: 'It printed ready.', encrypted: 'gAAAAB-fake-encrypted-reasoning-2' }, text: 'The command printed ready.' },
    ],
    expectedOutput: 'The command printed ready.',
  },
  {
    name: 'apply-patch',
    description: 'The model answers with a custom_tool_call for the freeform apply_patch tool; Codex applies it and sends custom_tool_call_output back.',
    prompt: 'Create notes/hello.txt.',
    config: [],
    answers: [
      { kind: 'ok', text: '', customToolCall: { name: 'apply_patch', input: ADD_FILE_PATCH } },
      { kind: 'ok', text: 'Created notes/hello.txt.' },
    ],
    expectedOutput: 'Created notes/hello.txt.',
  },
  {
    name: 'shell',
    description: 'The model calls the exec_command shell tool (a function_call); Codex runs it and sends function_call_output back.',
    prompt: 'Print shell-ok.',
    config: [],
    answers: [
      { kind: 'ok', text: 'Running it.', toolCall: { name: 'exec_command', arguments: { cmd: 'printf shell-ok' } } },
      { kind: 'ok', text: 'It printed shell-ok.' },
    ],
    expectedOutput: 'It printed shell-ok.',
  },
];
