import { createHash, randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import busboy from 'busboy';

export interface SpooledFile {
  filename: string;
  path: string;
  sha256: string;
  size: number;
}

export class UploadRejected extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export interface ReceiveLimits {
  maxFileBytes: number;
  maxFiles: number;
  dir: string;
}

export function spoolDir(configured: string): string {
  return configured || path.join(os.tmpdir(), 'tally-uploads');
}

/**
 * Streams every `file` part of a multipart request to its own spool file while hashing it, so an upload is held on
 * disk once and never in memory. Refuses (and removes what it wrote) when a file is over the size limit.
 */
export async function receiveFiles(req: Request, limits: ReceiveLimits): Promise<SpooledFile[]> {
  const type = req.headers.get('content-type') ?? '';
  if (!type.toLowerCase().startsWith('multipart/form-data')) {
    throw new UploadRejected(415, 'bad_request', 'send the files as multipart/form-data in the field "file"');
  }
  if (!req.body) throw new UploadRejected(400, 'bad_request', 'empty request body');
  await mkdir(limits.dir, { recursive: true });

  const files: SpooledFile[] = [];
  const writes: Promise<void>[] = [];
  let failure: UploadRejected | undefined;

  const bb = busboy({
    headers: { 'content-type': type },
    limits: { fileSize: limits.maxFileBytes, files: limits.maxFiles, fields: 20, parts: limits.maxFiles + 20 },
  });
  bb.on('file', (field, stream, info) => {
    if (field !== 'file') {
      stream.resume();
      return;
    }
    const target = path.join(limits.dir, `${randomUUID()}.part`);
    const hash = createHash('sha256');
    let size = 0;
    const entry: SpooledFile = { filename: cleanName(info.filename), path: target, sha256: '', size: 0 };
    files.push(entry);
    stream.on('limit', () => {
      failure ??= new UploadRejected(
        413,
        'file_too_large',
        `${entry.filename} is larger than the limit of ${limits.maxFileBytes} bytes`,
      );
    });
    const counter = new Transform({
      transform(buf: Buffer, _enc, cb) {
        size += buf.length;
        hash.update(buf);
        cb(null, buf);
      },
    });
    writes.push(
      pipeline(stream, counter, createWriteStream(target)).then(() => {
        entry.size = size;
        entry.sha256 = hash.digest('hex');
      }),
    );
  });
  bb.on('filesLimit', () => {
    failure ??= new UploadRejected(413, 'too_many_files', `at most ${limits.maxFiles} files per request`);
  });

  try {
    await pipeline(Readable.fromWeb(req.body as unknown as WebReadableStream<Uint8Array>), bb);
    await Promise.all(writes);
  } catch (err) {
    failure ??= new UploadRejected(400, 'bad_request', `the upload could not be read: ${(err as Error).message}`);
  }
  if (!failure && files.length === 0) failure = new UploadRejected(400, 'no_file', 'no file in the field "file"');
  if (failure) {
    await Promise.allSettled(writes);
    await Promise.all(files.map((f) => rm(f.path, { force: true })));
    throw failure;
  }
  return files;
}

/** A display name only (never used as a path): no directories, no control characters, bounded length. */
function cleanName(name: string | undefined): string {
  const base = (name ?? 'upload').split(/[\\/]/).pop() ?? 'upload';
  const cleaned = base.replace(/[\u0000-\u001f\u007f]/g, '').normalize('NFC').slice(0, 255);
  return cleaned || 'upload';
}
