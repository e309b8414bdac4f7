import { describe, expect, it } from 'vitest';
import { electionReport, sha256Hex } from '../../../lib/results/electionReport';
import { summarizeCells } from '../../../lib/results/summarizeCells';

const results = summarizeCells(5, '2026-11-23T10:00:00.000Z', [
  ['Lima', 'Ana', 'valid', 30],
  ['Lima', 'Beto', 'valid', 20],
  ['Lima', '', 'blank', 4],
  ['Lima', '', 'null', 6],
  ['Cusco', 'Ana', 'valid', 7],
]);

describe('electionReport', () => {
  it('has one candidate contest per region with its counts, blank as undervotes and null as overvotes', () => {
    const r = JSON.parse(electionReport(results, 'unofficial-partial', 'tally'));
    expect(r['@type']).toBe('ElectionResults.ElectionReport');
    expect(r.Status).toBe('unofficial-partial');
    expect(r.SequenceEnd).toBe(5);
    const lima = r.Election[0].Contest.find((c: { Name: string }) => c.Name === 'Lima');
    expect(lima.ContestSelection.map((s: { VoteCounts: { Count: number }[] }) => s.VoteCounts[0].Count)).toEqual([30, 20]);
    expect(lima.OtherCounts[0]).toMatchObject({ Undervotes: 4, Overvotes: 6 });
    // Candidate ids are shared across contests: Ana in Lima and in Cusco is one candidate.
    const cusco = r.Election[0].Contest.find((c: { Name: string }) => c.Name === 'Cusco');
    expect(cusco.ContestSelection[0].CandidateIds).toEqual(lima.ContestSelection[0].CandidateIds);
    expect(r.Election[0].Candidate).toHaveLength(2);
  });

  it('is byte-identical for the same version and status (so its sha256 can be published), and a test run says so', () => {
    const a = electionReport(results, 'certified', 'tally');
    expect(electionReport(results, 'certified', 'tally')).toBe(a);
    expect(sha256Hex(a)).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.parse(electionReport(results, 'test', 'tally'))).toMatchObject({ Status: 'other', OtherStatus: 'test' });
  });
});
