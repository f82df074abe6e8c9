// Splits a migration file into statements so each runs on its own: PGlite's extended-protocol queries take one
// statement at a time, and a failure can then name the statement that failed. It understands what can hide a
// semicolon in PostgreSQL: quoted strings and identifiers, E'' escapes, dollar-quoted bodies and comments.

export interface SqlStatement {
  text: string;
  /** 1-based line of the statement's first character in the file. */
  line: number;
}

export function splitSqlStatements(source: string): SqlStatement[] {
  const statements: SqlStatement[] = [];
  let start = 0;
  let i = 0;
  const n = source.length;

  const push = (end: number) => {
    const raw = source.slice(start, end);
    const text = stripComments(raw).trim();
    if (text) {
      const leading = raw.length - raw.trimStart().length;
      const line = lineAt(source, start + leading + leadingCommentLength(raw.trimStart()));
      statements.push({ text, line });
    }
  };

  while (i < n) {
    const ch = source[i];
    const next = source[i + 1];
    if (ch === "-" && next === "-") {
      const end = source.indexOf("\n", i);
      i = end === -1 ? n : end + 1;
    } else if (ch === "/" && next === "*") {
      const end = source.indexOf("*/", i + 2);
      i = end === -1 ? n : end + 2;
    } else if (ch === "'") {
      const escapes = i > 0 && /[eE]/.test(source[i - 1] ?? "") && !/\w/.test(source[i - 2] ?? "");
      i = skipQuoted(source, i, "'", escapes);
    } else if (ch === '"') {
      i = skipQuoted(source, i, '"', false);
    } else if (ch === "$") {
      const tag = /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/.exec(source.slice(i));
      if (tag) {
        const end = source.indexOf(tag[0], i + tag[0].length);
        i = end === -1 ? n : end + tag[0].length;
      } else {
        i++;
      }
    } else if (ch === ";") {
      push(i);
      start = i + 1;
      i++;
    } else {
      i++;
    }
  }
  push(n);
  return statements;
}

function skipQuoted(source: string, open: number, quote: string, backslashEscapes: boolean): number {
  let i = open + 1;
  while (i < source.length) {
    const ch = source[i];
    if (backslashEscapes && ch === "\\") {
      i += 2;
    } else if (ch === quote) {
      if (source[i + 1] === quote) i += 2;
      else return i + 1;
    } else {
      i++;
    }
  }
  return i;
}

function stripComments(text: string): string {
  // Only whole leading comment lines matter here: the statement text sent keeps inner comments intact.
  return text.replace(/^(\s*(--[^\n]*\n|\/\*[\s\S]*?\*\/))+/, "");
}

function leadingCommentLength(text: string): number {
  const match = /^(\s*(--[^\n]*\n|\/\*[\s\S]*?\*\/))+\s*/.exec(text);
  return match ? match[0].length : 0;
}

function lineAt(source: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < source.length; i++) if (source[i] === "\n") line++;
  return line;
}
