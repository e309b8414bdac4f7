import { rm } from 'node:fs/promises';
import { authenticate, isSameOrigin } from '@/lib/auth/authenticate';
import { getEnv } from '@/lib/env';
import { apiError } from '@/lib/http/respond';
import { MappingInvalid } from '@/lib/ingest/parseMapping';
import { uploadChoicesFrom } from '@/lib/uploads/uploadChoices';
import { previewFile } from '@/lib/uploads/previewFile';
import { UploadRejected, receiveFiles, spoolDir } from '@/lib/uploads/receiveFiles';

export const dynamic = 'force-dynamic';

/** POST /api/uploads/preview[?mapping=JSON]: one file's format, column mapping and first rows; counts nothing. */
export async function POST(req: Request) {
  if (!isSameOrigin(req)) return apiError(403, 'cross_origin', 'cross-site requests are not allowed');
  const who = await authenticate(req);
  if (!who) return apiError(401, 'unauthenticated', 'sign in or send an API token to upload');
  let choices;
  try {
    choices = uploadChoicesFrom(req.url);
  } catch (err) {
    if (err instanceof MappingInvalid) return apiError(400, 'bad_mapping', err.message);
    throw err;
  }
  const env = getEnv();
  let files;
  try {
    files = await receiveFiles(req, { maxFileBytes: env.MAX_UPLOAD_BYTES, maxFiles: 1, dir: spoolDir(env.UPLOAD_DIR) });
  } catch (err) {
    if (err instanceof UploadRejected) return apiError(err.status, err.code, err.message);
    throw err;
  }
  try {
    const p = await previewFile(files[0].path, choices.mapping, choices.sheet);
    if (p.ok) {
      return Response.json({ format: p.format, header: p.header, columns: p.columns, rows: p.rows, sheets: p.sheets, sheet: p.sheet });
    }
    const status = p.error.code === 'unknown_format' || p.error.code === 'empty_file' ? 415 : 422;
    return Response.json({ error: p.error, format: p.format, header: p.header, columns: p.columns, sheets: p.sheets }, { status });
  } finally {
    await rm(files[0].path, { force: true });
  }
}
