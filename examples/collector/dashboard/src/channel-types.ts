// The numbers per channel as the collector's HTTP API gives them: each channel's funnel and response
// rate (in `GET /v1/invitations/summary`) and `GET /v1/channels`, NPS and CSAT per channel against a
// baseline channel.
import type { Rate } from './invitation-types.ts';
import type { CsatFigure, NpsFigure } from './types.ts';

/** One channel of the period's deliveries: how often it asked, answers through it, with a comment. */
export interface ChannelRate {
  channel: string;
  /** Invitations sent by it; for `web`, the widget's displays; 0 for a channel that does not ask by itself. */
  invited: number;
  answered: number;
  commented: number;
  /** Asks answered through the same channel ÷ asks; null without asks. */
  rate: Rate | null;
}

/** One channel against the baseline: CSAT by the two-proportion test, NPS by the difference's own interval. */
export interface Versus {
  csat: { difference: number; z: number; p: number; withinNoise: boolean } | null;
  nps: { difference: number; ci: [number, number]; p: number; withinNoise: boolean } | null;
}

export interface ChannelFigures {
  channel: string;
  responses: number;
  csat: CsatFigure;
  nps: NpsFigure;
  /** null for the baseline itself. */
  vsBaseline: Versus | null;
}

/** `GET /v1/channels?from=&to=`. */
export interface ChannelsReply {
  confidence: number;
  alpha: number;
  baseline: string | null;
  channels: ChannelFigures[];
}
