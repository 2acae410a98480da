// createCollector: the store opened and migrated, the credential resolved, and the Hono app that puts
// the data path together: HTTP edge (origins, limits, credentials) → ingest → store → read side.
import { createHash, randomBytes } from 'node:crypto';
import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { secureHeaders } from 'hono/secure-headers';
import type { Kysely } from 'kysely';
import { redactText, type RedactKind } from 'aftercare/schema';
import { invitationWorker as makeInvitationWorker, type InvitationWorker } from './deliver/invitations.ts';
import { previewMailer, smtpMailer, type Mailer } from './deliver/mailer.ts';
import { registerEndpoints, webhookWorker, type WebhookWorker } from './deliver/worker.ts';
import { loadInvitationConfig, type InvitationConfig } from './config.ts';
import { answerRoutes } from './http/answers.ts';
import { cardRoutes } from './http/card.ts';
import { deliveryRoutes } from './http/deliveries.ts';
import { invitationResultRoutes } from './http/invitation-result.ts';
import { surveyRoutes } from './http/survey.ts';
import { authorize, principalOf } from './http/access.ts';
import { adminAuth, sha256, tokenVerifier } from './http/auth.ts';
import { auditor } from './http/audit.ts';
import { caseRoutes } from './http/cases.ts';
import { followupSettingsRoutes } from './http/followup-settings.ts';
import { scorecardRoutes } from './http/scorecards.ts';
import { channelRoutes } from './http/channels.ts';
import { cookieCsrf, sameOrigin, sameOriginOnly } from './http/client.ts';
import { dashboardRoutes } from './http/dashboard.ts';
import { bumpAfterChange } from './http/bump.ts';
import { conditional } from './http/etag.ts';
import { clockRoutes, faultInjection, testClock } from './http/faults.ts';
import { ingestRoutes, postCors, refuseOrigin } from './http/ingest.ts';
import { jsonOrBeacon, maxBody, postRateLimit } from './http/limits.ts';
import { openApiDocument } from './http/openapi.ts';
import { privacyRoutes } from './http/privacy.ts';
import { readRoutes } from './http/reads.ts';
import { peopleRoutes } from './http/people.ts';
import { dashboardSessions } from './http/session.ts';
import { signInRoutes } from './http/signin.ts';
import { teamMailer } from './deliver/team-mail.ts';
import { escalationWorker, type EscalationWorker } from './deliver/escalation.ts';
import { ssoRoutes, type OidcConfig } from './http/sso.ts';
import { mePasskeyRoutes, passkeyRoutes } from './http/passkeys.ts';
import { passkeyCounts, passkeyListOf } from './store/passkeys.ts';
import { createPerson, linkOf, personByEmail, personById, useLink } from './store/people.ts';
import { themeRoutes } from './http/themes.ts';
import { webhookRoutes } from './http/webhooks.ts';
import { toneRoutes } from './http/tone.ts';
import { newStats, type Stats } from './ingest/ingest.ts';
import { secretKey } from './ingest/token.ts';
import { FilterError } from './read/filters.ts';
import { parseAlert, type AlertRule } from './store/alert.ts';
import { bumpChanges } from './store/changes.ts';
import { purge, suppressionSalt } from './store/erase.ts';
import { drained } from './store/group-commit.ts';
import { migrate, openDb, ping, type DbKind } from './store/open.ts';
import type { Database } from './store/schema.ts';
import { getSetting, putSettingOnce } from './store/settings.ts';
import { GUIDE_DEFAULTS, type TierDefaults } from './store/clocks.ts';

export const VERSION = '0.1.0';
const TOKEN_SETTING = 'admin_token_sha256';

