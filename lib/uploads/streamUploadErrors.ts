import { getPrisma } from '../db';
import { csvLine } from '../export/csvCell';

const PAGE = 5000;

/** Every rejected row of an upload, in row order, read page by page (an upload can have millions). */
async function* uploadErrors(uploadId: string): AsyncGenerator<{ row: number; reason: string }[]> {
  let after = 0;
  for (;;) {
    const page = await getPrisma().uploadError.findMany({
      where: { uploadId, row: { gt: after } },
      orderBy: { row: 'asc' },
      take: PAGE,
      select: { row: true, reason: true },
    });
    if (page.length === 0) return;
    yield page;
    after = page[page.length - 1].row;
  }
}

/** The rejected rows as a streamed CSV (`row,reason`) or JSON array (`[{row, reason}]`) body. */
export function uploadErrorsBody(uploadId: string, format: 'csv' | 'json'): ReadableStream<Uint8Array> {
  const enc = new TextEncoder();
  const pages = uploadErrors(uploadId);
  let first = true;
  return new ReadableStream({
    async pull(controller) {
      const next = await pages.next();
      if (format === 'csv') {
        const head = first ? csvLine(['row', 'reason']) : '';
        if (next.done) {
          if (head) controller.enqueue(enc.encode(head));
          controller.close();
        } else controller.enqueue(enc.encode(head + next.value.map((e) => csvLine([e.row, e.reason])).join('')));
      } else {
        if (next.done) {
          controller.enqueue(enc.encode(first ? '[]' : ']'));
          controller.close();
        } else {
          const body = next.value.map((e) => JSON.stringify({ row: e.row, reason: e.reason })).join(',');
          controller.enqueue(enc.encode((first ? '[' : ',') + body));
        }
      }
      first = false;
    },
    async cancel() {
      await pages.return(undefined);
    },
  });
}
