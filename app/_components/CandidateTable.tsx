'use client';
import type { CandidateVotes } from '@/lib/results/summarizeCells';
import { candidateLabel, formatInt, formatShare } from './format';
import { useCandidateColour } from './colours';
import { useText } from './i18n';

const TEXT = {
  en: { caption: 'Valid votes by candidate', candidate: 'Candidate', votes: 'Votes', share: 'Share of valid' },
  es: { caption: 'Votos válidos por candidato', candidate: 'Candidato', votes: 'Votos', share: '% de válidos' },
};

export function CandidateTable({ candidates, valid }: { candidates: CandidateVotes[]; valid: number }) {
  const t = useText(TEXT);
  const candidateColour = useCandidateColour();
  return (
    <table className="table" data-testid="candidate-table">
      <caption>{t.caption}</caption>
      <thead>
        <tr>
          <th scope="col">{t.candidate}</th>
          <th scope="col" className="num">{t.votes}</th>
          <th scope="col" className="num">{t.share}</th>
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
