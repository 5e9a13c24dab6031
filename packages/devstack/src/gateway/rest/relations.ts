import { restErrors } from './errors.ts';
import type { ForeignKey, SchemaSnapshot, TableInfo } from './schema-cache.ts';

// PostgREST's relationship lookup for resource embedding: a foreign key from the parent to the target
// (many-to-one: an object), or from the target to the parent (one-to-many: an array, one-to-one when the
// key's columns are unique on the target). `!hint` picks a foreign key by constraint name or column.

export interface Relationship {
  target: TableInfo;
  toOne: boolean;
  /** Pairs of (parent column, target column) that must be equal. */
  on: { parent: string; target: string }[];
  constraint: string;
  cardinality: 'many-to-one' | 'one-to-many' | 'one-to-one';
}

const sameTable = (t: TableInfo, schema: string, name: string): boolean =>
  t.schema === schema && t.name === name;

function isUnique(table: TableInfo, columns: readonly string[]): boolean {
  return table.uniqueKeys.some(
    (key) => key.length === columns.length && key.every((c) => columns.includes(c)),
  );
}

function manyToOne(parent: TableInfo, fk: ForeignKey, target: TableInfo): Relationship {
  return {
    target,
    toOne: true,
    on: fk.columns.map((c, i) => ({ parent: c, target: fk.refColumns[i] as string })),
    constraint: fk.name,
    cardinality: isUnique(parent, fk.columns) ? 'one-to-one' : 'many-to-one',
  };
}

function oneToMany(fk: ForeignKey, target: TableInfo): Relationship {
  const unique = isUnique(target, fk.columns);
  return {
    target,
    toOne: unique,
    on: fk.refColumns.map((c, i) => ({ parent: c, target: fk.columns[i] as string })),
    constraint: fk.name,
    cardinality: unique ? 'one-to-one' : 'one-to-many',
  };
}

export function findRelationship(
  snapshot: SchemaSnapshot,
  parent: TableInfo,
  name: string,
  hint: string | null,
): Relationship {
  const target = snapshot.tables.get(`${parent.schema}.${name}`);
  const candidates: Relationship[] = [];
  if (target !== undefined) {
    for (const fk of snapshot.foreignKeys) {
      const matchesHint =
        hint === null || fk.name === hint || fk.columns.includes(hint) || fk.refColumns.includes(hint);
      if (!matchesHint) continue;
      if (sameTable(parent, fk.schema, fk.table) && sameTable(target, fk.refSchema, fk.refTable))
        candidates.push(manyToOne(parent, fk, target));
      if (sameTable(target, fk.schema, fk.table) && sameTable(parent, fk.refSchema, fk.refTable))
        candidates.push(oneToMany(fk, target));
    }
  } else {
    // `select=*,client:client_id(*)`: a foreign key column (or constraint name) of the parent names
    // the table it references.
    for (const fk of snapshot.foreignKeys) {
      if (!sameTable(parent, fk.schema, fk.table)) continue;
      if (fk.name !== name && !(fk.columns.length === 1 && fk.columns[0] === name)) continue;
      const referenced = snapshot.tables.get(`${fk.refSchema}.${fk.refTable}`);
      if (referenced !== undefined && (hint === null || fk.name === hint))
        candidates.push(manyToOne(parent, fk, referenced));
    }
  }
  if (candidates.length === 1) return candidates[0] as Relationship;
  if (candidates.length > 1) {
    const details = candidates.map((r) => ({
      cardinality: r.cardinality,
      embedding: `${parent.name} with ${r.target.name}`,
      relationship: `${r.constraint} using ${parent.name}(${r.on.map((o) => o.parent).join(', ')}) and ${r.target.name}(${r.on.map((o) => o.target).join(', ')})`,
    }));
    throw restErrors.ambiguousRelationship(
      parent.name,
      name,
      details,
      candidates.map((r) => r.constraint),
    );
  }
  if (target !== undefined && junctionExists(snapshot, parent, target))
    throw restErrors.notImplemented(
      `many-to-many embedding through a junction table ('${parent.name}' and '${name}')`,
    );
  throw restErrors.noRelationship(parent.name, name, parent.schema, hint);
}

function junctionExists(snapshot: SchemaSnapshot, a: TableInfo, b: TableInfo): boolean {
  const byTable = new Map<string, Set<string>>();
  for (const fk of snapshot.foreignKeys) {
    const k = `${fk.schema}.${fk.table}`;
    const refs = byTable.get(k) ?? new Set<string>();
    refs.add(`${fk.refSchema}.${fk.refTable}`);
    byTable.set(k, refs);
  }
  return [...byTable.values()].some(
    (refs) => refs.has(`${a.schema}.${a.name}`) && refs.has(`${b.schema}.${b.name}`),
  );
}
