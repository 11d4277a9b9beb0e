import { describe, expect, it } from 'vitest';
import { carriedJson, SMALLEST_SPLICED_BODY } from './carried-json.ts';
import { topLevelMembers } from './top-level-members.ts';

const clientText = ` {
  "model" : "smart",
  "max_tokens": 1.50e3,
  "system": [{ "type": "text", "text": "braces } ] { [ and \\"quotes\\" \\\\", "cache_control": { "type": "ephemeral" } }],
  "mod\\u0065l_hint": "esc\\u00e9",
  "messages": [{ "role": "user", "content": "hi \\u2603" }],
  "stream": false, "metadata": null, "n": -0.5,
  "tools": [{ "name": "Read", "description": "${'d'.repeat(SMALLEST_SPLICED_BODY)}" }]
} `;

describe('topLevelMembers', () => {
  it('finds every top-level value of an object, skipping strings, nesting and whitespace', () => {
    const members = topLevelMembers(clientText)!;
    expect([...members.keys()]).toEqual(['model', 'max_tokens', 'system', 'model_hint', 'messages', 'stream', 'metadata', 'n', 'tools']);
    const parsed = JSON.parse(clientText) as Record<string, unknown>;
    for (const [name, { start, end }] of members) expect(JSON.parse(clientText.slice(start, end))).toEqual(parsed[name]);
    expect(clientText.slice(members.get('max_tokens')!.start, members.get('max_tokens')!.end)).toBe('1.50e3');
  });

  it('keeps the last value of a name given twice, as JSON.parse does, and answers undefined for what is not an object', () => {
    const text = '{"a":1,"a":{"b":[2]}}';
    const range = topLevelMembers(text)!.get('a')!;
    expect(text.slice(range.start, range.end)).toBe('{"b":[2]}');
    expect(topLevelMembers('{}')!.size).toBe(0);
    expect(topLevelMembers('[1,2]')).toBeUndefined();
    expect(topLevelMembers('"text"')).toBeUndefined();
    expect(topLevelMembers('{"a":"open')).toBeUndefined();
  });
});

describe('carriedJson', () => {
  const body = JSON.parse(clientText) as Record<string, unknown>;

  it('sends the members the gateway did not edit as the client wrote them, and writes only the edited ones', () => {
    const value: Record<string, unknown> = { ...body, model: 'claude-sonnet-4-6', temperature: 0.2, metadata: undefined };
    const { text } = carriedJson(value, { body, bodyText: clientText });
    expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(value)));
    expect(text).toContain('"max_tokens":1.50e3');
    expect(text).toContain('"model_hint":"esc\\u00e9"');
    expect(text).toContain('"model":"claude-sonnet-4-6"');
    expect(text).not.toContain('metadata');
    // Member order is the value's, as JSON.stringify would write it.
    expect(Object.keys(JSON.parse(text) as object)).toEqual(Object.keys(JSON.parse(JSON.stringify(value)) as object));
  });

  it('writes a member again when its value was replaced, even under the same name', () => {
    const messages = [{ role: 'user', content: 'redacted' }];
    const { text } = carriedJson({ ...body, messages }, { body, bodyText: clientText });
    expect((JSON.parse(text) as { messages: unknown }).messages).toEqual(messages);
  });

  it('writes the whole value when the client text is unknown, not an object, or small (JSON.stringify is cheaper there)', () => {
    const value = { ...body, model: 'm' };
    expect(carriedJson(value, { body }).text).toBe(JSON.stringify(value));
    expect(carriedJson(value, { body, bodyText: `[${' '.repeat(SMALLEST_SPLICED_BODY)}]` }).text).toBe(JSON.stringify(value));
    const small = { model: 'smart', max_tokens: 1.5e3 };
    expect(carriedJson({ ...small, model: 'm' }, { body: small, bodyText: '{"model":"smart","max_tokens":1.50e3}' }).text).toBe('{"model":"m","max_tokens":1500}');
  });
});
