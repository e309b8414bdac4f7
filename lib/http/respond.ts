// The API's error shape, {"error":{"code","message"}}, in one place for every route handler.
export function apiError(status: number, code: string, message: string, headers?: HeadersInit): Response {
  return Response.json({ error: { code, message } }, { status, headers });
}
