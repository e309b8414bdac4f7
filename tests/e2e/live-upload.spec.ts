// The live path end to end: a signed-in user uploads an xlsx on one page while another page, never reloaded,
// shows the new totals, and both agree with GET /api/results.
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { test, expect, type Page } from '@playwright/test';
import { signInToUpload } from './signIn';
import { writeXlsx } from '@/lib/xlsx/writeXlsx';


type Row = (string | number | boolean | null)[];

/** [region, provincia, ciudad, candidato, esvalido, how many rows]: the truth is written here, not computed by the app. */
const PLAN: [string, string, string, string, 0 | 1, number][] = [
  ['Arequipa', 'Arequipa', 'Yanahuara', 'Ana Quispe', 1, 6],
  ['Arequipa', 'Arequipa', 'Yanahuara', 'Luis Torres', 1, 4],
  ['Arequipa', 'Caylloma', 'Chivay', 'María Huamán', 1, 2],
  ['Arequipa', 'Caylloma', 'Chivay', 'Ana Quispe', 0, 2],
  ['Cusco', 'Cusco', 'Wanchaq', 'Ana Quispe', 1, 3],
  ['Cusco', 'Cusco', 'Wanchaq', 'Luis Torres', 1, 5],
  ['Cusco', 'Urubamba', 'Ollantaytambo', 'María Huamán', 1, 3],
  ['Cusco', 'Urubamba', 'Ollantaytambo', 'Luis Torres', 0, 2],
  ['Piura', 'Piura', 'Castilla', 'Ana Quispe', 1, 4],
  ['Piura', 'Piura', 'Castilla', 'Luis Torres', 1, 2],
  ['Piura', 'Sullana', 'Bellavista', 'María Huamán', 1, 4],
  ['Piura', 'Sullana', 'Bellavista', 'María Huamán', 0, 3],
  // The sheet's blank-vote line: a blank vote, not a candidate.
  ['Cusco', 'Cusco', 'Wanchaq', 'VOTOS EN BLANCO', 0, 2],
];
const ROWS = 42;
const VALID_BY_CANDIDATE: Record<string, number> = { 'Ana Quispe': 13, 'Luis Torres': 11, 'María Huamán': 9 };
const BLANK = 2;
const NULL = 7;

function buildRows(): Row[] {
  // Unique DNIs per run, so a re-run against the same database is never rejected as duplicate voters.
  const dniBase = 10_000_000 + Math.floor(Math.random() * 80_000_000);
  const rows: Row[] = [['region', 'provincia', 'ciudad', 'dni', 'candidato', 'esvalido']];
  let n = 0;
  for (const [region, provincia, ciudad, candidato, esvalido, count] of PLAN) {
    for (let i = 0; i < count; i++) rows.push([region, provincia, ciudad, String(dniBase + n++), candidato, esvalido]);
  }
  return rows;
}

interface ResultsBody {
  version: number;
  totals: { votes: number; valid: number; blank: number; null: number; byCandidate: { candidate: string; votes: number }[] };
  regions: { region: string; votes: number; valid: number; blank: number; null: number; candidates: { candidate: string; votes: number }[] }[];
}

/** What the dashboard shows, read from its data attributes. */
function readDashboard(page: Page) {
  return page.evaluate(() => {
    const value = (id: string) => Number(document.querySelector(`[data-testid="${id}"]`)?.getAttribute('data-value'));
    const chart = document.querySelector('[data-testid="candidate-chart"]');
    // The areas panel's table view (the map or tiles show leaders only).
    const rows = Array.from(document.querySelectorAll('[data-testid="region-row"]'));
    const cell = (row: Element, col: string) => Number(row.querySelector(`[data-col="${col}"]`)?.getAttribute('data-value'));
    return {
      votes: value('total-votes'),
      valid: value('valid-votes'),
      blank: value('blank-votes'),
      null: value('null-votes'),
      version: value('version'),
      candidates: (chart ? JSON.parse(chart.getAttribute('data-candidates') ?? '[]') : []) as [string, number][],
      regions: rows.map((r) => ({
        region: r.getAttribute('data-region') ?? '',
        votes: cell(r, 'votes'),
        valid: cell(r, 'valid'),
        blank: cell(r, 'blank'),
        null: cell(r, 'null'),
      })),
    };
  });
}

