import type { ChatRequest, ToolDefinition } from '../core/chat-request.ts';
import type { CarriedBodyEdit } from '../providers/provider-adapter.ts';
import type { CompiledToolPolicy } from './compiled-guardrail.ts';

/** A tool's name: a function's name, a provider tool's name, else its kind (`web_search`). */
export function toolNameOf(tool: ToolDefinition): string {
  return tool.type === 'function' ? tool.name : (tool.name ?? tool.kind);
}

/** The same name on the wire: Chat `{ function: { name } }`, Messages / Responses `{ name }`, else `type`. */
function wireToolName(tool: unknown): string | undefined {
  if (typeof tool !== 'object' || tool === null) return undefined;
  const record = tool as { name?: unknown; type?: unknown; function?: { name?: unknown } };
  if (typeof record.function?.name === 'string') return record.function.name;
  if (typeof record.name === 'string') return record.name;
  return typeof record.type === 'string' ? record.type : undefined;
}

/** The request's tools through a policy (allow, deny, then max_tools in the client's order), and the names removed. */
export function filterTools(request: ChatRequest, policy: CompiledToolPolicy): { request: ChatRequest; removed: string[] } {
  const tools = request.tools ?? [];
  if (tools.length === 0) return { request, removed: [] };
  const kept: ToolDefinition[] = [];
  const removed: string[] = [];
  for (const tool of tools) {
    const name = toolNameOf(tool);
    if (!policy.passes(name) || (policy.maxTools !== undefined && kept.length >= policy.maxTools)) removed.push(name);
    else kept.push(tool);
  }
  if (removed.length === 0) return { request, removed };
  return { request: withTools(request, kept), removed };
}

/** The request with only `kept` tools; a tool choice that named a removed tool, or any choice when none is left, goes too. */
export function withTools(request: ChatRequest, kept: ToolDefinition[]): ChatRequest {
  const next: ChatRequest = { ...request };
  if (kept.length === 0) delete next.tools;
  else next.tools = kept;
  const choice = request.toolChoice;
  if (choice !== undefined && (kept.length === 0 || (choice.type === 'tool' && !kept.some((tool) => toolNameOf(tool) === choice.name)))) delete next.toolChoice;
  if (kept.length === 0 && next.params.parallelToolCalls !== undefined) {
    next.params = { ...next.params };
    delete next.params.parallelToolCalls;
  }
  return next;
}

/**
 * The same removal on a carried body: `tools` entries of those names go; with none left, `tools`,
 * `tool_choice` and `parallel_tool_calls` go too; a `tool_choice` naming a removed tool goes.
 * Pure: a new body, sharing what did not change.
 */
export function removeCarriedTools(removed: ReadonlySet<string> | 'all'): CarriedBodyEdit {
  return (body) => {
    if (!Array.isArray(body.tools)) return { value: body as Record<string, unknown>, warnings: [] };
    const kept = removed === 'all' ? [] : (body.tools as unknown[]).filter((tool) => !removed.has(wireToolName(tool) ?? ''));
    const next: Record<string, unknown> = { ...body };
    if (kept.length === 0) {
      delete next.tools;
      delete next.tool_choice;
      delete next.parallel_tool_calls;
    } else {
      next.tools = kept;
      // Chat `{ type: function, function: { name } }`, Messages `{ type: tool, name }`, Responses `{ type: function, name }`.
      const named = wireToolName(body.tool_choice);
      if (named !== undefined && removed !== 'all' && removed.has(named)) delete next.tool_choice;
    }
    return { value: next, warnings: [] };
  };
}