export interface CollectorOptions {
  /** A file path or `:memory:` (SQLite), or a postgres:// URL. */
  db: string;
  /** Browser origins allowed to post from another origin (`*` for any); same-origin is always allowed. */
  origins?: string[];
  /** The admin credential. Without it, one is made on first start and only its hash is stored. */
  adminToken?: string | undefined;
  /** Turns on signed deliveries: every record must carry a `deliveryToken` signed with it. */
  deliverySecret?: string | undefined;
  /** Requests per minute per client address on POST /v1/responses (default 120). */
  rateLimit?: number;
  trustProxy?: boolean;
  /** The IANA time zone of the read side's dates, days, weeks and months (AFTERCARE_TZ; default UTC). */
  timeZone?: string;
  /** Which answers open a case (default NPS ≤ 6 or CSAT ≤ 2; `parseAlert('off')` for none). */
  alert?: AlertRule;
  /** Hours from opening (or reopening) a case to its first-contact deadline (default 24). */
  followupHours?: number | undefined;
  /** The tier rules and hours (AFTERCARE_TIER_RULES, AFTERCARE_TIER_HOURS); the guide's by default. */
  tiers?: TierDefaults;
  /** Webhook endpoints; events are written and delivered only when there is at least one. */
  webhookUrls?: string[];
  /** The Standard Webhooks signing secret (`whsec_…`); required with `webhookUrls`. */
  webhookSecret?: string | undefined;
  webhookAllowPrivate?: boolean;
  /** Days answers and the rest are kept (AFTERCARE_RETENTION_DAYS, default 365); purged at start and daily. */
  retentionDays?: number;
  /** Days the audit log is kept (AFTERCARE_AUDIT_DAYS, default 1,095). */
  auditDays?: number;
  /** What POST /v1/forget erases for a token with `cid` (AFTERCARE_FORGET_SCOPE, default delivery). */
  forgetScope?: 'delivery' | 'customer';
  /** AFTERCARE_REDACT: what is masked in comments before they are stored (e-mail, phone, id, card). */
  redact?: readonly RedactKind[];
  /** Starts the webhook worker (default true; tests drive `worker.runOnce()` instead). */
  startWorker?: boolean;
  /** How often the idle worker looks at the queue (default 1,000 ms). */
  webhookPollMs?: number;
  /** The clock of cases and webhooks (default Date.now; test hooks can shift it). */
  now?: () => number;
  /** Test flag: share of POSTs that get a random fault. */
  faultRate?: number;
  /** Test flag: the fault middleware and the `/__test/*` routes. */
  testHooks?: boolean;
  /** Where the built dashboard's files are; the package's own `dist/dashboard/` by default. */
  dashboardDir?: URL;
  /** Where the built survey page script is; the package's own `dist/survey/` by default. */
  surveyDir?: URL;
  /** Invitations (AFTERCARE_SMTP_URL, AFTERCARE_MAIL_* …; see config.ts); by default none are sent. */
  invitations?: InvitationConfig;
  /** How invitations leave (tests); by default SMTP, the mail preview or nothing, as `invitations` says. */
  mailer?: Mailer | null;
  /** Starts the invitation worker (default true; tests drive `invitationWorker.runOnce()` instead). */
  startInvitationWorker?: boolean;
  /** How often the idle invitation worker looks at the schedule (default 5,000 ms). */
  invitationPollMs?: number;
  /** Starts the escalation worker (default true; tests drive `escalation.runOnce()` instead). */
  startEscalation?: boolean;
  /** How often the idle escalation worker looks for cases past a deadline (default 30,000 ms). */
  escalationPollMs?: number;
  /** Single sign-on through OpenID Connect (AFTERCARE_OIDC_*; http/sso.ts); none by default. */
  oidc?: OidcConfig | null;
}

export interface Collector {
  app: Hono;
  kind: DbKind;
  db: Kysely<Database>;
  stats: Stats;
  /** The admin token this start made (print it once); undefined when it was given or already stored. */
  createdToken?: string | undefined;
  /** The webhook worker, when endpoints are configured. */
  worker: WebhookWorker | null;
  /** The escalation worker: cases past a deadline notify their people (deliver/escalation.ts). */
  escalation: EscalationWorker;
  /** The invitation worker (always there: without a mailer it marks due invitations skipped). */
  invitationWorker: InvitationWorker;
  /** The invitation settings in use; `publicUrl` may be set once the server listens on a port chosen at start. */
  invitations: InvitationConfig;
  /** Runs the retention purge now (it also runs at start and daily); resolves with what it deleted. */
  purge(): Promise<Awaited<ReturnType<typeof purge>>>;
  /** Stops the worker (after its attempts in flight) and closes the database. */
  close(): Promise<void>;
}

/** Resolves the admin credential: the given token, or the stored hash, or a new token (hash stored). */
async function credential(db: Kysely<Database>, given: string | undefined) {
  if (given) return { hash: sha256(given), created: undefined };
  const stored = await getSetting(db, TOKEN_SETTING);
  if (stored) return { hash: Buffer.from(stored, 'hex'), created: undefined };
  const token = randomBytes(24).toString('base64url');
  const ours = sha256(token).toString('hex');
  const kept = await putSettingOnce(db, TOKEN_SETTING, ours);
  // Another instance may have stored its own first: then ours is not the credential; print nothing.
  return { hash: Buffer.from(kept, 'hex'), created: kept === ours ? token : undefined };
}

