// The team's and follow-up's tables (migrations 014 and 015), apart from schema.ts to keep each file short.

/** Migration 014: the merchant's staff. `limit_values` is a JSON array of the meta values they may see. */
export interface PeopleTable {
  id: string;
  email: string | null;
  name: string;
  role: string;
  team: string | null;
  limit_key: string | null;
  limit_values: string | null;
  created_ms: number | string;
  created_by: string | null;
  joined_ms: number | string | null;
  last_seen_ms: number | string | null;
}

/** Migration 014: WebAuthn credentials, public keys only (base64url). */
export interface PasskeysTable {
  id: string;
  person_id: string;
  public_key: string;
  counter: number | string;
  /** JSON array of AuthenticatorTransport. */
  transports: string | null;
  name: string;
  created_ms: number | string;
  last_used_ms: number | string | null;
}

/** Migration 014: keys for machines; `scopes` is a JSON array; only a SHA-256 of the secret is kept. */
export interface ApiKeysTable {
  id: string;
  name: string;
  scopes: string;
  secret_sha256: string;
  created_ms: number | string;
  created_by: string | null;
  last_used_ms: number | string | null;
  revoked_ms: number | string | null;
}

export interface CalendarsTable {
  id: string;
  name: string;
  time_zone: string;
  hours: string;
  holidays: string;
  match_key: string | null;
  match_value: string | null;
  team: string | null;
  position: number;
  updated_ms: number | string;
}

/** Migration 015: the escalation e-mails, one per case, step and address. */
export interface CaseNotificationsTable {
  id: string;
  case_id: string;
  step: 'response' | 'resolution';
  to_address: string;
  status: 'pending' | 'sent' | 'failed';
  attempts: number;
  next_ms: number | string;
  lease_ms: number | string | null;
  error: string | null;
  created_ms: number | string;
  sent_ms: number | string | null;
}
