import { createHash } from 'node:crypto';
import type { Results } from './summarizeCells';
import type { ResultsStatusValue } from './resultsStatusValues';

// The results as a NIST SP 1500-100 (Election Results Common Data Format v2) style JSON ElectionReport: one
// CandidateContest per region (each region its own race, as in the Peruvian sheets; a national race shows as the
// same candidates in every region), VoteCounts per candidate, blank votes as Undervotes and null votes as Overvotes
// in OtherCounts (the closest CDF counts; our README says so). Deterministic for a version and status: the bytes,
// and so the published sha256, are the same however often it is asked for.

const STATUS: Record<ResultsStatusValue, { Status: string; OtherStatus?: string }> = {
  test: { Status: 'other', OtherStatus: 'test' },
  'unofficial-partial': { Status: 'unofficial-partial' },
  'unofficial-complete': { Status: 'unofficial-complete' },
  certified: { Status: 'certified' },
};

function text(content: string) {
  return { '@type': 'ElectionResults.InternationalizedText', Text: [{ '@type': 'ElectionResults.LanguageString', Language: 'es', Content: content }] };
}

/** Stable ids from names: the same region or candidate keeps its id across versions. */
function id(prefix: string, name: string): string {
  return `${prefix}-${createHash('sha256').update(name).digest('hex').slice(0, 12)}`;
}

export function electionReport(results: Results, status: ResultsStatusValue, issuer: string): string {
  const candidates = new Set<string>();
  for (const r of results.regions) for (const c of r.candidates) candidates.add(c.candidate);
  const root = 'gpu-root';
  const report = {
    '@type': 'ElectionResults.ElectionReport',
    Format: 'summary-contest',
    GeneratedDate: results.updatedAt ?? new Date(0).toISOString(),
    Issuer: issuer,
    IssuerAbbreviation: issuer,
    SequenceStart: results.version,
    SequenceEnd: results.version,
    ...STATUS[status],
    VendorApplicationId: 'tally',
    VersionNumber: String(results.version),
    GpUnit: [
      { '@type': 'ElectionResults.ReportingUnit', '@id': root, Type: 'country', Name: text('all regions'), ComposingGpUnitIds: results.regions.map((r) => id('gpu', r.region)) },
      ...results.regions.map((r) => ({ '@type': 'ElectionResults.ReportingUnit', '@id': id('gpu', r.region), Type: 'state', Name: text(r.region) })),
    ],
    Election: [
      {
        '@type': 'ElectionResults.Election',
        Name: text('Election'),
        Type: 'general',
        ElectionScopeId: root,
        Candidate: [...candidates].sort().map((c) => ({ '@type': 'ElectionResults.Candidate', '@id': id('cand', c), BallotName: text(c) })),
        Contest: results.regions.map((r) => ({
          '@type': 'ElectionResults.CandidateContest',
          '@id': id('contest', r.region),
          Name: r.region,
          ElectionDistrictId: id('gpu', r.region),
          VotesAllowed: 1,
          ContestSelection: r.candidates.map((c) => ({
            '@type': 'ElectionResults.CandidateSelection',
            '@id': id('sel', `${r.region}\u0000${c.candidate}`),
            CandidateIds: [id('cand', c.candidate)],
            VoteCounts: [{ '@type': 'ElectionResults.VoteCounts', GpUnitId: id('gpu', r.region), Type: 'total', Count: c.votes }],
          })),
          OtherCounts: [{ '@type': 'ElectionResults.OtherCounts', GpUnitId: id('gpu', r.region), Undervotes: r.blank, Overvotes: r.null }],
        })),
      },
    ],
  };
  return JSON.stringify(report);
}

export function sha256Hex(body: string): string {
  return createHash('sha256').update(body).digest('hex');
}
