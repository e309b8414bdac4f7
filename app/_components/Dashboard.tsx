'use client';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { AreaSnapshot, ContestInfo, StationsReporting, TallySnapshot } from '@/lib/events';
import { isSingleRace, levelOf, pathFromParams, pathInto, pathToQuery, resultsAt, type AreaPath, type Level } from '@/lib/results/areaView';
import type { ResultsStatusValue } from '@/lib/results/resultsStatusValues';
import type { RegionResults } from '@/lib/results/summarizeCells';
import type { FeedItem } from '@/lib/uploads/uploadFeed';
import type { ExpectedVoters } from '@/lib/results/turnout';
import { cellsOf } from '@/lib/tally/tallyState';
import { AreaGrid } from './AreaGrid';
import { Breadcrumb } from './Breadcrumb';
import { CandidateChart } from './CandidateChart';
import { CandidateTable } from './CandidateTable';
import { CandidateColours, useCandidateColour } from './colours';
import { ChartFrame } from './ChartFrame';
import { ConnectionBadge } from './ConnectionBadge';
import { ContestPicker } from './ContestPicker';
import { StationsReportingPanel } from './StationsReportingPanel';
import { useAreaReporting } from './useAreaReporting';
import { DownloadLinks } from './DownloadLinks';
import { useText } from './i18n';
import { LastUpdate } from './LastUpdate';
import { LeaderCard } from './LeaderCard';
import { RegionTable } from './RegionTable';
import { ResultsStatusBadge } from './ResultsStatusBadge';
import { StatCards } from './StatCards';
import { AnomalyFlags } from './AnomalyFlags';
import { RegionsGeo } from './RegionMap';
import { TurnoutPanel } from './TurnoutPanel';
import { useMapShape } from './useMapShape';
import { LedgerPanel } from './LedgerPanel';
import { TimelineChart } from './TimelineChart';
import { TimeTravelBanner, TimeTravelBar, useResultsAt } from './TimeTravelBar';
import { UploadsFeed } from './UploadsFeed';
import { useLiveTally } from './useLiveTally';
import { VoteSplitChart, VoteSplitTable } from './VoteSplitChart';

const TEXT = {
  en: {
    title: 'Live results',
    split: 'Votes cast',
    candidates: 'Valid votes by candidate',
    empty: 'No votes counted yet. Results appear here as soon as the first file is processed.',
    loading: 'Loading…',
    areas: { region: 'Regions', province: 'Provinces', district: 'Districts' },
  },
  es: {
    title: 'Resultados en vivo',
    split: 'Votos emitidos',
    candidates: 'Votos válidos por candidato',
    empty: 'Aún no hay votos contados. Los resultados aparecen aquí en cuanto se procesa el primer archivo.',
    loading: 'Cargando…',
    areas: { region: 'Regiones', province: 'Provincias', district: 'Distritos' },
  },
};

export interface DashboardProps {
  initial: TallySnapshot;
  initialArea: AreaSnapshot | null;
  initialStatus: ResultsStatusValue;
  initialPath: AreaPath;
  initialFeed: FeedItem[];
  /** Registered / expected voters per region an admin uploaded (empty: none). */
  expected: ExpectedVoters[];
  /** Whether an admin uploaded a map (fetched by the browser when needed). */
  hasMapShape: boolean;
  /** The contests there are (the picker's choices; the socket keeps them current). */
  contests: ContestInfo[];
  /** Stations reporting in the initial contest, when there are stations. */
  initialReporting: StationsReporting | null;
}

