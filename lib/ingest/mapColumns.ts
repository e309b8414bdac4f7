import { IngestError } from './types';

export type ColumnRole = 'contest' | 'station' | 'region' | 'province' | 'district' | 'candidate' | 'valid' | 'status' | 'voterId' | 'votes';

/** Every role, in the order a mapping editor lists them. */
export const COLUMN_ROLES: readonly ColumnRole[] = ['contest', 'station', 'region', 'province', 'district', 'candidate', 'valid', 'status', 'voterId', 'votes'];

/** Header names per role, as written; matched after foldHeader, so case, accents and ` `/`_`/`-` do not matter. */
export const COLUMN_ALIASES: Readonly<Record<ColumnRole, readonly string[]>> = {
  contest: ['contest', 'eleccion', 'cargo', 'office', 'race', 'contienda'],
  station: ['station', 'polling station', 'polling_station', 'mesa', 'acta', 'precinct', 'seccion', 'secao', 'mesa_id', 'id_mesa', 'numero_mesa', 'nro_mesa', 'junta'],
  region: ['region', 'departamento', 'state', 'estado'],
  province: ['province', 'provincia', 'county'],
  district: ['district', 'distrito', 'ciudad', 'city', 'municipio'],
  candidate: ['candidate', 'candidato'],
  valid: ['valid', 'esvalido', 'es_valido', 'valido', 'is_valid'],
  // not 'estado': that is a region (state) in Spanish and Portuguese files
  status: ['status', 'vote_status', 'tipo_voto', 'tipo de voto', 'tipo_de_voto', 'tipovoto', 'estado_voto', 'ballot_status'],
  voterId: ['voter id', 'voter_id', 'dni', 'vote_id', 'voterid'],
  votes: ['votes', 'vote_count', 'votos', 'count'],
};

const REQUIRED: readonly ColumnRole[] = ['region', 'candidate'];

const ROLE_BY_FOLDED = new Map<string, ColumnRole>();
for (const [role, aliases] of Object.entries(COLUMN_ALIASES) as [ColumnRole, readonly string[]][]) {
  for (const alias of aliases) ROLE_BY_FOLDED.set(foldHeader(alias), role);
}

/** "Es Válido" → "esvalido": NFD without diacritics, lower case, no spaces/underscores/hyphens. */
export function foldHeader(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[\s_\-]+/g, '');
}

export function roleOfHeader(text: string): ColumnRole | null {
  return ROLE_BY_FOLDED.get(foldHeader(text)) ?? null;
}

/**
 * A mapping the uploader chose, by header text as written (trimmed): a role, or null for "not a vote column, keep it
 * as an attribute". Headers it does not name are matched by their aliases as usual.
 */
export type ExplicitMapping = ReadonlyMap<string, ColumnRole | null>;

export function roleResolver(mapping?: ExplicitMapping): (text: string) => ColumnRole | null {
  if (!mapping || mapping.size === 0) return roleOfHeader;
  return (text) => {
    const chosen = mapping.get(text.trim());
    return chosen === undefined ? roleOfHeader(text) : chosen;
  };
}

/** Each non-empty header with the role it gets (for a preview; no check for missing or doubled roles). */
export function describeColumns(header: readonly string[], mapping?: ExplicitMapping): { header: string; role: ColumnRole | null }[] {
  const roleOf = roleResolver(mapping);
  return header.map((h) => h.trim()).filter(Boolean).map((h) => ({ header: h, role: roleOf(h) }));
}

/** Where each role's value sits in a row (-1: the file has no such column), and the other columns to keep. */
export interface ColumnMap {
  contest: number;
  station: number;
  region: number;
  province: number;
  district: number;
  candidate: number;
  valid: number;
  status: number;
  voterId: number;
  votes: number;
  /** Unknown columns, kept under their header as written. */
  extras: readonly { index: number; name: string }[];
  /** Number of header cells: a row with values past it does not fit the header. */
  width: number;
}

export interface ColumnMapOptions {
  /** Header → role lookup (a cached one for object keys). */
  roleOf?: (text: string) => ColumnRole | null;
  /** Refuse a header without region or candidate column (default true). */
  requireColumns?: boolean;
}

/**
 * Maps a header row. Throws IngestError('bad_header') naming what is missing when no column is a region or a
 * candidate, or when two columns claim the same role (which one to count would be a guess).
 */
