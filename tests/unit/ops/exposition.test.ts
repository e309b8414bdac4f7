import { describe, expect, it } from 'vitest';
import { escapeLabelValue, renderGauge, renderHistogram } from '../../../lib/ops/exposition';
import { bucketFields, JOB_DURATION_BUCKETS, jobDurationSeries } from '../../../lib/ops/jobDurations';
import { sameSecret } from '../../../lib/ops/metricsAccess';
import { withTimeout } from '../../../lib/ops/withTimeout';

describe('Prometheus text exposition', () => {
  it('renders a gauge with HELP, TYPE and escaped label values', () => {
    const text = renderGauge('tally_uploads', 'Uploads by status', [
      { labels: { status: 'done' }, value: 3 },
      { labels: { status: 'a"b\\c\nd' }, value: 0 },
    ]);
    expect(text).toBe(
      '# HELP tally_uploads Uploads by status\n# TYPE tally_uploads gauge\ntally_uploads{status="done"} 3\ntally_uploads{status="a\\"b\\\\c\\nd"} 0\n',
    );
    expect(escapeLabelValue('plain')).toBe('plain');
  });

  it('renders an unlabelled sample without braces', () => {
    expect(renderGauge('tally_version', 'v', [{ labels: {}, value: 7 }])).toContain('\ntally_version 7\n');
  });

  it('renders a histogram with cumulative buckets, +Inf equal to the count, sum and count', () => {
    const text = renderHistogram('h_seconds', 'help', [{ labels: { outcome: 'completed' }, buckets: [[0.1, 1], [1, 3]], sum: 2.5, count: 4 }]);
    expect(text.split('\n')).toEqual([
      '# HELP h_seconds help',
      '# TYPE h_seconds histogram',
      'h_seconds_bucket{outcome="completed",le="0.1"} 1',
      'h_seconds_bucket{outcome="completed",le="1"} 3',
      'h_seconds_bucket{outcome="completed",le="+Inf"} 4',
      'h_seconds_sum{outcome="completed"} 2.5',
      'h_seconds_count{outcome="completed"} 4',
      '',
    ]);
  });
});

describe('job durations kept in Redis', () => {
  it('an observation increments every bucket at or above it (cumulative), none below', () => {
    expect(bucketFields('completed', 0.3)).toEqual(JOB_DURATION_BUCKETS.filter((le) => le >= 0.5).map((le) => `completed:le:${le}`));
    expect(bucketFields('failed', 0.05)).toContain('failed:le:0.05');
    expect(bucketFields('completed', 1000)).toEqual([]);
  });

  it('reads the hash back as one series per outcome, zeros where nothing was recorded', () => {
    const series = jobDurationSeries({ 'completed:le:0.5': '2', 'completed:le:60': '3', 'completed:count': '3', 'completed:sum': '4.25' });
    expect(series.map((s) => s.labels.outcome)).toEqual(['completed', 'failed']);
    expect(series[0].count).toBe(3);
    expect(series[0].sum).toBe(4.25);
    expect(series[0].buckets.find(([le]) => le === 0.5)![1]).toBe(2);
    expect(series[0].buckets.find(([le]) => le === 0.1)![1]).toBe(0);
    expect(series[1]).toMatchObject({ count: 0, sum: 0 });
  });
});

describe('ops helpers', () => {
  it('compares secrets of any length without throwing', () => {
    expect(sameSecret('a'.repeat(30), 'a'.repeat(30))).toBe(true);
    expect(sameSecret('short', 'a'.repeat(30))).toBe(false);
    expect(sameSecret('', 'x')).toBe(false);
  });

  it('withTimeout settles with the work, or rejects naming what timed out', async () => {
    await expect(withTimeout(Promise.resolve(5), 100, 'x')).resolves.toBe(5);
    await expect(withTimeout(Promise.reject(new Error('refused')), 100, 'x')).rejects.toThrow('refused');
    await expect(withTimeout(new Promise(() => {}), 20, 'postgres')).rejects.toThrow('postgres timed out after 20 ms');
  });
});
