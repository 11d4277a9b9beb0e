/** Why `new RegExp(pattern, flags)` would throw, without V8's repeated prefix; `undefined` if it compiles. */
export function findRegexError(pattern: string, flags: string): string | undefined {
  try {
    new RegExp(pattern, flags);
    return undefined;
  } catch (error) {
    const message = (error as Error).message;
    const detail = message.slice(message.lastIndexOf(': ') + 2);
    return `invalid regular expression /${pattern}/${flags}: ${detail}`;
  }
}
