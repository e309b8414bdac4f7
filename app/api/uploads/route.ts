import { authenticate, isSameOrigin } from '@/lib/auth/authenticate';
import { getEnv } from '@/lib/env';
import { apiError } from '@/lib/http/respond';
import { MappingInvalid } from '@/lib/ingest/parseMapping';
import { uploadChoicesFrom } from '@/lib/uploads/uploadChoices';
import { acceptUploads } from '@/lib/uploads/acceptUploads';
import { UploadRejected, receiveFiles, spoolDir } from '@/lib/uploads/receiveFiles';

export const dynamic = 'force-dynamic';

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
  try {
    const files = await receiveFiles(req, {
      maxFileBytes: env.MAX_UPLOAD_BYTES,
      maxFiles: env.MAX_FILES_PER_UPLOAD,
      dir: spoolDir(env.UPLOAD_DIR),
    });
    const uploads = await acceptUploads(files, who, choices);
    if (uploads.every((u) => u.status === 'failed')) {
      const first = uploads[0].error!;
      return Response.json({ error: first, uploads }, { status: first.code === 'duplicate_file' ? 409 : 415 });
    }
    return Response.json({ uploads }, { status: 202 });
  } catch (err) {
    if (err instanceof UploadRejected) return apiError(err.status, err.code, err.message);
    throw err;
  }
}
