import type { Usage } from '../../core/chat-result.ts';
import type { StreamEvent } from '../../core/stream-event.ts';
import type { EncodeContext } from '../client-format-codec.ts';
import { createResponseObject, type ResponseStatus } from './create-response-object.ts';
import { mapFinishReasonToResponsesStatus } from './map-finish-reason-to-responses-status.ts';
import { responsesIds, type ResponsesIds } from './responses-ids.ts';

type OutputItem =
  | { kind: 'message'; outputIndex: number; id: string; text: string; open: boolean }
  | { kind: 'function_call'; outputIndex: number; id: string; callId: string; name: string; arguments: string; open: boolean };

/**
 * What has been said so far in one Responses stream: output items by internal block index, the
 * next sequence number, the usage. Turns one stream event into the Responses events it means.
 */
export class ResponsesStreamState {
  readonly #context: EncodeContext;
  readonly #ids: ResponsesIds;
  readonly #items: OutputItem[] = [];
  readonly #byBlock = new Map<number, OutputItem>();
  #sequence = 0;
  #started = false;
  #usage: Usage | undefined;

  constructor(context: EncodeContext) {
    this.#context = context;
    this.#ids = responsesIds(context.id);
  }

  #frame(type: string, fields: Record<string, unknown>): string {
    return `event: ${type}\ndata: ${JSON.stringify({ type, sequence_number: this.#sequence++, ...fields })}\n\n`;
  }

  #itemJson(item: OutputItem, status: 'in_progress' | 'completed' | 'incomplete'): Record<string, unknown> {
    if (item.kind === 'function_call') return { type: 'function_call', id: item.id, call_id: item.callId, name: item.name, arguments: item.arguments, status };
    const content = status === 'in_progress' && item.text === '' && item.open ? [] : [{ type: 'output_text', annotations: [], logprobs: [], text: item.text }];
    return { type: 'message', id: item.id, status, role: 'assistant', content };
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

  #openText(block: number): string[] {
    const outputIndex = this.#items.length;
    const item: OutputItem = { kind: 'message', outputIndex, id: this.#ids.message(outputIndex), text: '', open: true };
    this.#items.push(item);
    this.#byBlock.set(block, item);
    const where = { item_id: item.id, output_index: outputIndex };
    return [
      this.#frame('response.output_item.added', { output_index: outputIndex, item: this.#itemJson(item, 'in_progress') }),
      this.#frame('response.content_part.added', { ...where, content_index: 0, part: { type: 'output_text', annotations: [], logprobs: [], text: '' } }),
    ];
  }

  #close(item: OutputItem, status: 'completed' | 'incomplete'): string[] {
    if (!item.open) return [];
    item.open = false;
    const where = { item_id: item.id, output_index: item.outputIndex };
    if (item.kind === 'function_call') {
      return [
        this.#frame('response.function_call_arguments.done', { ...where, name: item.name, arguments: item.arguments }),
        this.#frame('response.output_item.done', { output_index: item.outputIndex, item: this.#itemJson(item, status) }),
      ];
    }
    return [
      this.#frame('response.output_text.done', { ...where, content_index: 0, text: item.text, logprobs: [] }),
      this.#frame('response.content_part.done', { ...where, content_index: 0, part: { type: 'output_text', annotations: [], logprobs: [], text: item.text } }),
      this.#frame('response.output_item.done', { output_index: item.outputIndex, item: this.#itemJson(item, status) }),
    ];
  }

  /** One internal stream event → the Responses SSE frames it stands for (maybe none). */
  handle(event: StreamEvent): string[] {
    const frames = this.#start();
    switch (event.type) {
      case 'text-start':
        frames.push(...this.#openText(event.index));
        break;
      case 'text-delta': {
        if (!this.#byBlock.has(event.index)) frames.push(...this.#openText(event.index));
        const item = this.#byBlock.get(event.index)!;
        if (item.kind !== 'message') break;
        item.text += event.delta;
        frames.push(this.#frame('response.output_text.delta', { item_id: item.id, output_index: item.outputIndex, content_index: 0, delta: event.delta, logprobs: [] }));
        break;
      }
      case 'tool-call-start': {
        const outputIndex = this.#items.length;
        const item: OutputItem = { kind: 'function_call', outputIndex, id: this.#ids.functionCall(outputIndex), callId: event.id, name: event.name, arguments: '', open: true };
        this.#items.push(item);
        this.#byBlock.set(event.index, item);
        frames.push(this.#frame('response.output_item.added', { output_index: outputIndex, item: this.#itemJson(item, 'in_progress') }));
        break;
      }
      case 'tool-call-delta': {
        const item = this.#byBlock.get(event.index);
        if (item?.kind !== 'function_call') break;
        item.arguments += event.argumentsDelta;
        frames.push(this.#frame('response.function_call_arguments.delta', { item_id: item.id, output_index: item.outputIndex, delta: event.argumentsDelta }));
        break;
      }
      case 'text-end':
      case 'tool-call-end': {
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
