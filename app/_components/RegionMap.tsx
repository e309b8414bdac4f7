'use client';
// Who leads where, for a national race: a choropleth of the regions (an admin's uploaded map, or the US states
// bundled with the app), or one tile per region when no map applies. Live: new results recolour the same chart.
import { useEffect, useMemo, useRef, useState } from 'react';
import { Chart } from 'react-chartjs-2';
import { Chart as ChartJS, Tooltip, type ChartData, type ChartOptions, type TooltipItem } from 'chart.js';
import { ChoroplethController, ColorScale, GeoFeature, ProjectionScale } from 'chartjs-chart-geo';
import type { MapShape } from '@/lib/regions/mapShape';
import { leaderFill, regionLeader, type RegionLeader } from '@/lib/regions/regionLeaders';
import { looksLikeUsStates, matchRegionNames } from '@/lib/regions/regionNames';
import { builtinUsShape, shapeFeatures } from '@/lib/regions/shapeFeatures';
import type { RegionResults } from '@/lib/results/summarizeCells';
import { candidateColour, candidateLabel, formatShare } from './format';
import { useText } from './i18n';
import styles from './RegionMap.module.css';

ChartJS.register(ChoroplethController, GeoFeature, ColorScale, ProjectionScale, Tooltip);

export interface RegionMapProps {
  /** From lib/results/summarizeCells. */
  regions: RegionResults[];
  /** The admin's uploaded map; null: the built-in US states (RegionMap) / ignored (RegionTiles). */
  shape: MapShape | null;
  onSelect?: (region: string) => void;
  /** A candidate's colour; default candidateColour (format.ts). Pass the race's colours to match the other charts. */
  colourOf?: (candidate: string) => string;
}

const TEXT = {
  en: {
    mapOf: (n: number) => `Map of ${n} regions.`,
    tilesOf: (n: number) => `${n} regions.`,
    leads: (who: string, n: number) => `${who} leads ${n}`,
    noVotes: 'no votes yet',
    tie: 'tie',
    noResults: 'no results yet',
    leadsBy: (who: string, margin: string) => `${who} leads by ${margin}`,
    unmatched: (n: number) => `${n} region${n === 1 ? '' : 's'} not on the map:`,
    showTable: 'Show as table',
    hideTable: 'Hide table',
    caption: 'Leader by region',
    region: 'Region',
    leader: 'Leading',
    margin: 'Margin',
    loading: 'Loading the map…',
  },
  es: {
    mapOf: (n: number) => `Mapa de ${n} regiones.`,
    tilesOf: (n: number) => `${n} regiones.`,
    leads: (who: string, n: number) => `${who} gana en ${n}`,
    noVotes: 'sin votos aún',
    tie: 'empate',
    noResults: 'sin resultados aún',
    leadsBy: (who: string, margin: string) => `${who} gana por ${margin}`,
    unmatched: (n: number) => `${n} ${n === 1 ? 'región no está' : 'regiones no están'} en el mapa:`,
    showTable: 'Ver como tabla',
    hideTable: 'Ocultar tabla',
    caption: 'Quién gana en cada región',
    region: 'Región',
    leader: 'Gana',
    margin: 'Ventaja',
    loading: 'Cargando el mapa…',
  },
};
type Text = (typeof TEXT)['en'];

/** The map when one applies (uploaded, or built-in US for results that look like US states), else the tiles. */
export function RegionsGeo(props: RegionMapProps) {
  // Keyed by the region names, not recomputed on every live update of the figures.
  const names = props.regions.map((r) => r.region).join('\n');
  const usLike = useMemo(() => looksLikeUsStates(names === '' ? [] : names.split('\n')), [names]);
  if (props.shape || usLike) return <RegionMap {...props} />;
  return <RegionTiles {...props} />;
}

