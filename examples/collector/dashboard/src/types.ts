// The read API's shapes, as .tmp/dashboard-contract.md (issue 11) describes them. Every field the
// dashboard did not have before the read API landed is optional: the views render "—" without it.

/** A 95 % interval, [low, high], in the figure's own unit (percent for CSAT and rates, points for NPS). */
export type Interval = [number, number];

export interface Figure {
  answers: number;
  score: number | null;
  counts?: Record<string, number>;
  ci?: Interval | null;
  few?: boolean;
}

export interface CsatFigure extends Figure {
  mean?: number | null;
}

export interface NpsFigure extends Figure {
  promoters?: number;
  passives?: number;
  detractors?: number;
}

export interface Displays {
  total: number;
  answered: number;
  dismissed?: number;
  expired?: number;
  later?: number;
  responseRate: number | null;
  ci?: Interval | null;
  few?: boolean;
}

export interface Period {
  responses: number;
  csat: CsatFigure;
  nps: NpsFigure;
  displays?: Displays;
}

export interface SeriesPoint extends Period {
  start: string;
  end: string;
}

export interface Segment {
  key: string;
  value: string;
  responses: number;
  csat: CsatFigure;
  nps: NpsFigure;
}

export interface Summary extends Period {
  timeZone?: string;
  confidence?: number;
  range?: { from: string | null; to: string | null };
  interval?: Granularity | null;
  series?: SeriesPoint[];
  previous?: (Period & { from: string; to: string }) | null;
  segments?: Segment[];
  metaKeys?: string[];
  /** How many meta keys there are; `metaKeys` lists at most the 50 most used. */
  metaKeysTotal?: number;
  /** Present when the series is by a coarser `interval` than the one asked for (too many points). */
  intervalAsked?: Granularity;
  /** The closed loop's figures for the filter (since the collector opens cases). */
  cases?: CaseFigures;
}

export interface Answer {
  id: string;
  revision: number;
  deliveryId: string;
  deliveredAt: string;
  answeredAt: string;
  csat: number | null;
  nps: number | null;
  comment: string | null;
  complete: boolean;
  locale: string;
  customerId?: string | null;
  meta?: Record<string, unknown> | null;
  signed?: boolean;
}

export interface AnswerPage {
  responses: Answer[];
  nextCursor?: string | null;
}

export type Granularity = 'day' | 'week' | 'month' | 'year';

export interface CaseFigures {
  total: number;
  open: number;
  overdue: number;
  contacted: number;
  resolved: number;
  medianHoursToFirstContact: number | null;
  medianHoursToResolution: number | null;
  /** Share (percent) of the cases resolved or past their deadline that were resolved in time. */
  resolvedWithinDeadline: { share: number | null; resolved: number; of: number; ci: Interval | null };
}

/** `pending`: waiting on the customer (its clocks stand still). */
export type CaseStatus = 'open' | 'contacted' | 'pending' | 'resolved';
export type Tier = 'urgent' | 'general' | 'complex';

export interface Case {
  id: string;
  responseId: string;
  deliveryId: string;
  customerId: string | null;
  csat: number | null;
  nps: number | null;
  comment: string | null;
  meta: Record<string, unknown> | null;
  answeredAt: string;
  /** False when the answer's latest revision no longer matches the alert rule (the case stays). */
  matches: boolean;
  status: CaseStatus;
  /** `person:<id>`, `team:<name>` or null; `ownerName` says it in words (a person's name, a team's). */
  owner: string | null;
  ownerName?: string | null;
  /** null: opened before tiers. */
  tier: Tier | null;
  openedAt: string;
  /** The first-response deadline (also `responseDueAt`). */
  dueAt: string;
  responseDueAt: string;
  resolutionDueAt: string | null;
  /** Open and past the response deadline. */
  overdue: boolean;
  /** Not resolved, not waiting, past the resolution deadline. */
  resolutionOverdue: boolean;
  /** Each deadline: met, missed, or null while it runs. */
  responseMet: boolean | null;
  resolutionMet: boolean | null;
  pendingSince: string | null;
  pendingReason: string | null;
  reopened: number;
  escalatedAt?: { response: string | null; resolution: string | null };
  firstContactAt: string | null;
  resolvedAt: string | null;
  updatedAt: string;
  notes: Array<{ author: string; at: string; text: string }>;
}

export interface CaseEvent {
  at: string;
  author: string;
  kind: 'opened' | 'status' | 'owner' | 'note' | 'comment' | 'scores' | 'unmatched' | 'matched' | 'tier';
  from: string | null;
  to: string | null;
  note: string | null;
}

export interface CasePage {
  cases: Case[];
  nextCursor: string | null;
  /** The collector's clock that decided `overdue`: the deadlines in words count from it. */
  now?: string;
  counts: { open: number; overdue: number; contacted: number; pending?: number; resolved: number };
}

export interface Delivery {
  eventId: string;
  endpointId: string;
  type: string;
  status: 'pending' | 'delivered' | 'failed';
  attempts: number;
  createdAt: string;
  nextAttemptAt: string | null;
  lastAttemptAt: string | null;
  lastCode: number | null;
  lastError: string | null;
  deliveredAt: string | null;
}

export interface Endpoint {
  id: string;
  /** Scheme and host only: the path of a Slack or ticket URL is its secret. */
  url: string;
  disabled: boolean;
  disabledAt: string | null;
  disabledReason: string | null;
  counts: { pending: number; delivered: number; failed: number };
  deliveries: Delivery[];
}

/** One driver of `GET /v1/drivers`: how the figures would be without the answers naming this reason. */
export interface Driver {
  reason: string;
  /** Answers naming this reason. */
  n: number;
  /** Of the detractors (NPS 0–6), how many named it: `share` is named / of, 0–1. */
  detractors: { named: number; of: number; share: number | null };
  promoters: { named: number; of: number; share: number | null };
  without: { n: number; nps: number | null; csat: number | null };
  /** The total minus the figure without these answers: negative, the reason pulls the score down. */
  impact: { nps: number | null; csat: number | null } | null;
  few: boolean;
}

export interface Drivers {
  total: { n: number; nps: number | null; csat: number | null };
  /** Largest |impact| first, as the collector sorts them. */
  drivers: Driver[];
}
