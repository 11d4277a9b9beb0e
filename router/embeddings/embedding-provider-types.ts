/** Provider types that have an embeddings endpoint; a `kind: embedding` model on any other is a config error. */
export const EMBEDDING_PROVIDER_TYPES: ReadonlySet<string> = new Set(['openai', 'openai-compatible', 'azure-openai', 'gemini', 'ollama', 'bedrock', 'vertex']);
