import { describe, expect, it } from 'vitest';
import type { RawVote } from '../../../lib/ingest/mapColumns';
import { cleanText, parseValidFlag, parseVoteCount, validateRow } from '../../../lib/ingest/validateRow';

const raw = (fields: Partial<RawVote>): RawVote => ({
  contest: undefined, station: undefined, region: undefined, province: undefined, district: undefined, candidate: undefined, valid: undefined, status: undefined, voterId: undefined, votes: undefined, extra: null,
  ...fields,
});

describe('validateRow', () => {
  it('trims and NFC-normalises so composed and decomposed text are equal', () => {
    const composed = validateRow(raw({ region: ' \u00c1ncash ', candidate: 'Jos\u00e9' }));
    const decomposed = validateRow(raw({ region: 'A\u0301ncash', candidate: 'Jose\u0301 ' }));
    expect(composed).toEqual(decomposed);
    expect(composed).toMatchObject({ region: 'Áncash', candidate: 'José' });
  });

  it('fills defaults: valid without a valid column, 1 vote, empty optional fields, null voter id', () => {
    expect(validateRow(raw({ region: 'Lima', candidate: 'A', voterId: ' ' }))).toEqual({
      contest: '', station: '', region: 'Lima', province: '', district: '', candidate: 'A', status: 'valid', votes: 1, voterId: null, extra: null,
    });
  });

  it('requires a region, and a candidate for a valid vote', () => {
    expect(validateRow(raw({ region: '  ', candidate: 'A' }))).toBe('missing region');
    expect(validateRow(raw({ candidate: 'A' }))).toBe('missing region');
    expect(validateRow(raw({ region: 'Lima', candidate: '' }))).toBe('missing candidate');
    expect(validateRow(raw({ region: 'Lima', candidate: '', valid: '1' }))).toBe('missing candidate');
  });

  it('counts a vote flagged not valid as null, keeping its candidate text as given, or none', () => {
    expect(validateRow(raw({ region: 'Lima', candidate: 'Ana ', valid: 'no' }))).toMatchObject({ status: 'null', candidate: 'Ana' });
    expect(validateRow(raw({ region: 'Lima', candidate: '', valid: '0' }))).toMatchObject({ status: 'null', candidate: '' });
  });

  it('reads valid flags in many spellings', () => {
    for (const t of ['1', 'true', 'TRUE', 'sí', 'SÍ', 'si', 'Yes', 'y', 'T', 'Verdadero', ' 1 ']) expect(parseValidFlag(t), t).toBe(true);
    for (const t of ['0', 'false', 'False', 'no', 'NO', 'n', 'f', 'falso', 'FALSO']) expect(parseValidFlag(t), t).toBe(false);
    for (const t of ['', 'xyz', '2', 'maybe', 'sii']) expect(parseValidFlag(t), t).toBeNull();
    expect(validateRow(raw({ region: 'Lima', candidate: 'A', valid: 'xyz' }))).toBe('invalid valid flag "xyz"');
    expect(validateRow(raw({ region: 'Lima', candidate: 'A', valid: '' }))).toBe('missing valid flag');
  });

  it('takes whole vote counts 0..1 000 000, empty meaning 1', () => {
    expect(parseVoteCount('0')).toBe(0);
    expect(parseVoteCount('007')).toBe(7);
    expect(parseVoteCount('12.0')).toBe(12);
    expect(parseVoteCount('1000000')).toBe(1_000_000);
    for (const t of ['-3', '1000001', '1.5', '1e3', '12.', 'abc', '1 000', '+1', '']) expect(parseVoteCount(t), t).toBe(-1);
    expect(validateRow(raw({ region: 'Lima', candidate: 'A', votes: ' 25 ' }))).toMatchObject({ votes: 25 });
    expect(validateRow(raw({ region: 'Lima', candidate: 'A', votes: '' }))).toMatchObject({ votes: 1 });
    expect(validateRow(raw({ region: 'Lima', candidate: 'A', votes: '-3' }))).toBe('invalid vote count "-3"');
    expect(validateRow(raw({ region: 'Lima', candidate: 'A', votes: '9'.repeat(80) }))).toMatch(/^invalid vote count "9{40}…"$/);
  });

  it('cleans extras and drops the empty ones', () => {
    const extra = Object.assign(Object.create(null) as Record<string, string>, { note: ' hola ', blank: '  ' });
    expect(validateRow(raw({ region: 'Lima', candidate: 'A', extra }))).toMatchObject({ extra: { note: 'hola' } });
    const onlyBlank = Object.assign(Object.create(null) as Record<string, string>, { blank: ' ' });
    expect(validateRow(raw({ region: 'Lima', candidate: 'A', extra: onlyBlank }))).toMatchObject({ extra: null });
  });

  it('cleanText leaves ASCII as is', () => {
    expect(cleanText('  Lima ')).toBe('Lima');
    expect(cleanText('Cusco')).toBe('Cusco');
  });

  describe('vote status (valid | blank | null)', () => {
    it('reads a status column in English, Spanish and Portuguese, any case and accents', () => {
      const status = (text: string) => (validateRow(raw({ region: 'Lima', candidate: '', status: text })) as { status?: string }).status;
      for (const t of ['blank', 'Blanco', 'EN BLANCO', 'Voto en blanco', 'votos_en_blanco', 'branco', 'Em branco']) expect(status(t), t).toBe('blank');
      for (const t of ['null', 'NULO', 'nula', 'Votos nulos', 'inválido', 'void', 'spoilt', 'anulado']) expect(status(t), t).toBe('null');
      expect(validateRow(raw({ region: 'Lima', candidate: 'Ana', status: 'Válido' }))).toMatchObject({ status: 'valid', candidate: 'Ana' });
    });

    it('requires a candidate only for a valid vote; blank and null may name none', () => {
      expect(validateRow(raw({ region: 'Lima', candidate: '', status: 'valid' }))).toBe('missing candidate');
      expect(validateRow(raw({ region: 'Lima', candidate: '', status: 'blank' }))).toMatchObject({ status: 'blank', candidate: '' });
      expect(validateRow(raw({ region: 'Lima', status: 'nulo' }))).toMatchObject({ status: 'null', candidate: '' });
    });

    it('rejects an unknown status, and a status that contradicts the valid flag', () => {
      expect(validateRow(raw({ region: 'Lima', candidate: 'A', status: 'maybe' }))).toBe('unknown vote status "maybe" (valid, blank or null)');
      expect(validateRow(raw({ region: 'Lima', candidate: 'A', status: 'valid', valid: '0' }))).toBe('status "valid" contradicts valid flag "0"');
      expect(validateRow(raw({ region: 'Lima', candidate: 'A', status: 'nulo', valid: 'sí' }))).toBe('status "nulo" contradicts valid flag "sí"');
      // A blank ballot counted as valid by the authority, or not: blank either way.
      expect(validateRow(raw({ region: 'Lima', candidate: '', status: 'blanco', valid: '1' }))).toMatchObject({ status: 'blank' });
      expect(validateRow(raw({ region: 'Lima', candidate: '', status: 'blanco', valid: '0' }))).toMatchObject({ status: 'blank' });
      // The status decides when the flag cell is empty.
      expect(validateRow(raw({ region: 'Lima', candidate: 'A', status: 'valid', valid: '' }))).toMatchObject({ status: 'valid' });
      // An empty status cell falls back to the flag.
      expect(validateRow(raw({ region: 'Lima', candidate: 'A', status: ' ', valid: 'no' }))).toMatchObject({ status: 'null' });
    });

    it('reads a results sheet\'s "VOTOS EN BLANCO" / "VOTOS NULOS" candidate lines as blank and null votes', () => {
      expect(validateRow(raw({ region: 'Lima', candidate: 'VOTOS EN BLANCO', votes: '12' }))).toMatchObject({ status: 'blank', candidate: '', votes: 12 });
      expect(validateRow(raw({ region: 'Lima', candidate: 'Votos nulos', votes: '3' }))).toMatchObject({ status: 'null', candidate: '' });
      expect(validateRow(raw({ region: 'Lima', candidate: 'VOTOS EN BLANCO', valid: '0' }))).toMatchObject({ status: 'blank', candidate: '' });
      expect(validateRow(raw({ region: 'Lima', candidate: 'VOTOS NULOS', valid: '1' }))).toBe('candidate "VOTOS NULOS" contradicts valid flag "1"');
      // A candidate who is merely called Blanco is a candidate.
      expect(validateRow(raw({ region: 'Lima', candidate: 'Blanco' }))).toMatchObject({ status: 'valid', candidate: 'Blanco' });
      expect(validateRow(raw({ region: 'Lima', candidate: 'Hugo Blanco' }))).toMatchObject({ status: 'valid', candidate: 'Hugo Blanco' });
    });
  });

  it('refuses a row with a NUL character anywhere (Postgres text cannot store it)', () => {
    expect(validateRow(raw({ region: 'Li\u0000ma', candidate: 'A' }))).toBe('a value contains a NUL character');
    expect(validateRow(raw({ region: 'Lima', candidate: 'A', voterId: '1\u00002' }))).toBe('a value contains a NUL character');
    const extra = Object.assign(Object.create(null) as Record<string, string>, { 'no\u0000te': 'x' });
    expect(validateRow(raw({ region: 'Lima', candidate: 'A', extra }))).toBe('a value contains a NUL character');
  });
});
