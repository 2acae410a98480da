// The shapes of What customers say's reads, as the collector writes them (read/themes.ts,
// read/theme-series.ts, read/tone.ts). Shares are fractions 0–1 here, not percent.
import type { Answer } from './types.ts';

/** A term of `GET /v1/themes`: a word or a two-word phrase, as folded at write time ("first time", "一次 修好"). */
export interface Theme {
  term: string;
  /** Comments naming it among the unhappy (detractors, or CSAT 1–2), the happy, and all of them. */
  counts: { unhappy: number; happy: number; all: number };
  /** Different customers naming it (never fewer than the collector's minimum, 5). */
  customers: number;
  /** Of the period's comments, the share naming it. */
  share: number;
  /** The log-odds ratio's z: positive, unhappy customers name it more. */
  z: number | null;
  delta: number | null;
  impact: { nps: number | null; csat: number | null };
}

export interface RisingTerm {
  term: string;
  now: { named: number; share: number };
  before: { named: number; share: number };
  difference: number;
  z: number;
  p: number;
  /** Benjamini–Hochberg adjusted p (listed when below the false discovery rate). */
  q: number;
}

export interface Themes {
  compare: 'nps' | 'csat';
  comments: { all: number; unhappy: number; happy: number };
  minCustomers: number;
  termsShown: number;
  unhappy: Theme[];
  happy: Theme[];
  /** Null without a start date (no period before to compare with). */
  rising: { previous: { from: string | null; to: string | null; comments: number }; fdr: number; terms: RisingTerm[] } | null;
}

/** One interval of `GET /v1/themes/series`: `named` of `comments`, the share and its 95 % interval (null without comments). */
export interface SharePoint {
  start: string;
  end: string;
  comments: number;
  named: number;
  share: number | null;
  low: number | null;
  high: number | null;
}

export interface ThemeSeries {
  term: string;
  /** False when fewer than the minimum of customers name the term in the range: no counts then. */
  shown: boolean;
  interval: 'day' | 'week' | 'month' | 'year';
  intervalAsked?: 'day' | 'week' | 'month' | 'year';
  series: SharePoint[];
}

export type Direction = 'sounds-unhappy' | 'sounds-happy';

/** `GET /v1/themes/tone`: the model's figures and the comments whose words contradict their score. */
export interface Tone {
  trained: boolean;
  /** Why there is no model (in English, as the collector says it). */
  reason?: string;
  model: { comments: number; unhappy: number; happy: number; terms: number; accuracy: number | null; auc: number | null; folds: number };
  /**
   * `deliveryKnown`: the collector knows the answer's delivery (its page shows the timeline); until
   * the collector says so, no link is drawn, since a widget-only delivery has no page.
   */
  checkThese: Array<{ response: Answer; pUnhappy: number; direction: Direction; deliveryKnown?: boolean }>;
}
