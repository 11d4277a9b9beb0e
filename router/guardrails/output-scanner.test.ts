import { describe, expect, it } from 'vitest';
import type { StreamEvent } from '../core/stream-event.ts';
import { GuardrailBlockedError } from '../errors/guardrail-blocked-error.ts';
import { compileDetector } from './compile-detector.ts';
import type { CompiledGuardrail, GuardrailAction } from './compiled-guardrail.ts';
import { guardOutputStream } from './guard-output-stream.ts';
import { OutputScanner } from './output-scanner.ts';
import { RedactionMap } from './redaction-map.ts';

function guard(name: string, action: GuardrailAction, detector: Parameters<typeof compileDetector>[0]): CompiledGuardrail {
  return { name, action, input: false, output: true, detector: compileDetector(detector, [])! };
}

const piiOut = guard('mask-out', { kind: 'redact', restore: false }, { type: 'pii', kinds: ['email'] });
const secretsBlock = guard('no-secrets', { kind: 'block', status: 400 }, { type: 'secrets' });

/** Every way of cutting `text` in two, and one character at a time. */
function splits(text: string): string[][] {
  const cuts = Array.from({ length: text.length + 1 }, (_, index) => [text.slice(0, index), text.slice(index)].filter((piece) => piece !== ''));
  return [...cuts, [...text]];
}

function run(scanner: OutputScanner, pieces: readonly string[]): string[] {
  const channel = scanner.channel();
  const out = pieces.map((piece) => channel.push(piece));
  out.push(channel.flush());
  return out;
}

describe('OutputScanner', () => {
  const map = new RedactionMap();
  map.placeholderFor('EMAIL', 'alice@example.com');
  map.placeholderFor('PHONE', '+44 20 7946 0958');

  it('restores placeholders however the stream cuts them, never sending half of one', () => {
    const text = 'Mail [EMAIL_1] or call [PHONE_1]; keep [NOTE] as is.';
    for (const pieces of splits(text)) {
      const out = run(new OutputScanner([], map), pieces);
      expect(out.join('')).toBe('Mail alice@example.com or call +44 20 7946 0958; keep [NOTE] as is.');
      expect(out.some((piece) => /\[(?:E|EM|EMA|EMAIL|EMAIL_|EMAIL_1|P|PH|PHONE_?1?)$/.test(piece))).toBe(false);
    }
  });

  it('masks an email in the answer however the stream cuts it, never sending any of it', () => {
    const text = 'write to bob.smith@corp.example.org today';
    for (const pieces of splits(text)) {
      const out = run(new OutputScanner([piiOut], undefined), pieces);
      expect(out.join('')).toBe('write to [EMAIL_1] today');
      expect(out.some((piece) => piece.includes('bob') || piece.includes('corp'))).toBe(false);
    }
  });

  it('restores, then checks the restored text: the answer may not leak a secret split over chunks', () => {
    const secret = 'sk-proj-Q7vT2mX9pL4rW8nB3kZ6yH1cF5dJ0sAeGuIo';
    for (const pieces of splits(`here: ${secret}`).slice(0, 60)) {
      expect(() => run(new OutputScanner([secretsBlock], undefined), pieces)).toThrow(GuardrailBlockedError);
    }
    const scanner = new OutputScanner([secretsBlock], undefined);
    expect(() => scanner.scanWhole(`x ${secret}`)).toThrow("answer blocked by guardrail 'no-secrets' (secrets)");
    expect(scanner.verdicts()).toEqual([{ guardrail: 'no-secrets', detector: 'secrets', action: 'block', stage: 'output', matches: 1 }]);
  });

  it('holds back only the window: a long answer flows before its end', () => {
    const channel = new OutputScanner([piiOut], undefined).channel();
    const first = channel.push('a'.repeat(100));
    expect(first).toBe('');
    const second = channel.push(' plain words '.repeat(20));
    // pii's window is 128 characters: everything before the last 128 is out.
    expect(second.length).toBe(100 + 13 * 20 - 128);
    expect(channel.flush().length).toBe(128);
  });

  it('guardOutputStream: releases held text before each block ends and leaves other events alone', async () => {
    const events: StreamEvent[] = [
      { type: 'response-start', id: 'r', reportedModel: undefined },
      { type: 'text-start', index: 0 },
      { type: 'text-delta', index: 0, delta: 'to [EMA' },
      { type: 'text-delta', index: 0, delta: 'IL_1]' },
      { type: 'text-end', index: 0 },
      { type: 'tool-call-start', index: 1, id: 'c', name: 'send' },
      { type: 'tool-call-delta', index: 1, argumentsDelta: '{"to":"[EMAIL' },
      { type: 'tool-call-delta', index: 1, argumentsDelta: '_1]"}' },
      { type: 'tool-call-end', index: 1 },
      { type: 'response-end', finishReason: { unified: 'tool-calls', raw: 'tool_use' }, usage: undefined },
    ];
    async function* source() {
      yield* events;
    }
    const out: StreamEvent[] = [];
    for await (const event of guardOutputStream(source(), new OutputScanner([], map))) out.push(event);
    expect(out.map((event) => event.type)).toEqual(['response-start', 'text-start', 'text-delta', 'text-delta', 'text-end', 'tool-call-start', 'tool-call-delta', 'tool-call-delta', 'tool-call-end', 'response-end']);
    expect(out.filter((event) => event.type === 'text-delta').map((event) => (event as { delta: string }).delta)).toEqual(['to ', 'alice@example.com']);
    const argumentsText = out.map((event) => (event.type === 'tool-call-delta' ? event.argumentsDelta : '')).join('');
    expect(argumentsText).toBe('{"to":"alice@example.com"}');
  });
});
