// Sends a file as the raw request body (PUT /api/admin/map-shape, /api/admin/expected-voters) and reads our JSON
// answer, keeping the extra fields of an error (row errors, name properties) for the form to show.
export type FileOutcome<T, E> = { ok: true; data: T } | { ok: false; message: string; code?: string; extra?: E };

export async function sendFile<T, E = unknown>(url: string, method: 'PUT', file: Blob, contentType: string): Promise<FileOutcome<T, E>> {
  try {
    const res = await fetch(url, { method, body: file, headers: { 'Content-Type': contentType, Accept: 'application/json' }, cache: 'no-store' });
    const json = (await res.json().catch(() => null)) as (T & E & { error?: { code?: string; message?: string } }) | null;
    if (res.ok) return { ok: true, data: json as T };
    return { ok: false, code: json?.error?.code, message: json?.error?.message ?? `request failed (HTTP ${res.status})`, extra: json ?? undefined };
  } catch {
    return { ok: false, message: 'could not reach the server' };
  }
}
