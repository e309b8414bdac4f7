// Prometheus text exposition (format 0.0.4) for the cluster-wide series, which are read from Postgres, BullMQ and
// Redis at scrape time rather than held in this process's prom-client registry. Pure, so it is unit-tested.

export type Labels = Record<string, string>;

export interface Sample {
  labels: Labels;
  value: number;
}

export interface HistogramSeries {
  labels: Labels;
  /** Cumulative counts per upper bound, ascending, without +Inf (which is `count`). */
  buckets: [le: number, count: number][];
  sum: number;
  count: number;
}

export function escapeLabelValue(v: string): string {
  return v.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
}

function labelText(labels: Labels): string {
  const parts = Object.entries(labels).map(([k, v]) => `${k}="${escapeLabelValue(v)}"`);
  return parts.length ? `{${parts.join(',')}}` : '';
}

function num(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return '+Inf';
  if (v === -Infinity) return '-Inf';
  return String(v);
}

function header(name: string, help: string, type: string): string {
  return `# HELP ${name} ${help.replace(/\\/g, '\\\\').replace(/\n/g, '\\n')}\n# TYPE ${name} ${type}\n`;
}

export function renderGauge(name: string, help: string, samples: Sample[], type: 'gauge' | 'counter' = 'gauge'): string {
  return header(name, help, type) + samples.map((s) => `${name}${labelText(s.labels)} ${num(s.value)}\n`).join('');
}

export function renderHistogram(name: string, help: string, series: HistogramSeries[]): string {
  let out = header(name, help, 'histogram');
  for (const s of series) {
    for (const [le, count] of s.buckets) out += `${name}_bucket${labelText({ ...s.labels, le: num(le) })} ${count}\n`;
    out += `${name}_bucket${labelText({ ...s.labels, le: '+Inf' })} ${s.count}\n`;
    out += `${name}_sum${labelText(s.labels)} ${num(s.sum)}\n`;
    out += `${name}_count${labelText(s.labels)} ${s.count}\n`;
  }
  return out;
}
