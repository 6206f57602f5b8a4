/**
 * Cluster data reaches terminals, HTML and CSV. Control characters in it (ESC sequences that move the cursor or
 * rewrite the screen, BEL, NUL, C1 controls) and bidirectional overrides (U+202A–U+202E, U+2066–U+2069, which make
 * text read differently than it is stored) are shown visibly as `\x1b` / `\u202e` instead of being acted on.
 * Tab and line feed are left alone: layouts rely on them.
 */
const UNSAFE_CHARS = '[\\u0000-\\u0008\\u000b-\\u001f\\u007f-\\u009f\\u061c\\u200e\\u200f\\u202a-\\u202e\\u2066-\\u2069\\u2028\\u2029]';
const HAS_UNSAFE = new RegExp(UNSAFE_CHARS);
const EVERY_UNSAFE = new RegExp(UNSAFE_CHARS, 'g');

export function displayText(text: string): string {
  return HAS_UNSAFE.test(text) ? text.replace(EVERY_UNSAFE, escapeOne) : text;
}

function escapeOne(char: string): string {
  const code = char.charCodeAt(0);
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}
