// Configuration from the environment. One bad variable → one `[aftercare collector]` line naming it and
// what is expected, and exit code 2 (the caller decides; this module only reports).
import { resolve } from 'node:path';
import { REASONS, REDACT_KINDS, type RedactKind } from 'aftercare/schema';
import { parseAlert, type AlertRule } from './store/alert.ts';
import { privateAddress } from './deliver/address.ts';
import { isPostgresUrl } from './store/open.ts';
import { validTimeZone } from './store/plan.ts';
import type { InvitationConfig } from './deliver/invitations.ts';
import { LOOPBACK, type OidcConfig } from './http/sso.ts';
import { ROLES, type Role } from './store/roles.ts';
import { GUIDE_DEFAULTS } from './store/clocks.ts';
import { parseTierHours, parseTierRules } from './store/tiers.ts';
import { parseAssignRules } from './store/assign.ts';

export type { InvitationConfig };
export { validTimeZone };

export interface CollectorConfig {
  /** A file path (SQLite) or a postgres:// URL. */
  db: string;
  port: number;
  host: string;
  /** Browser origins allowed to post answers from another origin; `*` for any. */
  origins: string[];
  adminToken?: string | undefined;
  deliverySecret?: string | undefined;
  /** Requests per minute per client address on `POST /v1/responses`. */
  rateLimit: number;
  trustProxy: boolean;
  /** The IANA time zone the read side's dates, days, weeks and months are in (default UTC). */
  timeZone: string;
  /** Which answers open a case (AFTERCARE_ALERT; default NPS ≤ 6 or CSAT ≤ 2). */
  alert: AlertRule;
  /** Hours from a case's opening (or reopening) to its first-contact deadline. */
  /** AFTERCARE_FOLLOWUP_HOURS: one first-response deadline for every tier (hours), in place of the tiers' own; unset: the tiers'. */
  followupHours?: number | undefined;
  /** AFTERCARE_TIER_RULES and AFTERCARE_TIER_HOURS: which tier a case gets, and each tier's two clocks (store/tiers.ts). */
  tiers: { rules: string; hours: string; assign: string };
  /** Where events are posted (AFTERCARE_WEBHOOK_URLS); none turns webhooks off. */
  webhookUrls: string[];
  /** The Standard Webhooks signing secret, `whsec_` + base64. */
  webhookSecret?: string | undefined;
  /** Allows endpoints on private, loopback and link-local addresses (AFTERCARE_WEBHOOK_ALLOW_PRIVATE=1). */
  webhookAllowPrivate: boolean;
  /** Days answers, displays, resolved cases and finished webhook events are kept (AFTERCARE_RETENTION_DAYS). */
  retentionDays: number;
  /** Days the audit log is kept (AFTERCARE_AUDIT_DAYS; three years by default, PIPL Art. 56). */
  auditDays: number;
  /** What a delivery token sent to POST /v1/forget erases: its delivery, or (with `cid`) the customer's data. */
  forgetScope: 'delivery' | 'customer';
  /** AFTERCARE_REDACT: what is masked in comments before they are stored (the widget's rule, again). */
  redact: RedactKind[];
  /** Invitations: how they are sent (SMTP, the local preview, or not at all), when, and what they look like. */
  invitations: InvitationConfig;
  /**
   * Single sign-on (AFTERCARE_OIDC_ISSUER, AFTERCARE_OIDC_CLIENT_ID, AFTERCARE_OIDC_CLIENT_SECRET,
   * AFTERCARE_OIDC_CREATE, AFTERCARE_OIDC_ROLE_CLAIM; http/sso.ts); null: off.
   */
  oidc: OidcConfig | null;
}


export class ConfigError extends Error {
  constructor(readonly variable: string, expected: string) {
    super(`[aftercare collector] ${variable}: expected ${expected}`);
  }
}

/** The characters RFC 6750 allows in a bearer token (what `Authorization: Bearer …` can carry). */
const BEARER = /^[A-Za-z0-9._~+/-]+=*$/;

const int = (name: string, raw: string | undefined, fallback: number, min: number, max: number) => {
  if (raw === undefined || raw.trim() === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) throw new ConfigError(name, `an integer from ${min} to ${max}, got "${raw}"`);
  return n;
};

