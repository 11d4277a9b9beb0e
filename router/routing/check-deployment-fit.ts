import type { Capabilities, Deployment } from '../config/compiled-config.ts';
import type { ChatRequest, ProviderToolDefinition } from '../core/chat-request.ts';
import type { RequestMemo } from '../signals/request-memo.ts';
import { providerToolSupport, toolTargetOf } from '../providers/provider-tool-support.ts';
import type { Unfit } from './routing-types.ts';

const NEED_NAMES: Readonly<Record<keyof Capabilities, string>> = {
  tools: 'tools',
  vision: 'vision (images)',
  json: 'json (structured output)',
  streaming: 'streaming',
};

/**
 * Whether a deployment can serve a request: every capability the request needs (tools, vision,
 * structured output, streaming), allowed by the deployment and by every router along the way
 * (`denied` holds what a logical model turned off), every provider-native tool the client sent
 * (web search, code execution, bash…) runnable there (see provider-tool-support.ts), and an input
 * within its `max_input_tokens` (else `context`), by the gateway's estimate. An embeddings request
 * fits only embedding models (`kind: embedding`), any other request only chat models. Undefined when it fits.
 */
export function checkDeploymentFit(deployment: Deployment, memo: RequestMemo, denied?: ReadonlySet<keyof Capabilities>): Unfit | undefined {
  const embeddingModel = deployment.kind === 'embedding';
  if (embeddingModel !== memo.embedding) return { code: 'unsupported_feature', reason: embeddingModel ? 'is an embedding model (POST /v1/embeddings only)' : 'is not an embedding model (kind: embedding)' };
  for (const need of memo.needs()) {
    if (!deployment.capabilities[need] || denied?.has(need) === true) {
      return { code: 'unsupported_feature', reason: `lacks ${NEED_NAMES[need]}` };
    }
  }
  const unrunnable = unrunnableProviderTool(deployment, memo.request);
  if (unrunnable !== undefined) return { code: 'unsupported_feature', reason: `cannot run the ${unrunnable.family} tool '${unrunnable.name ?? unrunnable.kind}'` };
  const limit = deployment.maxInputTokens ?? deployment.context;
  if (limit !== undefined) {
    const tokens = memo.inputTokens();
    if (tokens > limit) return { code: 'context_length_exceeded', reason: `input of about ${tokens} tokens is over its limit of ${limit} input tokens` };
  }
  return undefined;
}

function unrunnableProviderTool(deployment: Deployment, request: ChatRequest): ProviderToolDefinition | undefined {
  if (request.tools === undefined) return undefined;
  const target = toolTargetOf(deployment.provider.type, deployment.api, request.clientFormat);
  return request.tools.find((tool): tool is ProviderToolDefinition => tool.type === 'provider' && providerToolSupport(tool, target) === 'unsupported');
}
