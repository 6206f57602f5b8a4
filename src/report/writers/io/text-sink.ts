/** Where a renderer writes its text, piece by piece; the renderer never holds the whole file. */
export type TextSink = (text: string) => void;

/** Pending text is turned into bytes once it passes this many characters. */
const CHUNK_CHARS = 1 << 20;

/**
 * Runs `render` against a sink that hands `flush` UTF-8 chunks of about 1 MB. Files of a 50,000-object pack pass
 * V8's longest string (about 512 MB), and even below it a whole-file string plus its bytes doubles the memory a
 * renderer needs; chunks keep both bounded.
 */
export function renderInChunks(render: (sink: TextSink) => void, flush: (chunk: Buffer) => void): void {
  let pending = '';
  render((text) => {
    pending += text;
    if (pending.length < CHUNK_CHARS) return;
    // A renderer may hand over one long text (a template's output): it is encoded a chunk at a time too.
    let start = 0;
    while (pending.length - start >= CHUNK_CHARS) {
      const end = safeEnd(pending, start + CHUNK_CHARS);
      flush(Buffer.from(pending.slice(start, end)));
      start = end;
    }
    pending = pending.slice(start);
  });
  if (pending !== '') flush(Buffer.from(pending));
}

/** `end`, moved back by one if it would split a surrogate pair (which would encode as two U+FFFD). */
function safeEnd(text: string, end: number): number {
  const code = text.charCodeAt(end - 1);
  return code >= 0xd800 && code <= 0xdbff ? end - 1 : end;
}

/** The rendered text as one Buffer: for callers that want the bytes (tests, hashing small files). */
export function renderToBuffer(render: (sink: TextSink) => void): Buffer {
  const parts: Buffer[] = [];
  renderInChunks(render, (chunk) => parts.push(chunk));
  return Buffer.concat(parts);
}
