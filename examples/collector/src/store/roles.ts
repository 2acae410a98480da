// The names the team's records hold (store/people.ts) and the edge checks (http/access.ts): the roles
// a person may have, the scopes a key may carry, and a limit to some values of one meta key.
export const ROLES = ['owner', 'manager', 'agent', 'viewer'] as const;
export type Role = (typeof ROLES)[number];
export const SCOPES = ['deliveries:write', 'responses:read', 'export', 'admin'] as const;
export type Scope = (typeof SCOPES)[number];

/** A person may see only the answers whose meta `key` is one of `values`. */
export interface Limit {
  key: string;
  values: string[];
}
