// A small streaming XML tokenizer for the machine-written parts of an xlsx (worksheets, shared strings). It does
// what reading them needs and checks what matters for safety and for refusing damaged files: tags balance and
// close in order, attributes are well-formed, only XML's own entities (and character references) are allowed, a
// DOCTYPE (the door to entity expansion) is refused, and the document must be complete at the end. It is several
// times faster than a general parser because it never builds objects it is not asked for.

export interface XmlHandler {
  /** An element opens; `attrs` holds [name, value, name, value, ...] (local names, values decoded). Reused: copy
   * what you keep. */
  open(name: string, attrs: readonly string[]): void;
  close(name: string): void;
  /** Character data (decoded; CDATA included), possibly in several pieces per element. */
  text(text: string): void;
}

/** Attributes of the element being opened, read on demand; valid only during the openLazy call. */
export interface XmlAttributes {
  /** The decoded value of the first attribute with this local name, or undefined. */
  get(name: string): string | undefined;
}

/** An XmlHandler that asks for the attributes it needs instead of being handed all of them as strings. */
export interface XmlLazyHandler {
  openLazy(name: string, attrs: XmlAttributes): void;
  open?: undefined;
  close(name: string): void;
  text(text: string): void;
}

export class XmlSyntaxError extends Error {}

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

function isNameChar(c: number): boolean {
  // Letters, digits and . - _ : plus anything non-ASCII (names in other scripts); never space, quotes, = / > <.
  return (
    (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39) ||
    c === 0x2e || c === 0x2d || c === 0x5f || c === 0x3a || c > 0x7f
  );
}

/** Replaces entity and character references; throws on an unknown or unterminated one. */
export function decodeEntities(text: string): string {
  let amp = text.indexOf('&');
  if (amp < 0) return text;
  let out = '';
  let from = 0;
  while (amp >= 0) {
    const semi = text.indexOf(';', amp);
    if (semi < 0 || semi - amp > 12) throw new XmlSyntaxError('an unterminated entity reference');
    const ref = text.slice(amp + 1, semi);
    let decoded: string | undefined;
    if (ref.charCodeAt(0) === 0x23) {
      const code = ref.charCodeAt(1) === 0x78 ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      if (!Number.isInteger(code) || code <= 0 || code > 0x10ffff || !/^#(x[0-9a-fA-F]+|[0-9]+)$/.test(ref)) {
        throw new XmlSyntaxError(`a bad character reference &${ref};`);
      }
      decoded = String.fromCodePoint(code);
    } else {
      decoded = ENTITIES[ref];
      if (decoded === undefined) throw new XmlSyntaxError(`an undefined entity &${ref};`);
    }
    out += text.slice(from, amp) + decoded;
    from = semi + 1;
    amp = text.indexOf('&', from);
  }
  return out + text.slice(from);
}

const NO_ATTRS: readonly string[] = Object.freeze([]);

export class XmlTokenizer {
  private buf = '';
  /** Open elements as written (for matching their close tags) and their local names (for the handler). */
  // (entries at and past `depth` are stale)
  private readonly stack: string[] = [];
  private readonly locals: string[] = [];
  private depth = 0;
  private rootSeen = false;

  /** The handler when it reads attributes on demand (XmlLazyHandler), else null. */
  private readonly lazy: XmlLazyHandler | null;

  constructor(private readonly handler: XmlHandler | XmlLazyHandler) {
    this.lazy = typeof (handler as XmlLazyHandler).openLazy === 'function' ? (handler as XmlLazyHandler) : null;
  }

  write(chunk: string): void {
    const buf = this.buf.length === 0 ? chunk : this.buf + chunk;
    this.buf = buf.slice(this.scan(buf));
  }

  /** End of input: anything left open or unfinished means the document was cut short. */
  close(): void {
    const rest = this.buf;
    this.buf = '';
    if (rest.length > 0) {
      if (rest.indexOf('<') >= 0 || this.depth > 0) throw new XmlSyntaxError('the document ends inside a tag');
      this.textOutside(rest);
    }
    if (this.depth > 0) throw new XmlSyntaxError(`the document ends with <${this.stack[this.depth - 1]}> still open`);
    if (!this.rootSeen) throw new XmlSyntaxError('the document has no element');
  }

