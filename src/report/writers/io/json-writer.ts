import { renderToBuffer, type TextSink } from './text-sink.js';

/**
 * An array whose items are made while they are written, so a document with 200,000 observations never holds
 * them all: each becomes garbage as soon as its text is out. `toJSON` gives the plain array, so JSON.stringify
 * (and a test comparing with it) sees the same document.
 */
export class StreamedArray<T> {
  constructor(private readonly produce: () => Iterable<T>) {}

  items(): Iterable<T> {
    return this.produce();
  }

  toJSON(): T[] {
    return [...this.produce()];
  }
}

/** `list.map(transform)`, made item by item as the array is written. */
export function streamedMap<S, T>(list: readonly S[], transform: (item: S) => T): StreamedArray<T> {
  return new StreamedArray(function* mapped() {
    for (const item of list) yield transform(item);
  });
}

/**
 * Writes `JSON.stringify(value, null, indent)` + newline to `sink`, piece by piece. Output is byte-identical to
 * JSON.stringify for plain JSON data (strings, numbers, booleans, null, arrays, objects) and StreamedArrays.
 */
export function writeJson(value: unknown, sink: TextSink, indent = 2): void {
  // Paddings and quoted keys recur millions of times in a large pack: made once each.
  const paddings: string[] = [];
  const padding = (depth: number): string => (paddings[depth] ??= ' '.repeat(depth * indent));
  const quotedKeys = new Map<string, string>();
  const quoted = (key: string): string => {
    let text = quotedKeys.get(key);
    if (text === undefined) {
      text = JSON.stringify(key);
      quotedKeys.set(key, text);
    }
    return text;
  };
  const write = (item: unknown, depth: number): void => {
    if (Array.isArray(item)) writeArray(item, depth);
    else if (item instanceof StreamedArray) writeArray(item.items(), depth);
    else if (item !== null && typeof item === 'object') writeObject(item as Record<string, unknown>, depth);
    else sink(JSON.stringify(item) ?? 'null');
  };
  const writeArray = (items: Iterable<unknown>, depth: number): void => {
    let first = true;
    for (const item of items) {
      sink(first ? `[\n${padding(depth + 1)}` : `,\n${padding(depth + 1)}`);
      first = false;
      // JSON.stringify writes undefined and functions in arrays as null.
      write(item === undefined || typeof item === 'function' ? null : item, depth + 1);
    }
    sink(first ? '[]' : `\n${padding(depth)}]`);
  };
  const writeObject = (object: Record<string, unknown>, depth: number): void => {
    let first = true;
    for (const key of Object.keys(object)) {
      const member = object[key];
      // JSON.stringify leaves out undefined and function members of objects.
      if (member === undefined || typeof member === 'function') continue;
      sink(`${first ? '{\n' : ',\n'}${padding(depth + 1)}${quoted(key)}: `);
      first = false;
      write(member, depth + 1);
    }
    sink(first ? '{}' : `\n${padding(depth)}}`);
  };
  write(value, 0);
  sink('\n');
}

/** writeJson into one Buffer. */
export function jsonToBuffer(value: unknown, indent = 2): Buffer {
  return renderToBuffer((sink) => writeJson(value, sink, indent));
}
