import { describe, expect, it } from 'vitest';
import { compileCondition } from './compile-condition.ts';
import { findShadowedRules } from './find-shadowed-rules.ts';

const shadowed = (...sources: string[]) => findShadowedRules(sources.map((source) => compileCondition(source)));

describe('findShadowedRules', () => {
  it.each([
    ['identical conditions', 'has_tools', 'has_tools'],
    ['an earlier unconditional rule', 'true', 'input_tokens > 5'],
    ['a never-matching rule', 'has_tools', 'false'],
    ['a weaker lower bound', 'input_tokens > 1000', 'input_tokens > 5000'],
    ['an inclusive bound at the same value', 'input_tokens >= 1000', 'input_tokens > 1000'],
    ['a flipped comparison', '1000 < input_tokens', 'input_tokens >= 5000'],
    ['a weaker upper bound on strings', "time_of_day < '12:00'", "time_of_day <= '09:30'"],
    ['a conjunction containing the earlier rule', 'has_tools', 'has_tools and streaming'],
    ['a conjunction with a tighter bound', 'input_tokens > 1000', 'streaming and input_tokens > 5000'],
    ['a disjunction of implied parts', 'input_tokens > 1000 or has_tools', 'has_tools or input_tokens > 2000'],
    ['an earlier disjunction containing it', 'has_schema or has_tools', 'has_tools'],
    ['a conjunction of implied parts', 'has_tools', '(has_tools or x) and has_tools'],
    ['an equality inside a list', "tags.tier in ['free', 'trial']", "tags.tier == 'trial'"],
    ['a sub-list', 'hour_local in [22, 23, 0, 1]', 'hour_local in [23, 0]'],
    ['a value inside a range', 'hour_local >= 22', 'hour_local in [22, 23]'],
    ['a value making the earlier rule truthy', 'has_tools', 'has_tools == true'],
    ['a comparison requiring presence', 'exists(complexity)', 'complexity > 0.5'],
    ['a contrapositive', 'not has_tools', 'not (has_tools or streaming)'],
    ['a negated range', 'not (input_tokens > 5000)', 'not (input_tokens > 1000)'],
    ['equal paths written differently', "headers['X-Team'] == 'a'", "streaming and headers[\"x-team\"] == 'a'"],
  ])('reports %s', (_name, earlier, later) => {
    expect(shadowed(earlier, later)).toEqual([{ index: 1, shadowedBy: 0 }]);
  });

  it.each([
    ['a stronger lower bound', 'input_tokens > 5000', 'input_tokens > 1000'],
    ['an exclusive bound at the same value', 'input_tokens > 1000', 'input_tokens >= 1000'],
    ['a different signal', 'input_tokens > 1000', 'tool_count > 5000'],
    ['a different tag', "tags.tier == 'free'", "tags.team == 'free'"],
    ['a different value', "tags.tier == 'free'", "tags.tier == 'pro'"],
    ['the earlier rule being the conjunction', 'has_tools and streaming', 'has_tools'],
    ['a disjunction with an unimplied part', 'has_tools', 'has_tools or streaming'],
    ['a number range against a string value', 'input_tokens > 1000', "input_tokens == '5000'"],
    ['a list not contained', 'hour_local in [22, 23]', 'hour_local in [23, 0]'],
    ['truthy against == true', 'has_tools == true', 'has_tools'],
    ['inequality against a range', 'x != 5', 'x > 1'],
    ['exists against a missing-allowing condition', 'exists(user)', 'user == null'],
    ['a different regex', 'model matches /^gpt/', 'model matches /^gpt/i'],
    ['multi-valued paths', "$.messages[*].role == 'a'", "$.messages[*].role in ['a']"],
    ['a broader negation', 'not (input_tokens > 1000)', 'not (input_tokens > 5000)'],
  ])('does not report %s', (_name, earlier, later) => {
    expect(shadowed(earlier, later)).toEqual([]);
  });

  it('compares the structured and text forms alike', () => {
    const conditions = [compileCondition({ signal: 'tags.tier', op: '==', value: 'free' }), compileCondition("tags.tier == 'free' and has_tools")];
    expect(findShadowedRules(conditions)).toEqual([{ index: 1, shadowedBy: 0 }]);
  });

  it('names the first earlier rule that shadows, for every shadowed rule', () => {
    expect(shadowed('input_tokens > 100000', 'has_schema', 'input_tokens > 200000', 'has_schema and streaming', 'true', 'has_images')).toEqual([
      { index: 2, shadowedBy: 0 },
      { index: 3, shadowedBy: 1 },
      { index: 5, shadowedBy: 4 },
    ]);
  });
});