  /** Consumes every complete token of `s`; returns where the unfinished rest starts. */
  private scan(s: string): number {
    let pos = 0;
    const n = s.length;
    const handler = this.handler;
    while (pos < n) {
      // Tags mostly follow each other or short values: look a few characters ahead before asking indexOf.
      let lt = pos;
      const near = pos + 16 < n ? pos + 16 : n;
      while (lt < near && s.charCodeAt(lt) !== 0x3c) lt++;
      if (lt === near) lt = near < n ? s.indexOf('<', near) : -1;
      if (lt < 0) {
        // Text whose end is not here yet: keep it (it may still hold half an entity).
        return pos;
      }
      if (lt > pos) this.emitText(s.slice(pos, lt));
      if (lt + 1 >= n) return lt;
      const c = s.charCodeAt(lt + 1);
      if (c === 0x2f) {
        // </name>: the usual case, the innermost open name followed directly by ">", is matched in place
        const end = this.closesInnermost(s, lt + 2);
        if (end >= 0) {
          handler.close(this.locals[--this.depth]);
          pos = end;
          continue;
        }
        const gt = s.indexOf('>', lt + 2);
        if (gt < 0) return lt;
        const name = s.slice(lt + 2, gt).trimEnd();
        const open = this.depth > 0 ? this.stack[this.depth - 1] : undefined;
        if (open === undefined || open !== name) throw new XmlSyntaxError(`</${name}> does not close <${open ?? 'nothing'}>`);
        handler.close(this.locals[--this.depth]);
        pos = gt + 1;
      } else if (c === 0x3f) {
        // <?...?> (the declaration, processing instructions): skipped
        const end = s.indexOf('?>', lt + 2);
        if (end < 0) return lt;
        pos = end + 2;
      } else if (c === 0x21) {
        if (s.startsWith('<!--', lt)) {
          const end = s.indexOf('-->', lt + 4);
          if (end < 0) return lt;
          pos = end + 3;
        } else if (s.startsWith('<![CDATA[', lt)) {
          const end = s.indexOf(']]>', lt + 9);
          if (end < 0) return lt;
          if (this.depth === 0) throw new XmlSyntaxError('CDATA outside the document element');
          handler.text(s.slice(lt + 9, end));
          pos = end + 3;
        } else {
          if (n - lt < 9) return lt;
          throw new XmlSyntaxError(s.startsWith('<!DOCTYPE', lt) ? 'a DOCTYPE is not allowed' : 'a bad markup declaration');
        }
      } else {
        const end = this.openTag(s, lt);
        if (end < 0) return lt;
        pos = end;
      }
    }
    return pos;
  }

  /**
   * When `s` at `from` holds exactly the innermost open name and then ">", the index after the ">"; else -1 (and
   * the general path decides). Names ending in a non-ASCII character are left to it: trimEnd may cut those.
   */
  private closesInnermost(s: string, from: number): number {
    const depth = this.depth;
    if (depth === 0) return -1;
    const open = this.stack[depth - 1];
    const len = open.length;
    const gt = from + len;
    if (gt >= s.length || s.charCodeAt(gt) !== 0x3e || open.charCodeAt(len - 1) > 0x7f) return -1;
    for (let k = 0; k < len; k++) if (s.charCodeAt(from + k) !== open.charCodeAt(k)) return -1;
    return gt + 1;
  }

