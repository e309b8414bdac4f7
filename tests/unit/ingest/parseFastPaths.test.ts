// The parsers' fast paths must give what the plain paths give: these compare them on inputs built to hit their edges.
import { describe, expect, it } from 'vitest';
import { JsonArraySplitter } from '../../../lib/ingest/jsonArraySplitter';
import { openVoteRows } from '../../../lib/ingest/readVoteRows';
import { cleanText, parseVoteStatus, validateRow } from '../../../lib/ingest/validateRow';
import type { RawVote } from '../../../lib/ingest/mapColumns';
import { XmlSyntaxError, XmlTokenizer, type XmlAttributes } from '../../../lib/ingest/xmlTokenizer';
import { collect, makeTempDir } from './fixtureFiles';

/** A small deterministic pseudo-random generator (tests must not flake). */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function split(text: string, cuts: number[]): string[] {
  const out: string[] = [];
  const splitter = new JsonArraySplitter(1_000_000);
  let from = 0;
  for (const cut of [...cuts, text.length]) {
    splitter.push(text.slice(from, cut), out);
    from = cut;
  }
  splitter.end();
  return out;
}

describe('JsonArraySplitter string skipping', () => {
  it('splits arrays whose strings hold quotes and runs of backslashes the same however the text is cut', () => {
    const random = rng(7);
    const pieces = ['\\', '\\\\', '"', 'a', ',', ']', '}', '{', '[', 'é', ' '];
    for (let doc = 0; doc < 200; doc++) {
      const values: unknown[] = [];
      for (let k = 0; k < 4; k++) {
        let str = '';
        for (let j = 0; j < 8; j++) str += pieces[Math.floor(random() * pieces.length)];
        values.push(k % 2 ? { [str]: str, n: [str, 1] } : str);
      }
      const text = JSON.stringify(values, null, doc % 3 === 0 ? 1 : undefined);
      const whole = split(text, []);
      expect(whole.map((e) => JSON.parse(e))).toEqual(values);
      for (let cut = 1; cut < text.length; cut++) expect(split(text, [cut])).toEqual(whole);
      const cuts = [...new Set(Array.from({ length: 5 }, () => Math.floor(random() * text.length)))].sort((a, b) => a - b);
      expect(split(text, cuts)).toEqual(whole);
    }
  });
});

describe('XmlTokenizer attributes on demand', () => {
  const DOC =
    '<x:root xmlns:x="urn:x"><row r="3" x:spans="1:2"><c r=\'B3\' t = "s" a:b:r="no"><v>1</v></c>' +
    '<c t="inlineStr" r="&#67;3" q="&lt;&amp;"/><c r="D3" ></c ></row></x:root>';

  function events(lazy: boolean, piece: number): string[] {
    const out: string[] = [];
    const base = {
      close: (name: string) => out.push(`</${name}>`),
      text: (text: string) => out.push(`"${text}"`),
    };
    const show = (name: string, get: (n: string) => string | undefined) =>
      out.push(`<${name} r=${get('r')} t=${get('t')} spans=${get('spans')} q=${get('q')} b:r=${get('b:r')} x=${get('x')}>`);
    const handler = lazy
      ? { ...base, openLazy: (name: string, attrs: XmlAttributes) => show(name, (n) => attrs.get(n)) }
      : {
          ...base,
          open: (name: string, attrs: readonly string[]) =>
            show(name, (n) => {
              for (let i = 0; i < attrs.length; i += 2) if (attrs[i] === n) return attrs[i + 1];
              return undefined;
            }),
        };
    const t = new XmlTokenizer(handler);
    for (let i = 0; i < DOC.length; i += piece) t.write(DOC.slice(i, i + piece));
    t.close();
    return out;
  }

  it('gives the same values as the attribute list, first match by local name, however the input is cut', () => {
    const expected = events(false, DOC.length);
    expect(expected).toContain('<c r=B3 t=s spans=undefined q=undefined b:r=no x=undefined>');
    expect(expected).toContain('<c r=C3 t=inlineStr spans=undefined q=<& b:r=undefined x=undefined>');
    for (const piece of [1, 2, 3, 5, 8, 13, DOC.length]) {
      expect(events(true, piece), `pieces of ${piece}`).toEqual(expected);
      expect(events(false, piece), `pieces of ${piece}`).toEqual(expected);
    }
  });

  it('still refuses close tags that do not match, also with a trailing non-ASCII space in the name', () => {
    const run = (xml: string) => {
      const t = new XmlTokenizer({ openLazy: () => {}, close: () => {}, text: () => {} });
      t.write(xml);
      t.close();
    };
    expect(() => run('<a\u00a0></a\u00a0>')).toThrow(XmlSyntaxError);
    expect(() => run('<ab></a>')).toThrow('</a> does not close <ab>');
    expect(() => run('<a></ab>')).toThrow('</ab> does not close <a>');
    expect(() => run('<a b="<"/>')).toThrow('a "<" inside attribute b of <a>');
    expect(() => run('<a x:b="&bogus;"/>')).toThrow('an undefined entity &bogus;');
    expect(() => run('<a></a >')).not.toThrow();
  });
});