/** Choropleth of `shape` (or, when null, of the bundled US states): each region in its leader's colour. */
export function RegionMap({ regions, shape, onSelect, colourOf = candidateColour }: RegionMapProps) {
  const t = useText(TEXT);
  const builtin = useBuiltinUsShape(shape === null);
  const drawn = shape ?? builtin;
  const leaders = useMemo(() => regions.map(regionLeader), [regions]);
  const features = useMemo(() => (drawn ? shapeFeatures(drawn) : []), [drawn]);
  const featureNames = useMemo(() => features.map((f) => f.properties.name), [features]);
  const regionNames = regions.map((r) => r.region).join('\n');
  const match = useMemo(
    () => matchRegionNames(regionNames === '' ? [] : regionNames.split('\n'), featureNames, { usCodes: drawn?.source === 'builtin-us' }),
    [regionNames, featureNames, drawn],
  );

  // Per feature: the region drawn there (the first that matched it) and its leader.
  const perFeature = useMemo(() => {
    const leaderOf = new Map(leaders.map((l) => [l.region, l]));
    const regionOfShape = new Map<string, string>();
    for (const [region, shapeName] of match.matched) if (!regionOfShape.has(shapeName)) regionOfShape.set(shapeName, region);
    return features.map((f) => {
      const region = regionOfShape.get(f.properties.name) ?? null;
      return { name: f.properties.name, region, leader: region === null ? null : leaderOf.get(region) ?? null };
    });
  }, [features, leaders, match]);

  // Tooltip and click read the latest figures through a ref, so the options object (and the chart) stay the same.
  const latest = useRef({ perFeature, t, onSelect });
  latest.current = { perFeature, t, onSelect };

  const data = useMemo<ChartData<'choropleth'>>(
    () => ({
      labels: perFeature.map((p) => p.region ?? p.name),
      datasets: [
        {
          label: 'regions',
          outline: features,
          data: features.map((feature, i) => ({ feature, value: perFeature[i].leader?.margin ?? 0 })),
          backgroundColor: perFeature.map((p) => (p.leader ? leaderFill(p.leader, colourOf) : '#eef0f3')),
          borderColor: '#ffffff',
          borderWidth: 0.75,
        },
      ],
    }),
    [features, perFeature, colourOf],
  );

  const projection = drawn?.source === 'builtin-us' ? 'albersUsa' : 'mercator';
  const options = useMemo<ChartOptions<'choropleth'>>(
    () => ({
      responsive: true,
      maintainAspectRatio: false,
      // Short, so a stream of updates reads as motion; none for readers who ask for reduced motion.
      animation: typeof window !== 'undefined' && window.matchMedia?.('(prefers-reduced-motion: reduce)').matches ? false : { duration: 300 },
      plugins: {
        legend: { display: false },
        tooltip: {
          callbacks: {
            title: (items: TooltipItem<'choropleth'>[]) => {
              const p = latest.current.perFeature[items[0]?.dataIndex ?? -1];
              return p ? (p.region ?? p.name) : '';
            },
            label: (item: TooltipItem<'choropleth'>) => {
              const p = latest.current.perFeature[item.dataIndex];
              return p ? describeLeader(p.leader, latest.current.t, p.region === null) : '';
            },
          },
        },
      },
      scales: {
        projection: { axis: 'x', projection },
        color: { axis: 'x', display: false },
      },
      onClick: (_event, elements) => {
        const p = latest.current.perFeature[elements[0]?.index ?? -1];
        if (p?.region) latest.current.onSelect?.(p.region);
      },
      onHover: (event, elements) => {
        const target = event.native?.target as HTMLElement | undefined;
        if (target) target.style.cursor = elements.some((e) => latest.current.perFeature[e.index]?.region) ? 'pointer' : 'default';
      },
    }),
    [projection],
  );

  const summary = `${t.mapOf(regions.length)} ${leadSummary(leaders, t)}`;
  return (
    <div className={styles.geo} data-testid="region-map" data-source={drawn?.source ?? 'loading'} data-leaders={leadersJson(leaders)} data-unmatched={JSON.stringify(match.unmatchedRegions)}>
      {drawn ? (
        <div className={styles.map}>
          <Chart type="choropleth" data={data} options={options} role="img" aria-label={summary} />
        </div>
      ) : (
        <p className="muted" role="status">
          {t.loading}
        </p>
      )}
      <Legend leaders={leaders} colourOf={colourOf} />
      {drawn && match.unmatchedRegions.length > 0 && (
        <p className={styles.unmatched} data-testid="region-map-unmatched">
          {t.unmatched(match.unmatchedRegions.length)} {match.unmatchedRegions.join(', ')}
        </p>
      )}
      <LeaderTable leaders={leaders} t={t} onSelect={onSelect} />
    </div>
  );
}

/** One square per region in its leader's colour: the fallback when no map applies. */
export function RegionTiles({ regions, onSelect, colourOf = candidateColour }: RegionMapProps) {
  const t = useText(TEXT);
  const leaders = useMemo(() => regions.map(regionLeader), [regions]);
  return (
    <div className={styles.geo} data-testid="region-tiles" data-leaders={leadersJson(leaders)}>
      {/* Clickable tiles stay reachable as buttons: a role img would hide them from assistive tech. */}
      <ul className={styles.tiles} role={onSelect ? 'group' : 'img'} aria-label={`${t.tilesOf(regions.length)} ${leadSummary(leaders, t)}`}>
        {leaders.map((l) => {
          const fill = leaderFill(l, colourOf);
          const title = `${l.region}: ${describeLeader(l, t, false)}`;
          return (
            <li key={l.region} className={styles.tileItem}>
              {onSelect ? (
                <button type="button" className={styles.tile} style={{ background: fill, color: textOn(fill) }} title={title} aria-label={title} onClick={() => onSelect(l.region)}>
                  {abbreviate(l.region)}
                </button>
              ) : (
                <span className={styles.tile} style={{ background: fill, color: textOn(fill) }} title={title}>
                  {abbreviate(l.region)}
                </span>
              )}
            </li>
          );
        })}
      </ul>
      <Legend leaders={leaders} colourOf={colourOf} />
      <LeaderTable leaders={leaders} t={t} onSelect={onSelect} />
    </div>
  );
}