  /** Parses `<name attr="v" ...>` or `.../>` at `lt`; returns the index after it, or -1 if it is not complete yet. */
  private openTag(s: string, lt: number): number {
    const n = s.length;
    let i = lt + 1;
    let colon = -1;
    for (; i < n; i++) {
      const c = s.charCodeAt(i);
      if (!isNameChar(c)) break;
      if (c === 0x3a && colon < 0) colon = i;
    }
    if (i === n) return -1;
    if (i === lt + 1) throw new XmlSyntaxError('a tag without a name');
    const name = s.slice(lt + 1, i);
    // Attributes are kept as positions in `s` (see get); only a value with a reference in it is decoded here.
    const pos = this.attrPos;
    const decoded = this.attrDecoded;
    let count = 0;
    for (;;) {
      const spaceStart = i;
      while (i < n && isSpace(s.charCodeAt(i))) i++;
      if (i === n) return -1;
      const c = s.charCodeAt(i);
      if (c === 0x3e || c === 0x2f) {
        let selfClosing = false;
        if (c === 0x2f) {
          if (i + 1 === n) return -1;
          if (s.charCodeAt(i + 1) !== 0x3e) throw new XmlSyntaxError(`a stray "/" in <${name}>`);
          selfClosing = true;
          i++;
        }
        if (this.depth === 0) {
          if (this.rootSeen) throw new XmlSyntaxError('a second document element');
          this.rootSeen = true;
        }
        const local = colon < 0 ? name : name.slice(colon - lt); // `x:row` → `row`: some writers prefix the namespace
        this.attrCount = count;
        this.attrSource = s;
        if (this.lazy !== null) this.lazy.openLazy(local, this);
        else (this.handler as XmlHandler).open(local, count === 0 ? NO_ATTRS : this.attrList());
        if (selfClosing) {
          this.handler.close(local);
        } else {
          this.stack[this.depth] = name;
          this.locals[this.depth++] = local;
        }
        return i + 1;
      }
      if (i === spaceStart) throw new XmlSyntaxError(`attributes of <${name}> run together`);
      const nameStart = i;
      let localStart = i;
      for (; i < n; i++) {
        const a = s.charCodeAt(i);
        if (!isNameChar(a)) break;
        if (a === 0x3a && localStart === nameStart) localStart = i + 1;
      }
      if (i === n) return -1;
      if (i === nameStart) throw new XmlSyntaxError(`a bad attribute in <${name}>`);
      const nameEnd = i;
      while (i < n && isSpace(s.charCodeAt(i))) i++;
      if (i === n) return -1;
      if (s.charCodeAt(i) !== 0x3d) throw new XmlSyntaxError(`attribute ${s.slice(nameStart, nameEnd)} of <${name}> has no value`);
      i++;
      while (i < n && isSpace(s.charCodeAt(i))) i++;
      if (i === n) return -1;
      const quote = s.charCodeAt(i);
      if (quote !== 0x22 && quote !== 0x27) throw new XmlSyntaxError(`attribute ${s.slice(nameStart, nameEnd)} of <${name}> is not quoted`);
      const valueStart = i + 1;
      let amp = false;
      let lessThan = false;
      let close = valueStart;
      for (; close < n; close++) {
        const v = s.charCodeAt(close);
        if (v === quote) break;
        if (v === 0x26) amp = true;
        else if (v === 0x3c) lessThan = true;
      }
      if (close === n) return -1;
      if (lessThan) {
        throw new XmlSyntaxError(`a "<" inside attribute ${s.slice(nameStart, nameEnd)} of <${name}>`);
      }
      const b = count * 4;
      pos[b] = localStart;
      pos[b + 1] = nameEnd;
      pos[b + 2] = valueStart;
      pos[b + 3] = close;
      decoded[count] = amp ? decodeEntities(s.slice(valueStart, close)) : undefined;
      count++;
      i = close + 1;
    }
  }

  // The attributes of the tag being opened: [localStart, nameEnd, valueStart, valueEnd] per attribute in attrSource,
  // and the decoded value of those that hold a reference.
  private readonly attrPos: number[] = [];
  private readonly attrDecoded: (string | undefined)[] = [];
  private attrCount = 0;
  private attrSource = '';

  /** XmlAttributes.get for a lazy handler, during its openLazy call: the first attribute with this local name. */
  get(name: string): string | undefined {
    const pos = this.attrPos;
    const s = this.attrSource;
    const len = name.length;
    for (let k = 0; k < this.attrCount; k++) {
      const b = k * 4;
      const from = pos[b];
      if (pos[b + 1] - from !== len) continue;
      let j = 0;
      while (j < len && s.charCodeAt(from + j) === name.charCodeAt(j)) j++;
      if (j < len) continue;
      return this.attrDecoded[k] ?? s.slice(pos[b + 2], pos[b + 3]);
    }
    return undefined;
  }

  /** The attributes as XmlHandler.open takes them: [name, value, name, value, ...]. */
  private attrList(): string[] {
    const pos = this.attrPos;
    const s = this.attrSource;
    const list = new Array<string>(this.attrCount * 2);
    for (let k = 0; k < this.attrCount; k++) {
      const b = k * 4;
      list[2 * k] = s.slice(pos[b], pos[b + 1]);
      list[2 * k + 1] = this.attrDecoded[k] ?? s.slice(pos[b + 2], pos[b + 3]);
    }
    return list;
  }

  private emitText(raw: string): void {
    if (this.depth === 0) {
      this.textOutside(raw);
      return;
    }
    this.handler.text(decodeEntities(raw));
  }

  private textOutside(raw: string): void {
    for (let i = 0; i < raw.length; i++) {
      if (!isSpace(raw.charCodeAt(i))) throw new XmlSyntaxError('text outside the document element');
    }
  }
}

/** The value of attribute `name` in an XmlHandler.open attribute list, or undefined. */
export function attribute(attrs: readonly string[], name: string): string | undefined {
  for (let i = 0; i < attrs.length; i += 2) if (attrs[i] === name) return attrs[i + 1];
  return undefined;
}
