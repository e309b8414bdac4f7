import type { RegionResults } from '@/lib/results/summarizeCells';
import { candidateLabel, formatInt } from './format';

function Leader({ region }: { region: RegionResults }) {
  const [first, second] = region.candidates;
  if (!first) return <>—</>;
  const tie = second !== undefined && second.votes === first.votes;
  return (
    <>
      {candidateLabel(first.candidate)} ({formatInt(first.votes)}){tie && <span className="muted"> tie</span>}
    </>
  );
}

export function RegionTable({ regions }: { regions: RegionResults[] }) {
  return (
    <div className="table-scroll">
      <table className="table" data-testid="region-table">
        <caption>Results by region</caption>
        <thead>
          <tr>
            <th scope="col">Region</th>
            <th scope="col" className="num">Votes</th>
            <th scope="col" className="num">Valid</th>
            <th scope="col" className="num">Blank</th>
            <th scope="col" className="num">Null</th>
            <th scope="col">Leading</th>
          </tr>
        </thead>
        <tbody>
          {regions.map((r) => (
            <tr key={r.region} data-testid="region-row" data-region={r.region}>
              <th scope="row">{r.region}</th>
              <td className="num" data-col="votes" data-value={r.votes}>{formatInt(r.votes)}</td>
              <td className="num" data-col="valid" data-value={r.valid}>{formatInt(r.valid)}</td>
              <td className="num" data-col="blank" data-value={r.blank}>{formatInt(r.blank)}</td>
              <td className="num" data-col="null" data-value={r.null}>{formatInt(r.null)}</td>
              <td data-col="leading" data-value={r.candidates[0]?.candidate ?? ''}>
                <Leader region={r} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
