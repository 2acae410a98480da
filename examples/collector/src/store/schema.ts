// The database, described once for Kysely. Column types are the portable subset both dialects share
// (text, integer): timestamps are ISO 8601 text normalised to UTC at ingest, so they sort and compare
// as text on SQLite and PostgreSQL alike; booleans are 0/1; meta is JSON text. The v0 collector wrote
// exactly these tables and columns, which is what lets migration 001 adopt a v0 file in place.
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
}

/** Small key → value facts the collector keeps about itself (the admin token's hash). Migration 002. */
export interface SettingsTable {
  key: string;
  value: string;
  updated_at: string;
}

export interface Database {
  responses: ResponsesTable;
  displays: DisplaysTable;
  collector_settings: SettingsTable;
  response_meta: ResponseMetaTable;
  meta_keys: { key: string };
  dashboard_sessions: { id_sha256: string; created_at: string; expires_at: string };
}

export type ResponseRow = Omit<ResponsesTable, 'signed'> & { signed: number };
export type DisplayRow = Omit<DisplaysTable, 'signed'> & { signed: number };
