import type { ChatRequest, DocumentPart } from '../../core/chat-request.ts';
import { countPdfPages } from '../../tokens/count-pdf-pages.ts';

/**
 * An ESTIMATE of a request's input tokens for `/v1/messages/count_tokens`. Claude's tokenizer is not
 * public, so text is counted with tiktoken's cl100k_base (its ~100k vocabulary lands closer to
 * Claude's counts than o200k_base does), plus fixed allowances:
 *  - 3 tokens per message (role and turn markers),
 *  - 1,600 tokens per image (Anthropic's figure for an image at its maximum size; pixel size is
 *    not known without decoding),
 *  - documents: a text document's text (and title) counted; a PDF 2,300 tokens per page (Claude
 *    bills a page as its text plus an image of it: ~2,100–2,500 measured for a text page, 1,600
 *    for a scan), pages from `countPdfPages`; a PDF by URL or file id, whose size is not known
 *    here, as one page,
 *  - Anthropic's tool-use system prompt when tools are present (346 tokens with tool_choice
 *    auto/none, 313 with any/tool, per its pricing docs for current models).
 * Exact for no provider; close enough for budgeting and context-window checks.
 *
 * This function only gathers: the texts to count and the allowances. The caller counts the texts
 * (router/tokens/create-token-counter.ts, in a worker thread: a long prompt takes seconds).
 */
const TOKENS_PER_MESSAGE = 3;
const TOKENS_PER_IMAGE = 1600;
const TOKENS_PER_PDF_PAGE = 2300;
const TOOL_PROMPT_TOKENS = 346;
const FORCED_TOOL_PROMPT_TOKENS = 313;

export interface InputTokenTexts {
  /** Every text whose cl100k_base tokens count. */
  readonly texts: string[];
  /** The allowances: per message, per image, the tool-use system prompt. */
  readonly fixedTokens: number;
}

/** A document's texts and allowance. */
function documentTokens(part: DocumentPart, texts: string[]): number {
  if (part.title !== undefined) texts.push(part.title);
  const { source } = part;
  if (source.type === 'text') {
    texts.push(source.data);
    return 0;
  }
  if (source.type === 'base64' && source.mediaType.startsWith('text/')) {
    texts.push(Buffer.from(source.data, 'base64').toString('utf8'));
    return 0;
  }
  return source.type === 'base64' ? countPdfPages(source.data) * TOKENS_PER_PDF_PAGE : TOKENS_PER_PDF_PAGE;
}

export function anthropicInputTokenTexts(request: ChatRequest): InputTokenTexts {
  const texts: string[] = [];
  let fixedTokens = 0;
  const addParts = (parts: ReadonlyArray<{ type: string; text?: string }>) => {
    for (const part of parts) {
      if (part.type === 'image') fixedTokens += TOKENS_PER_IMAGE;
      else texts.push(part.text ?? '');
    }
  };
  for (const message of request.messages) {
    fixedTokens += TOKENS_PER_MESSAGE;
    for (const part of message.content) {
      if (part.type === 'tool-call') texts.push(part.name, part.arguments);
      else if (part.type === 'tool-result') addParts(part.content);
      else if (part.type === 'text' || part.type === 'image') addParts([part]);
      else if (part.type === 'document') fixedTokens += documentTokens(part, texts);
      else if (part.type === 'reasoning' || part.type === 'refusal') texts.push(part.text);
    }
  }
  if (request.tools !== undefined && request.tools.length > 0) {
    const forced = request.toolChoice?.type === 'required' || request.toolChoice?.type === 'tool';
    fixedTokens += forced ? FORCED_TOOL_PROMPT_TOKENS : TOOL_PROMPT_TOKENS;
    for (const tool of request.tools) {
      if (tool.type !== 'function') continue;
      texts.push(tool.name, tool.description ?? '', JSON.stringify(tool.parameters));
    }
  }
  return { texts, fixedTokens };
}
