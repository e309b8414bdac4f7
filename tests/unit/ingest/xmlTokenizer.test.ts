import { describe, expect, it } from 'vitest';
import { decodeEntities, XmlSyntaxError, XmlTokenizer } from '../../../lib/ingest/xmlTokenizer';

/** Tokens as a flat list, the document fed in pieces of `piece` characters (0: whole). */
function tokens(xml: string, piece = 0): string[] {
  const out: string[] = [];
  const t = new XmlTokenizer({
    open: (name, attrs) => out.push(`<${name}${attrs.length ? ' ' + attrs.join('|') : ''}>`),
    close: (name) => out.push(`</${name}>`),
    text: (text) => out.push(`"${text}"`),
  });
  if (piece <= 0) t.write(xml);
  else for (let i = 0; i < xml.length; i += piece) t.write(xml.slice(i, i + piece));
  t.close();
  // Text may arrive in several pieces: join neighbours so the comparison does not depend on chunking.
  return out.reduce<string[]>((acc, tok) => {
    const last = acc[acc.length - 1];
    if (tok.startsWith('"') && last?.startsWith('"')) acc[acc.length - 1] = last.slice(0, -1) + tok.slice(1);
    else acc.push(tok);
    return acc;
  }, []);
}

const SHEET =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<!-- written by hand -->' +
  '<x:worksheet xmlns:x="urn:x"><x:sheetData><row r="1" spans="1:2"><c r=\'A1\' t="inlineStr"><is><t>Á &amp; B &lt;&#233;&#x41;&gt;</t></is></c>' +
  '<c r="B1" s="3"/><c r="C1"><v><![CDATA[a<b]]></v></c></row></x:sheetData></x:worksheet>';

describe('XmlTokenizer', () => {
  it('yields local names, decoded attributes and text, CDATA as text, self-closing tags as open + close', () => {
    expect(tokens(SHEET)).toEqual([
      '<worksheet x|urn:x>', '<sheetData>', '<row r|1|spans|1:2>', '<c r|A1|t|inlineStr>', '<is>', '<t>', '"Á & B <éA>"', '</t>', '</is>', '</c>',
      '<c r|B1|s|3>', '</c>', '<c r|C1>', '<v>', '"a<b"', '</v>', '</c>', '</row>', '</sheetData>', '</worksheet>',
    ]);
  });

  it('gives the same tokens however the input is cut into pieces', () => {
    const whole = tokens(SHEET);
    for (const piece of [1, 2, 3, 5, 7, 13, 64]) expect(tokens(SHEET, piece), `pieces of ${piece}`).toEqual(whole);
  });

  it('refuses a document cut short anywhere', () => {
    for (let end = 0; end < SHEET.length - 1; end++) {
      if (SHEET.slice(end).trim() === '') continue;
      expect(() => tokens(SHEET.slice(0, end)), `cut at ${end}`).toThrow(XmlSyntaxError);
    }
  });

  it('refuses malformed markup, unknown entities and a DOCTYPE', () => {
    for (const bad of [
      '<a><b></a></b>',
      '<a></b>',
      '<a>x</a><b/>',
      'text<a/>',
      '<a b=c/>',
      '<a b="1"c="2"/>',
      '<a b/>',
      '<a>&bogus;</a>',
      '<a>&#xZZ;</a>',
      '<a>& b</a>',
      '<a x="&nope;"/>',
      '<!DOCTYPE a [<!ENTITY e "lol">]><a>&e;</a>',
      '<a / >',
      '< a/>',
    ]) {
      expect(() => tokens(bad), bad).toThrow(XmlSyntaxError);
    }
  });

  it('decodes only XML\'s own entities and character references', () => {
    expect(decodeEntities('plain')).toBe('plain');
    expect(decodeEntities('&quot;&apos;&#10;&#x1F600;')).toBe('"\'\n😀');
    expect(() => decodeEntities('&#0;')).toThrow(XmlSyntaxError);
    expect(() => decodeEntities('&#x110000;')).toThrow(XmlSyntaxError);
  });
});
