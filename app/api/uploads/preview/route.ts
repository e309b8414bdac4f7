import { rm } from 'node:fs/promises';
import { previewFile } from '@/lib/uploads/previewFile';
import { receiveUploadRequest } from '@/lib/uploads/receiveUploadRequest';

export const dynamic = 'force-dynamic';

/** POST /api/uploads/preview[?mapping=JSON][&sheet=name]: one file's format, columns and first rows; counts nothing. */
export async function POST(req: Request) {
  const received = await receiveUploadRequest(req, 1);
  if (received instanceof Response) return received;
  const { files, choices } = received;
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
