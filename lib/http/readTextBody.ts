import { apiError } from './respond';

/**
 * The request body as UTF-8 text, read as a stream and cut off past `maxBytes` (a lying or missing Content-Length
 * does not help): the text, or the 413 / 400 Response to send.
 */
export async function readTextBody(req: Request, maxBytes: number): Promise<string | Response> {
  const tooLarge = () => apiError(413, 'file_too_large', `the file is larger than ${Math.round(maxBytes / 1024)} KiB`);
  const declared = Number(req.headers.get('content-length') ?? NaN);
  if (declared > maxBytes) return tooLarge();
  if (!req.body) return apiError(400, 'empty_body', 'send the file as the request body');
  const reader = req.body.getReader();
  const parts: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => {});
      return tooLarge();
    }
    parts.push(value);
  }
  if (size === 0) return apiError(400, 'empty_body', 'send the file as the request body');
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(Buffer.concat(parts));
  } catch {
    return apiError(400, 'not_utf8', 'the file is not UTF-8 text');
  }
}

/** A client-supplied file name for records and the audit log: no control characters, at most 200 characters. */
export function fileNameParam(req: Request): string {
  return (new URL(req.url).searchParams.get('filename') ?? '').replace(/[\u0000-\u001f\u007f]/g, '').slice(0, 200);
}
