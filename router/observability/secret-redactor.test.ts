import { describe, expect, it } from 'vitest';
import { MIN_REDACTED_LENGTH, SecretRedactor } from './secret-redactor.ts';

describe('SecretRedactor', () => {
  it('takes a value out wherever it stands, whatever its shape', () => {
    const redactor = new SecretRedactor();
    redactor.add(['token-abc123']);
    expect(redactor.redact('Incorrect API key provided: token-abc123.')).toBe('Incorrect API key provided: [redacted].');
    expect(redactor.redact('xtoken-abc123token-abc123')).toBe('x[redacted][redacted]');
    expect(redactor.redact('nothing here')).toBe('nothing here');
  });

  it('takes out the JSON-escaped and URL-encoded forms too', () => {
    const redactor = new SecretRedactor();
    const secret = 'p@ss"word/1\\2';
    redactor.add([secret]);
    expect(redactor.redact(JSON.stringify({ message: `bad ${secret}` }))).toBe('{"message":"bad [redacted]"}');
    expect(redactor.redact(`https://host/?key=${encodeURIComponent(secret)}`)).toBe('https://host/?key=[redacted]');
  });

  it('takes the longest first, so a secret containing another goes whole', () => {
    const redactor = new SecretRedactor();
    redactor.add(['secret-one', 'secret-one-and-more']);
    expect(redactor.redact('a secret-one-and-more b secret-one')).toBe('a [redacted] b [redacted]');
  });

  it('ignores placeholders too short to be secrets', () => {
    const redactor = new SecretRedactor();
    redactor.add(['EMPTY', 'ollama', 'x'.repeat(MIN_REDACTED_LENGTH - 1)]);
    expect(redactor.size).toBe(0);
    expect(redactor.redact('EMPTY ollama')).toBe('EMPTY ollama');
  });

  it('takes virtual keys out by their shape', () => {
    const redactor = new SecretRedactor();
    expect(redactor.redact('key sy-0123456789abcdef-AbCdEfGhIjKlMnOpQrStUvWxYz0123456789_-abcd used')).toBe('key [redacted] used');
    expect(redactor.redact('sy-not-a-key')).toBe('sy-not-a-key');
  });

  it('redacts plain data deeply and returns the same value when nothing changed', () => {
    const redactor = new SecretRedactor();
    redactor.add(['hunter2-hunter2']);
    const clean = { a: ['x', { b: 1 }], c: null };
    expect(redactor.redactDeep(clean)).toBe(clean);
    const dirty = { a: ['hunter2-hunter2', { b: 'say hunter2-hunter2' }], 'hunter2-hunter2': true, n: 3 };
    expect(redactor.redactDeep(dirty)).toEqual({ a: ['[redacted]', { b: 'say [redacted]' }], '[redacted]': true, n: 3 });
    expect(dirty.a[0]).toBe('hunter2-hunter2');
  });

  it('finds a secret deep in plain data whatever its written form, and virtual keys by shape', () => {
    const redactor = new SecretRedactor();
    redactor.add(['plain-secret-1']);
    const record = { attempts: [{ error: 'upstream said plain-secret-1' }], tags: { k: 'v' }, vk: 'sy-0123456789abcdef-AbCdEfGhIjKlMnOpQrStUvWx' };
    expect(redactor.redactDeep(record)).toEqual({ attempts: [{ error: 'upstream said [redacted]' }], tags: { k: 'v' }, vk: '[redacted]' });
    // A secret with a quote and a backslash: a string holding its JSON-escaped form is taken out too.
    const quoted = new SecretRedactor();
    quoted.add(['p@ss"word/1\\2']);
    expect(quoted.redactDeep({ text: 'log: p@ss\\"word/1\\\\2' })).toEqual({ text: 'log: [redacted]' });
    expect(quoted.redactDeep({ text: 'raw p@ss"word/1\\2' })).toEqual({ text: 'raw [redacted]' });
    const clean = { text: 'nothing' };
    expect(quoted.redactDeep(clean)).toBe(clean);
  });
});
