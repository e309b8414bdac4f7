import { describe, expect, it } from 'vitest';
import { corpusFiles, type CorpusFile } from '../../../lib/generate/corpus';
import { computeTruth, formatTruth } from '../../../lib/generate/truth';

/**
 * The counting rules, written the plain way and from the cells as written (not the generator's own reading of
 * them): one Set of voter id strings, one Map of votes.
 */
function referenceTruth(files: readonly CorpusFile[]) {
  const seen = new Set<string>();
  const votes = new Map<string, number>();
  let rows = 0;
  let duplicates = 0;
  for (const file of files) {
    const at = (...names: string[]) => file.columns.findIndex((c) => names.includes(c));
    const [region, candidate, id, flag, status] = [at('region', 'state'), at('candidato', 'candidate'), at('dni', 'vote_id'), at('esvalido', 'valid'), at('status')];
    for (const { cells } of file.rows()) {
      rows++;
      const voterId = String(cells[id]);
      if (seen.has(voterId)) {
        duplicates++;
        continue;
      }
      seen.add(voterId);
      const s = status >= 0 ? String(cells[status]) : cells[flag] === 1 || cells[flag] === true ? 'valid' : 'null';
      const key = JSON.stringify([cells[region], s === 'valid' ? cells[candidate] : '', s]);
      votes.set(key, (votes.get(key) ?? 0) + 1);
    }
  }
  const cells = [...votes].map(([key, n]) => [...JSON.parse(key), n]).sort((a, b) => (a.slice(0, 3).join('\u0000') < b.slice(0, 3).join('\u0000') ? -1 : 1));
  return { rows, votesCounted: rows - duplicates, duplicatesRejected: duplicates, cells };
}

describe('computeTruth', () => {
  // voterIds far below the row count forces many repeats, within and across files.
  const corpora = {
    peru: corpusFiles({ shape: 'peru', seed: 5, scale: 0.002, voterIds: 2_000 }),
    us: corpusFiles({ shape: 'us', seed: 5, scale: 0.05, voterIds: 30_000 }),
  };

  for (const [shape, files] of Object.entries(corpora)) {
    it(`${shape}: equals a straightforward count, in both upload orders`, () => {
      expect(files.length).toBeGreaterThan(1);
      for (const order of [files, [...files].reverse()]) {
        const truth = computeTruth(order);
        const reference = referenceTruth(order);
        expect(truth.duplicatesRejected).toBeGreaterThan(100);
        expect({ rows: truth.rows, votesCounted: truth.votesCounted, duplicatesRejected: truth.duplicatesRejected, cells: truth.cells }).toEqual(reference);
        expect(truth.totals.valid + truth.totals.blank + truth.totals.null).toBe(truth.votesCounted);
        expect(truth.files).toEqual(order.map((f) => f.name));
      }
    });

    it(`${shape}: reversing the upload order changes which repeats count, not rows = counted + rejected`, () => {
      const forward = computeTruth(files);
      const reversed = computeTruth([...files].reverse());
      expect(reversed.rows).toBe(forward.rows);
      for (const t of [forward, reversed]) expect(t.votesCounted + t.duplicatesRejected).toBe(t.rows);
      expect(reversed.cells).not.toEqual(forward.cells);
    });
  }

  it('counts a single-file corpus exactly like its files in name order', () => {
    const spec = { shape: 'peru', seed: 5, scale: 0.002, voterIds: 2_000 } as const;
    const { files: _, ...single } = computeTruth(corpusFiles({ ...spec, single: true }));
    const { files: __, ...separate } = computeTruth(corpusFiles(spec));
    expect(single).toEqual(separate);
  });

  it('has about 1% repeats and no blank votes for peru, unique ids for us', () => {
    const peru = computeTruth(corpusFiles({ shape: 'peru', seed: 1, scale: 0.01 }));
    expect(peru.totals.blank).toBe(0);
    expect(peru.cells.every(([, candidate, status]) => (status === 'valid') === (candidate !== ''))).toBe(true);
    const us = computeTruth(corpusFiles({ shape: 'us', seed: 1, scale: 0.02 }));
    expect(us.duplicatesRejected).toBe(0);
    expect(us.totals.blank).toBeGreaterThan(0);
  });

  it('formats truth.json as JSON with one cell per line', () => {
    const truth = computeTruth(corpusFiles({ shape: 'us', seed: 1, scale: 0.001 }));
    const text = formatTruth(truth);
    expect(JSON.parse(text)).toEqual(truth);
    expect(text).toContain(`\n    ${JSON.stringify(truth.cells[0])},\n`);
  });
});