function Legend({ leaders, colourOf }: { leaders: RegionLeader[]; colourOf: (candidate: string) => string }) {
  const counts = leadCounts(leaders);
  if (counts.length === 0) return null;
  return (
    <ul className={styles.legend} aria-hidden="true">
      {counts.map(([candidate, n]) => (
        <li key={candidate}>
          <span className={styles.swatch} style={{ background: colourOf(candidate) }} /> {candidateLabel(candidate)} ({n})
        </li>
      ))}
    </ul>
  );
}

function LeaderTable({ leaders, t, onSelect }: { leaders: RegionLeader[]; t: Text; onSelect?: (region: string) => void }) {
  const [open, setOpen] = useState(false);
  return (
    <div>
      <button type="button" className="link-button" aria-expanded={open} onClick={() => setOpen(!open)} data-testid="region-map-table-toggle">
        {open ? t.hideTable : t.showTable}
      </button>
      {open && (
        <div className="table-scroll">
          <table className="table" data-testid="region-map-table">
            <caption>{t.caption}</caption>
            <thead>
              <tr>
                <th scope="col">{t.region}</th>
                <th scope="col">{t.leader}</th>
                <th scope="col" className="num">
                  {t.margin}
                </th>
              </tr>
            </thead>
            <tbody>
              {leaders.map((l) => (
                <tr key={l.region}>
                  <th scope="row">
                    {onSelect ? (
                      <button type="button" className="link-button" onClick={() => onSelect(l.region)}>
                        {l.region}
                      </button>
                    ) : (
                      l.region
                    )}
                  </th>
                  <td>{l.leader === null ? t.noVotes : l.tied ? `${t.tie} (${candidateLabel(l.leader)}, ${candidateLabel(l.runnerUp ?? '')})` : candidateLabel(l.leader)}</td>
                  <td className="num">{l.margin === null ? '—' : formatShare(l.margin, 1)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}

/** The bundled US states (us-atlas), loaded as a chunk of our own app the first time it is needed. */
let usShape: Promise<MapShape> | null = null;
function useBuiltinUsShape(wanted: boolean): MapShape | null {
  const [shape, setShape] = useState<MapShape | null>(null);
  useEffect(() => {
    if (!wanted || shape) return;
    let live = true;
    usShape ??= import('us-atlas/states-10m.json').then((m) => builtinUsShape((m as { default?: unknown }).default ?? m));
    void usShape.then((s) => live && setShape(s));
    return () => {
      live = false;
    };
  }, [wanted, shape]);
  return wanted ? shape : null;
}

function describeLeader(l: RegionLeader | null, t: Text, noShapeMatch: boolean): string {
  if (noShapeMatch || l === null) return t.noResults;
  if (l.leader === null) return t.noVotes;
  if (l.tied) return `${t.tie}: ${candidateLabel(l.leader)}, ${candidateLabel(l.runnerUp ?? '')}`;
  return t.leadsBy(candidateLabel(l.leader), formatShare(l.margin ?? 0, 1));
}

function leadCounts(leaders: RegionLeader[]): [string, number][] {
  const counts = new Map<string, number>();
  for (const l of leaders) if (l.leader !== null && !l.tied) counts.set(l.leader, (counts.get(l.leader) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
}

function leadSummary(leaders: RegionLeader[], t: Text): string {
  return leadCounts(leaders)
    .map(([c, n]) => t.leads(candidateLabel(c), n))
    .join(', ');
}

function leadersJson(leaders: RegionLeader[]): string {
  return JSON.stringify(Object.fromEntries(leaders.map((l) => [l.region, l.leader])));
}

function abbreviate(region: string): string {
  const words = region.split(/\s+/).filter(Boolean);
  if (region.length <= 4) return region;
  return words.length > 1 ? words.map((w) => w[0]).join('').slice(0, 3).toUpperCase() : region.slice(0, 3);
}

/** Black or white text, whichever reads better on the fill (#rrggbb, or hsl by its lightness). */
function textOn(fill: string): string {
  const hsl = /^hsl\(.*\s([\d.]+)%\s*\)$/.exec(fill);
  if (hsl) return Number(hsl[1]) > 60 ? '#1b1f24' : '#ffffff';
  if (!/^#[0-9a-f]{6}$/i.test(fill)) return '#ffffff';
  const n = parseInt(fill.slice(1), 16);
  const lum = 0.299 * ((n >> 16) & 255) + 0.587 * ((n >> 8) & 255) + 0.114 * (n & 255);
  return lum > 150 ? '#1b1f24' : '#ffffff';
}

