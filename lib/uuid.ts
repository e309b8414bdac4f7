const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Ids (uploads, users, tokens) are UUIDs; anything else names nothing (and must not reach a ::uuid cast as a 500). */
export function isUuid(id: string): boolean {
  return UUID.test(id);
}
