// Splits a SQL script into its top-level statements, as psql and the Supabase CLI do, so a migration can
// be recorded statement by statement and a failure can be pinned to its line. Semicolons inside quotes,
// dollar-quoted bodies, comments, parentheses and `begin atomic … end` bodies do not end a statement.

export interface SqlStatement {
  /** The statement without its terminating semicolon, trimmed. */
  text: string;
  /** Offset of `text` in the script (UTF-16 code units). */
  offset: number;
}

export function splitStatements(script: string): SqlStatement[] {
  const statements: SqlStatement[] = [];
  let codeStart = 0;
  let depth = 0;
  let atomicDepth = 0;
  let previousWord = '';
  let hasCode = false;
  let i = 0;

  const push = (end: number) => {
    // Comments before a statement are not part of it: its offset is where its code starts.
    const text = hasCode ? script.slice(codeStart, end).trim() : '';
    if (text !== '') statements.push({ text, offset: codeStart });
    hasCode = false;
    previousWord = '';
  };

  while (i < script.length) {
    const ch = script[i] as string;
    const next = script[i + 1];
    if (ch === '-' && next === '-') {
      const end = script.indexOf('\n', i);
      i = end === -1 ? script.length : end + 1;
      continue;
    }
    if (ch === '/' && next === '*') {
      i = skipBlockComment(script, i);
      continue;
    }
    if (!hasCode && !/[\s;]/.test(ch)) {
      hasCode = true;
      codeStart = i;
    }
    if (ch === "'") {
      const escapes = /[eE]/.test(script[i - 1] ?? '') && !/[\w$]/.test(script[i - 2] ?? '');
      i = skipQuoted(script, i, "'", escapes);
      continue;
    }
    if (ch === '"') {
      i = skipQuoted(script, i, '"', false);
      continue;
    }
    if (ch === '$') {
      const tag = /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/.exec(script.slice(i, i + 64));
      if (tag !== null && !/[\w$]/.test(script[i - 1] ?? '')) {
        const close = script.indexOf(tag[0], i + tag[0].length);
        i = close === -1 ? script.length : close + tag[0].length;
        continue;
      }
    }
    if (/[A-Za-z_]/.test(ch) && !/[\w$]/.test(script[i - 1] ?? '')) {
      const word = (/^[A-Za-z_][\w$]*/.exec(script.slice(i)) as RegExpExecArray)[0].toLowerCase();
      if (atomicDepth > 0) {
        if (word === 'case') atomicDepth += 1;
        else if (word === 'end') atomicDepth -= 1;
      } else if (word === 'atomic' && previousWord === 'begin') {
        atomicDepth = 1;
      }
      previousWord = word;
      i += word.length;
      continue;
    }
    if (ch === '(') depth += 1;
    else if (ch === ')') depth = Math.max(0, depth - 1);
    else if (ch === ';' && depth === 0 && atomicDepth === 0) {
      push(i);
      i += 1;
      continue;
    }
    if (!/\s/.test(ch)) previousWord = '';
    i += 1;
  }
  push(script.length);
  return statements;
}

function skipBlockComment(script: string, from: number): number {
  let nesting = 0;
  let i = from;
  while (i < script.length) {
    if (script.startsWith('/*', i)) {
      nesting += 1;
      i += 2;
    } else if (script.startsWith('*/', i)) {
      nesting -= 1;
      i += 2;
      if (nesting === 0) return i;
    } else {
      i += 1;
    }
  }
  return i;
}

function skipQuoted(script: string, from: number, quote: string, backslashEscapes: boolean): number {
  let i = from + 1;
  while (i < script.length) {
    const ch = script[i];
    if (backslashEscapes && ch === '\\') {
      i += 2;
    } else if (ch === quote) {
      if (script[i + 1] === quote) i += 2;
      else return i + 1;
    } else {
      i += 1;
    }
  }
  return i;
}

/** 1-based line and column of an offset in a script. */
export function lineAndColumn(script: string, offset: number): { line: number; column: number } {
  const before = script.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - before.lastIndexOf('\n') };
}