const flag = (name: string, raw: string | undefined) => {
  const v = (raw ?? '').trim().toLowerCase();
  if (!['', '0', '1', 'true', 'false', 'yes', 'no'].includes(v)) throw new ConfigError(name, `1 or 0 (true or false), got "${v}"`);
  return ['1', 'true', 'yes'].includes(v);
};

/**
 * Reads the collector's configuration; throws a `ConfigError` for the first bad variable. Secrets are
 * never echoed in the message.
 * @example loadConfig({ AFTERCARE_PORT: '0' }).port // 0
 */
export function loadConfig(env: Record<string, string | undefined> = process.env, defaults: { db?: string } = {}): CollectorConfig {
  // Without AFTERCARE_DB: a SQLite file in the working folder (`npm run collector` in this repository
  // sets examples/.data/collector.db).
  const db = env.AFTERCARE_DB?.trim() || defaults.db || 'aftercare.db';
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(db) && !isPostgresUrl(db)) {
    throw new ConfigError('AFTERCARE_DB', 'a file path (SQLite) or a postgres:// or postgresql:// URL');
  }
  const port = int('AFTERCARE_PORT', env.AFTERCARE_PORT, 8787, 0, 65535);
  const host = env.AFTERCARE_HOST?.trim() || '127.0.0.1';
  if (!/^[A-Za-z0-9.:[\]-]+$/.test(host)) throw new ConfigError('AFTERCARE_HOST', `a host name or IP address to listen on, got "${host}"`);
  const origins = (env.AFTERCARE_ORIGINS ?? '').split(',').map((o) => o.trim()).filter(Boolean);
  for (const o of origins) {
    if (o === '*') continue;
    let ok = false;
    try {
      const u = new URL(o);
      ok = (u.protocol === 'http:' || u.protocol === 'https:') && u.origin === o;
    } catch {
      // Not a URL at all: reported below.
    }
    if (!ok) throw new ConfigError('AFTERCARE_ORIGINS', `comma-separated origins such as https://shop.example (scheme and host, no path or trailing slash), got "${o}"`);
  }
  const adminToken = env.AFTERCARE_ADMIN_TOKEN || undefined;
  if (adminToken !== undefined && (adminToken.length < 24 || !BEARER.test(adminToken))) {
    throw new ConfigError('AFTERCARE_ADMIN_TOKEN', 'at least 24 characters of A–Z a–z 0–9 . _ ~ + / - (e.g. `openssl rand -base64 32`)');
  }
  const deliverySecret = env.AFTERCARE_DELIVERY_SECRET || undefined;
  if (deliverySecret !== undefined && deliverySecret.length < 32) {
    throw new ConfigError('AFTERCARE_DELIVERY_SECRET', 'at least 32 characters (HS256 wants a 256-bit key; e.g. `openssl rand -base64 48`)');
  }
  const rateLimit = int('AFTERCARE_RATE_LIMIT', env.AFTERCARE_RATE_LIMIT, 120, 1, 1_000_000);
  const trustProxy = flag('AFTERCARE_TRUST_PROXY', env.AFTERCARE_TRUST_PROXY);
  const timeZone = env.AFTERCARE_TZ?.trim() || 'UTC';
  if (!validTimeZone(timeZone)) throw new ConfigError('AFTERCARE_TZ', `an IANA time zone such as Europe/Berlin or Asia/Shanghai, got "${timeZone}"`);
  let alert: AlertRule;
  try {
    alert = parseAlert(env.AFTERCARE_ALERT);
  } catch (e) {
    throw new ConfigError('AFTERCARE_ALERT', (e as Error).message);
  }
  const followupHours = env.AFTERCARE_FOLLOWUP_HOURS ? int('AFTERCARE_FOLLOWUP_HOURS', env.AFTERCARE_FOLLOWUP_HOURS, 24, 1, 24 * 90) : undefined;
  const tiers = { rules: env.AFTERCARE_TIER_RULES?.trim() || GUIDE_DEFAULTS.rules, hours: env.AFTERCARE_TIER_HOURS?.trim() || GUIDE_DEFAULTS.hours, assign: env.AFTERCARE_ASSIGN_RULES?.trim() ?? '' };
  try {
    parseTierRules(tiers.rules);
  } catch (e) {
    throw new ConfigError('AFTERCARE_TIER_RULES', `rules such as "${GUIDE_DEFAULTS.rules}"; ${(e as Error).message}`);
  }
  try {
    parseAssignRules(tiers.assign);
  } catch (e) {
    throw new ConfigError('AFTERCARE_ASSIGN_RULES', `rules such as "meta.store=Berlin -> team:Berlin; else round-robin:Service"; ${(e as Error).message}`);
  }
  try {
    parseTierHours(tiers.hours);
  } catch (e) {
    throw new ConfigError('AFTERCARE_TIER_HOURS', `hours such as "${GUIDE_DEFAULTS.hours}"; ${(e as Error).message}`);
  }
  const webhookAllowPrivate = flag('AFTERCARE_WEBHOOK_ALLOW_PRIVATE', env.AFTERCARE_WEBHOOK_ALLOW_PRIVATE);
  const webhookUrls = [...new Set((env.AFTERCARE_WEBHOOK_URLS ?? '').split(',').map((u) => u.trim()).filter(Boolean))];
  for (const u of webhookUrls) {
    let url: URL | undefined;
    try {
      url = new URL(u);
    } catch {
      // Reported below.
    }
    if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:') || url.hash) {
      throw new ConfigError('AFTERCARE_WEBHOOK_URLS', `comma-separated http:// or https:// URLs without a #fragment, got "${safeUrl(u)}"`);
    }
    const why = webhookAllowPrivate ? null : privateAddress(url.hostname.replace(/^\[|\]$/g, ''));
    if (why) throw new ConfigError('AFTERCARE_WEBHOOK_URLS', `public endpoints; ${safeUrl(u)} is a ${why} address (set AFTERCARE_WEBHOOK_ALLOW_PRIVATE=1 to allow it)`);
  }
  const webhookSecret = env.AFTERCARE_WEBHOOK_SECRET?.trim() || undefined;
  if (webhookSecret !== undefined && !validWebhookSecret(webhookSecret)) {
    throw new ConfigError('AFTERCARE_WEBHOOK_SECRET', 'whsec_ followed by 24 to 64 random bytes in base64 (e.g. `echo whsec_$(openssl rand -base64 32)`)');
  }
  if (webhookUrls.length && !webhookSecret) throw new ConfigError('AFTERCARE_WEBHOOK_SECRET', 'a signing secret whenever AFTERCARE_WEBHOOK_URLS is set (whsec_ + base64, e.g. `echo whsec_$(openssl rand -base64 32)`)');
  const retentionDays = int('AFTERCARE_RETENTION_DAYS', env.AFTERCARE_RETENTION_DAYS, 365, 1, 36_500);
  const auditDays = int('AFTERCARE_AUDIT_DAYS', env.AFTERCARE_AUDIT_DAYS, 1_095, 1, 36_500);
  const scope = (env.AFTERCARE_FORGET_SCOPE ?? '').trim().toLowerCase() || 'delivery';
  if (scope !== 'delivery' && scope !== 'customer') throw new ConfigError('AFTERCARE_FORGET_SCOPE', `delivery or customer, got "${scope}"`);
  const redact = [...new Set((env.AFTERCARE_REDACT ?? '').split(/[\s,]+/).filter(Boolean))] as RedactKind[];
  const unknown = redact.find((k) => !(REDACT_KINDS as readonly string[]).includes(k));
  if (unknown) throw new ConfigError('AFTERCARE_REDACT', `a list of ${REDACT_KINDS.join(', ')} (space- or comma-separated), got "${unknown}"`);
  const invitations = loadInvitationConfig(env);
  const oidc = parseOidcConfig(env);
  if (oidc && !invitations.publicUrl) throw new ConfigError('AFTERCARE_PUBLIC_URL', 'the dashboard\'s public origin with AFTERCARE_OIDC_ISSUER (the redirect URI is AFTERCARE_PUBLIC_URL/dashboard/sso/callback)');
  return {
    db, port, host, origins, adminToken, deliverySecret, rateLimit, trustProxy, timeZone,
    alert, followupHours, tiers, webhookUrls, webhookSecret, webhookAllowPrivate, retentionDays, auditDays, forgetScope: scope, redact, invitations, oidc,
  };
}

