import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { scoreWithShippedModel } from '../test/support/score-with-shipped-model.ts';
import { scorePromptsWithOnnx } from './score-prompts-with-onnx.ts';

const shippedModelPath = fileURLToPath(new URL('../models/model.onnx', import.meta.url));

describe('scorePromptsWithOnnx', () => {
  it("gives each prompt, in order, the shipped model's logit and its token count", async () => {
    const prompts = ['hi', 'Prove that the square root of 2 is irrational, step by step, and explain each step.'];
    const scored = await scorePromptsWithOnnx(prompts, shippedModelPath);
    const expected = await scoreWithShippedModel(prompts);
    expect(scored.map((score) => score.logit)).toEqual(expected.map((score) => score.logit));
    expect(scored[0]!.inputTokens).toBeGreaterThan(0);
    expect(scored[1]!.inputTokens).toBeGreaterThan(scored[0]!.inputTokens);
  });
});
