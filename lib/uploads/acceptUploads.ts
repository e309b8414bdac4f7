import { rm } from 'node:fs/promises';
import { getPrisma } from '../db';
import { getEnv } from '../env';
import { detectFormat } from '../ingest/detectFormat';
import { mappingToJson } from '../ingest/parseMapping';
import { IngestError } from '../ingest/types';
import { trackStaging } from './stagingInFlight';
import { log } from '../log';
import type { Principal } from '../auth/authenticate';
import type { SpooledFile } from './receiveFiles';
import { holdUpload, releaseUpload } from './readingHeartbeat';
import { stageUpload, type StagingChoices } from './stageUpload';
import type { UploadChoices } from './uploadChoices';

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
export async function acceptUploads(
  files: SpooledFile[],
  who: Principal,
  opts: Partial<UploadChoices> = {},
): Promise<AcceptedUpload[]> {
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
    const data = {
      filename: f.filename,
      sha256: f.sha256,
      sizeBytes: BigInt(f.size),
      userId: who.id,
      tokenId: who.tokenId ?? null,
      duplicateConfirmed: !!opts.confirmDuplicate,
      mapping: mappingToJson(opts.mapping) ?? undefined,
      sheet: opts.sheet ?? null,
    };
    const failed = (e: NonNullable<AcceptedUpload['error']>) =>
      prisma.upload.create({ data: { ...data, status: 'failed', errorMessage: e.message, finishedAt: new Date() } });
    let upload;
    if (error) upload = await failed(error);
    else {
      try {
        upload = await prisma.upload.create({ data: { ...data, status: 'queued' } });
      } catch (err) {
        if (!isUniqueViolation(err)) throw err;
        error = await duplicateError(f);
        upload = await failed(error);
      }
    }
    if (error) {
      await rm(f.path, { force: true });
      out.push({ id: upload.id, filename: f.filename, status: 'failed', error });
    } else {
      runStaging(upload.id, f.path, { mapping: opts.mapping, sheet: opts.sheet });
      out.push({ id: upload.id, filename: f.filename, status: 'queued' });
    }
  }
  return out;
}

function isUniqueViolation(err: unknown): boolean {
  return (err as { code?: string })?.code === 'P2002';
}

async function duplicateError(f: SpooledFile): Promise<NonNullable<AcceptedUpload['error']>> {
  const prior = await getPrisma().upload.findFirst({
    where: { sha256: f.sha256, duplicateConfirmed: false, resetAt: null, status: { not: 'retracted' }, OR: [{ status: { not: 'failed' } }, { chunksDone: { gt: 0 } }] },
    select: { id: true, filename: true, createdAt: true },
  });
  const what = prior ? `upload ${prior.id} (${prior.filename}, ${prior.createdAt.toISOString()})` : 'an earlier upload';
  return {
    code: 'duplicate_file',
    message: `${f.filename} is byte-identical (sha256 ${f.sha256.slice(0, 12)}…) to ${what}; it was not counted again. Send confirmDuplicate=true to count it as a new batch.`,
  };
}

// Parsing is CPU-bound and xlsx holds its shared strings: bound how many files one web node parses at once.
let running = 0;
const waiting: (() => void)[] = [];

function runStaging(uploadId: string, filePath: string, choices: StagingChoices): void {
  holdUpload(uploadId);
  const start = () => {
    running++;
    return stageUpload(uploadId, filePath, choices)
      .catch((err) => log.error({ err, uploadId }, 'staging crashed'))
      .finally(() => {
        releaseUpload(uploadId);
        running--;
        waiting.shift()?.();
      });
  };
  // Tracked from acceptance on (waiting ones too): a web node stopping on SIGTERM finishes the files it accepted.
  if (running < getEnv().PARSE_CONCURRENCY) trackStaging(start());
  else trackStaging(new Promise<void>((resolve) => waiting.push(() => void start().then(resolve))));
}
