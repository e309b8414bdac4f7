'use client';
import type { AreaPath } from '@/lib/results/areaView';
import { levelOf } from '@/lib/results/areaView';
import { useText } from './i18n';

const TEXT = {
  en: { title: 'Download', csv: 'CSV', json: 'JSON', report: 'Election report (NIST SP 1500-100 JSON)', sha: 'its SHA-256', feed: 'Every contest and area (feed.json)' },
  es: { title: 'Descargar', csv: 'CSV', json: 'JSON', report: 'Informe electoral (JSON NIST SP 1500-100)', sha: 'su SHA-256', feed: 'Todas las elecciones y áreas (feed.json)' },
};

/** The API query that returns the areas listed on the current view (a district view: its province's districts). */
function levelQuery(path: AreaPath, contest: string): URLSearchParams {
  const level = levelOf(path);
  const q = new URLSearchParams();
  if (contest !== '') q.set('contest', contest);
  if (level === 'national') q.set('level', 'region');
  else if (level === 'region') q.set('level', 'province');
  else q.set('level', 'district');
  if (path.region !== undefined) q.set('region', path.region);
  if (path.province !== undefined) q.set('province', path.province);
  return q;
}

export function DownloadLinks({ path, contest = '' }: { path: AreaPath; contest?: string }) {
  const t = useText(TEXT);
  const q = levelQuery(path, contest);
  const href = (format: string) => {
    const p = new URLSearchParams(q);
    p.set('format', format);
    return `/api/results?${p.toString()}`;
  };
  return (
    <div className="downloads" data-testid="downloads">
      <span>{t.title}:</span>
      <a href={href('csv')} download>
        {t.csv}
      </a>
      <a href={href('json')}>{t.json}</a>
      <a href="/api/results/report">{t.report}</a>
      <a href="/api/results/report.sha256">({t.sha})</a>
      <a href="/api/results/feed.json">{t.feed}</a>
    </div>
  );
}
