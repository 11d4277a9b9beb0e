import type { Usage } from '../../core/chat-result.ts';
import type { StreamEvent } from '../../core/stream-event.ts';
import type { EncodeContext } from '../client-format-codec.ts';
import { createResponseObject, type ResponseStatus } from './create-response-object.ts';
import { freeformInput, freeformToolNames } from './freeform-tool-calls.ts';
import { mapFinishReasonToResponsesStatus } from './map-finish-reason-to-responses-status.ts';
import { encodeReasoningContent } from './responses-reasoning-content.ts';
import { responsesIds, type ResponsesIds } from './responses-ids.ts';
import { readWebSearchResult, readWebSearchUse, urlCitationAnnotations, webSearchCallId, webSearchCallItem, type WebSearchSource, type WebSearchStatus } from './web-search-call.ts';
import type { Citation } from '../../core/chat-request.ts';

type ItemStatus = 'in_progress' | 'completed' | 'incomplete';

type OutputItem = { outputIndex: number; id: string; open: boolean } & (
  | { kind: 'message'; part: 'output_text' | 'refusal'; text: string; citations?: CitedSpan[] }
  | { kind: 'function_call'; callId: string; name: string; arguments: string }
  | { kind: 'custom_tool_call'; callId: string; name: string; arguments: string }
  | { kind: 'reasoning'; text: string; summaryOpen: boolean; family?: string; itemId?: string; signature?: string; encrypted?: string; redacted?: string }
  | { kind: 'provider'; value: Record<string, unknown> }
  | { kind: 'web_search'; toolUseId: string; query: string | undefined; status: WebSearchStatus; sources: WebSearchSource[] }
);

/** A citation of a message's text: over all of it, or over `span` (offsets into the text). */
type CitedSpan = { citation: Citation; span?: { start: number; end: number } };

/** A text part's annotations: its web-page citations, each over its span or the whole text (one message item per text block). */
function annotationsOf(text: string, citations: readonly CitedSpan[] | undefined): Array<Record<string, unknown>> {
  return (citations ?? []).flatMap(({ citation, span }) => urlCitationAnnotations([citation], span?.start ?? 0, span?.end ?? text.length));
}

/** A message's one content part. */
function partJson(part: 'output_text' | 'refusal', text: string, citations?: readonly CitedSpan[]): Record<string, unknown> {
  return part === 'refusal' ? { type: 'refusal', refusal: text } : { type: 'output_text', annotations: annotationsOf(text, citations), logprobs: [], text };
}

/**
 * What has been said so far in one Responses stream: output items by internal block index, the
 * next sequence number, the usage. Turns one stream event into the Responses events it means.
 * A freeform tool's call is held until it ends: its emulation streams JSON (`{"input": …}`), and
 * the client is owed the raw input.
 */
export class ResponsesStreamState {
  readonly #context: EncodeContext;
  readonly #ids: ResponsesIds;
  readonly #freeform: ReadonlySet<string>;
  readonly #items: OutputItem[] = [];
  readonly #byBlock = new Map<number, OutputItem>();
  #sequence = 0;
  #started = false;
  #usage: Usage | undefined;

  constructor(context: EncodeContext) {
    this.#context = context;
    this.#ids = responsesIds(context.id);
    this.#freeform = freeformToolNames(context.request);
  }

