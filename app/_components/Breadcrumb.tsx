'use client';
import type { AreaPath } from '@/lib/results/areaView';
import { pathToQuery } from '@/lib/results/areaView';
import { useText } from './i18n';

const TEXT = { en: { all: 'All regions', label: 'Where you are' }, es: { all: 'Todas las regiones', label: 'Dónde está' } };

/** National › Region › Province › District; every step but the last is a link (real hrefs: shareable, new tab). */
export function Breadcrumb({ path, contest = '', onNavigate }: { path: AreaPath; contest?: string; onNavigate: (path: AreaPath) => void }) {
  const t = useText(TEXT);
  const steps: { label: string; path: AreaPath }[] = [{ label: t.all, path: {} }];
  if (path.region !== undefined) steps.push({ label: path.region, path: { region: path.region } });
  if (path.province !== undefined) steps.push({ label: path.province, path: { region: path.region, province: path.province } });
  if (path.district !== undefined) steps.push({ label: path.district, path });
  return (
    <nav aria-label={t.label} className="breadcrumb" data-testid="breadcrumb">
      <ol>
        {steps.map((s, i) =>
          i === steps.length - 1 ? (
            <li key={i} aria-current="page">
              {s.label}
            </li>
          ) : (
            <li key={i}>
              <a
                href={`/${pathToQuery(s.path, contest)}`}
                onClick={(e) => {
                  if (e.metaKey || e.ctrlKey || e.shiftKey || e.button !== 0) return;
                  e.preventDefault();
                  onNavigate(s.path);
                }}
              >
                {s.label}
              </a>
            </li>
          ),
        )}
      </ol>
    </nav>
  );
}
