'use client';
import type { RegionResults } from '@/lib/results/summarizeCells';
import { candidateLabel, formatInt, formatShare } from './format';
import { useText } from './i18n';

const TEXT = {
  en: { caption: 'Results by area', area: 'Area', votes: 'Votes', valid: 'Valid', blank: 'Blank', null: 'Null', leading: 'Leading', tie: 'tie' },
  es: { caption: 'Resultados por zona', area: 'Zona', votes: 'Votos', valid: 'Válidos', blank: 'En blanco', null: 'Nulos', leading: 'Adelante', tie: 'empate' },
};

function Leader({ region, tieText }: { region: RegionResults; tieText: string }) {
  const [first, second] = region.candidates;
  if (!first) return <>—</>;
  const tie = second !== undefined && second.votes === first.votes;
  return (
    <>
      {candidateLabel(first.candidate)} ({formatShare(first.votes, region.valid)}){tie && <span className="muted"> {tieText}</span>}
    </>
  );
}

/** One row per area; an area's name drills down when `onOpen` is given. */
export function RegionTable({ regions, caption, areaLabel, onOpen }: { regions: RegionResults[]; caption?: string; areaLabel?: string; onOpen?: (area: string) => void }) {
  const t = useText(TEXT);
  return (
    <div className="table-scroll">
      <table className="table" data-testid="region-table">
        <caption>{caption ?? t.caption}</caption>
        <thead>
          <tr>
            <th scope="col">{areaLabel ?? t.area}</th>
            <th scope="col" className="num">{t.votes}</th>
            <th scope="col" className="num">{t.valid}</th>
            <th scope="col" className="num">{t.blank}</th>
            <th scope="col" className="num">{t.null}</th>
            <th scope="col">{t.leading}</th>
          </tr>
        </thead>
        <tbody>
          {regions.map((r) => (
            <tr key={r.region} data-testid="region-row" data-region={r.region}>
              <th scope="row">
                {onOpen ? (
                  <button type="button" className="link-button" onClick={() => onOpen(r.region)}>
                    {r.region}
                  </button>
                ) : (
                  r.region
                )}
              </th>
              <td className="num" data-col="votes" data-value={r.votes}>{formatInt(r.votes)}</td>
              <td className="num" data-col="valid" data-value={r.valid}>{formatInt(r.valid)}</td>
              <td className="num" data-col="blank" data-value={r.blank}>{formatInt(r.blank)}</td>
              <td className="num" data-col="null" data-value={r.null}>{formatInt(r.null)}</td>
              <td data-col="leading" data-value={r.candidates[0]?.candidate ?? ''}>
                <Leader region={r} tieText={t.tie} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
