// The Peruvian shape: 25 regions, 196 provinces, 1,900 districts; one file per province with the columns of the
// old sheets (region, provincia, distrito, dni, candidato, esvalido).
import type { CorpusFile, CorpusRow } from './corpus';
import { cumulativeOf, pickWeighted, Random } from './random';

/** Peru's 24 departments and Callao, with their real number of provinces (196 in all). */
export const PERU_REGIONS: readonly (readonly [name: string, provinces: number])[] = [
  ['Amazonas', 7], ['Áncash', 20], ['Apurímac', 7], ['Arequipa', 8], ['Ayacucho', 11], ['Cajamarca', 13],
  ['Callao', 1], ['Cusco', 13], ['Huancavelica', 7], ['Huánuco', 11], ['Ica', 5], ['Junín', 9],
  ['La Libertad', 12], ['Lambayeque', 3], ['Lima', 10], ['Loreto', 8], ['Madre de Dios', 3], ['Moquegua', 3],
  ['Pasco', 3], ['Piura', 8], ['Puno', 13], ['San Martín', 10], ['Tacna', 4], ['Tumbes', 3], ['Ucayali', 4],
];

export const PERU_COLUMNS = ['region', 'provincia', 'distrito', 'dni', 'candidato', 'esvalido'] as const;

const DISTRICTS = 1_900;
const MIN_DISTRICTS_PER_PROVINCE = 4;
const DISTRICT_ROWS = [20, 2_000] as const;
const CANDIDATES_PER_REGION = [4, 10] as const;

// dni: 8 digits, 10,000,000..99,999,999. Drawing N ids uniformly from D values, the expected share of rows whose id
// was already drawn is 1 - (D/N)(1 - e^(-N/D)) ≈ N / 2D; D = 50 N gives 0.99%. At scale 1 (N ≈ 1.92M) 50 N
// exceeds the 90M 8-digit ids, so D is capped there and the share is ≈1.06%.
const DNI_FIRST = 10_000_000;
const DNI_SPACE = 90_000_000;
const DNI_SPACE_PER_ROW = 50;

export const FIRST_NAMES: readonly string[] = ['Ana', 'Luis', 'María', 'José', 'Rosa', 'Jorge', 'Carmen', 'Julio', 'Lucía', 'Ramón', 'Inés', 'Víctor',
  'Elena', 'César', 'Pilar', 'Raúl', 'Sofía', 'Martín', 'Gladys', 'Héctor', 'Nélida', 'Óscar', 'Yolanda', 'Ángel'];
export const LAST_NAMES: readonly string[] = ['Quispe', 'Huamán', 'Mamani', 'Flores', 'Rojas', 'Torres', 'Pérez', 'Chávez', 'Vásquez', 'Ramírez',
  'Castillo', 'Sánchez', 'Gutiérrez', 'Cárdenas', 'Ccori', 'Condori', 'Paucar', 'Villanueva', 'Espinoza', 'Ñahui',
  'Salazar', 'Yupanqui', 'Zúñiga', 'Alarcón'];

export interface PeruDistrict {
  name: string;
  rows: number;
}

export interface PeruProvince {
  name: string;
  region: string;
  districts: PeruDistrict[];
}

export interface PeruRegion {
  name: string;
  candidates: string[];
  /** Cumulative candidate weights, for pickWeighted. */
  weights: Float64Array;
  provinces: PeruProvince[];
}

// Stream ids for Random(seed, stream, ...): the geography and each file's rows never share a stream.
const GEOGRAPHY = 1;
const FILE_ROWS = 2;

/** Regions, their candidates, provinces and districts with row counts; the same for a seed and scale. */
export function peruGeography(seed: number, scale: number): PeruRegion[] {
  const random = new Random(seed, GEOGRAPHY);
  const regions: PeruRegion[] = PERU_REGIONS.map(([name, provinceCount]) => {
    const candidates = candidateNames(random, random.between(CANDIDATES_PER_REGION[0], CANDIDATES_PER_REGION[1]));
    const provinces = Array.from({ length: provinceCount }, (_, i) => ({ name: `${name} ${i + 1}`, region: name, districts: [] }));
    return { name, candidates, weights: cumulativeOf(candidates.map(() => 1 + random.int(10))), provinces };
  });
  const provinces = regions.flatMap((r) => r.provinces);
  const perProvince = provinces.map(() => MIN_DISTRICTS_PER_PROVINCE);
  for (let extra = DISTRICTS - MIN_DISTRICTS_PER_PROVINCE * provinces.length; extra > 0; extra--) perProvince[random.int(provinces.length)]++;
  provinces.forEach((province, p) => {
    for (let d = 1; d <= perProvince[p]; d++) {
      const base = random.between(DISTRICT_ROWS[0], DISTRICT_ROWS[1]);
      province.districts.push({ name: `${province.name}-${d}`, rows: Math.max(1, Math.round(base * scale)) });
    }
  });
  return regions;
}

/** One file per province, named "017-ancash-3.<extension>" so that name order is generation order. */
export function peruFiles(seed: number, scale: number, extension: string, voterIds?: number): CorpusFile[] {
  const regions = peruGeography(seed, scale);
  const provinces = regions.flatMap((region) => region.provinces.map((province) => ({ region, province })));
  const totalRows = provinces.reduce((n, { province }) => n + rowsOf(province), 0);
  const dniSpace = voterIds ?? Math.min(DNI_SPACE, DNI_SPACE_PER_ROW * totalRows);
  return provinces.map(({ region, province }, index) => ({
    name: `${String(index + 1).padStart(3, '0')}-${slug(province.name)}.${extension}`,
    rowCount: rowsOf(province),
    columns: PERU_COLUMNS,
    rows: () => provinceRows(new Random(seed, FILE_ROWS, index), region, province, dniSpace),
  }));
}

function* provinceRows(random: Random, region: PeruRegion, province: PeruProvince, dniSpace: number): Generator<CorpusRow> {
  for (const district of province.districts) {
    for (let i = 0; i < district.rows; i++) {
      const candidate = region.candidates[pickWeighted(region.weights, random)];
      const valid = random.float() < 0.5;
      // Within 8 digits for the default space; a larger voterIds gives longer ids, still one per key.
      const dni = DNI_FIRST + random.int(dniSpace);
      yield {
        region: region.name,
        candidate: valid ? candidate : '',
        status: valid ? 'valid' : 'null',
        votes: 1,
        voterKey: dni,
        cells: [region.name, province.name, district.name, dni, candidate, valid ? 1 : 0],
      };
    }
  }
}

function rowsOf(province: PeruProvince): number {
  return province.districts.reduce((n, d) => n + d.rows, 0);
}

/** Distinct "First Last" names. */
function candidateNames(random: Random, count: number): string[] {
  const names = new Set<string>();
  while (names.size < count) names.add(`${random.pick(FIRST_NAMES)} ${random.pick(LAST_NAMES)}`);
  return [...names];
}

/** "Áncash 3" → "ancash-3". */
export function slug(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}
