import type { ChatRequest, ToolChoice } from '../../core/chat-request.ts';
import { signUnsignedFunctionCalls } from './sign-unsigned-function-calls.ts';
import { convertToGeminiContents } from './convert-to-gemini-contents.ts';
import { convertToGeminiThinking } from './convert-to-gemini-thinking.ts';
import { convertToGeminiSchema, isEmptyObjectSchema } from './convert-to-gemini-schema.ts';
import { providerToolSupport } from '../provider-tool-support.ts';
import { webSearchSettings, webSearchWarning } from '../web-search-settings.ts';
import type { GeminiFunctionDeclaration, GeminiGenerationConfig, GeminiRequest, GeminiTool } from './gemini-wire.ts';

/** Gemini accepts at most five stop sequences. */
const MAX_STOP_SEQUENCES = 5;

function convertTools(request: ChatRequest, warnings: string[]): GeminiFunctionDeclaration[] {
  return (request.tools ?? []).filter((tool) => tool.type === 'function').map((tool) => {
    const declaration: GeminiFunctionDeclaration = { name: tool.name };
    if (tool.description !== undefined) declaration.description = tool.description;
    if (!isEmptyObjectSchema(tool.parameters)) {
      const { value, dropped } = convertToGeminiSchema(tool.parameters);
      if (dropped.length > 0) warnings.push(`Gemini does not support ${dropped.join(', ')} in the parameters of tool '${tool.name}'; left out`);
      declaration.parameters = value;
    }
    if (tool.strict !== undefined) warnings.push(`strict is not supported by Gemini function declarations (tool '${tool.name}') and was ignored`);
    return declaration;
  });
}

/** Provider tools: a hosted web search as `googleSearch` (its settings have no Gemini field: a warning); others a warning. */
function convertProviderTools(request: ChatRequest, warnings: string[]): GeminiTool[] {
  return (request.tools ?? []).flatMap((tool): GeminiTool[] => {
    if (tool.type !== 'provider') return [];
    if (providerToolSupport(tool, 'gemini') === 'web-search') {
      const settings = webSearchSettings(tool);
      const dropped = [...settings.other, ...(settings.allowedDomains === undefined ? [] : ['allowed_domains']), ...(settings.blockedDomains === undefined ? [] : ['blocked_domains']), ...(settings.userLocation === undefined ? [] : ['user_location']), ...(settings.maxUses === undefined ? [] : ['max_uses'])];
      warnings.push(...webSearchWarning('Gemini Google Search', dropped));
      return [{ googleSearch: {} }];
    }
    warnings.push(`the ${tool.family} tool '${tool.name ?? tool.kind}' is not supported by Gemini and was left out`);
    return [];
  });
}

function convertToolChoice(choice: ToolChoice): NonNullable<GeminiRequest['toolConfig']> {
  switch (choice.type) {
    case 'auto':
      return { functionCallingConfig: { mode: 'AUTO' } };
    case 'none':
      return { functionCallingConfig: { mode: 'NONE' } };
    case 'required':
      return { functionCallingConfig: { mode: 'ANY' } };
    case 'tool':
      return { functionCallingConfig: { mode: 'ANY', allowedFunctionNames: [choice.name] } };
  }
}

function convertGenerationConfig(request: ChatRequest, warnings: string[]): GeminiGenerationConfig {
  const { params } = request;
  const config: GeminiGenerationConfig = {};
  if (params.temperature !== undefined) config.temperature = params.temperature;
  if (params.topP !== undefined) config.topP = params.topP;
  if (params.topK !== undefined) config.topK = params.topK;
  if (params.maxTokens !== undefined) config.maxOutputTokens = params.maxTokens;
  if (params.stop !== undefined) {
    if (params.stop.length > MAX_STOP_SEQUENCES) warnings.push(`Gemini accepts at most ${MAX_STOP_SEQUENCES} stop sequences; only the first ${MAX_STOP_SEQUENCES} of ${params.stop.length} were sent`);
    config.stopSequences = params.stop.slice(0, MAX_STOP_SEQUENCES);
  }
  if (params.seed !== undefined) config.seed = params.seed;
  if (params.presencePenalty !== undefined) config.presencePenalty = params.presencePenalty;
  if (params.frequencyPenalty !== undefined) config.frequencyPenalty = params.frequencyPenalty;
  const format = request.responseFormat;
  if (format?.type === 'json') config.responseMimeType = 'application/json';
  if (format?.type === 'json-schema') {
    config.responseMimeType = 'application/json';
    const { value, dropped } = convertToGeminiSchema(format.schema);
    if (dropped.length > 0) warnings.push(`Gemini does not support ${dropped.join(', ')} in the response schema '${format.name}'; left out`);
    config.responseSchema = value;
  }
  return config;
}

/**
 * Internal request → Gemini `generateContent` body (the model goes in the URL, not the body).
 * Pure: the request is not modified.
 */
export function convertToGeminiRequest(request: ChatRequest, providerModel = ''): { value: GeminiRequest; warnings: string[] } {
  const warnings: string[] = [];
  const { system, contents } = convertToGeminiContents(request.messages, warnings);
  const body: GeminiRequest = { contents: signUnsignedFunctionCalls(contents, providerModel, warnings) };
  if (system.length > 0) body.systemInstruction = { parts: system.map((text) => ({ text })) };
  const declarations = convertTools(request, warnings);
  const hosted = convertProviderTools(request, warnings);
  if (declarations.length > 0 || hosted.length > 0) body.tools = [...(declarations.length > 0 ? [{ functionDeclarations: declarations }] : []), ...hosted];
  if (declarations.length > 0) {
    if (request.toolChoice !== undefined) body.toolConfig = convertToolChoice(request.toolChoice);
    if (request.params.parallelToolCalls !== undefined) warnings.push('parallel_tool_calls is not supported by Gemini and was ignored');
  }
  const generationConfig = convertGenerationConfig(request, warnings);
  const thinking = convertToGeminiThinking(request.reasoning, providerModel, warnings);
  if (thinking !== undefined) generationConfig.thinkingConfig = thinking;
  if (Object.keys(generationConfig).length > 0) body.generationConfig = generationConfig;
  if (request.user !== undefined) warnings.push('user is not supported by Gemini and was ignored');
  return { value: body, warnings };
}
