// The API's error shape, {"error":{"code","message"}}, in one place for every route handler.
export function apiError(status: number, code: string, message: string, headers?: HeadersInit): Response {
  return Response.json({ error: { code, message } }, { status, headers });
}

/** A lib/admin result as a response: the value as JSON on success, the error shape otherwise. */
export function resultResponse<T>(
  result: { ok: true; value: T } | { ok: false; status: number; code: string; message: string },
  status = 200,
): Response {
  if (!result.ok) return apiError(result.status, result.code, result.message);
  return Response.json(result.value ?? { ok: true }, { status, headers: { 'cache-control': 'no-store' } });
}

/** The request's JSON body, or undefined when it is missing or not JSON. */
export async function jsonBody(req: Request): Promise<unknown> {
  return req.json().catch(() => undefined);
}

/** A public read's JSON answer with its ETag: 304 when the client already holds it. */
export function taggedJson(req: Request, etag: string, body: () => string): Response {
  const headers = { 'content-type': 'application/json', etag, 'cache-control': 'no-cache' };
  if (req.headers.get('if-none-match') === etag) return new Response(null, { status: 304, headers });
  return new Response(body(), { status: 200, headers });
}