export function buildColumnMap(header: readonly string[], options: ColumnMapOptions = {}): ColumnMap {
  const roleOf = options.roleOf ?? roleOfHeader;
  const map: ColumnMap = { contest: -1, station: -1, region: -1, province: -1, district: -1, candidate: -1, valid: -1, status: -1, voterId: -1, votes: -1, extras: [], width: header.length };
  const extras: { index: number; name: string }[] = [];
  const extraNames = new Set<string>();
  for (let i = 0; i < header.length; i++) {
    const name = header[i].trim();
    if (name.length === 0) continue;
    const role = roleOf(name);
    if (role === null) {
      if (!extraNames.has(name)) {
        extraNames.add(name);
        extras.push({ index: i, name });
      }
      continue;
    }
    if (map[role] >= 0) {
      throw new IngestError('bad_header', `two columns are the ${describeRole(role)}: "${header[map[role]].trim()}" and "${name}"`);
    }
    map[role] = i;
  }
  map.extras = extras;
  if (options.requireColumns === false) return map;
  const missing = REQUIRED.filter((role) => map[role] < 0);
  if (missing.length > 0) {
    const wanted = missing.map((role) => `${describeRole(role)} (${COLUMN_ALIASES[role].join(', ')})`).join(' and ');
    throw new IngestError('bad_header', `no column for the ${wanted}; found: ${header.map((h) => h.trim()).filter(Boolean).join(', ') || 'no column names'}`);
  }
  return map;
}

function describeRole(role: ColumnRole): string {
  return role === 'voterId' ? 'voter id' : role;
}

/**
 * Column maps for object records (json/ndjson), whose keys are their header. Roles are cached per distinct key
 * and the map for the last key list is reused, since a stream's objects nearly always share one shape.
 */
export class ObjectKeyMapper {
  private readonly roles = new Map<string, ColumnRole | null>();

  constructor(private readonly baseRoleOf: (text: string) => ColumnRole | null = roleOfHeader) {}
  private lastKeys: readonly string[] = [];
  private lastMap: ColumnMap | null = null;

  private readonly roleOf = (key: string): ColumnRole | null => {
    let role = this.roles.get(key);
    if (role === undefined) {
      role = this.baseRoleOf(key);
      this.roles.set(key, role);
    }
    return role;
  };

  /**
   * The column map for these keys; throws IngestError('bad_header') when two keys claim one role, and with
   * `requireColumns` (the first object of a file) when region or candidate has no key.
   */
  mapKeys(keys: readonly string[], requireColumns = false): ColumnMap {
    if (this.lastMap && sameKeys(keys, this.lastKeys)) {
      if (requireColumns) buildColumnMap(keys, { roleOf: this.roleOf });
      return this.lastMap;
    }
    const map = buildColumnMap(keys, { roleOf: this.roleOf, requireColumns });
    this.lastKeys = keys;
    this.lastMap = map;
    return map;
  }
}

function sameKeys(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Raw text of one row by role: undefined when the file has no such column, "" for an empty cell. */
export interface RawVote {
  contest: string | undefined;
  station: string | undefined;
  region: string | undefined;
  province: string | undefined;
  district: string | undefined;
  candidate: string | undefined;
  valid: string | undefined;
  status: string | undefined;
  voterId: string | undefined;
  votes: string | undefined;
  /** Non-empty values of unknown columns by header (null prototype: a header may be `__proto__`); null when none. */
  extra: Record<string, string> | null;
}

/** Picks a row's cells by role. */
export function mapCells(cells: readonly string[], map: ColumnMap): RawVote {
  let extra: Record<string, string> | null = null;
  const extras = map.extras;
  for (let i = 0; i < extras.length; i++) {
    const value = cells[extras[i].index];
    if (value === undefined || value.length === 0) continue;
    extra ??= Object.create(null) as Record<string, string>;
    extra[extras[i].name] = value;
  }
  return {
    contest: cellAt(cells, map.contest),
    station: cellAt(cells, map.station),
    region: cellAt(cells, map.region),
    province: cellAt(cells, map.province),
    district: cellAt(cells, map.district),
    candidate: cellAt(cells, map.candidate),
    valid: cellAt(cells, map.valid),
    status: cellAt(cells, map.status),
    voterId: cellAt(cells, map.voterId),
    votes: cellAt(cells, map.votes),
    extra,
  };
}

function cellAt(cells: readonly string[], index: number): string | undefined {
  return index < 0 ? undefined : (cells[index] ?? '');
}

/** Whether a row has a value in a column the header does not have (a shifted row: an unquoted comma?). */
export function hasValuesPastHeader(cells: readonly string[], map: ColumnMap): boolean {
  for (let i = map.width; i < cells.length; i++) if (cells[i].trim().length !== 0) return true;
  return false;
}
