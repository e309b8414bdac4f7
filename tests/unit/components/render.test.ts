// First paint of the ledger, timeline, time-travel and anomaly components, rendered on the server as Next does
// (effects, and so fetching, only run in a browser): the markup, test ids and the two languages.
import { createElement, type ReactElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { AnomalyFlags } from '../../../app/_components/AnomalyFlags';
import { LangProvider } from '../../../app/_components/i18n';
import type { Lang } from '../../../app/_components/lang';
import { LedgerPanel } from '../../../app/_components/LedgerPanel';
import { TimelineChart } from '../../../app/_components/TimelineChart';
import { TimeTravelBanner, TimeTravelBar } from '../../../app/_components/TimeTravelBar';
import { summarizeCells } from '../../../lib/results/summarizeCells';

const html = (el: ReactElement, lang: Lang = 'en') => renderToStaticMarkup(createElement(LangProvider, { lang, children: el }));

const results = summarizeCells(3, '2026-11-23T12:00:00.000Z', [
  ['Lima', 'Ana', 'valid', 900],
  ['Lima', '', 'null', 300],
  ['Cusco', 'Ana', 'valid', 500],
]);

describe('first paint', () => {
  it('LedgerPanel: titled, in both languages, nothing listed before the first load', () => {
    expect(html(createElement(LedgerPanel, { version: 3 }))).toContain('data-testid="ledger-panel"');
    expect(html(createElement(LedgerPanel, { version: 3 }))).toContain('Change ledger');
    expect(html(createElement(LedgerPanel, { version: 3 }), 'es')).toContain('Registro de cambios');
    expect(html(createElement(LedgerPanel, { version: 3 }))).not.toContain('ledger-entry');
  });

  it('TimelineChart: loading state with the table toggle', () => {
    const out = html(createElement(TimelineChart, { live: { version: 3, updatedAt: null, votes: 1, byCandidate: [] } }));
    expect(out).toContain('data-testid="timeline-chart"');
    expect(out).toContain('data-testid="timeline-table-toggle"');
    expect(out).toContain('Loading the timeline');
  });

  it('TimeTravelBar: a slider over 1..live, "back to live" disabled while live; nothing to travel before any count', () => {
    const live = html(createElement(TimeTravelBar, { liveVersion: 12, travelTo: null, onTravel: () => {} }));
    expect(live).toMatch(/type="range"[^>]*min="1"[^>]*max="12"[^>]*value="12"/);
    expect(live).toContain('disabled="" data-testid="time-travel-live"');
    const past = html(createElement(TimeTravelBar, { liveVersion: 12, travelTo: 4, onTravel: () => {} }), 'es');
    expect(past).toContain('versión 4 de 12');
    expect(past).toContain('<button type="button" data-testid="time-travel-live">Volver a en vivo</button>');
    expect(html(createElement(TimeTravelBar, { liveVersion: 0, travelTo: null, onTravel: () => {} }))).toContain('Nothing counted yet');
  });

  it('TimeTravelBanner says which version of how many, and that it is not current', () => {
    const out = html(createElement(TimeTravelBanner, { version: 4, liveVersion: 12 }));
    expect(out).toContain('role="status"');
    expect(out).toContain('Viewing version 4 of 12 — not the current results.');
  });

  it('AnomalyFlags: flags from the results alone before the decreases arrive, in the reader’s language', () => {
    const expected = [{ region: 'Lima', registered: 1000, expectedVotes: null }];
    const out = html(createElement(AnomalyFlags, { results, expected }));
    expect(out).toContain('data-kind="turnout"');
    expect(out).toContain('Lima: 1,200 votes for 1,000 registered voters');
    expect(html(createElement(AnomalyFlags, { results, expected }), 'es')).toContain('electores inscritos');
    expect(html(createElement(AnomalyFlags, { results }))).toContain('No anomalies found.');
  });
});
