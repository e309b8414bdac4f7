// The three roles, weakest first. Pure: shared by route guards, the socket gate and the UI.
export const ROLES = ['viewer', 'uploader', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/** Whether `role` may do what `needed` may (admin ⊃ uploader ⊃ viewer). Unknown roles may do nothing. */
export function hasRole(role: string, needed: Role): boolean {
  return isRole(role) && ROLES.indexOf(role) >= ROLES.indexOf(needed);
}
