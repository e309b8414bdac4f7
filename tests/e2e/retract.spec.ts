// Undo from the browser: an admin retracts a counted upload from the history; a dashboard open elsewhere drops by
// exactly that file's votes without a reload, and the history shows who retracted it and when.
import { writeFile } from 'node:fs/promises';
import { test, expect, type Page } from '@playwright/test';
import { ADMIN, signInToUpload } from './signIn';


function totals(page: Page) {
  return page.evaluate(() => {
    const value = (id: string) => Number(document.querySelector(`[data-testid="${id}"]`)?.getAttribute('data-value'));
    // The areas panel's table view (shown by the test) has every region's numbers.
    const row = document.querySelector('[data-testid="region-row"][data-region="Tacna"]');
    return { votes: value('total-votes'), tacna: row ? Number(row.querySelector('[data-col="votes"]')?.getAttribute('data-value')) : 0 };
  });
}

test('an admin retracts an upload and every dashboard drops by exactly its votes', async ({ browser }, testInfo) => {
  // 5 ballots and one polling-station line of 20: 25 votes, all in Tacna. Fresh voter ids per run.
  const base = 30_000_000 + Math.floor(Math.random() * 60_000_000);
  const lines = ['region,candidato,dni,votos'];
  for (let i = 0; i < 5; i++) lines.push(`Tacna,Rosa Ccori,${base + i},1`);
  lines.push('Tacna,Jaime Ríos,,20');
  const file = testInfo.outputPath(`tacna-${base}.csv`);
  await writeFile(file, lines.join('\n') + '\n');

  const viewer = await browser.newContext();
  const admin = await browser.newContext();
  try {
    const dashboard = await viewer.newPage();
    await dashboard.goto('/');
    await expect(dashboard.getByTestId('connection')).toHaveText('live');
    const start = await totals(dashboard);

    const page = await admin.newPage();
    await signInToUpload(page);

    await page.getByTestId('file-input').setInputFiles(file);
    await page.getByRole('button', { name: 'Upload', exact: true }).click();
    await expect(page.getByTestId('upload-item').first()).toHaveAttribute('data-status', 'done', { timeout: 60_000 });
    await expect.poll(async () => (await totals(dashboard)).votes).toBe(start.votes + 25);
    await dashboard.getByTestId('areas-panel-toggle').click();
    await expect.poll(async () => (await totals(dashboard)).tacna).toBe(start.tacna + 25);

    // The history lists it (it arrived by a progress event), done, with its 25 votes.
    const row = page.locator('[data-testid="history-row"]', { hasText: `tacna-${base}.csv` });
    await expect(row).toHaveAttribute('data-status', 'done');
    await expect(row.locator('[data-col="votes"]')).toHaveAttribute('data-value', '25');

    page.once('dialog', (d) => void d.accept());
    await row.getByRole('button', { name: 'Retract' }).click();
    await expect(page.getByTestId('history-message')).toContainText('25 votes removed');
    await expect(row).toHaveAttribute('data-status', 'retracted');
    await expect(row.getByTestId('retracted-by')).toContainText(ADMIN.email);
    await expect(row.getByRole('button', { name: 'Retract' })).toHaveCount(0);

    // The other page, never reloaded, is back where it started.
    await expect.poll(async () => totals(dashboard)).toEqual(start);
  } finally {
    await viewer.close();
    await admin.close();
  }
});
