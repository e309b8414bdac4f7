import { describe, expect, it } from 'vitest';
import { buildColumnMap, foldHeader, mapCells, ObjectKeyMapper, roleOfHeader } from '../../../lib/ingest/mapColumns';
import { errorOf } from './fixtureFiles';

describe('header mapping', () => {
  it('folds case, accents, spaces, underscores and hyphens', () => {
    expect(foldHeader('  Es_Válido ')).toBe('esvalido');
    expect(foldHeader('Voter-ID')).toBe('voterid');
    expect(roleOfHeader('Región')).toBe('region');
    expect(roleOfHeader('CANDIDATO')).toBe('candidate');
    expect(roleOfHeader('esVálido')).toBe('valid');
    expect(roleOfHeader('Voter ID')).toBe('voterId');
    expect(roleOfHeader('VOTE_COUNT')).toBe('votes');
    expect(roleOfHeader('Departamento')).toBe('region');
    expect(roleOfHeader('Municipio')).toBe('district');
    expect(roleOfHeader('timestamp')).toBeNull();
    expect(roleOfHeader('Tipo de voto')).toBe('status');
    expect(roleOfHeader('STATUS')).toBe('status');
    // "estado" is a state (a region) in Spanish and Portuguese files, never the vote status
    expect(roleOfHeader('Estado')).toBe('region');
  });

  it('maps a Peruvian sheet header', () => {
    const map = buildColumnMap(['Región', 'provincia', 'ciudad', 'DNI', 'CANDIDATO', 'esVálido']);
    expect(map).toMatchObject({ region: 0, province: 1, district: 2, voterId: 3, candidate: 4, valid: 5, votes: -1, extras: [], width: 6 });
  });

  it('maps a JSON vote stream and keeps unknown columns as extras under their header', () => {
    const map = buildColumnMap(['vote_id', 'timestamp', 'state', 'candidate', 'age_group', 'vote_count']);
    expect(map).toMatchObject({ voterId: 0, region: 2, candidate: 3, votes: 5, province: -1, valid: -1 });
    expect(map.extras).toEqual([
      { index: 1, name: 'timestamp' },
      { index: 4, name: 'age_group' },
    ]);
  });

  it('refuses a header without region or candidate, naming what is missing', async () => {
    const noRegion = await errorOf(async () => buildColumnMap(['provincia', 'candidato']));
    expect(noRegion).toMatchObject({ code: 'bad_header', message: expect.stringMatching(/region/) });
    expect(noRegion.message).not.toMatch(/candidate \(/);
    const neither = await errorOf(async () => buildColumnMap(['a', 'b']));
    expect(neither.message).toMatch(/region .* and candidate/);
  });

  it('refuses two columns for one role rather than guessing', async () => {
    expect(await errorOf(async () => buildColumnMap(['region', 'Estado', 'candidate']))).toMatchObject({
      code: 'bad_header',
      message: expect.stringMatching(/"region" and "Estado"/),
    });
  });

  it('keeps __proto__ and constructor headers as plain data without polluting prototypes', () => {
    const map = buildColumnMap(['region', 'candidate', '__proto__', 'constructor', 'toString']);
    const raw = mapCells(['Lima', 'A', '{"polluted":true}', 'C', 'T'], map);
    expect(raw.extra).not.toBeNull();
    expect(Object.keys(raw.extra!)).toEqual(['__proto__', 'constructor', 'toString']);
    expect(raw.extra!['__proto__']).toBe('{"polluted":true}');
    expect(Object.getPrototypeOf(raw.extra)).toBeNull();
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype.constructor).toBe(Object);
  });

  it('picks cells by role: absent columns undefined, short rows empty', () => {
    const map = buildColumnMap(['region', 'candidate', 'votes', 'note']);
    expect(mapCells(['Lima'], map)).toEqual({
      region: 'Lima', province: undefined, district: undefined, candidate: '', valid: undefined, voterId: undefined, votes: '', extra: null,
    });
  });

  it('ObjectKeyMapper caches by key and checks required columns only when asked', async () => {
    const mapper = new ObjectKeyMapper();
    const keys = ['state', 'candidate'];
    const first = mapper.mapKeys(keys, true);
    expect(mapper.mapKeys(['state', 'candidate'])).toBe(first);
    expect(mapper.mapKeys(['state']).candidate).toBe(-1);
    expect(await errorOf(async () => mapper.mapKeys(['timestamp'], true))).toMatchObject({ code: 'bad_header' });
  });
});
