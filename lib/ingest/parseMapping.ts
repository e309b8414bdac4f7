import { COLUMN_ROLES, type ColumnRole, type ExplicitMapping } from './mapColumns';

const ROLES: ReadonlySet<string> = new Set<string>(COLUMN_ROLES);
const MAX_COLUMNS = 200;

export class MappingInvalid extends Error {}

const SHAPE = `{"<header>": ${COLUMN_ROLES.map((r) => `"${r}"`).join(' | ')} | null}`;

/**
 * Parses the `mapping` query parameter (JSON); undefined when absent. Throws MappingInvalid with a clear message.
 * Read straight from JSON.parse's own properties into a Map, never copied onto a plain object, so a header named
 * `__proto__` stays data.
 */
export function parseMapping(text: string | null): ExplicitMapping | undefined {
  if (text === null || text === '') return undefined;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new MappingInvalid(`mapping must be JSON: ${SHAPE}`);
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw new MappingInvalid(`mapping must be ${SHAPE}`);
  const entries = Object.entries(json);
  if (entries.length > MAX_COLUMNS) throw new MappingInvalid(`mapping names more than ${MAX_COLUMNS} columns`);
  const map = new Map<string, ColumnRole | null>();
  for (const [header, role] of entries) {
    const h = header.trim();
    if (h.length === 0 || h.length > 200) throw new MappingInvalid('mapping: header names must be 1 to 200 characters');
    if (role !== null && (typeof role !== 'string' || !ROLES.has(role))) {
      throw new MappingInvalid(`mapping: "${h}" → ${JSON.stringify(role)} is not a role; use ${SHAPE}`);
    }
    map.set(h, role as ColumnRole | null);
  }
  return map;
}

export function mappingToJson(mapping: ExplicitMapping | undefined): Record<string, ColumnRole | null> | null {
  // JSON columns are written with JSON.stringify, which keeps an own "__proto__" key as data.
  return mapping ? (Object.fromEntries(mapping) as Record<string, ColumnRole | null>) : null;
}
