// Region names as uploads write them ("CALIFORNIA", "State of California", "CA", "Apurímac") matched to the names
// of map shapes or of the expected-voters list. Pure: shared by the dashboard (browser) and the API (server).

/**
 * The key two spellings of one region share: NFKD without accents, lower case, punctuation as spaces, a leading
 * "the", "state of" / "estado de" / "departamento de" / "provincia de" / "region" dropped, spaces collapsed.
 */
export function normalizeRegionName(name: string): string {
  const plain = name
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
  return plain.replace(PREFIX, '').replace(/\s+/g, ' ').trim() || plain;
}

// Only as a leading word group: "New York State" stays itself, "Estado de México" becomes "mexico", "Commonwealth of
// the Northern Mariana Islands" becomes "northern mariana islands".
const PREFIX = /^(?:the )?(?:(?:state|commonwealth|estado|departamento|department|provincia|province|region|regiao) (?:of |de |del |da |do )?)?(?:the )?/u;

/** US postal codes (states, DC, territories) → the names us-atlas's states-10m.json uses. */
export const US_POSTAL_CODES: Readonly<Record<string, string>> = {
  AL: 'Alabama', AK: 'Alaska', AZ: 'Arizona', AR: 'Arkansas', CA: 'California', CO: 'Colorado', CT: 'Connecticut',
  DE: 'Delaware', DC: 'District of Columbia', FL: 'Florida', GA: 'Georgia', HI: 'Hawaii', ID: 'Idaho', IL: 'Illinois',
  IN: 'Indiana', IA: 'Iowa', KS: 'Kansas', KY: 'Kentucky', LA: 'Louisiana', ME: 'Maine', MD: 'Maryland',
  MA: 'Massachusetts', MI: 'Michigan', MN: 'Minnesota', MS: 'Mississippi', MO: 'Missouri', MT: 'Montana',
  NE: 'Nebraska', NV: 'Nevada', NH: 'New Hampshire', NJ: 'New Jersey', NM: 'New Mexico', NY: 'New York',
  NC: 'North Carolina', ND: 'North Dakota', OH: 'Ohio', OK: 'Oklahoma', OR: 'Oregon', PA: 'Pennsylvania',
  RI: 'Rhode Island', SC: 'South Carolina', SD: 'South Dakota', TN: 'Tennessee', TX: 'Texas', UT: 'Utah',
  VT: 'Vermont', VA: 'Virginia', WA: 'Washington', WV: 'West Virginia', WI: 'Wisconsin', WY: 'Wyoming',
  PR: 'Puerto Rico', GU: 'Guam', AS: 'American Samoa', VI: 'United States Virgin Islands',
  MP: 'Commonwealth of the Northern Mariana Islands',
};

/** The shape names of the built-in US map (us-atlas states-10m.json, object "states"). */
export const US_STATE_NAMES: readonly string[] = Object.values(US_POSTAL_CODES);

/** Other spellings of built-in US shapes, by normalised key. */
const US_ALIASES: Readonly<Record<string, string>> = {
  'washington dc': 'District of Columbia',
  'washington d c': 'District of Columbia',
  'd c': 'District of Columbia',
  'us virgin islands': 'United States Virgin Islands',
  'u s virgin islands': 'United States Virgin Islands',
  'virgin islands': 'United States Virgin Islands',
};

export interface RegionMatch {
  /** Result region (as written) → shape name. */
  matched: Map<string, string>;
  /** Result regions no shape has (in the order given). */
  unmatchedRegions: string[];
  /** Shape names no result region has (in the order given). */
  unmatchedShapes: string[];
}

/**
 * Pairs result regions with shape names by normalised name. With `usCodes`, a region written as a two-letter US
 * postal code ("CA", "ca") or a known alias ("Washington DC") matches the built-in shape too. Several regions may
 * match one shape (two spellings of one state in the uploads); a shape name that normalises like another keeps
 * the first.
 */
export function matchRegionNames(regions: readonly string[], shapeNames: readonly string[], opts: { usCodes?: boolean } = {}): RegionMatch {
  const byKey = new Map<string, string>();
  for (const s of shapeNames) {
    const key = normalizeRegionName(s);
    if (!byKey.has(key)) byKey.set(key, s);
  }
  const matched = new Map<string, string>();
  const unmatchedRegions: string[] = [];
  const used = new Set<string>();
  for (const region of regions) {
    const shape = byKey.get(normalizeRegionName(region)) ?? (opts.usCodes ? usAlias(region, byKey) : undefined);
    if (shape === undefined) {
      unmatchedRegions.push(region);
    } else {
      matched.set(region, shape);
      used.add(shape);
    }
  }
  return { matched, unmatchedRegions, unmatchedShapes: shapeNames.filter((s) => !used.has(s)) };
}

function usAlias(region: string, byKey: Map<string, string>): string | undefined {
  const trimmed = region.trim().replace(/\.$/, '');
  const name = /^[A-Za-z]{2}$/.test(trimmed) ? US_POSTAL_CODES[trimmed.toUpperCase()] : US_ALIASES[normalizeRegionName(region)];
  return name === undefined ? undefined : byKey.get(normalizeRegionName(name));
}

/**
 * Whether results look like US states, so the built-in map applies: at least 3 regions, and at least half of
 * them, are states, DC or territories (by name or postal code).
 */
export function looksLikeUsStates(regions: readonly string[]): boolean {
  if (regions.length === 0) return false;
  const { matched } = matchRegionNames(regions, US_STATE_NAMES, { usCodes: true });
  return matched.size >= Math.min(3, regions.length) && matched.size * 2 >= regions.length;
}
