// The database, described once for Kysely. Column types are the portable subset both dialects share
// (text, integer): timestamps are ISO 8601 text normalised to UTC at ingest, so they sort and compare
// as text on SQLite and PostgreSQL alike; booleans are 0/1; meta is JSON text. The v0 collector wrote
// exactly these tables and columns, which is what lets migration 001 adopt a v0 file in place.
import type { ApiKeysTable, CalendarsTable, CaseNotificationsTable, PasskeysTable, PeopleTable } from './schema-team.ts';
import type { Generated } from 'kysely';

export interface ResponsesTable {
  id: string;
  revision: number;
  delivery_id: string;
  delivered_at: string;
  answered_at: string;
  csat: number | null;
  nps: number | null;
  comment: string | null;
  complete: number;
  locale: string;
  customer_id: string | null;
  meta: string | null;
  origin: string | null;
  path: string | null;
  received_at: string;
  updated_at: string;
  /** 1 when a valid `deliveryToken` vouched for the record (signed deliveries), else 0. Migration 002. */
  signed: Generated<number>;
  /** Migration 004, derived at write time (store/derived.ts): the answer's instant in ms since 1970. */
  answered_ms: number | string | null;
  /** Migration 004: the UTC quarter-hour of answered_ms (floor(ms / 900,000)). */
  answered_q: number | null;
  /** Migration 004: the comment case-folded for the text filter. */
  comment_folded: string | null;
  /**
   * Migration 005: the revision the row was inserted with (never updated), so RETURNING tells an
   * insert (`first_revision = revision`) from an update on both stores; null on rows from before 005's
   * writers (the seed of an older demo).
   */
  first_revision: number | null;
  /** Migration 007: the re-survey wave answered (0: the first survey of the delivery). */
  wave: Generated<number>;
  /** Migration 007: the reason ids the answer names, deduplicated, as a JSON array; null for none. */
  reasons: string | null;
  /** Migration 009: the channel it came by (`web` when null: the widget in the merchant's page). */
  channel: string | null;
  /** Migration 010: who typed it in for the customer (a phone answer: the audit's actor); null when the customer answered. */
  recorded_by: string | null;
}

/** Migration 004: one row per response and meta key, scores beside it (segments, meta filters). */
export interface ResponseMetaTable {
  response_id: string;
  key: string;
  value: string;
  answered_ms: number | string;
  answered_q: number;
  csat: number | null;
  nps: number | null;
  complete: number;
  /** Migration 007: the response's wave, so a wave filter reads the side table alone. */
  wave: Generated<number>;
  /** Migration 011: the response's channel (null: web), so a channel filter reads the side table alone. */
  channel?: string | null;
}

/**
 * Migration 007: one row per response and reason it names, scores beside it (reason filters, segments
 * by reason, driver analysis), kept in step with the response like response_meta.
 */
export interface ResponseReasonsTable {
  response_id: string;
  reason: string;
  answered_ms: number | string;
  answered_q: number;
  csat: number | null;
  nps: number | null;
  complete: number;
  wave: number;
  /** Migration 011: the response's channel (null: web). */
  channel?: string | null;
}

/**
 * Migration 012: one row per response and term of its comment (store/terms.ts: words and two-word
 * phrases), the scores and filters' columns beside it, kept in step with the response like
 * response_reasons (issue 27: themes).
 */
export interface ResponseTermsTable {
  response_id: string;
  term: string;
  answered_ms: number | string;
  answered_q: number;
  csat: number | null;
  nps: number | null;
  complete: number;
  wave: number;
  channel: string | null;
  /** Who said it: the customer id, else `d:` and the delivery id (a term is shown once ≥ 5 of them name it). */
  who: string;
}

export interface DisplaysTable {
  id: string;
  delivery_id: string;
  shown_at: string;
  ended_at: string;
  outcome: 'answered' | 'dismissed' | 'expired';
  later: number;
  response_id: string | null;
  locale: string;
  customer_id: string | null;
  origin: string | null;
  path: string | null;
  received_at: string;
  updated_at: string;
  signed: Generated<number>;
  /** Migration 004: when it was shown, in ms since 1970. */
  shown_ms: number | string | null;
  shown_q: number | null;
  /** Migration 007: the re-survey wave shown. */
  wave: Generated<number>;
  /** Migration 009: the channel it was shown by (null: web). */
  channel: string | null;
}

/** Small key → value facts the collector keeps about itself (the admin token's hash). Migration 002. */
export interface SettingsTable {
  key: string;
  value: string;
  updated_at: string;
}

export type CaseStatus = 'open' | 'contacted' | 'resolved';

