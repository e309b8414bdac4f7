'use client';
import type { RegionResults } from '@/lib/results/summarizeCells';
import { useCandidateColour } from './colours';
import { assignColours, candidateLabel, formatInt, formatShare } from './format';
import { useText } from './i18n';

const TEXT = {
  en: { votes: 'votes', open: 'Open', more: 'more candidates', leads: 'leads' },
  es: { votes: 'votos', open: 'Abrir', more: 'candidatos más', leads: 'adelante' },
};

/** Bars shown per area; the rest are summed in a note (a small multiple must stay small). */
const BARS = 5;

/**
 * Small multiples: one little bar chart per area (each region's own race, or the provinces/districts of one), the
 * leader's bar in full colour and the others faded. HTML bars rather than a canvas per area: a hundred areas stay
 * cheap, update in place with a CSS transition, and read as text to assistive tech.
 */
export function AreaGrid({ areas, onOpen, racePerArea }: { areas: RegionResults[]; onOpen?: (area: string) => void; racePerArea: boolean }) {
  const t = useText(TEXT);
  const raceColour = useCandidateColour();
  return (
    <ul className="area-grid" data-testid="area-grid">
      {areas.map((a) => {
        const top = a.candidates.slice(0, BARS);
        const max = top[0]?.votes ?? 0;
        const leader = top[0]?.candidate;
        // Each area its own race: its own set of distinct colours (the same ones its drill-down view uses).
        const own = racePerArea ? assignColours(a.candidates.map((c) => c.candidate)) : null;
        const colour = (c: string) => own?.get(c) ?? raceColour(c);
        return (
          <li key={a.region} className="area-card" data-testid="area-card" data-area={a.region} data-leader={leader ?? ''} data-votes={a.votes} data-valid={a.valid} data-blank={a.blank} data-null={a.null}>
            <div className="area-card__head">
              {onOpen ? (
                <button type="button" className="link-button area-card__name" onClick={() => onOpen(a.region)} aria-label={`${t.open} ${a.region}`}>
                  {a.region}
                </button>
              ) : (
                <span className="area-card__name">{a.region}</span>
              )}
              <span className="muted">
                {formatInt(a.votes)} {t.votes}
              </span>
            </div>
            <ol className="area-card__bars">
              {top.map((c, i) => (
                <li key={c.candidate} className={i === 0 ? 'is-leader' : undefined}>
                  <span className="area-card__label">
                    {candidateLabel(c.candidate)}
                    {i === 0 && <span className="visually-hidden"> ({t.leads})</span>}
                  </span>
                  <span className="area-card__track" aria-hidden="true">
                    <span
                      className="area-card__bar"
                      style={{ width: `${max > 0 ? (100 * c.votes) / max : 0}%`, background: colour(c.candidate) }}
                    />
                  </span>
                  <span className="area-card__share">{formatShare(c.votes, a.valid)}</span>
                </li>
              ))}
            </ol>
            {a.candidates.length > BARS && (
              <span className="muted area-card__more">
                +{a.candidates.length - BARS} {t.more}
              </span>
            )}
          </li>
        );
      })}
    </ul>
  );
}
