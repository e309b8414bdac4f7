'use client';
// "Stations reporting 1,234 of 5,000 (24.7%)" for the contest and area shown, with turnout among the stations that
// reported (votes / their registered voters). Pushed live: the socket's `stations:reporting` replaces it.
import type { ReportingFigures, StationsReporting } from '@/lib/events';
import { formatInt, formatShare } from './format';
import { useText } from './i18n';

const TEXT = {
  en: {
    title: 'Stations reporting',
    of: (n: string, m: string) => `${n} of ${m}`,
    reporting: (n: string) => `${n} reporting`,
    turnout: (share: string, votes: string, registered: string) => `Turnout at reporting stations: ${share} (${votes} votes, ${registered} registered)`,
  },
  es: {
    title: 'Mesas computadas',
    of: (n: string, m: string) => `${n} de ${m}`,
    reporting: (n: string) => `${n} computadas`,
    turnout: (share: string, votes: string, registered: string) => `Participación en mesas computadas: ${share} (${votes} votos, ${registered} electores)`,
  },
};

/** The figures for a region (drill-down) or the whole contest. */
export function figuresFor(reporting: StationsReporting, region: string | undefined): ReportingFigures | null {
  if (region === undefined) return reporting.total;
  return Object.hasOwn(reporting.regions, region) ? reporting.regions[region] : null;
}

export function StationsReportingPanel({ figures }: { figures: ReportingFigures }) {
  const t = useText(TEXT);
  const { stations, reporting, registered, votes } = figures;
  return (
    <section className="panel stations-reporting" aria-label={t.title} data-testid="stations-reporting" data-reporting={reporting} data-stations={stations}>
      <h2>{t.title}</h2>
      <p className="stations-reporting__count">
        <strong>{stations > 0 ? t.of(formatInt(reporting), formatInt(stations)) : t.reporting(formatInt(reporting))}</strong>
        {stations > 0 && <span> ({formatShare(reporting, stations)})</span>}
      </p>
      {stations > 0 && (
        <progress max={stations} value={Math.min(reporting, stations)} aria-label={t.title}>
          {formatShare(reporting, stations)}
        </progress>
      )}
      {registered > 0 && <p className="muted">{t.turnout(formatShare(votes, registered), formatInt(votes), formatInt(registered))}</p>}
    </section>
  );
}
