/**
 * The fake's strict-history mode: it refuses, as the real services do, history holding opaque
 * values it never issued — an Anthropic thinking / redacted_thinking block, web search result or
 * citation index it did not send; an OpenAI Responses reasoning item's encrypted content; a Gemini
 * thought signature — and block types Anthropic does not know. Every such value the fake sends in
 * an answer is remembered (per wire) by scanning the answer, so a test replays real values only.
 */
import type { FakeAnswer } from './fake-answer.ts';
import type { FakeWire, FakeWireName, JsonObject } from './fake-wire.ts';

/** Keys whose string values are opaque tokens only their issuer can verify. */
const OPAQUE_KEYS = new Set(['signature', 'encrypted_content', 'thoughtSignature', 'encrypted_index']);
/** Gemini's documented stand-in for a missing signature, which it accepts. */
const GEMINI_SKIP_SIGNATURE = 'skip_thought_signature_validator';
const ANTHROPIC_BLOCK_TYPES = new Set([
  'text', 'image', 'document', 'search_result', 'tool_use', 'tool_result', 'thinking', 'redacted_thinking', 'server_tool_use',
  'web_search_tool_result', 'web_fetch_tool_result', 'code_execution_tool_result', 'bash_code_execution_tool_result',
  'text_editor_code_execution_tool_result', 'mcp_tool_use', 'mcp_tool_result', 'container_upload',
]);

export type IssuedValues = Map<FakeWireName, Set<string>>;

function collect(value: unknown, into: Set<string>, parentType?: unknown): void {
  if (Array.isArray(value)) {
    for (const entry of value) collect(entry, into, parentType);
    return;
  }
  if (typeof value !== 'object' || value === null) return;
  const record = value as Record<string, unknown>;
  for (const [key, entry] of Object.entries(record)) {
    if (typeof entry === 'string' && (OPAQUE_KEYS.has(key) || (key === 'data' && record.type === 'redacted_thinking'))) into.add(entry);
    else collect(entry, into, record.type);
  }
}

function issuedFor(issued: IssuedValues, wire: FakeWireName): Set<string> {
  let values = issued.get(wire);
  if (values === undefined) issued.set(wire, (values = new Set()));
  return values;
}

/** The wire, remembering every opaque value its answers carry. */
export function rememberingWire(wire: FakeWire, issued: IssuedValues): FakeWire {
  const values = issuedFor(issued, wire.name);
  return {
    ...wire,
    buildResponse(answer: FakeAnswer, body: JsonObject) {
      const built = wire.buildResponse(answer, body);
      collect(built, values);
      return built;
    },
    buildStreamFrames(answer: FakeAnswer, body: JsonObject) {
      const frames = wire.buildStreamFrames(answer, body);
      for (const frame of frames) {
        for (const line of frame.split('\n')) {
          if (!line.startsWith('data: ')) continue;
          try {
            collect(JSON.parse(line.slice(6)), values);
          } catch {
            // a frame that is not JSON carries no token
          }
        }
      }
      return frames;
    },
  };
}

/** With thinking on, the assistant step whose tool calls the last user turn answers must start with a thinking block. */
function checkAnthropicThinkingStep(body: JsonObject, messages: Array<{ role?: unknown; content?: unknown }>): string | undefined {
  const thinking = body.thinking as { type?: unknown } | undefined;
  if (thinking === undefined || thinking === null || thinking.type === 'disabled') return undefined;
  const last = messages.at(-1);
  const isBlocks = (content: unknown): content is Array<{ type?: unknown }> => Array.isArray(content);
  if (last?.role !== 'user' || !isBlocks(last.content) || !last.content.some((block) => block.type === 'tool_result')) return undefined;
  const stepIndex = messages.findLastIndex((message) => message.role === 'assistant');
  const step = messages[stepIndex]?.content;
  if (!isBlocks(step) || !step.some((block) => block.type === 'tool_use')) return undefined;
  const first = step[0]?.type;
  if (first === 'thinking' || first === 'redacted_thinking') return undefined;
  return `messages.${stepIndex}.content.0.type: Expected \`thinking\` or \`redacted_thinking\`, but found \`${String(first)}\`. When \`thinking\` is enabled, a final \`assistant\` message must start with a thinking block`;
}

function checkAnthropic(body: JsonObject, values: Set<string>): string | undefined {
  const messages = Array.isArray(body.messages) ? (body.messages as Array<{ role?: unknown; content?: unknown }>) : [];
  const stepProblem = checkAnthropicThinkingStep(body, messages);
  if (stepProblem !== undefined) return stepProblem;
  for (const [i, message] of messages.entries()) {
    if (!Array.isArray(message.content)) continue;
    for (const [j, block] of (message.content as Array<Record<string, unknown>>).entries()) {
      const where = `messages.${i}.content.${j}`;
      const type = block.type;
      if (typeof type !== 'string' || !ANTHROPIC_BLOCK_TYPES.has(type)) return `${where}: Input tag '${String(type)}' found using 'type' does not match any of the expected tags`;
      if (type === 'thinking' && !values.has(String(block.signature))) return `${where}: Invalid \`signature\` in \`thinking\` block`;
      if (type === 'redacted_thinking' && !values.has(String(block.data))) return `${where}: Invalid \`data\` in \`redacted_thinking\` block`;
      if (type === 'web_search_tool_result' && Array.isArray(block.content)) {
        for (const result of block.content as Array<Record<string, unknown>>) {
          if (!values.has(String(result.encrypted_content))) return `${where}: web search result encrypted_content could not be verified`;
        }
      }
      if (type === 'text' && Array.isArray(block.citations)) {
        for (const citation of block.citations as Array<Record<string, unknown>>) {
          if (citation.encrypted_index !== undefined && !values.has(String(citation.encrypted_index))) return `${where}: citation encrypted_index could not be verified`;
        }
      }
    }
  }
  return undefined;
}

function checkResponses(body: JsonObject, values: Set<string>): string | undefined {
  const input = Array.isArray(body.input) ? (body.input as Array<Record<string, unknown>>) : [];
  for (const item of input) {
    if (item.type === 'reasoning' && typeof item.encrypted_content === 'string' && !values.has(item.encrypted_content)) {
      return `The encrypted content for item ${String(item.id)} could not be verified.`;
    }
  }
  return undefined;
}

function checkGemini(body: JsonObject, values: Set<string>): string | undefined {
  const contents = Array.isArray(body.contents) ? (body.contents as Array<{ parts?: unknown }>) : [];
  for (const [i, content] of contents.entries()) {
    if (!Array.isArray(content.parts)) continue;
    for (const [j, part] of (content.parts as Array<Record<string, unknown>>).entries()) {
      const signature = part.thoughtSignature;
      if (typeof signature === 'string' && signature !== GEMINI_SKIP_SIGNATURE && !values.has(signature)) return `contents[${i}].parts[${j}]: Thought signature is not valid.`;
    }
  }
  return undefined;
}

/** A provider-style refusal when the request's history holds what the real service would refuse. */
export function checkStrictHistory(wire: FakeWireName, body: JsonObject, issued: IssuedValues): string | undefined {
  const values = issuedFor(issued, wire);
  if (wire === 'anthropic-messages') return checkAnthropic(body, values);
  if (wire === 'openai-responses') return checkResponses(body, values);
  if (wire === 'gemini') return checkGemini(body, values);
  return undefined;
}
