// The API's error shape, {"error":{"code","message"}}, in one place for every route handler.
export function apiError(status: number, code: string, message: string, headers?: HeadersInit): Response {
  return Response.json({ error: { code, message } }, { status, headers });
}

/** JSON with BigInt values written as numbers (counts here stay far below 2^53). */
export function json(body: unknown, init?: ResponseInit): Response {
  return new Response(JSON.stringify(body, (_k, v) => (typeof v === 'bigint' ? Number(v) : v)), {
    ...init,
    headers: { 'content-type': 'application/json; charset=utf-8', ...(init?.headers ?? {}) },
  });
}
