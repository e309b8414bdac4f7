// The preview: a file whose headers no alias knows is shown with its columns, the user maps them, the preview
// re-reads the rows that way, and the upload counts them with that mapping.
import { writeFile } from 'node:fs/promises';
import { test, expect } from '@playwright/test';
import { signInToUpload } from './signIn';
import { writeTwoSheetXlsx } from '../support/twoSheetXlsx';


test('map unknown headers in the preview, then upload with that mapping', async ({ page, request }, testInfo) => {
  const file = testInfo.outputPath('moquegua.csv');
  await writeFile(file, 'Dpto;Postulante;Turno\r\nMoquegua;Rosa Ccori;101\r\nMoquegua;Rosa Ccori;102\r\nMoquegua;Jaime Ríos;103\r\n');

  await page.goto('/login?next=/upload');
  await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Sign in' })).toHaveCount(1);
  await signInToUpload(page);
  // Signed in: the navigation no longer offers to sign in.
  await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Sign in' })).toHaveCount(0);

  await page.getByTestId('file-input').setInputFiles(file);
  const preview = page.getByTestId('upload-preview');
  await expect(preview).toHaveAttribute('data-state', 'bad_header');
  await expect(page.getByTestId('preview-error')).toContainText(/region/i);

  await page.locator('[data-testid="mapping-select"][data-header="Dpto"]').selectOption('region');
  await page.locator('[data-testid="mapping-select"][data-header="Postulante"]').selectOption('candidate');
  await expect(preview).toHaveAttribute('data-state', 'ok');
  await expect(page.getByTestId('preview-row')).toHaveCount(3);
  await expect(page.getByTestId('preview-row').first()).toContainText('Rosa Ccori');

  await page.getByRole('button', { name: 'Upload', exact: true }).click();
  const item = page.getByTestId('upload-item').first();
  await expect(item).toHaveAttribute('data-status', 'done', { timeout: 60_000 });
  await expect(item.getByTestId('rows-accepted')).toHaveAttribute('data-value', '3');

  const results = (await (await request.get('/api/results')).json()) as {
    regions: { region: string; candidates: { candidate: string; votes: number }[] }[];
  };
  expect(results.regions.find((r) => r.region === 'Moquegua')?.candidates).toEqual([
    { candidate: 'Rosa Ccori', votes: 2 },
    { candidate: 'Jaime Ríos', votes: 1 },
  ]);
});

test('choose the worksheet of a workbook whose first sheet is a cover page', async ({ page, request }, testInfo) => {
  const file = testInfo.outputPath('tacna.xlsx');
  await writeTwoSheetXlsx(
    file,
    { name: 'Portada', rows: [['Elecciones 2026'], ['Acta consolidada']] },
    { name: 'Votos', rows: [['region', 'candidato'], ['Pasco', 'Ana Quispe'], ['Pasco', 'Ana Quispe'], ['Pasco', 'Luis Torres']] },
  );
  await signInToUpload(page);

  await page.getByTestId('file-input').setInputFiles(file);
  const preview = page.getByTestId('upload-preview');
  await expect(preview).toHaveAttribute('data-state', 'bad_header');
  await page.getByTestId('sheet-select').selectOption('Votos');
  await expect(preview).toHaveAttribute('data-state', 'ok');
  await expect(page.getByTestId('preview-row')).toHaveCount(3);

  await page.getByRole('button', { name: 'Upload', exact: true }).click();
  const item = page.getByTestId('upload-item').first();
  await expect(item).toHaveAttribute('data-status', 'done', { timeout: 60_000 });
  const results = (await (await request.get('/api/results')).json()) as { regions: { region: string; votes: number }[] };
  expect(results.regions.find((r) => r.region === 'Pasco')?.votes).toBe(3);
});
