import type { DocumentPart, ImagePart, ProviderPart, TextPart } from '../../core/chat-request.ts';
import { InvalidRequestError } from '../../errors/invalid-request-error.ts';
import { isJsonObject } from '../is-json-object.ts';
import type { AnthropicBlockWire } from './anthropic-messages-request-schema.ts';
import { cacheOf } from './parse-anthropic-cache-control.ts';

/** A content block as the schema lets it through: `type` is a string, the rest is checked here. */
export type WireBlock = AnthropicBlockWire;

/** A block nested where the schema does not look (inside a tool_result): an object with a string `type`. */
export function isWireBlock(value: unknown): value is WireBlock {
  return isJsonObject(value) && typeof value.type === 'string';
}

export type UserContentPart = TextPart | ImagePart | DocumentPart | ProviderPart;

export function requireString(value: unknown, path: string): string {
  if (typeof value !== 'string') throw new InvalidRequestError(`${path} must be a string`, path);
  return value;
}

/** A block the internal format has no type for: kept whole, for an Anthropic target to replay. */
export function anthropicProviderPart(block: WireBlock): ProviderPart {
  return { type: 'provider', family: 'anthropic', kind: block.type, value: block };
}

type WireSource = Record<string, unknown>;

function sourceOf(block: WireBlock, path: string): WireSource {
  const { source } = block;
  if (!isJsonObject(source)) throw new InvalidRequestError(`${path}.source must be an object`, `${path}.source`);
  return source;
}

function parseImage(block: WireBlock, path: string): ImagePart | ProviderPart {
  const source = sourceOf(block, path);
  const cache = cacheOf(block);
  if (source.type === 'base64') {
    const data = requireString(source.data, `${path}.source.data`);
    return { type: 'image', source: { type: 'base64', mediaType: requireString(source.media_type, `${path}.source.media_type`), data }, ...cache };
  }
  if (source.type === 'url') return { type: 'image', source: { type: 'url', url: requireString(source.url, `${path}.source.url`) }, ...cache };
  return anthropicProviderPart(block);
}

function parseDocumentSource(source: WireSource, path: string): DocumentPart['source'] | undefined {
  switch (source.type) {
    case 'base64':
    case 'text':
      return { type: source.type, mediaType: requireString(source.media_type, `${path}.source.media_type`), data: requireString(source.data, `${path}.source.data`) };
    case 'url':
      return { type: 'url', url: requireString(source.url, `${path}.source.url`) };
    case 'file':
      return { type: 'file', fileId: requireString(source.file_id, `${path}.source.file_id`) };
    default:
      return undefined;
  }
}

/** A `document` block (PDF, plain text, by URL or file id); a `content`-sourced one is kept as a provider part. */
function parseDocument(block: WireBlock, path: string): DocumentPart | ProviderPart {
  const source = parseDocumentSource(sourceOf(block, path), path);
  if (source === undefined) return anthropicProviderPart(block);
  return {
    type: 'document',
    source,
    ...(typeof block.title === 'string' ? { title: block.title } : {}),
    ...cacheOf(block),
  };
}

/**
 * A block of user content (or of a tool result): text, image, document; any other type is a
 * provider part, never a 400. Only a known block with fields of the wrong type is refused.
 */
export function parseAnthropicContentBlock(block: WireBlock, path: string): UserContentPart {
  switch (block.type) {
    case 'text':
      return { type: 'text', text: requireString(block.text, `${path}.text`), ...cacheOf(block) };
    case 'image':
      return parseImage(block, path);
    case 'document':
      return parseDocument(block, path);
    default:
      return anthropicProviderPart(block);
  }
}
