// JSON calls from the browser to our API: one place for the error shape {"error":{"code","message"}}.
export type ApiOutcome<T> = { ok: true; data: T } | { ok: false; message: string; code?: string };

export async function apiCall<T>(url: string, method: string, body?: unknown): Promise<ApiOutcome<T>> {
  try {
    const res = await fetch(url, {
      method,
      headers: body === undefined ? { Accept: 'application/json' } : { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      cache: 'no-store',
    });
    const json = (await res.json().catch(() => null)) as (T & { error?: { code?: string; message?: string } }) | null;
    if (res.ok) return { ok: true, data: json as T };
    return { ok: false, code: json?.error?.code, message: json?.error?.message ?? `request failed (HTTP ${res.status})` };
  } catch {
    return { ok: false, message: 'could not reach the server' };
  }
}
