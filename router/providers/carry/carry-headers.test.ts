import { describe, expect, it } from 'vitest';
import { mergeProtocolHeaders } from './merge-protocol-headers.ts';
import { pickProtocolHeaders } from './pick-protocol-headers.ts';

describe('pickProtocolHeaders', () => {
  it('keeps the allow-list and nothing else: never credentials, cookies, hop-by-hop or SDK telemetry', () => {
    const picked = pickProtocolHeaders({
      'anthropic-beta': 'a,b',
      'anthropic-version': '2023-06-01',
      'openai-beta': 'assistants=v2',
      'idempotency-key': 'key-1',
      authorization: 'Bearer sk-secret',
      'x-api-key': 'sk-ant-secret',
      cookie: 'session=1',
      connection: 'keep-alive',
      'transfer-encoding': 'chunked',
      'openai-organization': 'org-1',
      'x-stainless-retry-count': '0',
      'x-switchyard-tags': 'tier=free',
    });
    expect(picked).toEqual({ 'anthropic-beta': 'a,b', 'anthropic-version': '2023-06-01', 'openai-beta': 'assistants=v2', 'idempotency-key': 'key-1' });
  });

  it("keeps the clients' session headers: Codex's session-id, thread-id, x-client-request-id, originator, x-codex-*; Claude Code's session id", () => {
    const picked = pickProtocolHeaders({
      'session-id': 's-1',
      session_id: 's-0',
      'thread-id': 't-1',
      'x-client-request-id': 'r-1',
      originator: 'codex_exec',
      'x-codex-turn-metadata': '{"turn_id":"1"}',
      'x-codex-beta-features': 'remote_compaction_v2',
      'x-claude-code-session-id': 'c-1',
      'x-codex': 'no prefix match',
      'user-agent': 'codex_exec/0.171.0',
      'x-app': 'cli',
    });
    expect(picked).toEqual({
      'session-id': 's-1',
      session_id: 's-0',
      'thread-id': 't-1',
      'x-client-request-id': 'r-1',
      originator: 'codex_exec',
      'x-codex-turn-metadata': '{"turn_id":"1"}',
      'x-codex-beta-features': 'remote_compaction_v2',
      'x-claude-code-session-id': 'c-1',
    });
  });
});

describe('mergeProtocolHeaders', () => {
  const adapter = { 'content-type': 'application/json', 'anthropic-version': '2023-06-01', 'x-api-key': 'provider-key' };

  it("lets the client's version replace the adapter default, but not a header the operator configured", () => {
    expect(mergeProtocolHeaders(adapter, {}, { 'anthropic-version': '2026-10-21' })['anthropic-version']).toBe('2026-10-21');
    const configured = { ...adapter, 'anthropic-version': '2024-01-01' };
    expect(mergeProtocolHeaders(configured, { 'Anthropic-Version': '2024-01-01' }, { 'anthropic-version': '2026-10-21' })['anthropic-version']).toBe('2024-01-01');
  });

  it('joins beta lists without duplicates and never touches the credential', () => {
    const merged = mergeProtocolHeaders({ ...adapter, 'anthropic-beta': 'op-1, shared' }, { 'anthropic-beta': 'op-1, shared' }, { 'anthropic-beta': 'shared,client-1' });
    expect(merged['anthropic-beta']).toBe('op-1,shared,client-1');
    expect(merged['x-api-key']).toBe('provider-key');
  });

  it('returns the adapter headers themselves when the client sent none (no copy per call)', () => {
    expect(mergeProtocolHeaders(adapter, {}, {})).toBe(adapter);
  });
});
