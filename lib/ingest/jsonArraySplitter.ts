import { IngestError } from './types';

const enum State {
  Start,
  FirstElement,
  NextElement,
  InElement,
  AfterElement,
  Done,
}

/**
 * Splits a streamed JSON array into the source text of its elements, so each can go to JSON.parse (native, fast)
 * without the whole file in memory. Only tracks strings and nesting depth; JSON.parse judges the elements.
 * Structure errors and a missing `]` at the end throw IngestError('corrupt_file').
 */
export class JsonArraySplitter {
  private state = State.Start;
  private depth = 0;
  private inString = false;
  private escaped = false;
  private pending = '';

  constructor(private readonly maxElementChars: number) {}

  /** Feeds the next piece of text; appends the elements it completes to `out`. */
  push(chunk: string, out: string[]): void {
    const n = chunk.length;
    let i = 0;
    let start = 0;
    while (i < n) {
      const c = chunk.charCodeAt(i);
      switch (this.state) {
        case State.InElement: {
          const stop = this.scanElement(chunk, i);
          if (stop < 0) {
            i = n;
            continue;
          }
          if (this.endsAtStop) {
            out.push(this.take(chunk, start, stop + 1));
            this.state = State.AfterElement;
          } else {
            out.push(this.take(chunk, start, stop));
            this.state = chunk.charCodeAt(stop) === 0x2c ? State.NextElement : State.Done;
          }
          i = stop + 1;
          continue;
        }
        case State.Start:
          if (isSpace(c) || c === 0xfeff) break;
          if (c !== 0x5b) throw corrupt('the JSON file does not hold an array (it must start with "[")');
          this.state = State.FirstElement;
          break;
        case State.FirstElement:
        case State.NextElement:
          if (isSpace(c)) break;
          if (c === 0x5d) {
            if (this.state === State.NextElement) throw corrupt('the JSON array has a trailing comma');
            this.state = State.Done;
            break;
          }
          this.state = State.InElement;
          this.depth = 0;
          this.inString = false;
          this.escaped = false;
          this.pending = '';
          start = i;
          continue;
        case State.AfterElement:
          if (isSpace(c)) break;
          if (c === 0x2c) this.state = State.NextElement;
          else if (c === 0x5d) this.state = State.Done;
          else throw corrupt('the JSON array is malformed (expected "," or "]" between elements)');
          break;
        case State.Done:
          if (isSpace(c)) break;
          throw corrupt('the JSON file has content after its array');
      }
      i++;
    }
    if (this.state === State.InElement) {
      this.pending += start === 0 ? chunk : chunk.slice(start);
      if (this.pending.length > this.maxElementChars) {
        throw new IngestError('cell_too_long', `a JSON element is longer than ${this.maxElementChars} characters`);
      }
    }
  }

  /** Call at the end of input: throws unless the array was closed. */
  end(): void {
    if (this.state !== State.Done) throw corrupt('the JSON array is not closed (is the file truncated?)');
  }

  /** Set by scanElement: the stop character (a closing bracket) belongs to the element. */
  private endsAtStop = false;

  /**
   * Scans an element from `i` to where it stops: the bracket that closes it (endsAtStop), or a ',' or ']' at
   * depth 0 after a bare value. Returns -1 when the chunk ends first; the scan state carries over.
   */
  private scanElement(chunk: string, i: number): number {
    const n = chunk.length;
    let depth = this.depth;
    let inString = this.inString;
    let escaped = this.escaped;
    let stop = -1;
    for (; i < n; i++) {
      if (inString) {
        // Jump to the next quote; it ends the string unless an odd run of backslashes right before it escapes it.
        if (escaped) {
          escaped = false;
          continue;
        }
        const quote = chunk.indexOf('"', i);
        const end = quote < 0 ? n : quote;
        let k = end - 1;
        while (k >= i && chunk.charCodeAt(k) === 0x5c) k--;
        const oddBackslashes = ((end - 1 - k) & 1) === 1;
        if (quote < 0) {
          escaped = oddBackslashes;
          i = n;
          break;
        }
        if (!oddBackslashes) inString = false;
        i = quote;
        continue;
      }
      const c = chunk.charCodeAt(i);
      if (c === 0x22) inString = true;
      else if (c === 0x7b || c === 0x5b) depth++;
      else if (c === 0x7d || c === 0x5d) {
        if (depth > 0) {
          if (--depth === 0) {
            this.endsAtStop = true;
            stop = i;
            break;
          }
        } else if (c === 0x5d) {
          this.endsAtStop = false;
          stop = i;
          break;
        } else throw corrupt('the JSON array is malformed (unbalanced "}")');
      } else if (c === 0x2c && depth === 0) {
        this.endsAtStop = false;
        stop = i;
        break;
      }
    }
    this.depth = depth;
    this.inString = inString;
    this.escaped = escaped;
    return stop;
  }

  private take(chunk: string, start: number, end: number): string {
    const text = this.pending + chunk.slice(start, end);
    this.pending = '';
    if (text.length > this.maxElementChars) {
      throw new IngestError('cell_too_long', `a JSON element is longer than ${this.maxElementChars} characters`);
    }
    return text;
  }
}

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

function corrupt(message: string): IngestError {
  return new IngestError('corrupt_file', message);
}
