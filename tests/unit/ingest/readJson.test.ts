import { afterAll, describe, expect, it } from 'vitest';
import { JsonArraySplitter } from '../../../lib/ingest/jsonArraySplitter';
import { readJson } from '../../../lib/ingest/readJson';
import { readNdjson } from '../../../lib/ingest/readNdjson';
import { resolveLimits } from '../../../lib/ingest/rowLimits';
import { collect, errorOf, makeTempDir } from './fixtureFiles';

const tmp = makeTempDir();
afterAll(() => tmp.remove());
const limits = resolveLimits();

describe('readJson', () => {
  it('streams an array of objects as keys and text values', async () => {
    const file = tmp.file(
      'votes.json',
      '\ufeff[\n {"vote_id": "v1", "state": "Ohio", "candidate": "A", "vote_count": 3, "ok": true, "n": null, "tags": ["x", {"y": "]}"}]},\n' +
        ' {"state": "Te\\"xas}]", "candidate": "B\\\\"}\n]\n',
    );
    expect(await collect(readJson(file, limits))).toEqual([
      {
        row: 1,
        keys: ['vote_id', 'state', 'candidate', 'vote_count', 'ok', 'n', 'tags'],
        values: ['v1', 'Ohio', 'A', '3', 'true', '', '["x",{"y":"]}"}]'],
      },
      { row: 2, keys: ['state', 'candidate'], values: ['Te"xas}]', 'B\\'] },
    ]);
  });

  it('makes non-object elements row errors and an empty array no rows', async () => {
    const file = tmp.file('mixed.json', '[1, "x", null, [1], {"state": "Ohio"}]');
    const records = await collect(readJson(file, limits));
    expect(records.map((r) => r.error ?? 'ok')).toEqual([
      'not a JSON object (found a number)',
      'not a JSON object (found a string)',
      'not a JSON object (found null)',
      'not a JSON object (found an array)',
      'ok',
    ]);
    expect(await collect(readJson(tmp.file('empty.json', ' [ ] '), limits))).toEqual([]);
  });

  it('refuses broken JSON as corrupt_file, never hanging', async () => {
    const broken = [
      '[{"state": "Ohio"}, {"state": "Tex', // truncated inside a string
      '[{"state": "Ohio"},', // truncated after a comma
      '[{"state": "Ohio"}', // never closed
      '[{"state": "Ohio",}]', // trailing comma inside an object
      '[{"state": "Ohio"},]', // trailing comma in the array
      '[{"state": "Ohio"} {"state": "Texas"}]', // missing comma
      '[{"state": "Ohio"}] trailing', // content after the array
      '[{"state": Ohio}]', // bare word
      '[{"state": "Ohio"}}]', // unbalanced
      '{"state": "Ohio"}', // not an array
    ];
    for (const [i, text] of broken.entries()) {
      const err = await errorOf(() => collect(readJson(tmp.file(`broken-${i}.json`, text), limits)));
      expect(err, text).toMatchObject({ name: 'IngestError', code: 'corrupt_file' });
    }
  });

  it('applies maxRows, maxColumns, maxCellLength and bounds one element', async () => {
    const rows = tmp.file('rows.json', JSON.stringify([{ a: 1 }, { a: 2 }, { a: 3 }]));
    expect(await errorOf(() => collect(readJson(rows, resolveLimits({ maxRows: 2 }))))).toMatchObject({ code: 'too_many_rows' });
    const wide = tmp.file('wide.json', JSON.stringify([{ a: 1, b: 2, c: 3 }]));
    expect(await errorOf(() => collect(readJson(wide, resolveLimits({ maxColumns: 2 }))))).toMatchObject({ code: 'too_many_columns' });
    const long = tmp.file('long.json', JSON.stringify([{ a: 'x'.repeat(11) }]));
    expect(await errorOf(() => collect(readJson(long, resolveLimits({ maxCellLength: 10 }))))).toMatchObject({ code: 'cell_too_long' });
    const huge = tmp.file('huge.json', `[{"a": [${'1,'.repeat(100_000)}1]}]`);
    expect(await errorOf(() => collect(readJson(huge, resolveLimits({ maxCellLength: 100, maxColumns: 10 }))))).toMatchObject({ code: 'cell_too_long' });
  });

  it('refuses invalid UTF-8', async () => {
    const file = tmp.file('latin1.json', Buffer.from('[{"state": "Áncash"}]', 'latin1'));
    expect(await errorOf(() => collect(readJson(file, limits)))).toMatchObject({ code: 'corrupt_file' });
  });
});

describe('JsonArraySplitter', () => {
  it('splits the same whatever the chunking', () => {
    const text = '[ {"a": "x,]}\\"", "b": [1, {"c": 2}]}, 7, "s,]", null , {"d":{}} ]';
    const expected = ['{"a": "x,]}\\"", "b": [1, {"c": 2}]}', ' 7', ' "s,]"', ' null ', '{"d":{}}'];
    for (let size = 1; size <= text.length; size++) {
      const splitter = new JsonArraySplitter(1000);
      const out: string[] = [];
      for (let i = 0; i < text.length; i += size) splitter.push(text.slice(i, i + size), out);
      splitter.end();
      expect(out.map((s) => s.trim()), `chunk size ${size}`).toEqual(expected.map((s) => s.trim()));
    }
  });
});

describe('readNdjson', () => {
  it('reads one object per line, skips blank lines, numbers rows by line', async () => {
    const file = tmp.file('votes.ndjson', '{"state":"Ohio","candidate":"A"}\r\n\r\n{"state":"Texas","vote_count":2}\n   \n{"state":"Utah"}');
    expect(await collect(readNdjson(file, limits))).toEqual([
      { row: 1, keys: ['state', 'candidate'], values: ['Ohio', 'A'] },
      { row: 3, keys: ['state', 'vote_count'], values: ['Texas', '2'] },
      { row: 5, keys: ['state'], values: ['Utah'] },
    ]);
  });

  it('makes a line that does not parse, or is not an object, a row error with its line number', async () => {
    const file = tmp.file('bad-line.ndjson', '{"state":"Ohio"}\n{"state": "Tex\n[1,2]\n{"state":"Utah"}\n');
    expect(await collect(readNdjson(file, limits))).toEqual([
      { row: 1, keys: ['state'], values: ['Ohio'] },
      { row: 2, error: 'not valid JSON' },
      { row: 3, error: 'not a JSON object (found an array)' },
      { row: 4, keys: ['state'], values: ['Utah'] },
    ]);
  });

  it('reads lines split across read chunks and bounds a line', async () => {
    const line = JSON.stringify({ state: 'Ñuble', candidate: 'Ana María' });
    const records = await collect(readNdjson(tmp.file('many.ndjson', `${line}\n`.repeat(20_000)), limits));
    expect(records).toHaveLength(20_000);
    expect(records.every((r) => r.keys !== undefined && r.values[0] === 'Ñuble')).toBe(true);
    const endless = tmp.file('endless.ndjson', `{"a":"${'x'.repeat(300_000)}`);
    expect(await errorOf(() => collect(readNdjson(endless, resolveLimits({ maxCellLength: 100, maxColumns: 10 }))))).toMatchObject({ code: 'cell_too_long' });
  });
});
