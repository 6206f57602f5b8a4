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
    if (pending.length >= CHUNK_CHARS) {
      flush(Buffer.from(pending));
      pending = '';
    }
  });
  if (pending !== '') flush(Buffer.from(pending));
}

/** The rendered text as one Buffer: for callers that want the bytes (tests, hashing small files). */
export function renderToBuffer(render: (sink: TextSink) => void): Buffer {
  const parts: Buffer[] = [];
  renderInChunks(render, (chunk) => parts.push(chunk));
  return Buffer.concat(parts);
}
