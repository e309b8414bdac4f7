const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Upload ids are UUIDs; anything else is no upload (and must not reach a ::uuid cast as a 500). */
export function isUploadId(id: string): boolean {
  return UUID.test(id);
}
