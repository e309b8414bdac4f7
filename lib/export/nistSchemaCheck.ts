// The checks of a NIST SP 1500-100 v2 ElectionReport that its JSON schema cannot express: every reference
// (GpUnitId, CandidateIds, ComposingGpUnitIds, ElectionDistrictId, PartyIds, …) names an existing "@id" of an allowed
// "@type" (the schema's non-standard "refTypes"), no "@id" is used twice, and the GpUnit hierarchy has no cycle.
// Pure, no dependency: production code may run it on a report before publishing it. The structural checks (required
// fields, enums, "@type" names, patterns) are the schema's own, run by ajv in tests (tests/support/nistSchema.ts) since
// ajv is only a devDependency.

const GP_UNIT = ['ElectionResults.ReportingDevice', 'ElectionResults.ReportingUnit'] as const;
const PARTY = ['ElectionResults.Party', 'ElectionResults.Coalition'] as const;
const PERSON = ['ElectionResults.Person'] as const;
const CONTEST = ['ElectionResults.PartyContest', 'ElectionResults.BallotMeasureContest', 'ElectionResults.CandidateContest', 'ElectionResults.RetentionContest'] as const;
const OFFICE = ['ElectionResults.Office'] as const;

/** Reference fields by property name, with the "@type"s they may point to: the schema's "refTypes" (the same for a
 * property name wherever it occurs; a unit test compares this table with the schema file). */
export const NIST_REFERENCE_FIELDS: Readonly<Record<string, readonly string[]>> = {
  AuthorityIds: PERSON,
  CandidateId: ['ElectionResults.Candidate'],
  CandidateIds: ['ElectionResults.Candidate'],
  ComposingGpUnitIds: GP_UNIT,
  ContestId: CONTEST,
  ContestIds: CONTEST,
  ElectionDistrictId: ['ElectionResults.ReportingUnit'],
  ElectionOfficialPersonIds: PERSON,
  ElectionScopeId: ['ElectionResults.ReportingUnit'],
  EndorsementPartyIds: PARTY,
  GpUnitId: GP_UNIT,
  GpUnitIds: GP_UNIT,
  HeaderId: ['ElectionResults.Header'],
  LeaderPersonIds: PERSON,
  OfficeHolderPersonIds: PERSON,
  OfficeId: OFFICE,
  OfficeIds: OFFICE,
  OrderedContestSelectionIds: ['ElectionResults.PartySelection', 'ElectionResults.BallotMeasureSelection', 'ElectionResults.CandidateSelection'],
  PartyId: PARTY,
  PartyIds: PARTY,
  PartyScopeGpUnitIds: GP_UNIT,
  PersonId: PERSON,
  PrimaryPartyIds: PARTY,
};

const MAX_VIOLATIONS = 100;

/**
 * The reference violations of a NIST ElectionReport, each as "path: what is wrong" (empty: none). At most 100 are
 * listed, then how many more there are.
 */
export function checkNistReport(doc: unknown): string[] {
  const violations: string[] = [];
  let more = 0;
  const report = (message: string) => {
    if (violations.length < MAX_VIOLATIONS) violations.push(message);
    else more++;
  };
  if (!isObject(doc) || doc['@type'] !== 'ElectionResults.ElectionReport') {
    return ['(root): not an ElectionReport ("@type" must be "ElectionResults.ElectionReport")'];
  }

  // Every object with an @id, by id.
  const targets = new Map<string, { type: unknown; path: string; value: Record<string, unknown> }>();
  walk(doc, '', (value, path) => {
    if (!('@id' in value)) return;
    const id = value['@id'];
    if (typeof id !== 'string') return report(`${path}: "@id" is not a string`);
    const prev = targets.get(id);
    if (prev) return report(`${path}: "@id" "${id}" is already used at ${prev.path}`);
    targets.set(id, { type: value['@type'], path, value });
  });

  walk(doc, '', (value, path) => {
    for (const [field, allowed] of Object.entries(NIST_REFERENCE_FIELDS)) {
      if (!Object.hasOwn(value, field)) continue;
      const ref = value[field];
      const check = (id: unknown, at: string) => {
        if (typeof id !== 'string') return report(`${at}: a reference must be a string`);
        const target = targets.get(id);
        if (target === undefined) return report(`${at}: "${id}" is no "@id" in the report`);
        if (!allowed.includes(target.type as string)) {
          report(`${at}: "${id}" is a ${String(target.type)} (at ${target.path}), not a ${allowed.join(' or ')}`);
        }
      };
      if (field.endsWith('Ids')) {
        if (!Array.isArray(ref)) report(`${path}.${field}: must be a list of ids`);
        else ref.forEach((id, i) => check(id, `${path}.${field}[${i}]`));
      } else check(ref, `${path}.${field}`);
    }
  });

  // The GpUnit hierarchy (ComposingGpUnitIds) must be acyclic.
  const state = new Map<string, 'open' | 'done'>();
  const visit = (id: string, trail: string[]): void => {
    const s = state.get(id);
    if (s === 'done') return;
    if (s === 'open') return report(`GpUnit: ComposingGpUnitIds form a cycle: ${[...trail.slice(trail.indexOf(id)), id].join(' → ')}`);
    state.set(id, 'open');
    const children = targets.get(id)?.value.ComposingGpUnitIds;
    if (Array.isArray(children)) for (const c of children) if (typeof c === 'string' && targets.has(c)) visit(c, [...trail, id]);
    state.set(id, 'done');
  };
  if (Array.isArray(doc.GpUnit)) {
    for (const u of doc.GpUnit) if (isObject(u) && typeof u['@id'] === 'string') visit(u['@id'], []);
  }

  if (more > 0) violations.push(`… and ${more} more`);
  return violations;
}

/** Calls `fn` for every object in the document (the document included), with its path ("" for the root). */
function walk(value: unknown, path: string, fn: (value: Record<string, unknown>, path: string) => void): void {
  if (Array.isArray(value)) {
    value.forEach((v, i) => walk(v, `${path}[${i}]`, fn));
    return;
  }
  if (!isObject(value)) return;
  fn(value, path === '' ? '(root)' : path);
  for (const [k, v] of Object.entries(value)) {
    if (typeof v === 'object' && v !== null) walk(v, path === '' ? k : `${path}.${k}`, fn);
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
