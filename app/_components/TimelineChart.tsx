'use client';
import { useEffect, useMemo, useRef, useState } from 'react';
import { Line } from 'react-chartjs-2';
import { Chart as ChartJS, Legend, LinearScale, LineElement, PointElement, Tooltip, type ChartData, type ChartOptions } from 'chart.js';
import type { TimelinePoint } from '@/lib/results/timeline';
import { apiCall } from './apiCall';
import { useCandidateColour } from './colours';
import { candidateLabel, formatInt, formatUtc } from './format';
import { useText } from './i18n';
import { timelineSeries, withLivePoint, type LiveTotals } from './timelineSeries';
import styles from './TimelineChart.module.css';

// Only what a line chart over version numbers needs (Line registers its own controller).
ChartJS.register(LineElement, PointElement, LinearScale, Tooltip, Legend);

const OTHERS_COLOUR = '#9aa0a6';

const TEXT = {
  en: {
    title: 'How the count advanced',
    others: 'Others',
    total: 'All votes',
    version: 'Version',
    time: 'Time (UTC)',
    showTable: 'Show as table',
    showChart: 'Show as chart',
    loading: 'Loading the timeline…',
    failed: 'Could not load the timeline',
    empty: 'Nothing counted yet.',
    hint: 'Click a point to see the results as they stood at that version.',
    summary: (v: number, n: number) => `Valid votes per candidate over ${n} points up to version ${v}.`,
  },
  es: {
    title: 'Cómo avanzó el conteo',
    others: 'Otros',
    total: 'Todos los votos',
    version: 'Versión',
    time: 'Hora (UTC)',
    showTable: 'Ver como tabla',
    showChart: 'Ver como gráfico',
    loading: 'Cargando la evolución…',
    failed: 'No se pudo cargar la evolución',
    empty: 'Aún no se ha contado nada.',
    hint: 'Haga clic en un punto para ver los resultados tal como estaban en esa versión.',
    summary: (v: number, n: number) => `Votos válidos por candidato en ${n} puntos hasta la versión ${v}.`,
  },
};

export interface TimelineChartProps {
  /** The contest shown ("" the default one). */
  contest?: string;
  /** Within one region; nationally when absent. `live` must then be that region's totals. */
  region?: string;
  live: LiveTotals;
  /** The version being viewed in the past, marked on the chart; null/absent when live. */
  travelTo?: number | null;
  onTravel?: (version: number | null) => void;
}

/**
 * Valid votes per candidate as counting advanced: loaded once from /api/results/timeline (again when `region`
 * changes), then extended from `live` without refetching. The top 8 candidates have a line each, the rest one
 * "others" line. Clicking a point asks to view that version.
 */
