/** Commander collector for repeatable folder options. */
export function collectFolder(value: string, previous: readonly string[]): string[] {
  return [...previous, value];
}
