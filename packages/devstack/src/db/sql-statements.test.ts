import { describe, expect, it } from 'vitest';
import { lineAndColumn, splitStatements } from './sql-statements.ts';

const texts = (sql: string) => splitStatements(sql).map((s) => s.text);

describe('splitStatements', () => {
  it('splits on top-level semicolons and drops empty statements and comment-only tails', () => {
    expect(texts('select 1; select 2;\n;\n-- done\n')).toEqual(['select 1', 'select 2']);
  });

  it('keeps semicolons inside strings, quoted identifiers, comments and parentheses; leading comments are not code', () => {
    const sql = `select 'a;b', 'it''s;', E'x\\';y', "we;ird" from t; -- c;d
/* one; /* nested; */ still; */ select (1; 2); select 3`;
    expect(texts(sql)).toEqual([
      `select 'a;b', 'it''s;', E'x\\';y', "we;ird" from t`,
      'select (1; 2)',
      'select 3',
    ]);
  });

  it('keeps dollar-quoted bodies whole, with or without a tag, and ignores $1 parameters', () => {
    const sql = `create function f() returns int language plpgsql as $$ begin return 1; end $$;
do $body$ begin perform 1; raise notice '$$'; end $body$;
prepare p as select $1::int; select 4`;
    expect(texts(sql)).toEqual([
      'create function f() returns int language plpgsql as $$ begin return 1; end $$',
      `do $body$ begin perform 1; raise notice '$$'; end $body$`,
      'prepare p as select $1::int',
      'select 4',
    ]);
  });

  it('keeps a begin atomic body (with case … end inside) in one statement', () => {
    const sql = `create function g(x int) returns int language sql begin atomic
  select case when x > 0 then 1 else 0 end;
  select 2;
end; select 5`;
    expect(texts(sql)).toHaveLength(2);
    expect(texts(sql)[1]).toBe('select 5');
  });

  it('gives each statement its offset in the script', () => {
    const sql = '-- header\nselect 1;\n\n  select 2;';
    const [first, second] = splitStatements(sql);
    expect(sql.slice(first?.offset, (first?.offset ?? 0) + 8)).toBe('select 1');
    expect(lineAndColumn(sql, second?.offset ?? 0)).toEqual({ line: 4, column: 3 });
  });
});
