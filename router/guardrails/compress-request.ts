import type { ChatMessage, ChatRequest } from '../core/chat-request.ts';
import { estimateInputTokens } from '../signals/estimate-input-tokens.ts';
import type { CompressPolicy } from './compiled-guardrail.ts';
import { compressContext, droppedNote } from './compress-context.ts';
import type { ExternalCheckDependencies } from './run-external-check.ts';

/** The dropped messages' text handed to the summariser is capped, so a summary call stays cheap. */
const MAX_SUMMARY_INPUT_CHARACTERS = 24_000;

function transcriptOf(messages: readonly ChatMessage[]): string {
  const lines: string[] = [];
  for (const message of messages) {
    for (const part of message.content) {
      if (part.type === 'text') lines.push(`${message.role}: ${part.text}`);
      else if (part.type === 'tool-call') lines.push(`${message.role} called ${part.name}(${part.arguments})`);
      else if (part.type === 'tool-result') for (const inner of part.content) if (inner.type === 'text') lines.push(`tool result: ${inner.text}`);
    }
  }
  return lines.join('\n').slice(0, MAX_SUMMARY_INPUT_CHARACTERS);
}

async function summarize(messages: readonly ChatMessage[], policy: CompressPolicy, dependencies: ExternalCheckDependencies): Promise<string | undefined> {
  const deployment = policy.summarizeWith === undefined ? undefined : dependencies.config.deployments.get(policy.summarizeWith);
  const adapter = deployment === undefined ? undefined : dependencies.adapters.get(deployment.provider.name);
  if (deployment === undefined || adapter === undefined) return undefined;
  const controller = new AbortController();
  const onAbort = () => controller.abort();
  dependencies.signal.addEventListener('abort', onAbort, { once: true });
  const timer = setTimeout(() => controller.abort(), policy.summarizeTimeoutMs);
  try {
    const request: ChatRequest = {
      requestedModel: deployment.name,
      messages: [
        { role: 'system', content: [{ type: 'text', text: 'Summarise this earlier part of a conversation in at most 150 words. Keep names, decisions, numbers and open questions.' }] },
        { role: 'user', content: [{ type: 'text', text: transcriptOf(messages) }] },
      ],
      params: { temperature: 0, maxTokens: 300 },
      stream: false,
      clientFormat: 'openai-chat',
    };
    const result = await adapter.chat({ request, providerModel: deployment.providerModel, signal: controller.signal, timeoutMs: policy.summarizeTimeoutMs, warnings: [] });
    const text = result.content.map((part) => (part.type === 'text' ? part.text : '')).join('').trim();
    return text === '' ? undefined : text;
  } catch {
    // No summary: the plain note stands in for the dropped messages.
    return undefined;
  } finally {
    clearTimeout(timer);
    dependencies.signal.removeEventListener('abort', onAbort);
  }
}

/**
 * compressContext for one attempt, plus the optional summary of what was dropped (by the policy's
 * `summarize_with` model, bounded by its timeout; kept only if the request still fits), and a
 * description of what was removed for the warning and the audit row.
 */
export async function compressRequest(request: ChatRequest, limit: number, policy: CompressPolicy, dependencies: ExternalCheckDependencies): Promise<{ request: ChatRequest; description: string }> {
  const compression = compressContext(request, limit, policy);
  const parts: string[] = [];
  if (compression.cutToolResults > 0) parts.push(`${compression.cutToolResults} tool result${compression.cutToolResults === 1 ? '' : 's'} cut to head and tail`);
  let result = compression.request;
  if (compression.dropped.length > 0) {
    let summarised = false;
    const summary = policy.summarizeWith === undefined ? undefined : await summarize(compression.dropped, policy, dependencies);
    if (summary !== undefined) {
      const plain = droppedNote(compression.dropped.length);
      const withSummary: ChatRequest = {
        ...result,
        messages: result.messages.map((message) =>
          message.role === 'user' && message.content[0]?.type === 'text' && message.content[0].text === plain ? { ...message, content: [{ type: 'text' as const, text: droppedNote(compression.dropped.length, summary) }, ...message.content.slice(1)] } : message,
        ),
      };
      if (estimateInputTokens(withSummary) <= Math.floor(limit * policy.targetRatio)) {
        result = withSummary;
        summarised = true;
      }
    }
    parts.push(`${compression.dropped.length} oldest message${compression.dropped.length === 1 ? '' : 's'} dropped${summarised ? ` (summarised by '${policy.summarizeWith}')` : ''}`);
  }
  return { request: result, description: parts.join(', ') || 'nothing removed' };
}
