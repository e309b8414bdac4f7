// An election night of two contests reported by polling station, in the browser: an admin loads the stations list
// and the contests in /admin; a dashboard open elsewhere picks a contest (kept in the URL) and, never reloaded,
// watches "stations reporting" move as station files arrive, a correction replace a station's count, and a held
// station count only once the admin publishes it.
import { test, expect, type Page } from '@playwright/test';
import { signInToUpload } from './signIn';

// A run-unique prefix: the e2e database is shared by the specs of one run.
const RUN = `e2e${Date.now().toString(36)}`;
const PRES = `Presidente ${RUN}`;
const CONG = `Congreso ${RUN}`;
const REGION = { lima: `Lima ${RUN}`, cusco: `Cusco ${RUN}` };

/** [station, region, province, district, registered voters] */
const STATIONS: [string, string, string, string, number][] = [
  [`${RUN}-M1`, REGION.lima, 'Lima', 'Miraflores', 100],
  [`${RUN}-M2`, REGION.lima, 'Lima', 'Miraflores', 100],
  [`${RUN}-M3`, REGION.lima, 'Lima', 'Surco', 100],
  [`${RUN}-M4`, REGION.lima, 'Lima', 'Surco', 100],
  [`${RUN}-M5`, REGION.cusco, 'Cusco', 'Wanchaq', 50],
  [`${RUN}-M6`, REGION.cusco, 'Cusco', 'Wanchaq', 50],
];
const station = (i: number) => STATIONS[i - 1];

/** A station tally file: [contest, station number, candidate, votes]. */
function tallyCsv(rows: [string, number, string, number][]): string {
  const lines = rows.map(([contest, i, candidate, votes]) => {
    const [id, region, province, district] = station(i);
    return [contest, id, region, province, district, candidate, votes].join(',');
  });
  return ['eleccion,mesa,region,provincia,distrito,candidato,votos', ...lines].join('\n') + '\n';
}

async function uploadCsv(page: Page, name: string, body: string): Promise<void> {
  const res = await page.request.post('/api/uploads', { multipart: { file: { name, mimeType: 'text/csv', buffer: Buffer.from(body) } } });
  expect(res.status()).toBe(202);
  const id = ((await res.json()) as { uploads: { id: string }[] }).uploads[0].id;
  await expect
    .poll(async () => ((await (await page.request.get(`/api/uploads/${id}`)).json()) as { status: string }).status, { timeout: 90_000 })
    .toBe('done');
}

function reporting(page: Page) {
  return page.evaluate(() => {
    const el = document.querySelector('[data-testid="stations-reporting"]');
    const votes = document.querySelector('[data-testid="total-votes"]')?.getAttribute('data-value');
    return { reporting: Number(el?.getAttribute('data-reporting') ?? -1), stations: Number(el?.getAttribute('data-stations') ?? -1), votes: Number(votes) };
  });
}

