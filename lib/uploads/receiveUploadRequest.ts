import type { Principal } from '../auth/authenticate';
import { requireRole } from '../auth/guard';
import { getEnv } from '../env';
import { apiError } from '../http/respond';
import { MappingInvalid } from '../ingest/parseMapping';
import { UploadRejected, receiveFiles, spoolDir, type SpooledFile } from './receiveFiles';
import { uploadChoicesFrom, type UploadChoices } from './uploadChoices';

export interface UploadRequest {
  who: Principal;
  choices: UploadChoices;
  files: SpooledFile[];
}

/**
 * The gate every upload-like request passes (upload, preview): same origin or bearer token, a signed-in uploader,
 * valid choices in the query, files spooled within the limits. Returns the error Response when it fails.
 */
export async function receiveUploadRequest(req: Request, maxFiles?: number): Promise<UploadRequest | Response> {
  const who = await requireRole(req, 'uploader', { mutation: true });
  if (who instanceof Response) return who;
  let choices: UploadChoices;
  try {
    choices = uploadChoicesFrom(req.url);
  } catch (err) {
    if (err instanceof MappingInvalid) return apiError(400, 'bad_mapping', err.message);
    throw err;
  }
  const env = getEnv();
  try {
    const files = await receiveFiles(req, {
      maxFileBytes: env.MAX_UPLOAD_BYTES,
      maxFiles: maxFiles ?? env.MAX_FILES_PER_UPLOAD,
      dir: spoolDir(env.UPLOAD_DIR),
    });
    return { who, choices, files };
  } catch (err) {
    if (err instanceof UploadRejected) return apiError(err.status, err.code, err.message);
    throw err;
  }
}
