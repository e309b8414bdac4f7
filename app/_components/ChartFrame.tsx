'use client';
import { useId, useState, type ReactNode } from 'react';
import { useText } from './i18n';

const TEXT = { en: { table: 'Show table', chart: 'Show chart' }, es: { table: 'Ver tabla', chart: 'Ver gráfico' } };

/**
 * A panel with a heading and a chart that can be swapped for a table of the same numbers (for screen readers,
 * copying, and anyone who reads tables better than bars).
 */
export function ChartFrame({ title, testId, chart, table, actions }: { title: string; testId: string; chart: ReactNode; table: ReactNode; actions?: ReactNode }) {
  const t = useText(TEXT);
  const [asTable, setAsTable] = useState(false);
  const id = useId();
  return (
    <section className="panel chart-frame" aria-labelledby={id} data-testid={testId}>
      <div className="chart-frame__head">
        <h2 id={id}>{title}</h2>
        <div className="chart-frame__actions">
          {actions}
          <button type="button" className="link-button" aria-pressed={asTable} onClick={() => setAsTable(!asTable)} data-testid={`${testId}-toggle`}>
            {asTable ? t.chart : t.table}
          </button>
        </div>
      </div>
      {asTable ? table : chart}
    </section>
  );
}
