/**
 * The store's statements are written once, in SQLite's dialect, and shared by both backends: this turns one into
 * PostgreSQL's. The store's SQL is a small, known set (see the tests), not arbitrary SQLite.
 */
export interface TranslatedSql {
  readonly text: string;
  /** Parameter names in $n order when the statement binds by name (@name); empty for positional (?) binding. */
  readonly names: readonly string[];
  /** The statement inserts into a table with a generated id and returns it (better-sqlite3's lastInsertRowid). */
  readonly returnsId: boolean;
}

/** Tables whose rows get their id from a sequence; an INSERT into one returns it. */
const TABLES_WITH_GENERATED_IDS = new Set(['blobs', 'resources', 'evidence_objects', 'finding_packs', 'result_details', 'runs']);

export function translateSql(sql: string): TranslatedSql {
  const names: string[] = [];
  let positional = 0;
  let text = sql
    .replace(/@([A-Za-z_]\w*)/g, (_match, name: string) => {
      const index = names.indexOf(name);
      if (index >= 0) return `$${index + 1}`;
      names.push(name);
      return `$${names.length}`;
    })
    .replace(/\?/g, () => `$${++positional}`)
    // `$1 IS NULL` alone gives PostgreSQL no type to infer; every optional filter of the store is text.
    .replace(/(\$\d+) IS NULL/g, '$1::text IS NULL')
    // Unquoted identifiers fold to lower case in PostgreSQL: camelCase aliases (and the keyword `by`) are quoted.
    .replace(/\bAS ([A-Za-z_]\w*)/g, (match, alias: string) => (/[A-Z]/.test(alias) || alias === 'by' ? `AS "${alias}"` : match))
    .replace(/lower\(hex\(([\w.]+)\)\)/g, "encode($1, 'hex')");
  if (names.length > 0 && positional > 0) throw new Error('a statement binds both by name and by position');
  const inserted = /^\s*INSERT INTO (\w+)/i.exec(text)?.[1];
  const returnsId = inserted !== undefined && TABLES_WITH_GENERATED_IDS.has(inserted);
  if (returnsId) text = `${text.trimEnd()} RETURNING id`;
  return { text, names, returnsId };
}
