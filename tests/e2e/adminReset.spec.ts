// Issue 5 end to end: an admin creates an uploader in /admin; the uploader signs in with the temporary password,
// must choose their own, then uploads; the admin resets the counts; a dashboard open all along drops to zero
// without a reload, and the audit log shows the reset; the results status an admin sets shows there live too.
import { writeFile } from 'node:fs/promises';
import { test, expect, type Page } from '@playwright/test';
import { ADMIN, signInToUpload } from './signIn';

function totalVotes(page: Page) {
  return page.evaluate(() => Number(document.querySelector('[data-testid="total-votes"]')?.getAttribute('data-value')));
}

test('admin creates an uploader, the uploader uploads, the admin resets, the dashboard drops to zero', async ({ browser }, testInfo) => {
  const email = `uploader-${Date.now()}@e2e.test`;
  const base = 20_000_000 + Math.floor(Math.random() * 60_000_000);
  const lines = ['region,candidato,dni'];
  for (let i = 0; i < 12; i++) lines.push(`Puno,Ana Quispe,${base + i}`);
  const file = testInfo.outputPath(`puno-${base}.csv`);
  await writeFile(file, lines.join('\n') + '\n');

  const viewer = await browser.newContext();
  const adminCtx = await browser.newContext();
  const uploaderCtx = await browser.newContext();
  try {
    const dashboard = await viewer.newPage();
    await dashboard.goto('/');
    await expect(dashboard.getByTestId('connection')).toHaveText('live');

    // The admin creates the account; the temporary password is shown once.
    const admin = await adminCtx.newPage();
    await signInToUpload(admin);
    await admin.goto('/admin');
    await admin.getByLabel('Email', { exact: true }).fill(email);
    await admin.getByLabel('Role', { exact: true }).selectOption('uploader');
    await admin.getByRole('button', { name: 'Create account' }).click();
    const secret = admin.getByTestId('shown-once-secret');
    await expect(secret).toBeVisible();
    const temporary = (await secret.textContent())!.trim();
    await expect(admin.getByTestId(`user-${email}`)).toContainText('must change password');

    // The uploader signs in, is sent to choose a password, then reaches the upload page.
    const up = await uploaderCtx.newPage();
    await up.goto('/login?next=/upload');
    await up.locator('input[name="email"]').fill(email);
    await up.locator('input[name="password"]').fill(temporary);
    await up.getByRole('button', { name: 'Sign in' }).click();
    await up.waitForURL((url) => url.pathname === '/account');
    await up.getByLabel('Current password').fill(temporary);
    await up.getByLabel('New password (at least 10 characters)').fill('uploader-own-password');
    await up.getByLabel('New password again').fill('uploader-own-password');
    await up.getByRole('button', { name: 'Change password' }).click();
    await up.waitForURL((url) => url.pathname === '/upload');
    // An uploader's navigation has no admin console.
    await expect(up.getByRole('link', { name: 'Admin' })).toHaveCount(0);

    await up.getByTestId('file-input').setInputFiles(file);
    await up.getByRole('button', { name: 'Upload', exact: true }).click();
    await expect(up.getByTestId('upload-item').first()).toHaveAttribute('data-status', 'done', { timeout: 60_000 });
    await expect.poll(() => totalVotes(dashboard)).toBeGreaterThanOrEqual(12);

    // The admin resets; the dashboard (never reloaded) shows zero.
    await admin.getByLabel('Type RESET to confirm').fill('RESET');
    await admin.getByRole('button', { name: 'Reset all counts' }).click();
    await expect(admin.getByRole('status')).toContainText('Counts reset at version');
    await expect.poll(() => totalVotes(dashboard)).toBe(0);
    await expect(admin.getByTestId('audit-log')).toContainText('counts.reset');
    await expect(admin.getByTestId('audit-log')).toContainText('user.create');

    // The results status an admin sets reaches the open dashboard live; numbers never look final before.
    await expect(dashboard.getByTestId('results-status')).toHaveAttribute('data-value', 'unofficial-partial');
    await admin.getByRole('combobox', { name: 'Results status' }).selectOption('certified');
    await expect(dashboard.getByTestId('results-status')).toHaveAttribute('data-value', 'certified');
    await expect(dashboard.getByTestId('results-status')).toHaveText('Certified results');
    await admin.getByRole('combobox', { name: 'Results status' }).selectOption('unofficial-partial');
    await expect(dashboard.getByTestId('results-status')).toHaveAttribute('data-value', 'unofficial-partial');
  } finally {
    await viewer.close();
    await adminCtx.close();
    await uploaderCtx.close();
  }
});
