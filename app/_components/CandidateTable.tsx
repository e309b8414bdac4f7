import type { CandidateVotes } from '@/lib/results/summarizeCells';
import { candidateColour, candidateLabel, formatInt, formatShare } from './format';

export function CandidateTable({ candidates, valid }: { candidates: CandidateVotes[]; valid: number }) {
  return (
    <table className="table" data-testid="candidate-table">
      <caption>Valid votes by candidate</caption>
      <thead>
        <tr>
          <th scope="col">Candidate</th>
          <th scope="col" className="num">Votes</th>
          <th scope="col" className="num">Share of valid</th>
        </tr>
      </thead>
      <tbody>
        {candidates.map((c) => (
          <tr key={c.candidate} data-candidate={c.candidate}>
            <th scope="row">
              <span className="swatch" style={{ background: candidateColour(c.candidate) }} aria-hidden="true" />
              {candidateLabel(c.candidate)}
            </th>
            <td className="num" data-value={c.votes}>{formatInt(c.votes)}</td>
            <td className="num">{formatShare(c.votes, valid)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