export function Dashboard({ initial, initialArea, initialStatus, initialPath, initialFeed, expected, hasMapShape, contests: initialContests, initialReporting }: DashboardProps) {
  const t = useText(TEXT);
  const [path, setPath] = useState(initialPath);
  const [contest, setContest] = useState(initial.contest);
  const live = useLiveTally(initial, initialArea, initialStatus, path.region ?? null, contest, initialReporting);
  const contests = live.contests ?? initialContests;
  const level: Level = levelOf(path);

  // The URL holds the view (shareable, back button works) without a server round trip: the socket brings the data.
  // A past version (national view only): the page shows the ledger's state at that version, under a banner.
  const [travelTo, setTravelTo] = useState<number | null>(null);
  const travelled = useResultsAt(travelTo, contest);
  const lastTravelled = useRef(travelled);
  if (travelled) lastTravelled.current = travelled;
  // A new view (area or contest): the same steps for both; another contest shows the same area of it (its names
  // are the same places), from a fresh snapshot.
  const go = useCallback((nextContest: string, next: AreaPath) => {
    setTravelTo(null);
    setContest(nextContest);
    setPath(next);
    window.history.pushState(null, '', `/${pathToQuery(next, nextContest)}`);
  }, []);
  const navigate = useCallback((next: AreaPath) => go(contest, next), [go, contest]);
  const pickContest = useCallback((next: string) => go(next, path), [go, path]);
  useEffect(() => {
    const onPop = () => {
      const params = new URLSearchParams(window.location.search);
      setPath(pathFromParams((k) => params.get(k)));
      setContest(params.get('contest') ?? '');
    };
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, []);

  // Same summarizing function as GET /api/results, so the page and the API can never disagree.
  const liveResults = useMemo(() => {
    if (level === 'national') return resultsAt(path, live.national.version, live.national.updatedAt, { national: cellsOf(live.national) });
    if (!live.area) return null;
    return resultsAt(path, live.area.version, live.area.updatedAt, { area: [...live.area.cells.values()] });
  }, [level, path, live.national, live.area]);

  // While the next past version loads, the previous one stays (never live numbers under a "past" banner).
  const past = travelTo === null ? null : (travelled ?? lastTravelled.current);
  const results = travelTo !== null ? past : liveResults;
  const shown = results ?? resultsAt({}, 0, null, {});
  const liveVersion = live.national.version;
  const empty = shown.totals.votes === 0;
  const single = level !== 'national' || isSingleRace(shown.regions);
  const childName = level === 'national' ? t.areas.region : level === 'region' ? t.areas.province : t.areas.district;
  const open = level === 'district' ? undefined : (child: string) => navigate(pathInto(path, child));
  const title = path.district ?? path.province ?? path.region ?? t.title;

  const raceCandidates = useMemo(() => (single ? shown.totals.byCandidate.map((c) => c.candidate) : []), [single, shown]);
  const reporting = useAreaReporting(contest, path, level, live.reporting);

  return (
    <CandidateColours candidates={raceCandidates}>
    <section className="dashboard" aria-labelledby="dashboard-title" data-testid="dashboard" data-level={level} aria-busy={!live.ready}>
      <div className="dashboard__head">
        <div>
          {level !== 'national' && <Breadcrumb path={path} contest={contest} onNavigate={navigate} />}
          <h1 id="dashboard-title">{title}</h1>
          {contest !== '' && <p className="dashboard__contest" data-testid="contest-name">{contest}</p>}
        </div>
        <div className="dashboard__meta">
          <ContestPicker contests={contests} value={contest} onChange={pickContest} />
          <ResultsStatusBadge status={live.resultsStatus} />
          <ConnectionBadge status={live.status} />
          <LastUpdate version={shown.version} updatedAt={shown.updatedAt} />
        </div>
      </div>

      {level === 'national' && travelTo !== null && (
        <TimeTravelBanner version={travelTo} liveVersion={liveVersion} onBackToLive={() => setTravelTo(null)} />
      )}
      {level === 'national' && liveVersion > 0 && <TimeTravelBar liveVersion={liveVersion} travelTo={travelTo} onTravel={setTravelTo} />}

      {!live.ready || !results ? (
        <p className="empty" data-testid="view-loading">
          {t.loading}
        </p>
      ) : (
        <>
          {reporting && <StationsReportingPanel figures={reporting} />}
          <div className="headline">
            <StatCards results={shown} />
            {!empty && single && <LeaderCard results={shown} />}
          </div>

          {empty ? (
            <p className="empty" data-testid="empty-state">
              {t.empty}
            </p>
          ) : (
            <>
              <div className="grid-2">
                <ChartFrame
                  title={t.split}
                  testId="split-panel"
                  chart={<VoteSplitChart results={shown} />}
                  table={<VoteSplitTable results={shown} />}
                />
                {single ? (
                  <ChartFrame
                    title={t.candidates}
                    testId="candidates-panel"
                    chart={<CandidateChart candidates={shown.totals.byCandidate} valid={shown.totals.valid} />}
                    table={<CandidateTable candidates={shown.totals.byCandidate} valid={shown.totals.valid} />}
                  />
                ) : null}
              </div>

              {level !== 'district' && (
                <ChartFrame
                  title={childName}
                  testId="areas-panel"
                  chart={
                    // One national race: a map (or tiles) coloured by leader. Races per region, or below the national
                    // level: small multiples.
                    level === 'national' && single ? (
                      <NationalMap regions={shown.regions} onOpen={open} hasMapShape={hasMapShape} />
                    ) : (
                      <AreaGrid areas={shown.regions} onOpen={open} racePerArea={!single} />
                    )
                  }
                  table={<RegionTable regions={shown.regions} caption={childName} areaLabel={childName} onOpen={open} />}
                />
              )}
              {single && level !== 'province' && level !== 'district' && liveResults && (
                <TimelineChart
                  contest={contest}
                  region={path.region}
                  live={{ version: liveResults.version, updatedAt: liveResults.updatedAt, votes: liveResults.totals.votes, byCandidate: liveResults.totals.byCandidate }}
                  travelTo={level === 'national' ? travelTo : null}
                  onTravel={level === 'national' ? setTravelTo : undefined}
                />
              )}
              <DownloadLinks path={path} contest={contest} />
            </>
          )}
        </>
      )}
      <div className="grid-2 dashboard__side">
        {level === 'national' && liveResults && expected.length > 0 && <TurnoutPanel results={liveResults} expected={expected} />}
        {level === 'national' && liveResults && (
          <div className="panel">
            <AnomalyFlags results={liveResults} expected={expected} contest={contest} />
          </div>
        )}
        <UploadsFeed initial={initialFeed} batch={live.uploadsFeed} />
        <LedgerPanel version={level === 'national' ? liveVersion : shown.version} contest={contest} onTravel={level === 'national' ? setTravelTo : undefined} />
      </div>
    </section>
    </CandidateColours>
  );
}

function NationalMap({ regions, onOpen, hasMapShape }: { regions: RegionResults[]; onOpen?: (region: string) => void; hasMapShape: boolean }) {
  const shape = useMapShape(hasMapShape);
  const colourOf = useCandidateColour();
  if (shape === undefined) return <p className="muted">…</p>;
  return <RegionsGeo regions={regions} shape={shape} onSelect={onOpen} colourOf={colourOf} />;
}
