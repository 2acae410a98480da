// The invitation routes' shapes (`/v1/invitations…`, `/v1/deliveries…`, `/v1/mail…`), as the
// collector's HTTP API describes them.
import type { ChannelRate } from './channel-types.ts';
import type { DeliveryState } from './route.ts';

/** A share with its 95 % Wilson interval, all three 0–1; `answered` of `of`. */
export interface Rate {
  answered: number;
  of: number;
  share: number;
  low: number;
  high: number;
}

/** `GET /v1/invitations/summary?from=&to=`: the period is on the deliveries' deliveredAt. */
export interface InvitationSummary {
  deliveries: number;
  invited: number;
  reminded: number;
  answered: number;
  /** Answers by the channel they came through: `email`, `web`, `link`, or one the collector adds later. */
  answeredBy: Record<string, number>;
  unsubscribed: number;
  failed: number;
  scheduled: number;
  skipped: number;
  cancelled: number;
  /** Invited deliveries answered (any channel) ÷ deliveries invited; null when none was invited. */
  rate: Rate | null;
  /** The widget's: answered displays ÷ displays, same period. */
  widget: Rate | null;
  /** Per channel: asked, answered through it, with a comment, its response rate; most asks first. */
  channels: ChannelRate[];
  /** Deliveries asked at all (by any channel, or shown the survey) ÷ deliveries. */
  coverage: Rate | null;
  /** Deliveries answered at all (any channel) ÷ deliveries. */
  answeredAny: Rate | null;
}

/** One row of `GET /v1/deliveries`. */
export interface DeliveryRow {
  id: string;
  deliveredAt: string;
  customerId: string | null;
  email: string | null;
  locale: string | null;
  status: DeliveryState;
  invitedAt: string | null;
  remindedAt: string | null;
  answeredAt: string | null;
  answerChannel: string | null;
}

export interface DeliveryPage {
  items: DeliveryRow[];
  next: string | null;
}

export type SendStatus = 'scheduled' | 'sent' | 'failed' | 'cancelled' | 'skipped';

/** One invitation or reminder of a delivery's timeline. */
export interface Send {
  id: string;
  wave: number;
  channel: string;
  kind: 'invite' | 'reminder';
  status: SendStatus;
  dueAt: string;
  sentAt: string | null;
  /** Why it failed or was skipped: for a failed e-mail, the SMTP server's reply. */
  reason: string | null;
}

/** `GET /v1/deliveries/:id`. */
export interface DeliveryDetail {
  delivery: {
    id: string;
    deliveredAt: string;
    customerId: string | null;
    email: string | null;
    phone: string | null;
    locale: string | null;
    timeZone: string | null;
    survey: string | string[] | null;
    resurvey: { everyDays: number; untilDays: number } | null;
    meta: Record<string, unknown> | null;
    createdAt: string;
    updatedAt: string;
    unsubscribed: boolean;
  };
  wave: number;
  /** The survey's address for this delivery (what the e-mail links to); null when none can be made. */
  link: string | null;
  timeline: Send[];
  displays: Array<{ id: string; wave: number; shownAt: string; endedAt: string | null; outcome: string | null; channel: string | null }>;
  answers: Array<{ id: string; wave: number; answeredAt: string; csat: number | null; nps: number | null; comment: string | null; channel: string | null; recordedBy?: string | null }>;
}

/** `GET /v1/invitations?status=failed`: a send that failed, with the SMTP server's reply. */
export interface FailedSend extends Send {
  deliveryId: string;
  attempts: number;
}

/** `POST /v1/deliveries` (CSV): `row` is the line number in the file, `error` names the column. */
export interface UploadResult {
  accepted: number;
  rejected: Array<{ index: number; row: number; error: string }>;
}

/** `GET /v1/mail`: the messages the collector kept instead of sending (demo); `enabled` false otherwise. */
export interface MailList {
  enabled: boolean;
  items: Array<{ id: string; to: string; subject: string; kind: string; deliveryId: string | null; createdAt: string }>;
}

export interface MailMessage {
  id: string;
  to: string;
  from: string;
  subject: string;
  text: string;
  headers: Record<string, unknown>;
  createdAt: string;
}
