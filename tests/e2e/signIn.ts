import type { Page } from '@playwright/test';

/** The first admin scripts/e2e-server.ts creates. */
export const ADMIN = { email: 'admin@e2e.test', password: 'e2e-password-123' };

/** Signs in through the login form and lands on /upload. */
export async function signInToUpload(page: Page, who = ADMIN): Promise<void> {
  await page.goto('/login?next=/upload');
  await page.locator('input[name="email"]').fill(who.email);
  await page.locator('input[name="password"]').fill(who.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  // By pathname: a glob like **/upload would already match /login?next=/upload.
  await page.waitForURL((url) => url.pathname === '/upload');
}
