import type { ExplicitMapping } from '../ingest/mapColumns';
import { parseMapping } from '../ingest/parseMapping';

export interface UploadChoices {
  mapping?: ExplicitMapping;
  sheet?: string;
  confirmDuplicate: boolean;
}

/** The uploader's choices from the query string of an upload or preview request; throws MappingInvalid. */
export function uploadChoicesFrom(url: string): UploadChoices {
  const params = new URL(url).searchParams;
  return {
    mapping: parseMapping(params.get('mapping')),
    sheet: params.get('sheet') || undefined,
    confirmDuplicate: params.get('confirmDuplicate') === 'true',
  };
}