  #frame(type: string, fields: Record<string, unknown>): string {
    return `event: ${type}\ndata: ${JSON.stringify({ type, sequence_number: this.#sequence++, ...fields })}\n\n`;
  }

  #itemJson(item: OutputItem, status: ItemStatus): Record<string, unknown> {
    switch (item.kind) {
      case 'function_call':
        return { type: 'function_call', id: item.id, call_id: item.callId, name: item.name, arguments: item.arguments, status };
      case 'custom_tool_call':
        return { type: 'custom_tool_call', id: item.id, call_id: item.callId, name: item.name, input: status === 'in_progress' ? '' : freeformInput(item.arguments), status };
      case 'reasoning': {
        const json: Record<string, unknown> = { type: 'reasoning', id: item.id, summary: status === 'in_progress' || item.text === '' ? [] : [{ type: 'summary_text', text: item.text }] };
        const encrypted = status === 'in_progress' ? undefined : encodeReasoningContent(item);
        if (encrypted !== undefined) json.encrypted_content = encrypted;
        return json;
      }
      case 'provider':
        return item.value;
      case 'web_search':
        return webSearchCallItem(item.toolUseId, item.status, item.query, item.sources);
      case 'message': {
        const content = status === 'in_progress' && item.text === '' && item.open ? [] : [partJson(item.part, item.text, item.citations)];
        return { type: 'message', id: item.id, status, role: 'assistant', content };
      }
    }
  }

  /** The response as it stands, for lifecycle events. */
  snapshot(status: ResponseStatus, extra: { incompleteReason?: string; error?: { code: string; message: string } } = {}): Record<string, unknown> {
    const itemStatus = status === 'completed' ? 'completed' : status === 'in_progress' ? 'in_progress' : 'incomplete';
    const output = this.#items.map((item) => this.#itemJson(item, item.open ? itemStatus : 'completed'));
    return createResponseObject({ id: this.#ids.response, context: this.#context, status, output, usage: this.#usage, ...extra });
  }

  #start(): string[] {
    if (this.#started) return [];
    this.#started = true;
    const response = this.snapshot('in_progress');
    return [this.#frame('response.created', { response }), this.#frame('response.in_progress', { response })];
  }

  #add(block: number, item: OutputItem): string[] {
    this.#items.push(item);
    this.#byBlock.set(block, item);
    return [this.#frame('response.output_item.added', { output_index: item.outputIndex, item: this.#itemJson(item, 'in_progress') })];
  }

  #openMessage(block: number, part: 'output_text' | 'refusal'): string[] {
    const outputIndex = this.#items.length;
    const item: OutputItem = { kind: 'message', part, outputIndex, id: this.#ids.message(outputIndex), text: '', open: true };
    const frames = this.#add(block, item);
    frames.push(this.#frame('response.content_part.added', { item_id: item.id, output_index: outputIndex, content_index: 0, part: partJson(part, '') }));
    return frames;
  }

  #openReasoning(block: number, family: string | undefined, itemId: string | undefined): string[] {
    const outputIndex = this.#items.length;
    const item: OutputItem = { kind: 'reasoning', outputIndex, id: itemId ?? this.#ids.reasoning(outputIndex), text: '', summaryOpen: false, open: true };
    if (family !== undefined) item.family = family;
    return this.#add(block, item);
  }

  #close(item: OutputItem, status: 'completed' | 'incomplete'): string[] {
    if (!item.open) return [];
    item.open = false;
    const where = { item_id: item.id, output_index: item.outputIndex };
    const frames: string[] = [];
    switch (item.kind) {
      case 'function_call':
        frames.push(this.#frame('response.function_call_arguments.done', { ...where, name: item.name, arguments: item.arguments }));
        break;
      case 'custom_tool_call': {
        const input = freeformInput(item.arguments);
        frames.push(this.#frame('response.custom_tool_call_input.delta', { ...where, delta: input }));
        frames.push(this.#frame('response.custom_tool_call_input.done', { ...where, input }));
        break;
      }
      case 'reasoning':
        if (item.summaryOpen) {
          const part = { type: 'summary_text', text: item.text };
          frames.push(this.#frame('response.reasoning_summary_text.done', { ...where, summary_index: 0, text: item.text }));
          frames.push(this.#frame('response.reasoning_summary_part.done', { ...where, summary_index: 0, part }));
        }
        break;
      case 'message':
        if (item.part === 'refusal') frames.push(this.#frame('response.refusal.done', { ...where, content_index: 0, refusal: item.text }));
        else {
          annotationsOf(item.text, item.citations).forEach((annotation, annotationIndex) => {
            frames.push(this.#frame('response.output_text.annotation.added', { ...where, content_index: 0, annotation_index: annotationIndex, annotation }));
          });
          frames.push(this.#frame('response.output_text.done', { ...where, content_index: 0, text: item.text, logprobs: [] }));
        }
        frames.push(this.#frame('response.content_part.done', { ...where, content_index: 0, part: partJson(item.part, item.text, item.citations) }));
        break;
      case 'web_search':
        if (item.status === 'completed') frames.push(this.#frame('response.web_search_call.completed', where));
        break;
      case 'provider':
        break;
    }
    frames.push(this.#frame('response.output_item.done', { output_index: item.outputIndex, item: this.#itemJson(item, status) }));
    return frames;
  }

  #delta(event: Extract<StreamEvent, { type: 'text-delta' | 'refusal-delta' }>): string[] {
    const part = event.type === 'text-delta' ? 'output_text' : 'refusal';
    const frames = this.#byBlock.has(event.index) ? [] : this.#openMessage(event.index, part);
    const item = this.#byBlock.get(event.index)!;
    if (item.kind !== 'message') return frames;
    item.text += event.delta;
    const where = { item_id: item.id, output_index: item.outputIndex, content_index: 0, delta: event.delta };
    frames.push(part === 'refusal' ? this.#frame('response.refusal.delta', where) : this.#frame('response.output_text.delta', { ...where, logprobs: [] }));
    return frames;
  }

  #reasoningDelta(block: number, delta: string): string[] {
    const frames = this.#byBlock.has(block) ? [] : this.#openReasoning(block, undefined, undefined);
    const item = this.#byBlock.get(block)!;
    if (item.kind !== 'reasoning') return frames;
    const where = { item_id: item.id, output_index: item.outputIndex, summary_index: 0 };
    if (!item.summaryOpen) {
      item.summaryOpen = true;
      frames.push(this.#frame('response.reasoning_summary_part.added', { ...where, part: { type: 'summary_text', text: '' } }));
    }
    item.text += delta;
    frames.push(this.#frame('response.reasoning_summary_text.delta', { ...where, delta }));
    return frames;
  }

  /**
   * An Anthropic server web search: its call opens a web_search_call item (in progress, searching),
   * its result completes (or fails) and closes it. Whether the part was one of these.
   */
  #webSearch(block: number, part: { family: string; kind: string; value: Record<string, unknown> }, frames: string[]): boolean {
    const use = readWebSearchUse(part);
    if (use !== undefined) {
      const outputIndex = this.#items.length;
      const item: OutputItem = { kind: 'web_search', outputIndex, id: webSearchCallId(use.toolUseId), toolUseId: use.toolUseId, query: use.query, status: 'in_progress', sources: [], open: true };
      frames.push(...this.#add(block, item));
      const where = { item_id: item.id, output_index: outputIndex };
      frames.push(this.#frame('response.web_search_call.in_progress', where), this.#frame('response.web_search_call.searching', where));
      return true;
    }
    const found = readWebSearchResult(part);
    if (found === undefined) return false;
    let item = this.#items.find((entry): entry is Extract<OutputItem, { kind: 'web_search' }> => entry.kind === 'web_search' && entry.toolUseId === found.toolUseId);
    if (item === undefined) {
      item = { kind: 'web_search', outputIndex: this.#items.length, id: webSearchCallId(found.toolUseId), toolUseId: found.toolUseId, query: undefined, status: 'in_progress', sources: [], open: true };
      frames.push(...this.#add(block, item));
    }
    item.status = found.status;
    item.sources = found.sources;
    frames.push(...this.#close(item, 'completed'));
    return true;
  }

  /** One internal stream event → the Responses SSE frames it stands for (maybe none). */
  handle(event: StreamEvent): string[] {
    const frames = this.#start();
    switch (event.type) {
      case 'text-start':
        frames.push(...this.#openMessage(event.index, 'output_text'));
        break;
      case 'text-delta':
      case 'refusal-delta':
        frames.push(...this.#delta(event));
        break;
      case 'tool-call-start': {
        const outputIndex = this.#items.length;
        const custom = this.#freeform.has(event.name);
        const id = custom ? this.#ids.customToolCall(outputIndex) : this.#ids.functionCall(outputIndex);
        frames.push(...this.#add(event.index, { kind: custom ? 'custom_tool_call' : 'function_call', outputIndex, id, callId: event.id, name: event.name, arguments: '', open: true }));
        break;
      }
      case 'tool-call-delta': {
        const item = this.#byBlock.get(event.index);
        if (item?.kind !== 'function_call' && item?.kind !== 'custom_tool_call') break;
        item.arguments += event.argumentsDelta;
        if (item.kind === 'function_call') frames.push(this.#frame('response.function_call_arguments.delta', { item_id: item.id, output_index: item.outputIndex, delta: event.argumentsDelta }));
        break;
      }
      case 'reasoning-start':
        if (!this.#byBlock.has(event.index)) frames.push(...this.#openReasoning(event.index, event.family, event.id));
        break;
      case 'reasoning-delta':
        frames.push(...this.#reasoningDelta(event.index, event.delta));
        break;
      case 'reasoning-signature': {
        if (!this.#byBlock.has(event.index)) frames.push(...this.#openReasoning(event.index, undefined, undefined));
        const item = this.#byBlock.get(event.index);
        if (item?.kind !== 'reasoning') break;
        if (event.signature !== undefined) item.signature = event.signature;
        if (event.encrypted !== undefined) item.encrypted = event.encrypted;
        if (event.redacted !== undefined) item.redacted = event.redacted;
        break;
      }
      case 'text-citation': {
        const item = this.#byBlock.get(event.index);
        if (item?.kind === 'message') (item.citations ??= []).push(event.span === undefined ? { citation: event.citation } : { citation: event.citation, span: event.span });
        break;
      }
      case 'provider-part': {
        if (this.#webSearch(event.index, event.part, frames)) break;
        if (event.part.family !== 'openai') break;
        const item: OutputItem = { kind: 'provider', outputIndex: this.#items.length, id: String(event.part.value.id ?? ''), value: event.part.value, open: true };
        frames.push(...this.#add(event.index, item), ...this.#close(item, 'completed'));
        break;
      }
      case 'text-end':
      case 'tool-call-end':
      case 'reasoning-end': {
        const item = this.#byBlock.get(event.index);
        if (item !== undefined) frames.push(...this.#close(item, 'completed'));
        break;
      }
      case 'usage':
        this.#usage = event.usage;
        break;
      case 'response-end': {
        if (event.usage !== undefined) this.#usage = event.usage;
        const outcome = mapFinishReasonToResponsesStatus(event.finishReason);
        for (const item of this.#items) frames.push(...this.#close(item, outcome.status === 'completed' ? 'completed' : 'incomplete'));
        const response = this.snapshot(outcome.status, { incompleteReason: outcome.incompleteReason });
        frames.push(this.#frame(outcome.status === 'completed' ? 'response.completed' : 'response.incomplete', { response }));
        break;
      }
      default:
        break;
    }
    return frames;
  }

  /** The closing frame of a stream that failed after it began. */
  fail(error: { code: string; message: string }): string {
    const frames = this.#start();
    frames.push(this.#frame('response.failed', { response: this.snapshot('failed', { error }) }));
    return frames.join('');
  }
}
