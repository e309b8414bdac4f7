import { writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseMapping, MappingInvalid } from '../../../lib/ingest/parseMapping';
import { openVoteRows } from '../../../lib/ingest/readVoteRows';
import { IngestError } from '../../../lib/ingest/types';

async function tmpCsv(text: string): Promise<string> {
  const p = path.join(os.tmpdir(), `mapping-${process.pid}-${Math.random().toString(36).slice(2)}.csv`);
  await writeFile(p, text);
  return p;
}

async function all(p: string, mapping?: ReturnType<typeof parseMapping>) {
  const { rows } = await openVoteRows(p, { mapping });
  const out = [];
  for await (const r of rows) out.push(r);
  return out;
}

describe('explicit column mapping', () => {
  it('parses a mapping into a Map; bad JSON and unknown roles are refused with a clear message', () => {
    const m = parseMapping('{"Dpto":"region"," Postulante ":"candidate","Mesa":null,"__proto__":"votes"}')!;
    expect([...m]).toEqual([
      ['Dpto', 'region'],
      ['Postulante', 'candidate'],
      ['Mesa', null],
      ['__proto__', 'votes'],
    ]);
    expect(({} as Record<string, unknown>).votes).toBeUndefined();
    expect(parseMapping(null)).toBeUndefined();
    expect(() => parseMapping('{')).toThrow(MappingInvalid);
    expect(() => parseMapping('{"Dpto":"mayor"}')).toThrow(/Dpto/);
  });

  it('a header no alias knows is refused, and counts once the uploader maps it', async () => {
    const p = await tmpCsv('Dpto,Postulante,Turno,votos\r\nLima,Ana,12,3\r\nCusco,Luis,7,2\r\n');
    const refused = await openVoteRows(p).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(IngestError);
    expect((refused as IngestError).code).toBe('bad_header');
    expect((refused as IngestError).header).toEqual(['Dpto', 'Postulante', 'Turno', 'votos']);

    const rows = await all(p, parseMapping('{"Dpto":"region","Postulante":"candidate"}'));
    expect(rows.map((r) => [r.row, r.vote?.region, r.vote?.candidate, r.vote?.votes, r.vote?.extra?.Turno])).toEqual([
      [2, 'Lima', 'Ana', 3, '12'],
      [3, 'Cusco', 'Luis', 2, '7'],
    ]);
  });

  it('can override an alias: a column named "votos" treated as an attribute counts each row once', async () => {
    const p = await tmpCsv('region,candidato,votos\r\nLima,Ana,5\r\n');
    const rows = await all(p, parseMapping('{"votos":null}'));
    expect(rows[0].vote).toMatchObject({ region: 'Lima', candidate: 'Ana', votes: 1 });
    expect(rows[0].vote?.extra?.votos).toBe('5');
  });
});
