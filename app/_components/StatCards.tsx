'use client';
import type { Results } from '@/lib/results/summarizeCells';
import { formatInt, formatShare } from './format';
import { useText } from './i18n';

const TEXT = {
  en: { total: 'Total votes', valid: 'Valid', blank: 'Blank', null: 'Null', version: 'Version', ofTotal: 'of votes' },
  es: { total: 'Votos emitidos', valid: 'Válidos', blank: 'En blanco', null: 'Nulos', version: 'Versión', ofTotal: 'de los votos' },
};

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
  const t = useText(TEXT);
  const { votes, valid, blank, null: nul } = results.totals;
  return (
    <div className="stats">
      <Stat testId="total-votes" label={t.total} value={votes} />
      <Stat testId="valid-votes" label={t.valid} value={valid} note={`${formatShare(valid, votes)} ${t.ofTotal}`} />
      <Stat testId="blank-votes" label={t.blank} value={blank} note={formatShare(blank, votes)} />
      <Stat testId="null-votes" label={t.null} value={nul} note={formatShare(nul, votes)} />
      <Stat testId="version" label={t.version} value={results.version} />
    </div>
  );
}
