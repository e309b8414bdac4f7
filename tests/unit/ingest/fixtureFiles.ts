// Test fixtures written by code into a temporary directory: nothing large lives in git.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { crc32 } from 'node:zlib';

export interface TempDir {
  dir: string;
  file(name: string, content: string | Uint8Array): string;
  path(name: string): string;
  remove(): void;
}

export function makeTempDir(): TempDir {
  const dir = mkdtempSync(path.join(tmpdir(), 'ingest-test-'));
  return {
    dir,
    file(name, content) {
      const p = path.join(dir, name);
      writeFileSync(p, content);
      return p;
    },
    path: (name) => path.join(dir, name),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

export async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

/** Runs an async generator to its end and returns the error it throws (or fails the test). */
export async function errorOf(run: () => Promise<unknown>): Promise<{ name: string; code?: string; message: string }> {
  try {
    await run();
  } catch (err) {
    return err as { name: string; code?: string; message: string };
  }
  throw new Error('expected an error');
}

export interface HandmadeEntry {
  name: string;
  /** The bytes as stored (already deflated when method is 8). */
  stored: Uint8Array;
  method: 0 | 8;
  crc: number;
  /** Declared sizes; they may lie about `stored`. */
  compressedSize?: number;
  uncompressedSize: number;
}

/**
 * A zip built byte by byte, so that tests can declare sizes freely (honest zip bombs without inflating them,
 * or headers that lie). Local and central headers declare the same sizes.
 */
export function handmadeZip(entries: HandmadeEntry[]): Buffer {
  const parts: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name, 'utf8');
    const compressedSize = e.compressedSize ?? e.stored.length;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(e.method, 8);
    local.writeUInt32LE(e.crc >>> 0, 14);
    local.writeUInt32LE(compressedSize, 18);
    local.writeUInt32LE(e.uncompressedSize, 22);
    local.writeUInt16LE(name.length, 26);
    const cd = Buffer.alloc(46);
    cd.writeUInt32LE(0x02014b50, 0);
    cd.writeUInt16LE(20, 4);
    cd.writeUInt16LE(20, 6);
    cd.writeUInt16LE(0x0800, 8);
    cd.writeUInt16LE(e.method, 10);
    cd.writeUInt32LE(e.crc >>> 0, 16);
    cd.writeUInt32LE(compressedSize, 20);
    cd.writeUInt32LE(e.uncompressedSize, 24);
    cd.writeUInt16LE(name.length, 28);
    cd.writeUInt32LE(offset, 42);
    parts.push(local, name, Buffer.from(e.stored));
    central.push(cd, name);
    offset += local.length + name.length + e.stored.length;
  }
  const cdBuf = Buffer.concat(central);
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(0x06054b50, 0);
  eocd.writeUInt16LE(entries.length, 8);
  eocd.writeUInt16LE(entries.length, 10);
  eocd.writeUInt32LE(cdBuf.length, 12);
  eocd.writeUInt32LE(offset, 16);
  return Buffer.concat([...parts, cdBuf, eocd]);
}

export function storedEntry(name: string, text: string): HandmadeEntry {
  const data = Buffer.from(text, 'utf8');
  return { name, stored: data, method: 0, crc: crc32(data), uncompressedSize: data.length };
}
