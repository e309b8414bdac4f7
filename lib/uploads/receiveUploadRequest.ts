import { authenticate, isSameOrigin, type Principal } from '../auth/authenticate';
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
  if (!isSameOrigin(req)) return apiError(403, 'cross_origin', 'cross-site requests are not allowed');
  const who = await authenticate(req);
  if (!who) return apiError(401, 'unauthenticated', 'sign in or send an API token to upload');
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
