import type { Results } from '@/lib/results/summarizeCells';
import { formatInt, formatShare } from './format';

function Stat({ testId, label, value, note }: { testId: string; label: string; value: number; note?: string }) {
  return (
    <div className="stat" data-testid={testId} data-value={String(value)}>
      <span className="stat__label">{label}</span>
      <span className="stat__value">{formatInt(value)}</span>
      {note && <span className="stat__note">{note}</span>}
    </div>
  );
}

export function StatCards({ results }: { results: Results }) {
  const { votes, valid, blank, null: nul } = results.totals;
  return (
    <div className="stats">
      <Stat testId="total-votes" label="Total votes" value={votes} />
      <Stat testId="valid-votes" label="Valid" value={valid} note={formatShare(valid, votes)} />
      <Stat testId="blank-votes" label="Blank" value={blank} note={formatShare(blank, votes)} />
      <Stat testId="null-votes" label="Null" value={nul} note={formatShare(nul, votes)} />
      <Stat testId="version" label="Version" value={results.version} />
    </div>
  );
}