test('an upload on one page moves the live dashboard on another, without a reload', async ({ browser, request }, testInfo) => {
  const rows = buildRows();
  expect(rows.length - 1).toBe(ROWS);
  expect(Object.values(VALID_BY_CANDIDATE).reduce((a, b) => a + b, 0) + BLANK + NULL).toBe(ROWS);

  const viewerContext = await browser.newContext();
  const uploaderContext = await browser.newContext();
  try {
    // Page A: the dashboard, connected and marked so a reload would be detected.
    const dashboard = await viewerContext.newPage();
    let loads = 0;
    dashboard.on('load', () => loads++);
    await dashboard.goto('/');
    await expect(dashboard.getByTestId('connection')).toHaveText('live');
    const before = await readDashboard(dashboard);
    const initialByCandidate = Object.fromEntries(before.candidates);
    await dashboard.evaluate(() => {
      (window as unknown as { __marker?: number }).__marker = 1;
    });

    // Page B: sign in and upload.
    const uploader = await uploaderContext.newPage();
    await test.step('sign in', async () => {
      await signInToUpload(uploader);
    });

    await test.step('upload the xlsx and wait until it is counted', async () => {
      const file = testInfo.outputPath('live-upload.xlsx');
      await mkdir(dirname(file), { recursive: true });
      await writeXlsx(file, rows);
      await uploader.getByTestId('file-input').setInputFiles(file);
      await uploader.getByRole('button', { name: 'Upload', exact: true }).click();
      await expect(uploader.getByTestId('upload-error')).toHaveCount(0);
      const item = uploader.getByTestId('upload-item').first();
      await expect(item).toHaveAttribute('data-status', 'done', { timeout: 90_000 });
      await expect(item.getByTestId('rows-accepted')).toHaveAttribute('data-value', String(ROWS));
      await expect(item.getByTestId('rows-rejected')).toHaveAttribute('data-value', '0');
    });

    await test.step('the dashboard shows the new votes live', async () => {
      await expect.poll(async () => (await readDashboard(dashboard)).votes).toBe(before.votes + ROWS);
      const expectedByCandidate = { ...initialByCandidate };
      for (const [candidate, votes] of Object.entries(VALID_BY_CANDIDATE)) {
        expectedByCandidate[candidate] = (expectedByCandidate[candidate] ?? 0) + votes;
      }
      await expect
        .poll(async () => Object.fromEntries((await readDashboard(dashboard)).candidates))
        .toEqual(expectedByCandidate);
      const after = await readDashboard(dashboard);
      expect(after.valid).toBe(before.valid + ROWS - BLANK - NULL);
      expect(after.blank).toBe(before.blank + BLANK);
      expect(after.null).toBe(before.null + NULL);
      expect(Object.keys(Object.fromEntries(after.candidates))).not.toContain('VOTOS EN BLANCO');
      expect(after.version).toBeGreaterThan(before.version);
      await dashboard.getByTestId('areas-panel-toggle').click();
      for (const region of ['Arequipa', 'Cusco', 'Piura']) {
        await expect(dashboard.locator(`[data-testid="region-row"][data-region="${region}"]`)).toHaveCount(1);
      }
      // The bars' table view has the same candidates.
      await dashboard.getByTestId('candidates-panel-toggle').click();
      await expect(dashboard.getByTestId('candidate-table')).toContainText('María Huamán');
      await dashboard.getByTestId('candidates-panel-toggle').click();
      await expect(dashboard.getByTestId('candidate-chart')).toBeVisible();
    });

    await test.step('the dashboard agrees with GET /api/results', async () => {
      // Polled: the page may still be one coalescing interval behind the database's version.
      await expect
        .poll(async () => {
          const res = await request.get('/api/results');
          expect(res.ok()).toBe(true);
          const api = (await res.json()) as ResultsBody;
          const shown = await readDashboard(dashboard);
          return {
            same: {
              version: shown.version === api.version,
              votes: shown.votes === api.totals.votes,
              valid: shown.valid === api.totals.valid,
              blank: shown.blank === api.totals.blank,
              null: shown.null === api.totals.null,
            },
            candidates: shown.candidates,
            apiCandidates: api.totals.byCandidate.map((c) => [c.candidate, c.votes]),
            regions: shown.regions,
            apiRegions: api.regions.map(({ region, votes, valid, blank, null: nul }) => ({ region, votes, valid, blank, null: nul })),
          };
        })
        .toEqual(
          expect.objectContaining({
            same: { version: true, votes: true, valid: true, blank: true, null: true },
          }),
        );
      const api = (await (await request.get('/api/results')).json()) as ResultsBody;
      const shown = await readDashboard(dashboard);
      expect(shown.candidates).toEqual(api.totals.byCandidate.map((c) => [c.candidate, c.votes]));
      expect(shown.regions).toEqual(api.regions.map(({ region, votes, valid, blank, null: nul }) => ({ region, votes, valid, blank, null: nul })));
    });

    await test.step('the dashboard was never reloaded', async () => {
      expect(await dashboard.evaluate(() => (window as unknown as { __marker?: number }).__marker)).toBe(1);
      expect(loads).toBe(1);
    });
  } finally {
    await viewerContext.close();
    await uploaderContext.close();
  }
});
