// Server render of the client components (no browser here): markup, test hooks and accessibility attributes.
// createElement rather than JSX: the unit project runs *.test.ts files.
import { createElement as h } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { RegionsGeo, RegionTiles } from '../../../app/_components/RegionMap';
import { TurnoutPanel } from '../../../app/_components/TurnoutPanel';
import { summarizeCells } from '../../../lib/results/summarizeCells';

const peru = summarizeCells(2, null, [
  ['Lima', 'A', 'valid', 10],
  ['Cusco', 'B', 'valid', 7],
  ['Cusco', 'A', 'valid', 6],
  ['Tacna', '', 'blank', 3],
]);

describe('RegionTiles / RegionsGeo', () => {
  it('one tile per region coloured by its leader, with the leaders for tests and a summary for assistive tech', () => {
    const html = renderToStaticMarkup(h(RegionTiles, { regions: peru.regions, shape: null }));
    expect(html).toContain('data-testid="region-tiles"');
    const leaders = JSON.parse(/data-leaders="([^"]*)"/.exec(html)![1].replace(/&quot;/g, '"'));
    expect(leaders).toEqual({ Cusco: 'B', Lima: 'A', Tacna: null });
    expect(html).toContain('role="img"');
    expect(html).toMatch(/aria-label="3 regions\. A leads 1, B leads 1"/);
    expect((html.match(/<li /g) ?? []).length).toBeGreaterThanOrEqual(3);
  });

  it('tiles become buttons (a group, not an image) when regions can be selected', () => {
    const html = renderToStaticMarkup(h(RegionTiles, { regions: peru.regions, shape: null, onSelect: () => {} }));
    expect(html).toContain('role="group"');
    expect((html.match(/<button type="button" class="[^"]*tile/g) ?? []).length).toBe(3);
  });

  it('picks tiles for non-US regions without a shape, the map for US states', () => {
    expect(renderToStaticMarkup(h(RegionsGeo, { regions: peru.regions, shape: null }))).toContain('data-testid="region-tiles"');
    const us = summarizeCells(1, null, [['California', 'A', 'valid', 5], ['TX', 'B', 'valid', 4], ['Ohio', 'A', 'valid', 3]]);
    const html = renderToStaticMarkup(h(RegionsGeo, { regions: us.regions, shape: null }));
    expect(html).toContain('data-testid="region-map"');
    // The bundled US shape loads after mount; the server render says so.
    expect(html).toContain('data-source="loading"');
  });
});

describe('TurnoutPanel', () => {
  it('national and per-region figures; over 100% is flagged, never drawn as a normal full bar', () => {
    const html = renderToStaticMarkup(
      h(TurnoutPanel, {
        results: peru,
        expected: [
          { region: 'Lima', registered: 20, expectedVotes: 15 },
          { region: 'Cusco', registered: 10, expectedVotes: 12 },
        ],
      }),
    );
    expect(html).toContain('data-testid="turnout-table"');
    expect(html).toContain('<caption>');
    // Cusco: 13 votes of 10 registered.
    expect(html).toMatch(/data-region="Cusco".*130\.0%.*over 100%/);
    expect(html).toContain('data-over="true"');
    expect(html).toContain('aria-valuenow="100"');
    expect(html).toContain('data-turnout="0.7666666666666667"');
    // Tacna has results but no row.
    expect(html).toContain('data-testid="turnout-unlisted"');
  });

  it('says so when no list was uploaded', () => {
    expect(renderToStaticMarkup(h(TurnoutPanel, { results: peru, expected: [] }))).toContain('data-empty="true"');
  });
});