/** Migration 005: one case per response that matched the alert rule (closed loop). Times in ms since 1970. */
export interface CasesTable {
  id: string;
  response_id: string;
  delivery_id: string;
  customer_id: string | null;
  /** The answer as its latest revision says. */
  csat: number | null;
  nps: number | null;
  comment: string | null;
  meta: string | null;
  answered_at: string;
  /** 1 while the latest revision matches the alert rule; a case stays open when it stops matching. */
  matches: number;
  status: CaseStatus;
  owner: string | null;
  opened_ms: number | string;
  /** The first-contact deadline: opened (or reopened) + AFTERCARE_FOLLOWUP_HOURS. */
  due_ms: number | string;
  first_contact_ms: number | string | null;
  resolved_ms: number | string | null;
  updated_ms: number | string;
  /** Migration 015: the tier, the calendar its clocks count in, the resolution deadline. */
  tier?: string | null;
  calendar_id?: string | null;
  resolution_due_ms?: number | string | null;
  /** Waiting on the customer since (stored as `contacted`; the API says `pending`), and why. */
  pending_since_ms?: number | string | null;
  pending_reason?: string | null;
  /** The escalation steps taken: at the response deadline, at the resolution deadline. */
  escalated_response_ms?: number | string | null;
  escalated_resolution_ms?: number | string | null;
  /** Times the case was reopened after being resolved. */
  reopened?: number | null;
  /** When the clocks last started (opening or reopening), business ms waited since, this round's first response. */
  clock_start_ms?: number | string | null;
  paused_ms?: number | string | null;
  responded_ms?: number | string | null;
}

/** Migration 005: every change of a case (opened, status, owner, note, comment, rule match). */
export interface CaseHistoryTable {
  id: string;
  case_id: string;
  at_ms: number | string;
  /** Who made it: a name from the dashboard or API, or `collector` for what ingest did. */
  author: string;
  kind: 'opened' | 'status' | 'owner' | 'note' | 'comment' | 'scores' | 'unmatched' | 'matched' | 'tier';
  from_value: string | null;
  to_value: string | null;
  note: string | null;
}

/** Migration 005: the configured webhook endpoints (id = a hash of the URL), and whether a 410 disabled one. */
export interface WebhookEndpointsTable {
  id: string;
  url: string;
  created_ms: number | string;
  disabled_ms: number | string | null;
  disabled_reason: string | null;
}

/** Migration 005: the transactional outbox: each event as it will be posted, written with its cause. */
export interface WebhookEventsTable {
  /** The `webhook-id`: the same on every attempt, so receivers deduplicate by it. */
  id: string;
  type: 'response.created' | 'response.updated' | 'case.opened' | 'case.updated' | 'case.overdue' | 'invitation.due';
  created_ms: number | string;
  /** The exact body posted, `{"type","timestamp","data"}`: signed per attempt, never rebuilt. */
  body: string;
  /** Migration 006: whose data it carries (erasure finds it by these). */
  response_id: string | null;
  delivery_id: string | null;
  customer_id: string | null;
}

/** Migration 006: ids erased with `suppress=true`, as salted hashes: later posts for them are dropped. */
export interface SuppressionsTable {
  id_hash: string;
  kind: 'customer' | 'delivery';
  created_ms: number | string;
}

/** Migration 006: who did what to whose data, and how it ended (PIPL Art. 50, 56; GDPR Art. 30). */
export interface AuditLogTable {
  id: string;
  at_ms: number | string;
  /** `admin token`, `session 1a2b3c4d` (a prefix of the session's hash), `delivery token`, `collector`. */
  actor: string;
  action: string;
  target: string | null;
  rows: number | null;
  address: string | null;
  /** `done`, or `refused: …` with the reason. */
  outcome: string;
  detail: string | null;
  /** Migration 014: the role (or a key's scopes) the actor acted with. */
  role?: string | null;
}

export type DeliveryStatus = 'pending' | 'delivered' | 'failed';

/** Migration 005: one row per event and endpoint, the worker's queue and its record. */
export interface WebhookDeliveriesTable {
  event_id: string;
  endpoint_id: string;
  status: DeliveryStatus;
  attempts: number;
  /** When the next attempt is due (pending only). */
  next_ms: number | string;
  /** While an instance is attempting it: until when its claim holds (a crashed claim lapses). */
  lease_ms: number | string | null;
  claimed_by: string | null;
  last_code: number | null;
  last_error: string | null;
  last_attempt_ms: number | string | null;
  delivered_ms: number | string | null;
  created_ms: number | string;
}

export type SurveyChoice = 'csat' | 'nps' | 'both';

/** Migration 009: a delivery the merchant's server (or a CSV upload) told the collector about. */
export interface DeliveriesTable {
  id: string;
  delivered_at: string;
  delivered_ms: number | string;
  customer_id: string | null;
  email: string | null;
  phone: string | null;
  locale: string | null;
  time_zone: string | null;
  survey: SurveyChoice;
  resurvey_every: number | null;
  resurvey_until: number | null;
  meta: string | null;
  customer_key: string | null;
  created_ms: number | string;
  updated_ms: number | string;
}

export type InvitationStatus = 'scheduled' | 'sent' | 'failed' | 'cancelled' | 'skipped';