/** An addr-spec, loosely (one @, no spaces or angle brackets): the SMTP server has the last word. */
const ADDRESS = /^[^\s@<>()",;:]+@[^\s@<>()",;:]+\.[^\s@<>()",;:]+$/;

/** `Name <a@b.example>` or `a@b.example` → the address, else null. */
export function mailAddress(from: string): string | null {
  const m = /^(?:[^<>]*<([^<>]+)>|([^<>]+))$/.exec(from.trim());
  const addr = (m?.[1] ?? m?.[2] ?? '').trim();
  return ADDRESS.test(addr) ? addr : null;
}

/** The invitation settings (docs/invitations.md); throws a ConfigError naming the first bad variable. */
export function loadInvitationConfig(env: Record<string, string | undefined>): InvitationConfig {
  const smtpUrl = env.AFTERCARE_SMTP_URL?.trim() || undefined;
  if (smtpUrl !== undefined) {
    let url: URL | undefined;
    try {
      url = new URL(smtpUrl);
    } catch {
      // Reported below.
    }
    if (!url || (url.protocol !== 'smtp:' && url.protocol !== 'smtps:') || !url.hostname) {
      throw new ConfigError('AFTERCARE_SMTP_URL', `smtp://user:password@host:587 (STARTTLS when offered) or smtps://…:465 (implicit TLS), got "${safeUrl(smtpUrl)}"`);
    }
  }
  const preview = flag('AFTERCARE_MAIL_PREVIEW', env.AFTERCARE_MAIL_PREVIEW);
  const sending = smtpUrl !== undefined || preview;
  const from = env.AFTERCARE_MAIL_FROM?.trim() || undefined;
  if (from !== undefined && !mailAddress(from)) throw new ConfigError('AFTERCARE_MAIL_FROM', `a sender such as "Shop <feedback@shop.example>" or feedback@shop.example, got "${from}"`);
  if (sending && !from) throw new ConfigError('AFTERCARE_MAIL_FROM', 'the sender address (e.g. "Shop <feedback@shop.example>") whenever AFTERCARE_SMTP_URL or AFTERCARE_MAIL_PREVIEW is set');
  const rawPublic = env.AFTERCARE_PUBLIC_URL?.trim() || undefined;
  let publicUrl: string | undefined;
  if (rawPublic !== undefined) {
    let url: URL | undefined;
    try {
      url = new URL(rawPublic);
    } catch {
      // Reported below.
    }
    const ok = url && (url.protocol === 'https:' || (url.protocol === 'http:' && loopbackHost(url.hostname))) && url.pathname === '/' && !url.search && !url.hash && !url.username && !url.password;
    if (!ok) throw new ConfigError('AFTERCARE_PUBLIC_URL', `the collector's public origin, https://feedback.shop.example (no path: the links are /s/… and /u/… at its root; http:// only for a loopback address), got "${safeUrl(rawPublic)}"`);
    publicUrl = url!.href.replace(/\/+$/, '');
  }
  if (sending && !publicUrl) throw new ConfigError('AFTERCARE_PUBLIC_URL', 'the collector\'s public address (e.g. https://feedback.shop.example) whenever AFTERCARE_SMTP_URL or AFTERCARE_MAIL_PREVIEW is set: every link in a message starts with it');
  const channels = inviteChannels(env.AFTERCARE_INVITE_CHANNELS, !!env.AFTERCARE_WEBHOOK_URLS?.trim());
  if (channels.includes('webhook') && !publicUrl) throw new ConfigError('AFTERCARE_PUBLIC_URL', 'the collector\'s public address (e.g. https://feedback.shop.example) whenever AFTERCARE_INVITE_CHANNELS includes webhook: the link in every text starts with it');
  const hours = (env.AFTERCARE_SEND_HOURS ?? '').trim() || '09-20';
  const hm = /^(\d{1,2})-(\d{1,2})$/.exec(hours);
  const sendHours: [number, number] = hm ? [Number(hm[1]), Number(hm[2])] : [NaN, NaN];
  if (!(sendHours[0] >= 0 && sendHours[1] <= 24 && sendHours[0] < sendHours[1])) throw new ConfigError('AFTERCARE_SEND_HOURS', `local hours FROM-TO with 0 ≤ FROM < TO ≤ 24, such as 09-20, got "${hours}"`);
  const reminderDays = int('AFTERCARE_REMINDER_DAYS', env.AFTERCARE_REMINDER_DAYS, 2, 0, 30);
  const cooldownDays = int('AFTERCARE_INVITE_COOLDOWN_DAYS', env.AFTERCARE_INVITE_COOLDOWN_DAYS, 7, 0, 365);
  const name = env.AFTERCARE_BRAND_NAME?.trim() || (publicUrl ? new URL(publicUrl).hostname : 'Aftercare');
  if (name.length > 80) throw new ConfigError('AFTERCARE_BRAND_NAME', `at most 80 characters, got ${name.length}`);
  const color = env.AFTERCARE_BRAND_COLOR?.trim() || '#0b6e4f';
  if (!/^#(?:[0-9a-f]{3}|[0-9a-f]{6})$/i.test(color)) throw new ConfigError('AFTERCARE_BRAND_COLOR', `a colour as #rgb or #rrggbb, got "${color}"`);
  const footer = (env.AFTERCARE_MAIL_FOOTER ?? '').replace(/\\n/g, '\n').trim();
  if (footer.length > 500) throw new ConfigError('AFTERCARE_MAIL_FOOTER', `at most 500 characters, got ${footer.length}`);
  const reasons = [...new Set((env.AFTERCARE_SURVEY_REASONS ?? '').split(/[\s,]+/).filter(Boolean))];
  const badReason = reasons.find((r) => !(REASONS as readonly string[]).includes(r));
  if (badReason !== undefined || reasons.length > 8) throw new ConfigError('AFTERCARE_SURVEY_REASONS', `built-in reason ids (${REASONS.join(', ')}), space- or comma-separated, as the widget's data-reasons; got "${badReason ?? reasons.join(' ')}"`);
  const privacyUrl = env.AFTERCARE_PRIVACY_URL?.trim() || undefined;
  if (privacyUrl !== undefined && !/^https?:\/\/[^\s]+$/.test(privacyUrl)) throw new ConfigError('AFTERCARE_PRIVACY_URL', `an http:// or https:// URL, got "${safeUrl(privacyUrl)}"`);
  return { smtpUrl, preview, from, publicUrl, channels, sendHours, reminderDays, cooldownDays, brand: { name, color }, footer, reasons, privacyUrl };
}

/** AFTERCARE_INVITE_CHANNELS: `email` (default) and/or `webhook` (invitation.due events, for SMS and other senders). */
function inviteChannels(raw: string | undefined, webhooks: boolean): InvitationConfig['channels'] {
  const text = raw?.trim() || 'email';
  const list = [...new Set(text.split(',').map((c) => c.trim().toLowerCase()).filter(Boolean))];
  const bad = list.find((c) => c !== 'email' && c !== 'webhook');
  if (bad !== undefined || !list.length) throw new ConfigError('AFTERCARE_INVITE_CHANNELS', `a comma-separated list of email and webhook (texts through invitation.due events), got "${bad ?? text}"`);
  if (list.includes('webhook') && !webhooks) throw new ConfigError('AFTERCARE_INVITE_CHANNELS', 'webhook only with AFTERCARE_WEBHOOK_URLS set: the invitation.due events go to those endpoints, whose sender (an SMS gateway) sends the text');
  return list as InvitationConfig['channels'];
}

/** A URL for an error message: its origin and path only, as a query often carries a token. */
function safeUrl(u: string): string {
  try {
    const url = new URL(u);
    return `${url.protocol}//${url.host}${url.pathname === '/' ? '' : '/…'}`;
  } catch {
    return u.length > 40 ? `${u.slice(0, 40)}…` : u;
  }
}

/** True for a host that only this machine can reach: 127.0.0.0/8, ::1 or localhost. */
export function loopbackHost(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}

/**
 * The test flags (`/__test/*` can move the clock and purge data; faults drop answers) are refused on
 * a listener other than loopback: a ConfigError naming `variable`, or null when they may run.
 */
export function testFlagsError(variable: string, on: boolean, host: string): ConfigError | null {
  return on && !loopbackHost(host) ? new ConfigError(variable, `only with a loopback AFTERCARE_HOST (127.0.0.1, ::1 or localhost), got "${host}": the test hooks move the clock and purge data`) : null;
}

/** `whsec_` + standard base64 of 24 to 64 bytes (Standard Webhooks recommends 24–64). */
export function validWebhookSecret(s: string): boolean {
  const b64 = s.startsWith('whsec_') ? s.slice(6) : null;
  if (!b64 || !/^[A-Za-z0-9+/]+={0,2}$/.test(b64) || b64.length % 4 !== 0) return false;
  const bytes = Buffer.from(b64, 'base64').length;
  return bytes >= 24 && bytes <= 64;
}

/**
 * `loadConfig` for a process: on a bad variable, its one `[aftercare collector]` line and exit code 2.
 * A SQLite path comes back resolved against the working folder. Used by `npm run collector` and `npm start`.
 */
export function configOrExit(env: Record<string, string | undefined>, defaults: { db?: string } = {}): CollectorConfig {
  try {
    const config = loadConfig(env, defaults);
    return { ...config, db: isPostgresUrl(config.db) ? config.db : resolve(config.db) };
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    console.error(e.message);
    process.exit(2);
  }
}

/** A claim name AFTERCARE_OIDC_ROLE_CLAIM may give. */
const CLAIM = /^[A-Za-z0-9_:.-]{1,64}$/;

/**
 * Reads the AFTERCARE_OIDC_* variables: null without AFTERCARE_OIDC_ISSUER; a `ConfigError` naming the
 * first bad variable (the client secret is never echoed).
 * @example parseOidcConfig({ AFTERCARE_OIDC_ISSUER: 'https://id.shop.example', AFTERCARE_OIDC_CLIENT_ID: 'aftercare', AFTERCARE_OIDC_CLIENT_SECRET: '…' })
 */
export function parseOidcConfig(env: Record<string, string | undefined>): OidcConfig | null {
  const issuer = env.AFTERCARE_OIDC_ISSUER?.trim();
  if (!issuer) return null;
  let url: URL | null = null;
  try {
    url = new URL(issuer);
  } catch {
    // Not a URL at all: reported below with the other shapes we refuse.
  }
  const secure = url?.protocol === 'https:' || (url?.protocol === 'http:' && LOOPBACK.has(url.hostname));
  if (!url || !secure || url.search || url.hash || url.username || url.password) {
    throw new ConfigError('AFTERCARE_OIDC_ISSUER', `the OpenID provider's issuer, an https URL such as https://accounts.google.com (http only on 127.0.0.1, ::1 or localhost), got "${issuer}"`);
  }
  const clientId = env.AFTERCARE_OIDC_CLIENT_ID?.trim();
  if (!clientId) throw new ConfigError('AFTERCARE_OIDC_CLIENT_ID', 'the client id the OpenID provider gave the collector, whenever AFTERCARE_OIDC_ISSUER is set');
  const clientSecret = env.AFTERCARE_OIDC_CLIENT_SECRET?.trim();
  if (!clientSecret) throw new ConfigError('AFTERCARE_OIDC_CLIENT_SECRET', 'the client secret the OpenID provider gave the collector, whenever AFTERCARE_OIDC_ISSUER is set');
  const create = env.AFTERCARE_OIDC_CREATE?.trim() || null;
  if (create !== null && !(ROLES as readonly string[]).includes(create)) {
    throw new ConfigError('AFTERCARE_OIDC_CREATE', `a role (${ROLES.join(', ')}) for people who sign in without an invitation, or unset to refuse them, got "${create}"`);
  }
  const roleClaim = env.AFTERCARE_OIDC_ROLE_CLAIM?.trim() || null;
  if (roleClaim !== null && !CLAIM.test(roleClaim)) {
    throw new ConfigError('AFTERCARE_OIDC_ROLE_CLAIM', `a claim name of 1 to 64 characters A–Z a–z 0–9 _ : . -, got "${roleClaim}"`);
  }
  return { issuer, clientId, clientSecret, create: create as Role | null, roleClaim };
}
