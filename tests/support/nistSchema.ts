// NIST's JSON schema for SP 1500-100 v2 ElectionReports (tests/fixtures/nist/, see its README), run by ajv: the
// structural half of "is this a valid NIST report" (required fields, enums, "@type" names, patterns, formats). The
// reference half (ids that must exist) is lib/export/nistSchemaCheck.ts. Test-only: ajv is a devDependency.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { checkNistReport } from '../../lib/export/nistSchemaCheck';

export const NIST_SCHEMA_PATH = path.resolve(import.meta.dirname, '../fixtures/nist/NIST_V2_election_results_reporting.json');

let validate: ReturnType<Ajv['compile']> | null = null;

function validator(): ReturnType<Ajv['compile']> {
  if (validate) return validate;
  const schema = JSON.parse(readFileSync(NIST_SCHEMA_PATH, 'utf8'));
  // strict: every keyword must be known; the schema's one extension, refTypes, is declared (it is checked by
  // checkNistReport, not here).
  const ajv = new Ajv({ allErrors: true, strict: true });
  ajv.addKeyword({ keyword: 'refTypes', schemaType: 'array' });
  addFormats(ajv);
  validate = ajv.compile(schema);
  return validate;
}

/** The schema violations of `doc`, each as "instance path: message" (empty: valid against the schema). */
export function nistSchemaErrors(doc: unknown): string[] {
  const v = validator();
  if (v(doc)) return [];
  return (v.errors ?? []).map((e) => `${e.instancePath || '(root)'}: ${e.message ?? e.keyword}${e.params && Object.keys(e.params).length ? ` ${JSON.stringify(e.params)}` : ''}`);
}

/** Schema and reference violations together. */
export function nistViolations(doc: unknown): string[] {
  return [...nistSchemaErrors(doc), ...checkNistReport(doc)];
}