/** Migration 009: one invitation or reminder of a delivery's wave by one channel, and what became of it. */
export interface InvitationsTable {
  id: string;
  delivery_id: string;
  wave: number;
  kind: 'invite' | 'reminder';
  channel: string;
  status: InvitationStatus;
  /** When it was scheduled for (in the customer's sending hours). */
  due_ms: number | string;
  /** When the next attempt is due (after a transient failure, later than due_ms). */
  next_ms: number | string;
  attempts: number;
  lease_ms: number | string | null;
  claimed_by: string | null;
  sent_ms: number | string | null;
  reason: string | null;
  message_id: string | null;
  to_address: string | null;
  created_ms: number | string;
  updated_ms: number | string;
}

export interface MailPreviewTable {
  id: string;
  invitation_id: string;
  delivery_id: string;
  kind: 'invite' | 'reminder';
  to_address: string;
  from_address: string;
  subject: string;
  text: string;
  html: string;
  headers: string;
  created_ms: number | string;
}

/** Migration 015: business hours. `hours` and `holidays` are JSON (store/calendar.ts). */
export type { ApiKeysTable, CalendarsTable, CaseNotificationsTable, PasskeysTable, PeopleTable };

export interface Database {
  responses: ResponsesTable;
  displays: DisplaysTable;
  collector_settings: SettingsTable;
  response_meta: ResponseMetaTable;
  response_reasons: ResponseReasonsTable;
  response_terms: ResponseTermsTable;
  meta_keys: { key: string };
  /** Migration 008: which response answers each delivery and wave (one per pair). */
  response_slots: { delivery_id: string; wave: number; response_id: string };
  /** `credential` (migration 008): a fingerprint of the admin credential that made the session. */
  /**
   * `credential` (migration 008): a fingerprint of the admin credential that made an admin-token session.
   * Migration 014: whose session it is, how they signed in (token, passkey, link, sso, join), from
   * where, and when it was last used (`expires_at` moves with it: 12 hours idle).
   */
  dashboard_sessions: {
    id_sha256: string; created_at: string; expires_at: string; credential: string | null;
    person_id: string | null; method: string | null; last_seen_ms: number | string | null; address: string | null; user_agent: string | null; label: string | null;
  };
  people: PeopleTable;
  person_links: { id_sha256: string; person_id: string; purpose: 'invite' | 'signin'; created_ms: number | string; expires_ms: number | string; used_ms: number | string | null };
  passkeys: PasskeysTable;
  webauthn_challenges: { id_sha256: string; challenge: string; purpose: 'register' | 'login'; person_id: string | null; expires_ms: number | string };
  api_keys: ApiKeysTable;
  calendars: CalendarsTable;
  case_notifications: CaseNotificationsTable;
  cases: CasesTable;
  case_history: CaseHistoryTable;
  webhook_endpoints: WebhookEndpointsTable;
  webhook_events: WebhookEventsTable;
  webhook_deliveries: WebhookDeliveriesTable;
  suppressions: SuppressionsTable;
  audit_log: AuditLogTable;
  deliveries: DeliveriesTable;
  invitations: InvitationsTable;
  survey_links: { code: string; delivery_id: string; wave: number; channel: string; created_ms: number | string };
  unsubscribes: { key_hash: string; created_ms: number | string };
  mail_preview: MailPreviewTable;
  /** Migration 016: answers per UTC hour and dimension value, per score (store/counts.ts). */
  answer_counts: AnswerCountsTable;
  /** Migration 016: displays per UTC hour, wave, channel and outcome. */
  display_counts: { hour: number | string; wave: number; channel: string; outcome: string; later: number; stripe: number; n: number | string };
  /** Migration 016: the same per UTC day (`day` in place of `hour`). */
  answer_days: Omit<AnswerCountsTable, 'hour'> & { day: number | string };
  display_days: { day: number | string; wave: number; channel: string; outcome: string; later: number; stripe: number; n: number | string };
  /** Migration 016: moves with every change a read route shows (store/changes.ts). */
  change_counter: { topic: string; n: number | string };
}

/**
 * Migration 016: `dim` is '' (every answer), `m:KEY` (a meta key; `value` its value) or `r` (`value` a
 * reason id); `channel` '' is web; `kind` 1 CSAT only, 2 NPS only, 3 both. `n` answers, `c1`–`c5` per
 * CSAT score, `p0`–`p10` per NPS score.
 */
export interface AnswerCountsTable {
  dim: string; value: string; hour: number | string; wave: number; channel: string; complete: number; kind: number; stripe: number;
  n: number | string; c1: number | string; c2: number | string; c3: number | string; c4: number | string; c5: number | string;
  p0: number | string; p1: number | string; p2: number | string; p3: number | string; p4: number | string; p5: number | string;
  p6: number | string; p7: number | string; p8: number | string; p9: number | string; p10: number | string;
}

export type ResponseRow = Omit<ResponsesTable, 'signed' | 'first_revision' | 'wave' | 'reasons' | 'channel' | 'recorded_by'> & {
  signed: number;
  channel?: string | null;
  recorded_by?: string | null;
  first_revision?: number | null;
  wave?: number;
  reasons?: string | null;
};
export type DisplayRow = Omit<DisplaysTable, 'signed' | 'wave' | 'channel'> & { signed: number; wave?: number; channel?: string | null };
