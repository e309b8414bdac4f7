// The dashboard as people use it on election night: two viewers (desktop in English, phone in Spanish) watch files
// being counted; headline, bars and area grid reach exactly GET /api/results without a reload; one viewer goes
// offline mid-ingest and catches up; drill-down into a region and a province, back, and a shared drill-down URL.
// Screenshots of the main views at desktop and phone size land in test-results/screenshots/ for a person to look at.
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { test, expect, type BrowserContext, type Page } from '@playwright/test';
import { signInToUpload } from './signIn';

const SHOTS = path.resolve('test-results/screenshots');

const PLACES: [string, string, string][] = [
  ['Lima', 'Lima', 'Miraflores'],
  ['Lima', 'Lima', 'Surco'],
  ['Lima', 'Huaral', 'Chancay'],
  ['Cusco', 'Cusco', 'Wanchaq'],
  ['Cusco', 'Urubamba', 'Ollantaytambo'],
  ['Piura', 'Piura', 'Castilla'],
];
const CANDIDATES = ['Ana Quispe', 'Luis Torres', 'María Huamán'];

/** A csv of `n` ballots spread over every place and candidate (some blank and null), fresh voter ids per run. */
function ballots(n: number, seed: number): string {
  const base = 20_000_000 + Math.floor(Math.random() * 70_000_000);
  const lines = ['region,provincia,ciudad,dni,candidato,esvalido'];
  for (let i = 0; i < n; i++) {
    const [r, p, d] = PLACES[(i * 7 + seed) % PLACES.length];
    const k = (i * 13 + seed) % 10;
    const candidate = k === 9 ? 'VOTOS EN BLANCO' : CANDIDATES[(i + seed + (i % 4 === 0 ? 1 : 0)) % 3];
    const valid = k === 9 || k === 8 ? 0 : 1;
    lines.push(`${r},${p},${d},${base + i},${candidate},${valid}`);
  }
  return lines.join('\n') + '\n';
}

type Totals = { votes: number; valid: number; blank: number; null: number; byCandidate: { candidate: string; votes: number }[] };
type Area = { name: string; votes: number; valid: number; blank: number; null: number };

/** What a dashboard shows, from its data attributes. */
function shown(page: Page) {
  return page.evaluate(() => {
    const value = (id: string) => Number(document.querySelector(`[data-testid="${id}"]`)?.getAttribute('data-value'));
    const chart = document.querySelector('[data-testid="candidate-chart"]');
    // Small multiples carry each area's numbers; the national map/tiles only leaders, so there the table view is read.
    const cards = Array.from(document.querySelectorAll('[data-testid="area-card"]')).map((c) => ({
      name: c.getAttribute('data-area') ?? '',
      votes: Number(c.getAttribute('data-votes')),
      valid: Number(c.getAttribute('data-valid')),
      blank: Number(c.getAttribute('data-blank')),
      null: Number(c.getAttribute('data-null')),
    }));
    const rows = Array.from(document.querySelectorAll('[data-testid="region-row"]')).map((r) => {
      const cell = (col: string) => Number(r.querySelector(`[data-col="${col}"]`)?.getAttribute('data-value'));
      return { name: r.getAttribute('data-region') ?? '', votes: cell('votes'), valid: cell('valid'), blank: cell('blank'), null: cell('null') };
    });
    const areas = cards.length > 0 ? cards : rows;
    const tiles = document.querySelector('[data-testid="region-tiles"], [data-testid="region-map"]');
    return {
      level: document.querySelector('[data-testid="dashboard"]')?.getAttribute('data-level'),
      totals: { votes: value('total-votes'), valid: value('valid-votes'), blank: value('blank-votes'), null: value('null-votes') },
      candidates: (chart ? JSON.parse(chart.getAttribute('data-candidates') ?? '[]') : []) as [string, number][],
      split: JSON.parse(document.querySelector('[data-testid="vote-split"]')?.getAttribute('data-values') ?? '[]') as number[],
      areas,
      leaders: tiles ? (JSON.parse(tiles.getAttribute('data-leaders') ?? '{}') as Record<string, string | null>) : null,
    };
  });
}

