// Flags on the published numbers that an observer should look at twice. Pure: the dashboard runs it in the browser
// on the results it already holds; tests run it on hand-made results. A flag is a prompt to check, not a verdict.
import type { Results } from './summarizeCells';
import { computeTurnout, type ExpectedVoters } from './turnout';

export type AnomalyKind = 'turnout' | 'decrease' | 'null-share';
/** alert: cannot be right as it stands (more votes than voters); warning: may be right, must be visible. */
export type AnomalySeverity = 'alert' | 'warning';

export interface Anomaly {
  kind: AnomalyKind;
  severity: AnomalySeverity;
  region?: string;
  candidate?: string;
  version?: number;
  /** turnout: votes / registered (1.05 = 105 %); decrease: the change in votes (negative); null-share: null / votes. */
  value: number;
  message: { en: string; es: string };
}

/** A valid-candidate cell that went down in one version (GET /api/ledger/decreases). */
export interface VoteDecrease {
  version: number;
  region: string;
  candidate: string;
  /** Negative. */
  votes: number;
  /** When given, only 'upload' counts: a retraction or a reset takes votes away on purpose. */
  reason?: string;
}

export interface AnomalyOptions {
  /** A region needs at least this many votes to be judged on its null share (small samples swing wildly). */
  nullShareMinVotes: number;
  /** And at least this many such regions must exist for a median to mean anything. */
  nullShareMinRegions: number;
}

export const DEFAULT_ANOMALY_OPTIONS: AnomalyOptions = { nullShareMinVotes: 500, nullShareMinRegions: 4 };

export interface AnomalyInput {
  results: Results;
  /** The admin's expected-voters list; without it there is no turnout check. */
  expected?: readonly ExpectedVoters[];
  decreases?: readonly VoteDecrease[];
  options?: Partial<AnomalyOptions>;
}

const int = { en: new Intl.NumberFormat('en-US'), es: new Intl.NumberFormat('es-ES', { useGrouping: 'always' } as Intl.NumberFormatOptions) };
const pct = {
  en: new Intl.NumberFormat('en-US', { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 }),
  es: new Intl.NumberFormat('es-ES', { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 }),
};

const SEVERITY_ORDER: Record<AnomalySeverity, number> = { alert: 0, warning: 1 };

/** Every flag, alerts first, then by kind, region and version. */
export function detectAnomalies(input: AnomalyInput): Anomaly[] {
  const opts = { ...DEFAULT_ANOMALY_OPTIONS, ...input.options };
  const flags = [
    ...turnoutFlags(input.results, input.expected),
    ...decreaseFlags(input.decreases ?? []),
    ...nullShareFlags(input.results, opts),
  ];
  const kindOrder: AnomalyKind[] = ['turnout', 'null-share', 'decrease'];
  return flags.sort(
    (a, b) =>
      SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] ||
      kindOrder.indexOf(a.kind) - kindOrder.indexOf(b.kind) ||
      (a.region ?? '').localeCompare(b.region ?? '') ||
      (a.version ?? 0) - (b.version ?? 0),
  );
}

/**
 * (a) More votes (valid + blank + null) than registered voters, per region of the expected list (matched to result
 * regions as the turnout panel matches them: computeTurnout), and nationally only when every region with votes has a
 * row (otherwise regions without a figure would inflate the national ratio).
 */
function turnoutFlags(results: Results, expected: readonly ExpectedVoters[] | undefined): Anomaly[] {
  if (!expected || expected.length === 0) return [];
  const t = computeTurnout(results, expected);
  const over = (counted: number, registered: number) => (registered > 0 ? counted / registered : Infinity);
  const out: Anomaly[] = [];
  for (const r of t.regions) {
    if (r.resultRegions.length === 0 || r.counted <= r.registered) continue;
    const value = over(r.counted, r.registered);
    out.push({
      kind: 'turnout',
      severity: 'alert',
      region: r.region,
      value,
      message: {
        en: `${r.region}: ${int.en.format(r.counted)} votes for ${int.en.format(r.registered)} registered voters (${share('en', value)} turnout)`,
        es: `${r.region}: ${int.es.format(r.counted)} votos para ${int.es.format(r.registered)} electores inscritos (participación ${share('es', value)})`,
      },
    });
  }
  const { counted, registered } = t.national;
  if (t.resultsWithoutExpected.length === 0 && results.regions.length > 0 && counted > registered) {
    const value = over(counted, registered);
    out.push({
      kind: 'turnout',
      severity: 'alert',
      value,
      message: {
        en: `Nationwide: ${int.en.format(counted)} votes for ${int.en.format(registered)} registered voters (${share('en', value)} turnout)`,
        es: `A nivel nacional: ${int.es.format(counted)} votos para ${int.es.format(registered)} electores inscritos (participación ${share('es', value)})`,
      },
    });
  }
  return out;
}

/**
 * (b) A candidate's valid votes in a region went down in a version that was an upload (not a retraction or a reset).
 * That happens legitimately: an earlier row counted late takes a duplicate voter id from a later row that had
 * counted first; but a count going backwards must never be silent.
 */
function decreaseFlags(decreases: readonly VoteDecrease[]): Anomaly[] {
  return decreases
    .filter((d) => d.votes < 0 && (d.reason === undefined || d.reason === 'upload'))
    .map((d) => ({
      kind: 'decrease' as const,
      severity: 'warning' as const,
      region: d.region,
      candidate: d.candidate,
      version: d.version,
      value: d.votes,
      message: {
        en: `Version ${d.version}: ${d.candidate}'s valid votes in ${d.region} went down by ${int.en.format(-d.votes)} during an upload`,
        es: `Versión ${d.version}: los votos válidos de ${d.candidate} en ${d.region} bajaron en ${int.es.format(-d.votes)} durante una carga`,
      },
    }));
}

/**
 * (c) A region whose share of null votes is far above the other regions'. Only regions with at least
 * `nullShareMinVotes` votes take part, and only when there are `nullShareMinRegions` of them. With m the median
 * null share of those regions and MAD the median absolute deviation from m (scaled by 1.4826, so it estimates a
 * standard deviation for normal data), a region is flagged when its share exceeds
 *     max(2·m, m + 4·1.4826·MAD, m + 0.02)
 * — double the typical share, at least four robust standard deviations out, and at least 2 percentage points above
 * the median (without that floor, a country with almost no null votes would flag a region with a handful).
 * Median and MAD include the region itself; with the minimum of regions that barely moves them and keeps it simple.
 */
function nullShareFlags(results: Results, opts: AnomalyOptions): Anomaly[] {
  const eligible = results.regions.filter((r) => r.votes >= opts.nullShareMinVotes && r.votes > 0);
  if (eligible.length < opts.nullShareMinRegions) return [];
  const shares = eligible.map((r) => r.null / r.votes);
  const m = median(shares);
  const mad = 1.4826 * median(shares.map((s) => Math.abs(s - m)));
  const threshold = Math.max(2 * m, m + 4 * mad, m + 0.02);
  return eligible
    .map((r, i) => ({ r, s: shares[i] }))
    .filter(({ s }) => s > threshold)
    .map(({ r, s }) => ({
      kind: 'null-share' as const,
      severity: 'warning' as const,
      region: r.region,
      value: s,
      message: {
        en: `${r.region}: ${share('en', s)} of votes are null (median of regions ${share('en', m)})`,
        es: `${r.region}: el ${share('es', s)} de los votos son nulos (mediana de las regiones ${share('es', m)})`,
      },
    }));
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return 0;
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

function share(lang: 'en' | 'es', v: number): string {
  return Number.isFinite(v) ? pct[lang].format(v) : '∞';
}
