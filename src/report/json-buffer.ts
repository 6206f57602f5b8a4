/** Flush the pending text into a Buffer once it passes this many characters. */
const CHUNK_CHARS = 1 << 20;

/**
 * `JSON.stringify(value, null, indent)` + newline, as a Buffer built in chunks. A pack of a 50,000-object cluster
 * produces JSON larger than V8's maximum string length (about 512 MB), where JSON.stringify throws
 * "Invalid string length"; this never holds more than one chunk as a string. Output is byte-identical to
 * JSON.stringify for plain JSON data (strings, numbers, booleans, null, arrays, objects).
 */
export function jsonToBuffer(value: unknown, indent = 2): Buffer {
  const parts: Buffer[] = [];
  let pending = '';
  const emit = (text: string): void => {
    pending += text;
    if (pending.length >= CHUNK_CHARS) {
      parts.push(Buffer.from(pending));
      pending = '';
    }
  };
  const write = (item: unknown, depth: number): void => {
    if (Array.isArray(item)) writeArray(item, depth);
    else if (item !== null && typeof item === 'object') writeObject(item as Record<string, unknown>, depth);
    else emit(JSON.stringify(item) ?? 'null');
  };
  const padding = (depth: number): string => ' '.repeat(depth * indent);
  const writeArray = (items: readonly unknown[], depth: number): void => {
    if (items.length === 0) return emit('[]');
    emit('[\n');
    items.forEach((item, index) => {
      emit(padding(depth + 1));
      write(item, depth + 1);
      emit(index < items.length - 1 ? ',\n' : '\n');
    });
    emit(`${padding(depth)}]`);
  };
  const writeObject = (object: Record<string, unknown>, depth: number): void => {
    // JSON.stringify leaves out undefined and function members of objects.
    const entries = Object.entries(object).filter(([, member]) => member !== undefined && typeof member !== 'function');
    if (entries.length === 0) return emit('{}');
    emit('{\n');
    entries.forEach(([key, member], index) => {
      emit(`${padding(depth + 1)}${JSON.stringify(key)}: `);
      write(member, depth + 1);
      emit(index < entries.length - 1 ? ',\n' : '\n');
    });
    emit(`${padding(depth)}}`);
  };
  write(value, 0);
  emit('\n');
  parts.push(Buffer.from(pending));
  return Buffer.concat(parts);
}
