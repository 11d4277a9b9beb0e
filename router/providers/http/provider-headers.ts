/**
 * One rule for every adapter's request headers: the wire's own (content type, API version), then
 * the credential the key makes, then the provider's configured `headers`, which win — an operator
 * who fronts a provider with a proxy of its own auth replaces the key's header by naming it.
 */
export function providerHeaders(own: Readonly<Record<string, string>>, credential: Readonly<Record<string, string>> | undefined, configured: Readonly<Record<string, string>>): Record<string, string> {
  return { ...own, ...credential, ...configured };
}