/** The API's answer for the view at `query` ('' = national), in the dashboard's terms. */
async function expected(page: Page, query: string) {
  if (query === '') {
    const r = (await (await page.request.get('/api/results')).json()) as { totals: Totals; regions: (Area & { region: string })[] };
    return { totals: r.totals, areas: r.regions.map(({ region, votes, valid, blank, null: n }) => ({ name: region, votes, valid, blank, null: n })) };
  }
  const r = (await (await page.request.get(`/api/results?${query}`)).json()) as { totals: Totals; areas: (Area & { area: string })[] };
  return { totals: r.totals, areas: r.areas.map(({ area, votes, valid, blank, null: n }) => ({ name: area, votes, valid, blank, null: n })) };
}

/** Waits until the page shows exactly what the API says for its view. */
async function agrees(page: Page, query: string) {
  await expect
    .poll(
      async () => {
        const [s, e] = await Promise.all([shown(page), expected(page, query)]);
        const { votes, valid, blank, null: n } = e.totals;
        return {
          totals: JSON.stringify(s.totals) === JSON.stringify({ votes, valid, blank, null: n }),
          split: JSON.stringify(s.split) === JSON.stringify([valid, blank, n]),
          bars: JSON.stringify(s.candidates) === JSON.stringify(e.totals.byCandidate.map((c) => [c.candidate, c.votes])),
          areas: JSON.stringify(s.areas) === JSON.stringify(e.areas),
        };
      },
      { timeout: 45_000 },
    )
    .toEqual({ totals: true, split: true, bars: true, areas: true });
}

async function upload(page: Page, name: string, body: string): Promise<string> {
  const res = await page.request.post('/api/uploads', { multipart: { file: { name, mimeType: 'text/csv', buffer: Buffer.from(body) } } });
  expect(res.status()).toBe(202);
  return ((await res.json()) as { uploads: { id: string }[] }).uploads[0].id;
}

async function counted(page: Page, id: string) {
  await expect.poll(async () => ((await (await page.request.get(`/api/uploads/${id}`)).json()) as { status: string }).status, { timeout: 90_000 }).toBe('done');
}

async function markNoReload(page: Page) {
  await page.evaluate(() => ((window as unknown as { __noReload: number }).__noReload = 1));
}
async function expectNoReload(page: Page) {
  expect(await page.evaluate(() => (window as unknown as { __noReload?: number }).__noReload)).toBe(1);
}

