'use client';
// Stations reporting for the view shown. National and region views read the pushed figures (`stations:reporting`
// carries every region); a province or district view asks the drill-down route for its level whenever the pushed
// figures move (they move on every change to station reports or the list), so it never polls.
import { useEffect, useState } from 'react';
import type { ReportingFigures, StationsReporting } from '@/lib/events';
import type { AreaPath, Level } from '@/lib/results/areaView';
import type { LevelResults } from '@/lib/results/levelResults';
import { apiCall } from './apiCall';
import { figuresFor } from './StationsReportingPanel';

export function useAreaReporting(contest: string, path: AreaPath, level: Level, pushed: StationsReporting | null): ReportingFigures | null {
  const deep = level === 'province' || level === 'district';
  const [fetched, setFetched] = useState<{ key: string; figures: ReportingFigures | null } | null>(null);
  const key = `${contest}\u0000${path.region ?? ''}\u0000${path.province ?? ''}\u0000${path.district ?? ''}`;
  const trigger = pushed?.version ?? -1;
  useEffect(() => {
    if (!deep || trigger < 0 || path.region === undefined || path.province === undefined) return;
    let current = true;
    const q = new URLSearchParams({ level: 'district', region: path.region, province: path.province, contest });
    void apiCall<LevelResults>(`/api/results?${q}`, 'GET').then((r) => {
      if (!current || !r.ok) return;
      const rep = r.data.reporting;
      const district = path.district;
      const figures = !rep ? null : district === undefined ? rep.total : Object.hasOwn(rep.areas, district) ? rep.areas[district] : null;
      setFetched({ key, figures });
    });
    return () => {
      current = false;
    };
  }, [deep, trigger, key, contest, path.region, path.province, path.district]);
  if (!pushed) return null;
  if (!deep) return figuresFor(pushed, path.region);
  return fetched?.key === key ? fetched.figures : null;
}
