import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { runCheck } from '../cli/run-check.ts';
import { ConfigError } from '../config/config-error.ts';
import { loadConfigText } from '../config/load-config.ts';

const BASE = `providers:
  openai: { type: openai, api_key: sk-test-embed-0001 }
  claude: { type: anthropic, api_key: sk-ant-test-0001 }
models:
  embedder: { provider: openai, model: text-embedding-3-small, kind: embedding, price: { input: 0.02, output: 0 } }
  chat:     { provider: openai, model: gpt-5.4-mini }
`;

function issuesOf(text: string) {
  try {
    loadConfigText(text, 'test.yaml', {});
  } catch (error) {
    if (error instanceof ConfigError) return error.issues;
    throw error;
  }
  throw new Error('expected the config to be rejected');
}

describe('embedding models in the config', () => {
  it('compiles a router over embedding models, marking them kind embedding (chat models stay chat)', () => {
    const config = loadConfigText(`${BASE}routers:\n  embed: { strategy: failover, targets: [embedder] }\n  talk: { strategy: single, target: chat }\n`, 'test.yaml', {});
    expect(config.deployments.get('embedder')?.kind).toBe('embedding');
    expect(config.deployments.get('chat')?.kind).toBe('chat');
  });

  it('refuses a router mixing embedding models with models that cannot embed, through nested routers, with its line', () => {
    const issues = issuesOf(`${BASE}routers:\n  inner: { strategy: single, target: chat }\n  mixed:\n    strategy: rules\n    rules:\n      - { if: "input_tokens > 10", use: embedder }\n    default: inner\n`);
    const mixed = issues.find((issue) => issue.path === 'routers.mixed');
    expect(mixed?.message).toMatch(/mixes embedding models \(embedder\) with models that cannot embed \(chat\)/);
    // The router's mapping starts on the line after its name.
    expect(mixed?.line).toBe(10);
  });

  it('refuses an embedding model on a provider without an embeddings endpoint, and a smart router over embedding models', () => {
    const issues = issuesOf(`${BASE}  claude-embed: { provider: claude, model: claude-x, kind: embedding }\nrouters:\n  s: { strategy: smart, candidates: [embedder] }\n`);
    expect(issues.map((issue) => [issue.path, issue.message])).toEqual([['models.claude-embed.kind', expect.stringMatching(/provider 'claude' \(anthropic\) has no embeddings endpoint/)]]);
    const smart = issuesOf(`${BASE}routers:\n  s: { strategy: smart, candidates: [embedder] }\n`);
    expect(smart.find((issue) => issue.path === 'routers.s')?.message).toMatch(/smart router over embedding models/);
  });

  it('switchyard check reports the mixed router and exits 1', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'switchyard-embed-check-'));
    const file = join(directory, 'switchyard.yaml');
    await writeFile(file, `${BASE}routers:\n  mixed: { strategy: failover, targets: [embedder, chat] }\n`);
    const written: string[] = [];
    const spy = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
      written.push(String(chunk));
      return true;
    });
    try {
      expect(await runCheck(['--config', file])).toBe(1);
    } finally {
      spy.mockRestore();
    }
    expect(written.join('')).toMatch(/switchyard\.yaml:\d+:\d+: routers\.mixed: router 'mixed' mixes embedding models/);
  });
});
