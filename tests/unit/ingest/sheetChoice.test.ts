import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openVoteRows } from '../../../lib/ingest/readVoteRows';
import { IngestError } from '../../../lib/ingest/types';
import { writeTwoSheetXlsx } from '../../support/twoSheetXlsx';

describe('xlsx worksheet choice', () => {
  const file = path.join(os.tmpdir(), `sheets-${process.pid}.xlsx`);
  const build = () =>
    writeTwoSheetXlsx(
      file,
      { name: 'Portada', rows: [['Elecciones 2026'], ['Acta consolidada']] },
      { name: 'Votos', rows: [['region', 'candidato'], ['Tacna', 'Ana'], ['Tacna', 'Luis']] },
    );

  it('reads the first sheet by default and lists every sheet', async () => {
    await build();
    const err = await openVoteRows(file).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(IngestError);
    expect((err as IngestError).code).toBe('bad_header');
    expect((err as IngestError).sheets).toEqual(['Portada', 'Votos']);
  });

  it('reads the sheet the uploader chose', async () => {
    await build();
    const opened = await openVoteRows(file, { sheet: 'Votos' });
    expect(opened.sheets).toEqual(['Portada', 'Votos']);
    const rows = [];
    for await (const r of opened.rows) rows.push(r.vote?.candidate);
    expect(rows).toEqual(['Ana', 'Luis']);
  });

  it('refuses a sheet name the workbook does not have, naming the ones it has', async () => {
    await build();
    const err = await openVoteRows(file, { sheet: 'Hoja9' }).catch((e: unknown) => e);
    expect((err as IngestError).code).toBe('unknown_sheet');
    expect((err as IngestError).message).toMatch(/Portada, Votos/);
  });
});
