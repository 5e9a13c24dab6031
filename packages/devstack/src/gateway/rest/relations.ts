import { restErrors } from './errors.ts';
import type { ForeignKey, SchemaSnapshot, TableInfo } from './schema-cache.ts';

// PostgREST's relationship lookup for resource embedding: a foreign key from the parent to the target
// (many-to-one: an object), from the target to the parent (one-to-many: an array, one-to-one when the
// key's columns are unique on the target), or through a junction table whose primary key holds foreign
// keys to both (many-to-many: an array). `!hint` picks a foreign key by constraint name or column, or a
// junction by its name.

export interface Junction {
  table: TableInfo;
  /** Pairs of (parent column, junction column) that must be equal. */
  parentOn: { parent: string; junction: string }[];
  /** Pairs of (target column, junction column) that must be equal. */
  targetOn: { target: string; junction: string }[];
}

export interface Relationship {
  target: TableInfo;
  toOne: boolean;
  /** Pairs of (parent column, target column) that must be equal (none through a junction). */
  on: { parent: string; target: string }[];
  junction: Junction | null;
  /** The constraint name, or the junction's name: what `!hint` takes to choose this one. */
  constraint: string;
  cardinality: 'many-to-one' | 'one-to-many' | 'one-to-one' | 'many-to-many';
  /** PostgREST's description of it, for PGRST201's details. */
  description: string;
}

const cols = (names: readonly string[]): string => `(${names.join(', ')})`;

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
    junction: null,
    constraint: fk.name,
    cardinality: isUnique(parent, fk.columns) ? 'one-to-one' : 'many-to-one',
    description: `${fk.name} using ${parent.name}${cols(fk.columns)} and ${target.name}${cols(fk.refColumns)}`,
  };
}

function oneToMany(parent: TableInfo, fk: ForeignKey, target: TableInfo): Relationship {
  const unique = isUnique(target, fk.columns);
  return {
    target,
    toOne: unique,
    on: fk.refColumns.map((c, i) => ({ parent: c, target: fk.columns[i] as string })),
    junction: null,
    constraint: fk.name,
    cardinality: unique ? 'one-to-one' : 'one-to-many',
    description: `${fk.name} using ${parent.name}${cols(fk.refColumns)} and ${target.name}${cols(fk.columns)}`,
  };
}

/** PostgREST's addM2MRels: two different foreign keys of one table, all their columns in its key. */
function manyToMany(
  snapshot: SchemaSnapshot,
  parent: TableInfo,
  target: TableInfo,
  hint: string | null,
): Relationship[] {
  const found: Relationship[] = [];
  for (const toParent of snapshot.foreignKeys) {
    if (!sameTable(parent, toParent.refSchema, toParent.refTable)) continue;
    const junction = snapshot.tables.get(`${toParent.schema}.${toParent.table}`);
    if (junction === undefined || (hint !== null && hint !== junction.name)) continue;
    for (const toTarget of snapshot.foreignKeys) {
      if (toTarget.name === toParent.name || !sameTable(junction, toTarget.schema, toTarget.table)) continue;
      if (!sameTable(target, toTarget.refSchema, toTarget.refTable)) continue;
      const keyed = [...toParent.columns, ...toTarget.columns].every((c) => junction.primaryKey.includes(c));
      if (!keyed) continue;
      found.push({
        target,
        toOne: false,
        on: [],
        junction: {
          table: junction,
          parentOn: toParent.refColumns.map((c, i) => ({
            parent: c,
            junction: toParent.columns[i] as string,
          })),
          targetOn: toTarget.refColumns.map((c, i) => ({
            target: c,
            junction: toTarget.columns[i] as string,
          })),
        },
        constraint: junction.name,
        cardinality: 'many-to-many',
        description: `${junction.name} using ${toParent.name}${cols(toParent.columns)} and ${toTarget.name}${cols(toTarget.columns)}`,
      });
    }
  }
  return found;
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
        candidates.push(oneToMany(parent, fk, target));
    }
    candidates.push(...manyToMany(snapshot, parent, target, hint));
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
      relationship: r.description,
    }));
    throw restErrors.ambiguousRelationship(
      parent.name,
      name,
      details,
      candidates.map((r) => r.constraint),
    );
  }
  throw restErrors.noRelationship(parent.name, name, parent.schema, hint);
}
