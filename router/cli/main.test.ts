import { afterEach, describe, expect, it, vi } from 'vitest';
import { main } from './main.ts';

afterEach(() => {
  vi.restoreAllMocks();
});

async function helpText(): Promise<string> {
  let written = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    written += String(chunk);
    return true;
  });
  expect(await main(['--help'])).toBe(0);
  return written;
}

describe('switchyard --help', () => {
  it('names every command the CLI dispatches, and every keys subcommand (README "Command line" lists the same)', async () => {
    const text = await helpText();
    for (const command of ['serve', 'check', 'audit', 'migrate', 'bench', 'score', 'explain', 'keys', 'labels', 'spend', 'train']) {
      expect(text).toMatch(new RegExp(`^  ${command} `, 'm'));
    }
    expect(text).toContain('create|list|rotate|revoke|usage');
  });

  it('an unknown command exits 1', async () => {
    vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    expect(await main(['no-such-command'])).toBe(1);
  });
});
