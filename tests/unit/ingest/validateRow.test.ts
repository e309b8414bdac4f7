import { describe, expect, it } from 'vitest';
import type { RawVote } from '../../../lib/ingest/mapColumns';
import { cleanText, parseValidFlag, parseVoteCount, validateRow } from '../../../lib/ingest/validateRow';

const raw = (fields: Partial<RawVote>): RawVote => ({
  region: undefined, province: undefined, district: undefined, candidate: undefined, valid: undefined, voterId: undefined, votes: undefined, extra: null,
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
      region: 'Lima', province: '', district: '', candidate: 'A', valid: true, votes: 1, voterId: null, extra: null,
    });
  });

  it('requires a region, and a candidate for a valid vote', () => {
    expect(validateRow(raw({ region: '  ', candidate: 'A' }))).toBe('missing region');
    expect(validateRow(raw({ candidate: 'A' }))).toBe('missing region');
    expect(validateRow(raw({ region: 'Lima', candidate: '' }))).toBe('missing candidate');
    expect(validateRow(raw({ region: 'Lima', candidate: '', valid: '1' }))).toBe('missing candidate');
  });

  it('keeps an invalid vote with its candidate text as given, or none', () => {
    expect(validateRow(raw({ region: 'Lima', candidate: 'Ana ', valid: 'no' }))).toMatchObject({ valid: false, candidate: 'Ana' });
    expect(validateRow(raw({ region: 'Lima', candidate: '', valid: '0' }))).toMatchObject({ valid: false, candidate: '' });
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
});
