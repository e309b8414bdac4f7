import { requireRole } from '@/lib/auth/guard';
import { apiError } from '@/lib/http/respond';
import { acceptUploads } from '@/lib/uploads/acceptUploads';
import { listUploads, MAX_LISTED } from '@/lib/uploads/listUploads';
import { receiveUploadRequest } from '@/lib/uploads/receiveUploadRequest';

export const dynamic = 'force-dynamic';

/** POST /api/uploads[?mapping=JSON][&sheet=name][&confirmDuplicate=true]: count one or more files. */
export async function POST(req: Request) {
  const received = await receiveUploadRequest(req);
  if (received instanceof Response) return received;
  const uploads = await acceptUploads(received.files, received.who, received.choices);
  if (uploads.every((u) => u.status === 'failed')) {
    const first = uploads[0].error!;
    return Response.json({ error: first, uploads }, { status: first.code === 'duplicate_file' ? 409 : 415 });
  }
  return Response.json({ uploads }, { status: 202 });
}

/** GET /api/uploads[?limit=N]: the most recent uploads, newest first; an admin sees everyone's, others their own. */
export async function GET(req: Request) {
  const who = await requireRole(req, 'uploader');
  if (who instanceof Response) return who;
  const limitText = new URL(req.url).searchParams.get('limit');
  const limit = limitText === null ? undefined : Number(limitText);
  if (limit !== undefined && !(Number.isInteger(limit) && limit >= 1 && limit <= MAX_LISTED)) {
    return apiError(400, 'bad_limit', `limit must be a whole number from 1 to ${MAX_LISTED}`);
  }
  const uploads = await listUploads({ userId: who.role === 'admin' ? undefined : who.id, limit });
  return Response.json({ uploads }, { headers: { 'cache-control': 'no-store' } });
}
