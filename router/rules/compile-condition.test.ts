import { describe, expect, it } from 'vitest';
import { compileCondition } from './compile-condition.ts';
import { ConditionSyntaxError } from './condition-syntax-error.ts';
import type { StructuredCondition } from './parse-structured-condition.ts';
import { KNOWN_SIGNALS, type SignalValues } from './signal-values.ts';

const signals: SignalValues = {
  input_tokens: 120_000,
  has_tools: true,
  tool_count: 2,
  has_schema: false,
  has_images: false,
  streaming: true,
  message_count: 3,
  has_system: true,
  model: 'GPT-5.4-mini',
  tags: { tier: 'free', 'cost center': 'r&d' },
  headers: { 'x-team': 'ml' },
  hour_local: 23,
  weekday: 'sat',
  time_of_day: '23:15',
  monthly_spend_pct: 0.85,
  pii: true,
  pii_types: ['email'],
  body: { metadata: { priority: 'high' }, messages: [{ role: 'system' }, { role: 'user', tool_calls: [{ id: 'a' }] }, { role: 'tool' }] },
};

const check = (source: string, values: Partial<SignalValues> = signals) => compileCondition(source, KNOWN_SIGNALS).evaluate(values);

describe('compileCondition', () => {
  it('evaluates the design examples', () => {
    expect(check('input_tokens > 100000')).toBe(true);
    expect(check('has_schema')).toBe(false);
    expect(check('monthly_spend_pct > 0.8')).toBe(true);
    expect(check("tags.tier == 'free' and hour_local in [22, 23, 0, 1]")).toBe(true);
    expect(check("tags.tier == 'free' and hour_local in [22, 23, 0, 1]", { ...signals, hour_local: 12 })).toBe(false);
    expect(check("$.metadata.priority == 'high'")).toBe(true);
  });

  it.each([
    ["model == 'GPT-5.4-mini'", true], ["model != 'GPT-5.4-mini'", false], ["model != 'other'", true],
    ['tool_count > 1', true], ['tool_count > 2', false], ['tool_count >= 2', true],
    ['tool_count < 2', false], ['tool_count <= 2', true], ['2 <= tool_count', true],
    ["time_of_day >= '22:00'", true], ["time_of_day < '09:00'", false],
    ["weekday in ['sat', 'sun']", true], ["weekday not in ['sat', 'sun']", false], ['hour_local in []', false],
    ["'x-team' in headers", true], ["'x-other' in headers", false], ["'GPT' in model", true],
    ["pii_types contains 'email'", true], ["pii_types contains 'iban'", false], ["model contains '5.4'", true],
    ["model starts_with 'GPT-'", true], ["model ends_with 'mini'", true], ["model ends_with 'max'", false],
    ['model matches /^gpt-5/', false], ['model matches /^gpt-5/i', true], ['model matches /5\\.4/', true],
    ["$.messages[0].role matches /^SYS/i", true], ["$.messages[0].role matches /^SYS/", false],
    ['exists(user)', false], ['exists(tags.tier)', true], ['exists(tags.team)', false], ['not exists(complexity)', true],
    ['has_tools and streaming', true], ['has_tools and has_images', false], ['has_images or streaming', true],
    ['not has_images', true], ['true', true], ['false', false], ['pii', true], ['pii_types', true],
    ["headers['X-Team'] == 'ml'", true], ["tags['cost center'] == 'r&d'", true],
    ['user == null', true], ['user != null', false], ['user in [null]', true],
    ['input_tokens == 120000.0', true], ['input_tokens == 1.2e5', true],
  ] as const)('%s → %s', (source, expected) => {
    expect(check(source)).toBe(expected);
  });

  it('treats runtime type mismatches as false and never throws', () => {
    expect(check('model > 5')).toBe(false);
    expect(check('model < 5')).toBe(false);
    expect(check("input_tokens == '120000'")).toBe(false);
    expect(check("input_tokens starts_with '12'")).toBe(false);
    expect(check('input_tokens matches /12/')).toBe(false);
    expect(check("tags contains 5")).toBe(false);
    expect(check('tags.tier.deeper == 1')).toBe(false);
    expect(check("tags[0] == 'free'")).toBe(false);
    expect(check('tags.constructor')).toBe(false);
    expect(check('$.metadata.priority > 1', { body: 'not an object' })).toBe(false);
    expect(check('complexity > 0.5', {})).toBe(false);
    expect(check('hour_local in [1, 2, 3, 4, 5, 6]', {})).toBe(false);
  });

  it('reads JSONPath into the body, including wildcards and recursive descent', () => {
    expect(check("$.messages[-1].role == 'tool'")).toBe(true);
    expect(check("$.messages[*].role contains 'tool'")).toBe(true);
    expect(check("$.messages[*].role contains 'assistant'")).toBe(false);
    expect(check('exists($..tool_calls)')).toBe(true);
    expect(check('exists($..function_call)')).toBe(false);
    expect(check("$['metadata'][\"priority\"] == 'high'")).toBe(true);
    expect(check('exists($.metadata.priority)', { body: { metadata: { priority: null } } })).toBe(true);
    expect(check('$', { body: {} })).toBe(true);
  });

  it('lists the root signals it reads, in order of first use', () => {
    const condition = compileCondition("hour_local > 20 and (tags.tier == 'free' or $.a == 1) and not exists(user) and hour_local < 23 and x_in in y", undefined);
    expect([...condition.signals]).toEqual(['hour_local', 'tags', '$', 'user', 'x_in', 'y']);
    expect([...compileCondition('true').signals]).toEqual([]);
  });

  it('compiles the structured form to the same AST as the text form', () => {
    const pairs: Array<[StructuredCondition, string]> = [
      [{ signal: 'input_tokens', op: '>', value: 100000 }, 'input_tokens > 100000'],
      [{ signal: 'has_schema' }, 'has_schema'],
      [{ all: [{ signal: 'tags.tier', op: '==', value: 'free' }, { signal: 'hour_local', op: 'in', value: [22, 23, 0, 1] }] }, "tags.tier == 'free' and hour_local in [22, 23, 0, 1]"],
      [{ any: [{ not: { signal: 'has_tools' } }, 'streaming and has_system'] }, 'not has_tools or (streaming and has_system)'],
      [{ signal: '$.metadata.priority', op: '==', value: 'high' }, "$.metadata.priority == 'high'"],
      [{ signal: "headers['X-Team']", op: 'exists' }, "exists(headers['x-team'])"],
      [{ signal: 'model', op: 'matches', value: '^gpt-', flags: 'i' }, 'model matches /^gpt-/i'],
      [{ all: [] }, 'true'],
      [{ any: [] }, 'false'],
    ];
    for (const [structured, text] of pairs) {
      const compiled = compileCondition(structured, KNOWN_SIGNALS);
      expect(compiled.ast).toEqual(compileCondition(text).ast);
      expect(compiled.evaluate(signals)).toBe(compileCondition(text).evaluate(signals));
      expect(compiled.source).toBe(structured);
    }
  });

  it('rejects malformed structured conditions with the failing part', () => {
    const reject = (condition: unknown) => {
      try {
        compileCondition(condition as StructuredCondition, KNOWN_SIGNALS);
      } catch (error) {
        if (error instanceof ConditionSyntaxError) return `${error.at}: ${error.reason}`;
        throw error;
      }
      throw new Error('expected an error');
    };
    expect(reject({ all: [{ signal: 'model', op: 'equals', value: 'x' }] })).toMatch(/^condition\.all\[0\]\.op: unknown op 'equals'/);
    expect(reject({ any: [{ signal: 'input_token', op: '>', value: 1 }] })).toBe("condition.any[0].signal: unknown signal 'input_token'; did you mean 'input_tokens'?");
    expect(reject({ not: 'has_tools and' })).toBe('condition.not: expected a condition');
    expect(reject({ signal: 'model', op: 'in', value: 'x' })).toBe("condition.value: op 'in' needs a list of numbers, strings, booleans or null");
    expect(reject({ signal: 'model', op: 'matches', value: 'a', flags: 'g' })).toMatch(/^condition\.flags: regular expression flags 'g' are not allowed/);
    expect(reject({ signal: 'model', value: 'a' })).toBe("condition.value: 'value' needs an 'op'");
    expect(reject({ all: [], signal: 'x' })).toBe("condition: 'signal' cannot be combined with 'all'");
    expect(reject({ when: 'x' })).toBe("condition: unknown key 'when'; expected all, any, not or signal");
    expect(reject({ signal: 'model x' })).toBe("condition.signal: unexpected 'x' after the signal");
  });

  it('freezes what it returns', () => {
    const condition = compileCondition("tags.tier == 'free'");
    expect(Object.isFrozen(condition)).toBe(true);
    expect(Object.isFrozen((condition.ast as { left: object }).left)).toBe(true);
  });
});
