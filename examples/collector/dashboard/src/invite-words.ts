// Words for the ids the invitation routes send: statuses, kinds, channels and display outcomes. The
// ones the collector knows have a label in each language; an id it adds later is shown as it is
// rather than hidden (the same habit as the reasons in life.ts).
import type { Key, Translate } from './i18n.ts';

const STATES = ['scheduled', 'invited', 'reminded', 'answered', 'unsubscribed', 'failed', 'skipped', 'cancelled', 'none', 'sent'];
const CHANNELS = ['email', 'web', 'link', 'phone', 'qr', 'sms'];
const KINDS = ['invite', 'reminder'];
const OUTCOMES = ['answered', 'dismissed', 'expired', 'later'];

const label = (known: string[], prefix: string) => (id: string, t: Translate) => (known.includes(id) ? t(`${prefix}${id}` as Key) : id);

/** A delivery's or a send's status: `Scheduled`, `Sent`, `Failed`, `Not invited`… */
export const stateLabel = label(STATES, 'st_');
/** How an invitation went or an answer came: `E-mail`, `Web page`, `Survey link`. */
export const channelLabel = label(CHANNELS, 'ch_');
/** `Invitation` or `Reminder`. */
export const kindLabel = label(KINDS, 'k_');
/** How a display of the survey ended: `Answered`, `Dismissed`, `Expired`, `Remind me later`. */
export const outcomeLabel = label(OUTCOMES, 'o_');