test('two viewers, live totals, offline catch-up, drill-down and back, screenshots', async ({ browser, baseURL }) => {
  await mkdir(SHOTS, { recursive: true });
  const contexts: BrowserContext[] = [];
  const ctx = async (opts: Parameters<typeof browser.newContext>[0]) => {
    const c = await browser.newContext(opts);
    contexts.push(c);
    return c;
  };
  try {
    const desktop = await ctx({ viewport: { width: 1280, height: 900 } });
    const phone = await ctx({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
    await phone.addCookies([{ name: 'tally_lang', value: 'es', url: baseURL! }]);
    const a = await desktop.newPage();
    const b = await phone.newPage();
    for (const p of [a, b]) {
      await p.goto('/');
      await expect(p.getByTestId('connection')).toHaveAttribute('data-state', 'live');
      await markNoReload(p);
    }
    await expect(b.getByTestId('connection')).toHaveText('en vivo');

    const uploader = await (await ctx({})).newPage();
    await signInToUpload(uploader);
    const first = await upload(uploader, 'dash-1.csv', ballots(240, 1));

    await test.step('the phone goes offline while more files are counted, then catches up', async () => {
      await phone.setOffline(true);
      await expect(b.getByTestId('connection')).toHaveAttribute('data-state', 'reconnecting', { timeout: 60_000 });
      const more = [await upload(uploader, 'dash-2.csv', ballots(300, 2)), await upload(uploader, 'dash-3.csv', ballots(180, 3))];
      for (const id of [first, ...more]) await counted(uploader, id);
      await phone.setOffline(false);
      await expect(b.getByTestId('connection')).toHaveAttribute('data-state', 'live', { timeout: 60_000 });
    });

    await test.step('headline, doughnut, bars, region tiles and table equal GET /api/results on both, without reload', async () => {
      // One national race (the same candidates everywhere): regions as tiles coloured by leader.
      await expect(a.getByTestId('region-tiles')).toBeVisible();
      await expect
        .poll(async () => {
          const api = (await (await a.request.get('/api/results')).json()) as { regions: { region: string; candidates: { candidate: string }[] }[] };
          return JSON.stringify((await shown(a)).leaders) === JSON.stringify(Object.fromEntries(api.regions.map((r) => [r.region, r.candidates[0]?.candidate ?? null])));
        })
        .toBe(true);
      await a.screenshot({ path: path.join(SHOTS, 'national-desktop.png'), fullPage: true });
      for (const p of [a, b]) await p.getByTestId('areas-panel-toggle').click();
      await agrees(a, '');
      await agrees(b, '');
      await expect(a.getByTestId('leader')).toHaveAttribute('data-candidate', (await expected(a, '')).totals.byCandidate[0].candidate);
      await expect(a.getByTestId('uploads-feed')).toContainText('dash-3.csv');
      await b.getByTestId('areas-panel-toggle').click();
      await b.screenshot({ path: path.join(SHOTS, 'national-phone-es.png'), fullPage: true });
    });

    await test.step('drill down: region, province, back, breadcrumb home', async () => {
      await a.getByTestId('areas-panel').getByRole('button', { name: 'Lima', exact: true }).click();
      await expect(a).toHaveURL(/\?region=Lima$/);
      await expect(a.getByTestId('dashboard')).toHaveAttribute('data-level', 'region');
      await expect(a.getByTestId('breadcrumb')).toContainText('All regions');
      await agrees(a, 'level=province&region=Lima');
      await a.screenshot({ path: path.join(SHOTS, 'region-desktop.png'), fullPage: true });

      await a.getByTestId('areas-panel').getByRole('button', { name: /^(Open )?Huaral$/ }).click();
      await expect(a).toHaveURL(/\?region=Lima&province=Huaral$/);
      await agrees(a, 'level=district&region=Lima&province=Huaral');

      await a.goBack();
      await expect(a.getByTestId('dashboard')).toHaveAttribute('data-level', 'region');
      await agrees(a, 'level=province&region=Lima');
      await a.getByTestId('breadcrumb').getByRole('link', { name: 'All regions' }).click();
      await expect(a.getByTestId('dashboard')).toHaveAttribute('data-level', 'national');
      await expect(a.getByTestId('region-tiles')).toBeVisible();
      await a.getByTestId('areas-panel-toggle').click();
      await agrees(a, '');
      await expectNoReload(a);
      await expectNoReload(b);
    });

    await test.step('a drill-down view keeps moving live, and a shared drill-down URL paints that view first', async () => {
      await b.goto('/?region=Cusco');
      await expect(b.getByTestId('dashboard')).toHaveAttribute('data-level', 'region');
      await expect(b.getByTestId('connection')).toHaveAttribute('data-state', 'live');
      await agrees(b, 'level=province&region=Cusco');
      const before = (await shown(b)).totals.votes;
      await counted(uploader, await upload(uploader, 'dash-4.csv', ballots(120, 4)));
      await expect.poll(async () => (await shown(b)).totals.votes, { timeout: 30_000 }).toBeGreaterThan(before);
      await agrees(b, 'level=province&region=Cusco');
      await b.screenshot({ path: path.join(SHOTS, 'region-phone-es.png'), fullPage: true });
    });

    await test.step('every chart has a table view', async () => {
      await a.getByTestId('candidates-panel-toggle').click();
      await expect(a.getByTestId('candidate-table')).toBeVisible();
      await a.getByTestId('split-panel-toggle').click();
      await expect(a.getByTestId('vote-split-table')).toBeVisible();
      // The areas panel was switched to its table above; back to the tiles.
      await expect(a.getByTestId('region-table')).toBeVisible();
      await a.getByTestId('areas-panel-toggle').click();
      await expect(a.getByTestId('region-tiles')).toBeVisible();
    });
  } finally {
    for (const c of contexts) await c.close();
  }
});
