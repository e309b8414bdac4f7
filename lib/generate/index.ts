// The generator's public API: corpora as lazily generated files, their truth for any upload order, and writing them.
export { corpusFiles, corpusStations, CORPUS_FORMATS, CORPUS_SHAPES, DEFAULT_FORMAT } from './corpus';
export type { Cell, CorpusFile, CorpusFormat, CorpusRow, CorpusShape, CorpusSpec, StationList } from './corpus';
export { computeTruth, formatTruth, TruthCounter } from './truth';
export type { ContestTruth, StationsTruth, Truth, TruthCell } from './truth';
export { PERU_STATION_CONTESTS } from './peruStations';
export { writeCorpus } from './writeCorpus';
export type { Manifest } from './writeCorpus';
export { writeRows } from './writeRows';
