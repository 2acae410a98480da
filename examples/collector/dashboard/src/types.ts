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

export type Granularity = 'day' | 'week' | 'month';