/**
 * Opens (and migrates) the database and builds the app. Serve `collector.app.fetch` with
 * `@hono/node-server`, or call `collector.app.request()` in tests.
 * @example const c = await createCollector({ db: ':memory:', adminToken: 'x'.repeat(24) });
 */
export async function createCollector(o: CollectorOptions): Promise<Collector> {
  const { kind, db, pool } = openDb(o.db);
  // Rate limits and the wrong-credential throttle: in memory, or shared in PostgreSQL (http/limits.ts).
  const limits = { pool };
  try {
    await migrate(db);
  } catch (e) {
    await db.destroy();
    throw e;
  }
  const { hash, created } = await credential(db, o.adminToken);
  const stats = newStats();
  const trustProxy = o.trustProxy ?? false;
  const deliveryKey = o.deliverySecret ? secretKey(o.deliverySecret) : undefined;
  const timeZone = o.timeZone ?? 'UTC';
  // The clock of cases and webhooks; `/__test/clock` can move it forward (test hooks only).
  const clock = testClock(o.now ?? Date.now);
  const now = clock.now;
  const alert = o.alert ?? parseAlert(undefined);
  const followupMs = o.followupHours === undefined ? undefined : o.followupHours * 3_600_000;
  const tiers = o.tiers ?? GUIDE_DEFAULTS;
  // The collector's own copy: the demo fills in publicUrl once it knows its port (Collector.invitations).
  const invitations: InvitationConfig = { ...(o.invitations ?? loadInvitationConfig({})) };
  const mailer: Mailer | null =
    o.mailer !== undefined ? o.mailer : invitations.smtpUrl ? smtpMailer(invitations.smtpUrl) : invitations.preview ? previewMailer(db, now) : null;
  const urls = o.webhookUrls ?? [];
  if (urls.length && !o.webhookSecret) throw new Error('webhookSecret: required with webhookUrls');
  const endpoints = urls.length ? await registerEndpoints(db, urls, now()) : [];
  const worker = urls.length
    ? webhookWorker({ db, kind, urls, secret: o.webhookSecret!, allowPrivate: o.webhookAllowPrivate ?? false, now, pollMs: o.webhookPollMs })
    : null;
  const loop = { alert, followupMs, tiers, endpoints };
  const salt = await suppressionSalt(db);
  const invites = makeInvitationWorker({ db, kind, config: invitations, timeZone, mailer, salt, now, pollMs: o.invitationPollMs, endpoints: () => endpoints, onEvents: () => worker?.wake() });
  // The same rule as the widget's data-redact, as a second line for pages without it.
  const kinds = o.redact ?? [];
  const redact = kinds.length ? (comment: string) => redactText(comment, kinds) : undefined;
  const unauthorized = () => void stats.unauthorized++;
  const audit = auditor({ db, now, trustProxy, onUnauthorized: unauthorized });
  const retention = { retentionDays: o.retentionDays ?? 365, auditDays: o.auditDays ?? 1_095 };
  /** The retention purge, recorded in the audit trail; at start, then daily. */
  const runPurge = async () => {
    const purged = await purge(db, { now: now(), ...retention });
    const rows = Object.values(purged).reduce((a, b) => a + b, 0);
    if (rows) {
      // Answers and displays move the counter in their own transactions (store/erase.ts); resolved
      // cases, webhook deliveries and the rest move it here.
      await bumpChanges(db);
      await audit.record(null, { actor: 'collector', action: 'retention.purge', rows, outcome: 'done', detail: { ...purged, ...retention } });
    }
    return purged;
  };
  // At start (in the background: a first purge of a large store must not keep the service from
  // listening), then daily.
  const purgeLogged = () => runPurge().catch((e: Error) => console.error('[aftercare collector] retention purge:', e.message));
  let purging = purgeLogged();
  const daily = setInterval(() => void (purging = purgeLogged()), 86_400_000);
  daily.unref();
  // The session check is late-bound: the sessions need the sign-in check, which needs adminAuth.
  let sessions: ReturnType<typeof dashboardSessions> | undefined;
  const logins = adminAuth({ db, verify: tokenVerifier(hash), trustProxy, session: (c) => sessions!.valid(c), onRefused: unauthorized, store: limits, now });
  const { requireAdmin, signIn, reset: resetLogins } = logins;
  const smtp = !!invitations.smtpUrl || (o.mailer != null && !invitations.preview);
  const team = teamMailer({ mailer, smtp, from: invitations.from, publicUrl: () => invitations.publicUrl, brand: invitations.brand.name });
  const escalation = escalationWorker({
    db, kind, now, endpoints: () => endpoints, publicUrl: () => invitations.publicUrl, pollMs: o.escalationPollMs,
    send: team.ready ? (to, m) => team.caseOverdue(to, m) : null, onEvents: () => worker?.wake(),
  });
  // Sessions are bound to this credential: a new admin token ends the sessions the old one made.
  const credentialPrint = createHash('sha256').update('aftercare dashboard session\u0000').update(hash).digest('hex').slice(0, 32);
  sessions = dashboardSessions({
    db, trustProxy, timeZone, signIn, credential: credentialPrint, now,
    audit: (c, action, outcome, actor, role) => audit.record(c, { action, outcome, actor, role: role ?? null }),
    onRefused: unauthorized,
    offers: () => ({ sso: !!o.oidc, email: team.ready }),
  });
  const limit = postRateLimit({ perMinute: o.rateLimit ?? 120, trustProxy, onLimited: () => void stats.rateLimited++, store: limits, name: 'answers' });
  // Each sign-in link is an e-mail sent: a few a minute from one address.
  const signInMail = postRateLimit({ perMinute: 5, trustProxy, onLimited: () => void stats.rateLimited++, store: limits, name: 'signin-mail' });
  const ceremonies = postRateLimit({ perMinute: 30, trustProxy, onLimited: () => void stats.rateLimited++, store: limits, name: 'passkey' });
  const origins = o.origins ?? [];
  const allowAll = origins.includes('*');
  const allowedOrigin = (origin: string, c: Parameters<MiddlewareHandler>[0]) => sameOrigin(c) || allowAll || origins.includes(origin);

  const app = new Hono();
  app.use(
    '*',
    secureHeaders({ referrerPolicy: 'no-referrer', xContentTypeOptions: 'nosniff', xFrameOptions: 'DENY', crossOriginResourcePolicy: 'cross-origin' }),
  );
  // JSON is never a document: no script, no framing. The dashboard's HTML sets its own policy.
  app.use('*', async (c, next) => {
    await next();
    if (!c.res.headers.has('content-security-policy')) c.res.headers.set('content-security-policy', "default-src 'none'; frame-ancestors 'none'");
    if (!c.res.headers.has('cache-control')) c.res.headers.set('cache-control', 'no-store');
    // A document this origin may frame (the mail preview in the dashboard) says so in its CSP; the old header agrees.
    if (c.res.headers.get('content-security-policy')?.includes("frame-ancestors 'self'")) c.res.headers.set('x-frame-options', 'SAMEORIGIN');
  });
  // Every change a request makes moves the change counter, so the conditional reads answer afresh.
  app.use('*', bumpAfterChange(db));
  app.onError((e, c) => {
    if (e instanceof HTTPException) return e.getResponse();
    if (e instanceof FilterError) return c.json({ error: e.message }, 400);
    // Never the request (it may carry the credential): the error alone.
    console.error('[aftercare collector]', e instanceof Error ? (e.stack ?? e.message) : e);
    return c.json({ error: 'internal error; the client will retry' }, 500);
  });
  app.notFound((c) => c.json({ error: `path: ${c.req.path} is not a collector route` }, 404));

  app.get('/health', async (c) => ((await ping(db)) ? c.json({ ok: true, db: kind }) : c.json({ ok: false, db: kind }, 503)));

  const faults = o.testHooks || (o.faultRate ?? 0) > 0 ? faultInjection({ faultRate: o.faultRate ?? 0, stats, resets: [limit.reset, resetLogins, signInMail.reset, ceremonies.reset] }) : null;
  ingestRoutes(app, { db, stats, now, deliveryKey, loop, salt, redact, allowedOrigin, limit: limit.middleware, faults: faults?.middleware, onEvents: () => worker?.wake() });

  // Reads: the admin credential, and never across origins (the origin list is for posting answers).
  // Last, the conditional GET (http/etag.ts): after the checks, so a 304 never answers someone refused.
  const counters = () => ({ ...stats, ...(worker ? { webhooks: { ...worker.stats } } : {}) });
  const unchanged = conditional({
    db, now, memory: { '/v1/summary': counters },
    setup: () => JSON.stringify([VERSION, timeZone, tiers, followupMs, urls, invitations]),
  });
  const read = [sameOriginOnly((origin) => `cross-origin reads are refused (${origin}); read from your server with the admin token or an API key`), requireAdmin, authorize, unchanged] as const;
  // The audit trail (http/audit.ts) of everything that reads raw answers or changes a case; the
  // privacy routes and the sign-in record their own.
  const byMethod = (names: Record<string, string>) => (c: Context) => names[c.req.method] ?? null;
  app.use('/v1/responses', audit.audited(byMethod({ GET: 'responses.read' })));
  app.use('/v1/displays', audit.audited(byMethod({ GET: 'displays.read' })));
  app.use('/v1/export', audit.audited(byMethod({ GET: 'export' })));
  app.use('/v1/cases', audit.audited(byMethod({ GET: 'cases.read' })));
  app.use('/v1/cases/*', audit.audited(byMethod({ GET: 'case.read', PATCH: 'case.update' })));
  app.use('/v1/webhooks/*', audit.audited((c) => (c.req.method !== 'POST' ? null : c.req.path.endsWith('/enable') ? 'webhook.enable' : 'webhook.resend')));
  readRoutes(app, { db, timeZone, now, audit, read, counters });
  channelRoutes(app, { db, timeZone, read });
  themeRoutes(app, { db, timeZone, now, read });
  app.use('/v1/followup/rules', audit.audited(byMethod({ PUT: 'followup.rules' })));
  app.use('/v1/calendars/:id', audit.audited(byMethod({ PUT: 'calendar.save', DELETE: 'calendar.remove' })));
  followupSettingsRoutes(app, { db, now, read, defaults: { ...tiers, respondMs: followupMs } });
  scorecardRoutes(app, { db, timeZone, now, read, audit });
  caseRoutes(app, { db, timeZone, followupMs, tiers, endpoints: () => endpoints, now, onEvents: () => worker?.wake(), read });
  const forgetLimit = postRateLimit({ perMinute: o.rateLimit ?? 120, trustProxy, onLimited: () => void stats.rateLimited++, store: limits, name: 'forget' });
  const forgetCors = postCors(allowedOrigin);
  privacyRoutes(app, {
    db, now, timeZone, salt, deliveryKey, forgetScope: o.forgetScope ?? 'delivery', audit, read,
    forgetEdge: [refuseOrigin(allowedOrigin), forgetCors, forgetLimit.middleware, jsonOrBeacon, maxBody],
  });
  webhookRoutes(app, { db, endpoints, now, onEvents: () => worker?.wake(), read });
  cardRoutes(app, { db, now, audit, read, invitations });
  deliveryRoutes(app, {
    db, now, audit, read, salt, timeZone, publicUrl: () => invitations.publicUrl, previewOn: invitations.preview && !invitations.smtpUrl && o.mailer === undefined,
    schedule: { sendHours: invitations.sendHours, timeZone, channels: invitations.channels },
    onScheduled: () => invites.wake(),
  });
  answerRoutes(app, { db, now, audit, read, loop, salt, redact, onEvents: () => worker?.wake() });
  invitationResultRoutes(app, { db, now, audit, read });
  toneRoutes(app, { db, timeZone, now, audit, read });
  const answeredLimit = postRateLimit({ perMinute: o.rateLimit ?? 120, trustProxy, onLimited: () => void stats.rateLimited++, store: limits, name: 'answered' });
  surveyRoutes(app, {
    db, now, config: invitations, timeZone, deliveryKey, salt, audit, loop, redact, onEvents: () => worker?.wake(),
    assetsDir: o.surveyDir ?? new URL('../dist/survey/', import.meta.url),
    answeredEdge: [refuseOrigin(allowedOrigin), postCors(allowedOrigin), answeredLimit.middleware, jsonOrBeacon, maxBody],
  });
  const openapi = JSON.stringify(openApiDocument(VERSION));
  app.get('/v1/openapi.json', ...read, (c) => c.body(openapi, 200, { 'content-type': 'application/json; charset=utf-8' }));
  // A preflight for a read gets no CORS headers, so a browser on another origin never sends it.
  app.options('*', (c) => c.body(null, 204));

  sessions.routes(app);
  // The team (http/people.ts) and every way to sign in besides the admin token.
  app.use('/v1/people', audit.audited(byMethod({ GET: 'people.read', POST: 'person.invite' })));
  app.use('/v1/people/:id', audit.audited(byMethod({ PATCH: 'person.update', DELETE: 'person.remove' })));
  app.use('/v1/people/:id/invitation', audit.audited('person.reinvite'));
  app.use('/v1/people/:id/sessions', audit.audited('person.signout'));
  app.use('/v1/keys', audit.audited(byMethod({ POST: 'key.create' })));
  app.use('/v1/keys/:id', audit.audited(byMethod({ DELETE: 'key.revoke' })));
  app.use('/v1/me/sessions/:id', audit.audited('session.end'));
  peopleRoutes(app, {
    db, now, read, sessions, publicUrl: () => invitations.publicUrl,
    sendInvitation: (p, url, by) => team.invitation(p.email!, { url, role: p.role, invitedBy: by }),
    passkeyCounts: (ids) => passkeyCounts(db, ids),
    listPasskeys: (id) => passkeyListOf(db, id),
  });
  signInRoutes(app, {
    db, now, sessions, publicUrl: () => invitations.publicUrl, sendLink: (to, url) => team.signInLink(to, { url }),
    throttled: logins.throttled, tooMany: logins.tooMany, failed: logins.failed, mailLimit: signInMail.middleware,
  });
  const signInAudit = (c: Context, action: string, outcome: string, actor: string) => audit.record(c, { action, outcome, actor, role: null });
  const invitee = async (code: string) => {
    const l = await linkOf(db, code, 'invite', now());
    return l && !l.used && !l.expired ? personById(db, l.personId) : null;
  };
  // Asking for a passkey challenge needs no credential and writes a row: a few dozen a minute per address.
  app.use('/dashboard/passkeys/login/options', ceremonies.middleware);
  passkeyRoutes(app, {
    db, rpName: invitations.brand.name, origin: () => invitations.publicUrl, now,
    start: (c, id, method) => sessions!.start(c, id, method), current: (c) => sessions!.current(c),
    invitee, acceptInvite: (code) => useLink(db, code, 'invite', now()), audit: signInAudit,
    throttle: { throttled: logins.throttled, tooMany: logins.tooMany, failed: logins.failed },
  });
  // My passkeys: the credential and its permission first, then hono/csrf (they change state).
  app.use('/v1/me/passkeys/:id', ...read, cookieCsrf, audit.audited(byMethod({ PATCH: 'passkey.rename', DELETE: 'passkey.remove' })));
  mePasskeyRoutes(app, { db, person: (c) => (principalOf(c)?.kind === 'person' ? principalOf(c)!.id : '') });
  if (o.oidc) {
    ssoRoutes(app, {
      config: o.oidc, publicUrl: () => invitations.publicUrl, now,
      findPerson: (email) => personByEmail(db, email),
      // Two first sign-ins of one new address at once: the second finds the person the first made.
      createPerson: async (p) => (await createPerson(db, { ...p, createdBy: 'single sign-on', now: now(), joined: true })) ?? (await personByEmail(db, p.email))!,
      start: (c, id) => sessions!.start(c, id, 'sso'), audit: signInAudit,
    });
  }
  // The built dashboard, dist/dashboard/: this path resolves there from src/app.ts and from dist/collector.js alike.
  dashboardRoutes(app, o.dashboardDir ?? new URL('../dist/dashboard/', import.meta.url));
  // The scripting routes only with the explicit hooks flag; a fault rate alone mounts no route.
  if (o.testHooks) {
    faults?.routes(app);
    clockRoutes(app, {
      clock,
      onMoved: () => {
        worker?.wake();
        invites.wake();
        escalation.wake();
      },
      purge: runPurge,
    });
  }
  if (o.startWorker ?? true) worker?.start();
  if (o.startInvitationWorker ?? true) invites.start();
  if (o.startEscalation ?? true) escalation.start();

  return {
    app, kind, db, stats, createdToken: created, worker, invitationWorker: invites, escalation, invitations,
    purge: runPurge,
    async close() {
      clearInterval(daily);
      await purging;
      await worker?.stop();
      await invites.stop();
      await escalation.stop();
      // Batches still queued for the group commit are written before the database closes.
      await drained(db);
      await db.destroy();
    },
  };
}