describe('validateRow shortcuts', () => {
  const raw = (over: Partial<RawVote>): RawVote => ({
    contest: undefined, station: undefined, region: 'Lima', province: undefined, district: undefined, candidate: undefined, valid: undefined, status: undefined,
    voterId: undefined, votes: undefined, extra: null, ...over,
  });

  it('cleanText gives the NFC form every time, also past the size of its cache', () => {
    for (let i = 0; i < 10_000; i++) {
      const decomposed = `Pe\u0301rez ${i % 5000}`;
      expect(cleanText(` ${decomposed} `)).toBe(decomposed.normalize('NFC'));
    }
    const long = 'A\u0301'.repeat(300);
    expect(cleanText(long)).toBe(long.normalize('NFC'));
  });

  it('reads status phrases in the candidate column as before (ASCII "vot" in any case only)', () => {
    expect(validateRow(raw({ candidate: 'VOTOS EN BLANCO' }))).toMatchObject({ status: 'blank', candidate: '' });
    expect(validateRow(raw({ candidate: 'vOtO nUlO' }))).toMatchObject({ status: 'null', candidate: '' });
    expect(validateRow(raw({ candidate: 'Blanco' }))).toMatchObject({ status: 'valid', candidate: 'Blanco' });
    expect(validateRow(raw({ candidate: 'ＶＯＴＯ NULO' }))).toMatchObject({ status: 'valid', candidate: 'ＶＯＴＯ NULO' });
  });

  it('folds statuses as before', () => {
    expect(parseVoteStatus('valid')).toBe('valid');
    expect(parseVoteStatus('VALID')).toBe('valid');
    expect(parseVoteStatus(' nulo ')).toBe('null');
    expect(parseVoteStatus('voto_en-blanco')).toBe('blank');
    expect(parseVoteStatus('inválido')).toBe('null');
    expect(parseVoteStatus('valid2')).toBeNull();
  });
});

describe('csv rows pulled from the parser', () => {
  it('can be abandoned part way, and reads to the end otherwise', async () => {
    const tmp = makeTempDir();
    const lines = ['region,candidate'];
    for (let i = 0; i < 5000; i++) lines.push(`R${i % 7},C${i % 3}`);
    const file = tmp.file('many.csv', lines.join('\n'));
    const opened = await openVoteRows(file);
    let n = 0;
    for await (const row of opened.rows) {
      if (++n === 10) {
        expect(row).toMatchObject({ row: 11, vote: { region: 'R2', candidate: 'C0' } });
        break;
      }
    }
    const all = await collect((await openVoteRows(file)).rows);
    expect(all).toHaveLength(5000);
    expect(all[4999]).toMatchObject({ row: 5001, vote: { region: `R${4999 % 7}` } });
    tmp.remove();
  });
});
