'use client';
import { leadOf } from '@/lib/results/areaView';
import type { Results } from '@/lib/results/summarizeCells';
import { candidateLabel, formatInt, formatShare } from './format';
import { useCandidateColour } from './colours';
import { useText } from './i18n';

const TEXT = {
  en: { leads: 'Leading', tie: 'Tied', margin: 'Margin', over: 'over', ofValid: 'of valid votes', none: 'No valid votes yet', points: 'points' },
  es: { leads: 'Adelante', tie: 'Empate', margin: 'Ventaja', over: 'sobre', ofValid: 'de los votos válidos', none: 'Aún no hay votos válidos', points: 'puntos' },
};

/** Who leads and by how much, in votes and in percentage points of valid votes. Says "leading", never "won". */
export function LeaderCard({ results }: { results: Results }) {
  const t = useText(TEXT);
  const candidateColour = useCandidateColour();
  const lead = leadOf(results.totals.byCandidate, results.totals.valid);
  if (!lead) return <div className="leader muted" data-testid="leader">{t.none}</div>;
  const { leader, runnerUp } = lead;
  return (
    <div className="leader" data-testid="leader" data-candidate={leader.candidate} data-margin={lead.margin}>
      <span className="leader__label">{lead.tie ? t.tie : t.leads}</span>
      <span className="leader__name">
        <span className="swatch" style={{ background: candidateColour(leader.candidate) }} aria-hidden="true" />
        {candidateLabel(leader.candidate)}
      </span>
      <span className="leader__share">
        {formatShare(leader.votes, results.totals.valid)} {t.ofValid}
      </span>
      {runnerUp && (
        <span className="leader__margin">
          {t.margin}: {formatInt(lead.margin)} ({(lead.marginShare * 100).toFixed(1)} {t.points}) {t.over} {candidateLabel(runnerUp.candidate)}
        </span>
      )}
    </div>
  );
}