export function TimelineChart({ contest = '', region, live, travelTo = null, onTravel }: TimelineChartProps) {
  const t = useText(TEXT);
  const candidateColour = useCandidateColour();
  const [loaded, setLoaded] = useState<{ scope: string; points: TimelinePoint[] } | null>(null);
  const scope = `${contest}\u0000${region ?? ''}`;
  const [error, setError] = useState<string | null>(null);
  const [asTable, setAsTable] = useState(false);

  useEffect(() => {
    let cancelled = false;
    setError(null);
    const q = new URLSearchParams();
    if (contest !== '') q.set('contest', contest);
    if (region !== undefined) q.set('region', region);
    const url = `/api/results/timeline${q.size > 0 ? `?${q}` : ''}`;
    void apiCall<{ points: TimelinePoint[] }>(url, 'GET').then((r) => {
      if (cancelled) return;
      if (r.ok) setLoaded({ scope, points: r.data.points });
      else setError(r.message);
    });
    return () => {
      cancelled = true;
    };
  }, [region, contest, scope]);

  // The loaded points plus live ones, appended only when the live version passes the last point.
  const [extended, setExtended] = useState<readonly TimelinePoint[]>([]);
  const current = loaded && loaded.scope === scope ? loaded.points : null;
  useEffect(() => {
    if (current) setExtended(current);
  }, [current]);
  useEffect(() => {
    if (!current) return;
    setExtended((prev) => withLivePoint(prev, live));
  }, [current, live]);

  const series = useMemo(() => timelineSeries(extended), [extended]);

  // Options read these through refs, so they stay one object and the chart is never rebuilt.
  const onTravelRef = useRef(onTravel);
  const travelRef = useRef(travelTo);
  useEffect(() => {
    onTravelRef.current = onTravel;
    travelRef.current = travelTo;
  });
  const chartRef = useRef<ChartJS<'line'> | null>(null);
  useEffect(() => {
    chartRef.current?.update('none');
  }, [travelTo]);

  const options = useMemo<ChartOptions<'line'>>(
    () => ({
      responsive: true,
      maintainAspectRatio: false,
      // Short, so a stream of updates reads as motion instead of lag.
      animation: { duration: 200 },
      normalized: true,
      parsing: false,
      interaction: { mode: 'nearest', axis: 'x', intersect: false },
      scales: {
        x: { type: 'linear', title: { display: true, text: t.version }, ticks: { precision: 0 } },
        y: { beginAtZero: true, ticks: { precision: 0 } },
      },
      elements: {
        line: { borderWidth: 2, tension: 0 },
        point: {
          radius: (ctx) => ((ctx.raw as { x: number } | undefined)?.x === travelRef.current ? 5 : 0),
          hoverRadius: 5,
          hitRadius: 6,
        },
      },
      plugins: {
        legend: { position: 'bottom' },
        tooltip: { callbacks: { title: (items) => `${t.version} ${(items[0]?.raw as { x: number } | undefined)?.x ?? ''}` } },
      },
      onClick: (_event, elements, chart) => {
        const el = elements[0];
        if (!el) return;
        const point = chart.data.datasets[el.datasetIndex]?.data[el.index] as { x: number } | undefined;
        if (point) onTravelRef.current?.(point.x);
      },
    }),
    [t],
  );

  const data = useMemo<ChartData<'line', { x: number; y: number }[]>>(
    () => ({
      datasets: [
        ...series.candidates.map((c, i) => ({
          label: candidateLabel(c),
          data: series.rows.map((r) => ({ x: r.version, y: r.values[i] })),
          borderColor: candidateColour(c),
          backgroundColor: candidateColour(c),
          // Past the palette two colours can come close: the later line of an equal colour is dashed.
          borderDash: series.candidates.slice(0, i).some((o) => candidateColour(o) === candidateColour(c)) ? [8, 4] : [],
        })),
        ...(series.hasOthers
          ? [
              {
                label: t.others,
                data: series.rows.map((r) => ({ x: r.version, y: r.others })),
                borderColor: OTHERS_COLOUR,
                backgroundColor: OTHERS_COLOUR,
                borderDash: [4, 3],
              },
            ]
          : []),
      ],
    }),
    [series, t, candidateColour],
  );

  const last = series.rows[series.rows.length - 1];
  const summary = t.summary(last?.version ?? 0, series.rows.length);

  return (
    <section
      className={styles.timeline}
      aria-labelledby="timeline-title"
      data-testid="timeline-chart"
      data-points={series.rows.length}
      data-last-version={last?.version ?? 0}
      data-travel-to={travelTo ?? ''}
    >
      <div className={styles.head}>
        <h2 id="timeline-title">{t.title}</h2>
        <button type="button" onClick={() => setAsTable((v) => !v)} aria-pressed={asTable} data-testid="timeline-table-toggle">
          {asTable ? t.showChart : t.showTable}
        </button>
      </div>
      {error && (
        <p className={styles.error} role="alert">
          {t.failed}: {error}
        </p>
      )}
      {!current && !error && <p className={styles.quiet}>{t.loading}</p>}
      {current && series.rows.length === 0 && <p className={styles.quiet}>{t.empty}</p>}
      {current && series.rows.length > 0 && !asTable && (
        <>
          <div className={styles.chart}>
            <Line ref={chartRef} data={data} options={options} datasetIdKey="label" role="img" aria-label={summary} />
          </div>
          {onTravel && <p className={styles.quiet}>{t.hint}</p>}
        </>
      )}
      {current && series.rows.length > 0 && asTable && (
        <div className={styles.tableWrap}>
          <table data-testid="timeline-table">
            <caption>{summary}</caption>
            <thead>
              <tr>
                <th scope="col">{t.version}</th>
                <th scope="col">{t.time}</th>
                {series.candidates.map((c) => (
                  <th scope="col" key={c}>
                    {candidateLabel(c)}
                  </th>
                ))}
                {series.hasOthers && <th scope="col">{t.others}</th>}
                <th scope="col">{t.total}</th>
              </tr>
            </thead>
            <tbody>
              {series.rows.map((r) => (
                <tr
                  key={r.version}
                  className={r.version === travelTo ? styles.current : undefined}
                  aria-current={r.version === travelTo ? 'true' : undefined}
                  data-version={r.version}
                >
                  <th scope="row">
                    {onTravel ? (
                      <button type="button" className={styles.linkButton} onClick={() => onTravel(r.version)}>
                        {r.version}
                      </button>
                    ) : (
                      r.version
                    )}
                  </th>
                  <td>{formatUtc(r.at)}</td>
                  {r.values.map((v, i) => (
                    <td key={series.candidates[i]} className={styles.num}>
                      {formatInt(v)}
                    </td>
                  ))}
                  {series.hasOthers && <td className={styles.num}>{formatInt(r.others)}</td>}
                  <td className={styles.num}>{formatInt(r.votes)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
