import { acceptUploads } from '@/lib/uploads/acceptUploads';
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
