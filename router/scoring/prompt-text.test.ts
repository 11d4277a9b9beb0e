import { describe, expect, it } from 'vitest';
import type { ChatRequest } from '../core/chat-request.ts';
import { promptText, taskText } from './prompt-text.ts';
import { scoreLineText } from './score-line-text.ts';

const text = (value: string) => ({ type: 'text' as const, text: value });

describe('taskText: what the difficulty model rates', () => {
  const conversation: Pick<ChatRequest, 'messages'> = {
    messages: [
      { role: 'system', content: [text('You are a long, detailed system prompt.')] },
      { role: 'user', content: [text('Write a function that parses dates.')] },
      { role: 'assistant', content: [text('Here it is.'), { type: 'tool-call', id: 'c1', name: 'run', arguments: '{"code":"…"}' }] },
      { role: 'tool', content: [{ type: 'tool-result', toolCallId: 'c1', content: [text('ok')] }] },
      { role: 'user', content: [text('Now add time zones.'), text('And tests.')] },
      { role: 'assistant', content: [text('Working on it.')] },
    ],
  };

  it('is the latest user turn, its text parts joined; promptText keeps everything', () => {
    expect(taskText(conversation)).toBe('Now add time zones.\n\nAnd tests.');
    expect(promptText(conversation)).toContain('You are a long, detailed system prompt.');
    expect(promptText(conversation)).toContain('{"code":"…"}');
  });

  it('skips user turns without text (an image only) and falls back to the whole text without any', () => {
    const imageLast: Pick<ChatRequest, 'messages'> = {
      messages: [...conversation.messages, { role: 'user', content: [{ type: 'image', source: { type: 'url', url: 'https://example.com/a.png' } }] }],
    };
    expect(taskText(imageLast)).toBe('Now add time zones.\n\nAnd tests.');
    const systemOnly: Pick<ChatRequest, 'messages'> = { messages: [{ role: 'system', content: [text('Only a system prompt.')] }] };
    expect(taskText(systemOnly)).toBe('Only a system prompt.');
  });
});

describe('scoreLineText (switchyard score input)', () => {
  it('rates a prompt line as a whole', () => {
    expect(scoreLineText({ prompt: 'hello' })).toEqual({ text: 'hello', task: 'hello' });
  });

  it('rates the latest user message of a messages line and counts every message', () => {
    const line = {
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: [{ type: 'text', text: 'First question' }] },
        { role: 'assistant', content: 'An answer' },
        { role: 'user', content: 'Second question' },
      ],
    };
    expect(scoreLineText(line)).toEqual({ text: 'Be brief.\n\nFirst question\n\nAn answer\n\nSecond question', task: 'Second question' });
    expect(scoreLineText({ messages: [{ role: 'system', content: 'Only system.' }] })).toEqual({ text: 'Only system.', task: 'Only system.' });
  });

  it('refuses lines without prompt or messages and malformed content', () => {
    expect(() => scoreLineText({})).toThrow('a line needs "prompt" (a string) or "messages" (an array)');
    expect(() => scoreLineText({ messages: [{ role: 'user', content: 5 }] })).toThrow('message content must be a string or an array of parts');
  });
});