test('pick a contest and watch its stations reporting move live as station files, a correction and a published held report arrive', async ({ browser }, testInfo) => {
  const adminContext = await browser.newContext();
  const viewerContext = await browser.newContext();
  try {
    const admin = await adminContext.newPage();
    await signInToUpload(admin);

    await test.step('the admin loads the stations list and the contests in /admin', async () => {
      await admin.goto('/admin');
      const list = 'station,region,province,district,registered_voters\n' + STATIONS.map((s) => s.join(',')).join('\n') + '\n';
      const file = testInfo.outputPath('stations.csv');
      await import('node:fs/promises').then((fs) => fs.mkdir(testInfo.outputDir, { recursive: true }).then(() => fs.writeFile(file, list)));
      const box = admin.getByTestId('admin-stations');
      await box.locator('input[type="file"]').setInputFiles(file);
      await box.getByRole('button', { name: 'Upload stations list' }).click();
      await expect(admin.getByTestId('admin-stations-current')).toHaveAttribute('data-stations', String(STATIONS.length));

      const contests = admin.getByTestId('admin-contests');
      for (const [name, seats] of [[PRES, '1'], [CONG, '2']] as const) {
        await contests.locator('input[name="name"]').fill(name);
        await contests.locator('input[name="seats"]').fill(seats);
        await contests.getByRole('button', { name: 'Save contest' }).click();
        await expect(contests.locator(`[data-testid="contest-row"][data-contest="${name}"]`)).toHaveCount(1);
      }
    });

    const dashboard = await viewerContext.newPage();
    let loads = 0;
    dashboard.on('load', () => loads++);

    await test.step('a viewer picks the presidential contest; the choice is in the URL', async () => {
      await dashboard.goto('/');
      await expect(dashboard.getByTestId('connection')).toHaveText('live');
      await dashboard.getByTestId('contest-picker').selectOption(PRES);
      await expect(dashboard).toHaveURL(new RegExp(`[?&]contest=${encodeURIComponent(PRES).replace(/%20/g, '(%20|\\+)')}`));
      await expect(dashboard.getByTestId('contest-name')).toHaveText(PRES);
      await expect(dashboard.getByTestId('stations-reporting')).toHaveAttribute('data-stations', String(STATIONS.length));
      await expect(dashboard.getByTestId('stations-reporting')).toHaveAttribute('data-reporting', '0');
      await dashboard.evaluate(() => ((window as unknown as { __noReload: number }).__noReload = 1));
    });

    await test.step('station files of both contests arrive: only the chosen contest moves the panel', async () => {
      await uploadCsv(admin, 'actas-1.csv', tallyCsv([
        [PRES, 1, 'Ana', 40], [PRES, 1, 'Luis', 30],
        [PRES, 2, 'Ana', 20], [PRES, 2, 'Luis', 25],
        [CONG, 1, 'Lista A', 50], [CONG, 2, 'Lista B', 30], [CONG, 3, 'Lista A', 10], [CONG, 4, 'Lista B', 60],
      ]));
      await expect.poll(() => reporting(dashboard)).toEqual({ reporting: 2, stations: 6, votes: 115 });
      await uploadCsv(admin, 'actas-2.csv', tallyCsv([
        [PRES, 3, 'Ana', 10], [PRES, 3, 'Luis', 12],
        [PRES, 5, 'Ana', 20], [PRES, 5, 'Luis', 20],
        // 80 votes at a station of 50 registered voters: held, counted nowhere.
        [PRES, 6, 'Ana', 50], [PRES, 6, 'Luis', 30],
      ]));
      await expect.poll(() => reporting(dashboard)).toEqual({ reporting: 4, stations: 6, votes: 177 });
    });

    await test.step('a correction of a station replaces its count, never adds to it', async () => {
      await uploadCsv(admin, 'actas-1-corregida.csv', tallyCsv([[PRES, 1, 'Ana', 45], [PRES, 1, 'Luis', 33]]));
      await expect.poll(() => reporting(dashboard)).toEqual({ reporting: 4, stations: 6, votes: 177 - 70 + 78 });
      const correction = dashboard.locator(`[data-testid="ledger-correction"][data-station="${station(1)[0]}"][data-kind="correction"]`);
      await expect(correction).toHaveAttribute('data-before', '70');
      await expect(correction).toHaveAttribute('data-after', '78');
    });

    await test.step('the held station is listed in /admin with its reason; publishing it counts it, live', async () => {
      await admin.goto('/admin');
      const row = admin.locator(`[data-testid="held-row"][data-station="${station(6)[0]}"]`);
      await expect(row).toHaveCount(1);
      await expect(row.getByTestId('held-reason')).toContainText('80 votes exceed its 50 registered voters');
      expect(await reporting(dashboard)).toEqual({ reporting: 4, stations: 6, votes: 185 });
      admin.once('dialog', (d) => void d.accept());
      await row.getByRole('button', { name: 'Publish' }).click();
      await expect(row).toHaveCount(0);
      await expect.poll(() => reporting(dashboard)).toEqual({ reporting: 5, stations: 6, votes: 265 });
      const audit = await (await admin.request.get('/api/admin/audit?limit=20')).json() as { entries: { action: string; subject: string }[] };
      expect(audit.entries.some((e) => e.action === 'station.publish' && e.subject.includes(station(6)[0]))).toBe(true);
    });

    await test.step('the other contest, picked in the same page: its own stations and votes', async () => {
      await dashboard.getByTestId('contest-picker').selectOption(CONG);
      await expect(dashboard.getByTestId('contest-name')).toHaveText(CONG);
      await expect.poll(() => reporting(dashboard)).toEqual({ reporting: 4, stations: 6, votes: 150 });
      const api = (await (await dashboard.request.get(`/api/results?contest=${encodeURIComponent(CONG)}`)).json()) as { totals: { votes: number }; reporting: { total: { reporting: number } } };
      expect(api.totals.votes).toBe(150);
      expect(api.reporting.total.reporting).toBe(4);
    });

    await test.step('the dashboard was never reloaded', async () => {
      expect(await dashboard.evaluate(() => (window as unknown as { __noReload?: number }).__noReload)).toBe(1);
      expect(loads).toBe(1);
    });

    await test.step('a province and a district view show their own stations reporting, and move live', async () => {
      const province = await viewerContext.newPage();
      await province.goto(`/?${new URLSearchParams({ contest: PRES, region: REGION.lima, province: 'Lima' })}`);
      await expect(province.getByTestId('connection')).toHaveText('live');
      // Lima province: M1, M2, M3 reported in the presidential contest, M4 not yet.
      const panel = province.getByTestId('stations-reporting');
      await expect(panel).toHaveAttribute('data-stations', '4');
      await expect(panel).toHaveAttribute('data-reporting', '3');
      // Its breadcrumb's links stay in the contest (a shared or new-tab link shows the same race).
      for (const href of await province.getByTestId('breadcrumb').locator('a').evaluateAll((as) => as.map((a) => a.getAttribute('href')))) {
        expect(new URLSearchParams(href!.split('?')[1] ?? '').get('contest')).toBe(PRES);
      }
      const district = await viewerContext.newPage();
      await district.goto(`/?${new URLSearchParams({ contest: PRES, region: REGION.lima, province: 'Lima', district: 'Surco' })}`);
      await expect(district.getByTestId('stations-reporting')).toHaveAttribute('data-stations', '2');
      await expect(district.getByTestId('stations-reporting')).toHaveAttribute('data-reporting', '1');
      await uploadCsv(admin, 'actas-3.csv', tallyCsv([[PRES, 4, 'Ana', 30], [PRES, 4, 'Luis', 20]]));
      await expect(panel).toHaveAttribute('data-reporting', '4');
      await expect(district.getByTestId('stations-reporting')).toHaveAttribute('data-reporting', '2');
    });
  } finally {
    await adminContext.close();
    await viewerContext.close();
  }
});
