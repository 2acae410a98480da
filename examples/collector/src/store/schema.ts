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
}

export type ResponseRow = Omit<ResponsesTable, 'signed'> & { signed: number };
export type DisplayRow = Omit<DisplaysTable, 'signed'> & { signed: number };
