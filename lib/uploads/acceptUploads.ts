import { rm } from 'node:fs/promises';
import { getPrisma } from '../db';
import { getEnv } from '../env';
import { detectFormat } from '../ingest/detectFormat';
import { IngestError } from '../ingest/types';
import { log } from '../log';
import type { Principal } from '../auth/authenticate';
import type { SpooledFile } from './receiveFiles';
import { stageUpload } from './stageUpload';

export interface AcceptedUpload {
  id: string;
  filename: string;
  status: 'queued' | 'failed';
  error?: { code: string; message: string };
}

/**
 * Records each spooled file as an Upload and starts staging it in the background. A file whose content is no
 * known format is recorded as failed at once and its spool file removed.
 */
export async function acceptUploads(files: SpooledFile[], who: Principal): Promise<AcceptedUpload[]> {
  const prisma = getPrisma();
  const out: AcceptedUpload[] = [];
  for (const f of files) {
    let error: AcceptedUpload['error'];
    try {
      await detectFormat(f.path);
    } catch (err) {
      if (!(err instanceof IngestError)) throw err;
      error = { code: err.code, message: `${f.filename}: ${err.message}` };
    }
    const upload = await prisma.upload.create({
      data: {
        filename: f.filename,
        sha256: f.sha256,
        sizeBytes: BigInt(f.size),
        userId: who.id,
        tokenId: who.tokenId ?? null,
        status: error ? 'failed' : 'queued',
        errorMessage: error?.message ?? null,
        finishedAt: error ? new Date() : null,
      },
    });
    if (error) {
      await rm(f.path, { force: true });
      out.push({ id: upload.id, filename: f.filename, status: 'failed', error });
    } else {
      runStaging(upload.id, f.path);
      out.push({ id: upload.id, filename: f.filename, status: 'queued' });
    }
  }
  return out;
}

// Parsing is CPU-bound and xlsx holds its shared strings: bound how many files one web node parses at once.
let running = 0;
const waiting: (() => void)[] = [];

function runStaging(uploadId: string, filePath: string): void {
  const start = () => {
    running++;
    stageUpload(uploadId, filePath)
      .catch((err) => log.error({ err, uploadId }, 'staging crashed'))
      .finally(() => {
        running--;
        waiting.shift()?.();
      });
  };
  if (running < getEnv().PARSE_CONCURRENCY) start();
  else waiting.push(start);
}
