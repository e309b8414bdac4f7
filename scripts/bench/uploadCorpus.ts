// Sends a corpus through POST /api/uploads: all requests at once, each with several files streamed from disk.
import { openAsBlob } from 'node:fs';
import path from 'node:path';
import { wallNow } from './pushLatency';

export interface UploadedCorpus {
  /** Wall-clock ms just before the first request started sending. */
  firstByteAt: number;
  /** Wall-clock ms when the last request was answered (every file spooled and recorded). */
  allAcceptedAt: number;
  uploadIds: string[];
  requests: number;
}

interface UploadsResponse {
  uploads?: { id: string; filename: string; status: string; error?: { message: string } }[];
  error?: { code: string; message: string };
}

export async function uploadCorpus(baseUrl: string, token: string, dir: string, fileNames: string[], filesPerRequest: number): Promise<UploadedCorpus> {
  const groups: string[][] = [];
  for (let i = 0; i < fileNames.length; i += filesPerRequest) groups.push(fileNames.slice(i, i + filesPerRequest));
  // Blobs backed by the files: undici streams them into the multipart body, nothing is read whole into memory.
  const forms = await Promise.all(
    groups.map(async (names) => {
      const form = new FormData();
      for (const name of names) form.append('file', await openAsBlob(path.join(dir, name)), name);
      return form;
    }),
  );
  const firstByteAt = wallNow();
  const answers = await Promise.all(
    forms.map(async (body, i) => {
      const res = await fetch(`${baseUrl}/api/uploads`, { method: 'POST', body, headers: { authorization: `Bearer ${token}` } });
      const json = (await res.json()) as UploadsResponse;
      if (res.status !== 202 || !json.uploads) throw new Error(`upload request ${i + 1} (${groups[i][0]} …): ${res.status} ${JSON.stringify(json.error ?? json)}`);
      const refused = json.uploads.filter((u) => u.status !== 'queued');
      if (refused.length) throw new Error(`refused: ${refused.map((u) => `${u.filename}: ${u.error?.message}`).join('; ')}`);
      return json.uploads.map((u) => u.id);
    }),
  );
  return { firstByteAt, allAcceptedAt: wallNow(), uploadIds: answers.flat(), requests: groups.length };
}
