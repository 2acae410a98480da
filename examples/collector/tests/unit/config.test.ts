// Configuration from the environment, the first-start token, and what reaches the logs — in the real
// standalone process where it matters (exit codes, printed lines).
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, test } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { runCollector, spawnCollector } from '../support/collector-process.ts';
import { response } from '../support/harness.ts';

const dir = mkdtempSync(join(tmpdir(), 'aftercare-config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('loadConfig', () => {
  const SECRET = `whsec_${Buffer.alloc(32, 1).toString('base64')}`;

  test('defaults', () => {
    expect(loadConfig({})).toEqual({
      db: 'aftercare.db', port: 8787, host: '127.0.0.1', origins: [], adminToken: undefined,
      deliverySecret: undefined, rateLimit: 120, trustProxy: false, timeZone: 'UTC',
      alert: { text: 'nps<=6,csat<=2', conditions: [{ field: 'nps', op: '<=', value: 6 }, { field: 'csat', op: '<=', value: 2 }] },
      followupHours: undefined, tiers: { rules: 'nps<=3 or csat=1 -> urgent; reason=quality -> complex; else general', hours: 'urgent=1/2, general=2/4, complex=4/8', assign: '' },
      webhookUrls: [], webhookSecret: undefined, webhookAllowPrivate: false,
      retentionDays: 365, auditDays: 1_095, forgetScope: 'delivery', redact: [],
      invitations: {
        smtpUrl: undefined, preview: false, from: undefined, publicUrl: undefined, channels: ['email'], sendHours: [9, 20], reminderDays: 2, cooldownDays: 7,
        brand: { name: 'Aftercare', color: '#0b6e4f' }, footer: '', reasons: [], privacyUrl: undefined,
      },
      oidc: null,
    });
  });

  test('every variable', () => {
    expect(loadConfig({
      AFTERCARE_DB: 'postgres://u@127.0.0.1:5432/feedback', AFTERCARE_PORT: '0', AFTERCARE_HOST: '0.0.0.0',
      AFTERCARE_ORIGINS: 'https://shop.example, http://localhost:3000', AFTERCARE_ADMIN_TOKEN: 'a'.repeat(24),
      AFTERCARE_DELIVERY_SECRET: 's'.repeat(32), AFTERCARE_RATE_LIMIT: '30', AFTERCARE_TRUST_PROXY: '1', AFTERCARE_TZ: 'Asia/Shanghai',
      AFTERCARE_ALERT: 'nps < 7, csat=1', AFTERCARE_FOLLOWUP_HOURS: '4', AFTERCARE_TIER_RULES: 'csat<=2 -> urgent; else general', AFTERCARE_TIER_HOURS: 'urgent=0.5/1, general=2/8, complex=4/16', AFTERCARE_ASSIGN_RULES: 'meta.store=Berlin -> team:Berlin', AFTERCARE_RETENTION_DAYS: '90', AFTERCARE_AUDIT_DAYS: '2000', AFTERCARE_FORGET_SCOPE: 'customer', AFTERCARE_REDACT: 'email phone,card',
      AFTERCARE_WEBHOOK_URLS: 'https://hooks.example/aftercare, https://tickets.example/in?key=k', AFTERCARE_WEBHOOK_SECRET: SECRET,
      AFTERCARE_SMTP_URL: 'smtp://mailer:s3cret@mail.shop.example:587', AFTERCARE_MAIL_FROM: 'Shop <feedback@shop.example>', AFTERCARE_PUBLIC_URL: 'https://feedback.shop.example/',
      AFTERCARE_SEND_HOURS: '8-21', AFTERCARE_REMINDER_DAYS: '0', AFTERCARE_INVITE_COOLDOWN_DAYS: '14', AFTERCARE_BRAND_NAME: 'Shop', AFTERCARE_BRAND_COLOR: '#a1B2c3',
      AFTERCARE_MAIL_FOOTER: 'Shop GmbH\\nHauptstr. 1, Berlin', AFTERCARE_SURVEY_REASONS: 'speed staff', AFTERCARE_PRIVACY_URL: 'https://shop.example/privacy', AFTERCARE_MAIL_PREVIEW: '0',
      AFTERCARE_INVITE_CHANNELS: 'email, Webhook',
      AFTERCARE_OIDC_ISSUER: 'https://accounts.google.com', AFTERCARE_OIDC_CLIENT_ID: 'aftercare', AFTERCARE_OIDC_CLIENT_SECRET: 'shh', AFTERCARE_OIDC_CREATE: 'viewer', AFTERCARE_OIDC_ROLE_CLAIM: 'aftercare_role',
    })).toEqual({
      db: 'postgres://u@127.0.0.1:5432/feedback', port: 0, host: '0.0.0.0', origins: ['https://shop.example', 'http://localhost:3000'],
      adminToken: 'a'.repeat(24), deliverySecret: 's'.repeat(32), rateLimit: 30, trustProxy: true, timeZone: 'Asia/Shanghai',
      alert: { text: 'nps<7,csat=1', conditions: [{ field: 'nps', op: '<', value: 7 }, { field: 'csat', op: '=', value: 1 }] },
      followupHours: 4, tiers: { rules: 'csat<=2 -> urgent; else general', hours: 'urgent=0.5/1, general=2/8, complex=4/16', assign: 'meta.store=Berlin -> team:Berlin' },
      webhookUrls: ['https://hooks.example/aftercare', 'https://tickets.example/in?key=k'], webhookSecret: SECRET, webhookAllowPrivate: false,
      retentionDays: 90, auditDays: 2000, forgetScope: 'customer', redact: ['email', 'phone', 'card'],
      invitations: {
        smtpUrl: 'smtp://mailer:s3cret@mail.shop.example:587', preview: false, from: 'Shop <feedback@shop.example>', publicUrl: 'https://feedback.shop.example', channels: ['email', 'webhook'],
        sendHours: [8, 21], reminderDays: 0, cooldownDays: 14, brand: { name: 'Shop', color: '#a1B2c3' }, footer: 'Shop GmbH\nHauptstr. 1, Berlin',
        reasons: ['speed', 'staff'], privacyUrl: 'https://shop.example/privacy',
      },
      oidc: { issuer: 'https://accounts.google.com', clientId: 'aftercare', clientSecret: 'shh', create: 'viewer', roleClaim: 'aftercare_role' },
    });
  });

  test('alerts off, and private webhook endpoints with the override', () => {
    expect(loadConfig({ AFTERCARE_ALERT: 'off' }).alert).toEqual({ text: 'off', conditions: [] });
    const c = loadConfig({ AFTERCARE_WEBHOOK_URLS: 'http://127.0.0.1:9000/hook', AFTERCARE_WEBHOOK_SECRET: SECRET, AFTERCARE_WEBHOOK_ALLOW_PRIVATE: '1' });
    expect(c).toMatchObject({ webhookUrls: ['http://127.0.0.1:9000/hook'], webhookAllowPrivate: true });
    // A name is checked once resolved, when a delivery connects (deliver/address.ts), not here.
    expect(loadConfig({ AFTERCARE_WEBHOOK_URLS: 'http://localhost:9000/hook', AFTERCARE_WEBHOOK_SECRET: SECRET }).webhookUrls).toEqual(['http://localhost:9000/hook']);
  });

  test.each([
    [{ AFTERCARE_PORT: '70000' }, '[aftercare collector] AFTERCARE_PORT: expected an integer from 0 to 65535, got "70000"'],
    [{ AFTERCARE_PORT: 'http' }, '[aftercare collector] AFTERCARE_PORT: expected an integer from 0 to 65535, got "http"'],
    [{ AFTERCARE_TZ: 'Mars/Olympus' }, '[aftercare collector] AFTERCARE_TZ: expected an IANA time zone such as Europe/Berlin or Asia/Shanghai, got "Mars/Olympus"'],
    [{ AFTERCARE_DB: 'mysql://x/y' }, '[aftercare collector] AFTERCARE_DB: expected a file path (SQLite) or a postgres:// or postgresql:// URL'],
    [{ AFTERCARE_ORIGINS: 'https://shop.example/' }, '[aftercare collector] AFTERCARE_ORIGINS: expected comma-separated origins such as https://shop.example (scheme and host, no path or trailing slash), got "https://shop.example/"'],
    [{ AFTERCARE_ORIGINS: 'shop.example' }, '[aftercare collector] AFTERCARE_ORIGINS: expected comma-separated origins such as https://shop.example (scheme and host, no path or trailing slash), got "shop.example"'],
    [{ AFTERCARE_ADMIN_TOKEN: 'short' }, '[aftercare collector] AFTERCARE_ADMIN_TOKEN: expected at least 24 characters of A–Z a–z 0–9 . _ ~ + / - (e.g. `openssl rand -base64 32`)'],
    [{ AFTERCARE_ADMIN_TOKEN: 'has spaces in it but is long enough' }, '[aftercare collector] AFTERCARE_ADMIN_TOKEN: expected at least 24 characters of A–Z a–z 0–9 . _ ~ + / - (e.g. `openssl rand -base64 32`)'],
    [{ AFTERCARE_DELIVERY_SECRET: 'tiny' }, '[aftercare collector] AFTERCARE_DELIVERY_SECRET: expected at least 32 characters (HS256 wants a 256-bit key; e.g. `openssl rand -base64 48`)'],
    [{ AFTERCARE_RATE_LIMIT: '0' }, '[aftercare collector] AFTERCARE_RATE_LIMIT: expected an integer from 1 to 1000000, got "0"'],
    [{ AFTERCARE_TRUST_PROXY: 'maybe' }, '[aftercare collector] AFTERCARE_TRUST_PROXY: expected 1 or 0 (true or false), got "maybe"'],
    [{ AFTERCARE_ALERT: 'nps<=6;csat<=2' }, '[aftercare collector] AFTERCARE_ALERT: expected conditions such as nps<=6,csat<=2 (nps or csat, then <=, <, =, >= or >, then a score), or off; got "nps<=6;csat<=2"'],
    [{ AFTERCARE_ALERT: 'csat<=7' }, '[aftercare collector] AFTERCARE_ALERT: expected a csat score from 1 to 5 in "csat<=7"'],
    [{ AFTERCARE_FOLLOWUP_HOURS: '0' }, '[aftercare collector] AFTERCARE_FOLLOWUP_HOURS: expected an integer from 1 to 2160, got "0"'],
    [{ AFTERCARE_WEBHOOK_URLS: 'ftp://hooks.example/x', AFTERCARE_WEBHOOK_SECRET: SECRET }, '[aftercare collector] AFTERCARE_WEBHOOK_URLS: expected comma-separated http:// or https:// URLs without a #fragment, got "ftp://hooks.example/…"'],
    [{ AFTERCARE_WEBHOOK_URLS: 'http://10.0.0.7/hook?token=abc', AFTERCARE_WEBHOOK_SECRET: SECRET }, '[aftercare collector] AFTERCARE_WEBHOOK_URLS: expected public endpoints; http://10.0.0.7/… is a private address (set AFTERCARE_WEBHOOK_ALLOW_PRIVATE=1 to allow it)'],
    [{ AFTERCARE_WEBHOOK_URLS: 'http://[::1]:8080/', AFTERCARE_WEBHOOK_SECRET: SECRET }, '[aftercare collector] AFTERCARE_WEBHOOK_URLS: expected public endpoints; http://[::1]:8080 is a loopback address (set AFTERCARE_WEBHOOK_ALLOW_PRIVATE=1 to allow it)'],
    [{ AFTERCARE_WEBHOOK_URLS: 'https://hooks.example/x' }, '[aftercare collector] AFTERCARE_WEBHOOK_SECRET: expected a signing secret whenever AFTERCARE_WEBHOOK_URLS is set (whsec_ + base64, e.g. `echo whsec_$(openssl rand -base64 32)`)'],
    [{ AFTERCARE_WEBHOOK_SECRET: 'whsec_dG9vc2hvcnQ=' }, '[aftercare collector] AFTERCARE_WEBHOOK_SECRET: expected whsec_ followed by 24 to 64 random bytes in base64 (e.g. `echo whsec_$(openssl rand -base64 32)`)'],
    [{ AFTERCARE_RETENTION_DAYS: '0' }, '[aftercare collector] AFTERCARE_RETENTION_DAYS: expected an integer from 1 to 36500, got "0"'],
    [{ AFTERCARE_AUDIT_DAYS: 'forever' }, '[aftercare collector] AFTERCARE_AUDIT_DAYS: expected an integer from 1 to 36500, got "forever"'],
    [{ AFTERCARE_SMTP_URL: 'http://mail.example' }, '[aftercare collector] AFTERCARE_SMTP_URL: expected smtp://user:password@host:587 (STARTTLS when offered) or smtps://…:465 (implicit TLS), got "http://mail.example"'],
    [{ AFTERCARE_SMTP_URL: 'smtp://user:hunter2@mail.example:587' }, '[aftercare collector] AFTERCARE_MAIL_FROM: expected the sender address (e.g. "Shop <feedback@shop.example>") whenever AFTERCARE_SMTP_URL or AFTERCARE_MAIL_PREVIEW is set'],
    [{ AFTERCARE_SMTP_URL: 'smtp://user:hunter2@mail.example:587', AFTERCARE_MAIL_FROM: 'a@b.example' }, '[aftercare collector] AFTERCARE_PUBLIC_URL: expected the collector\'s public address (e.g. https://feedback.shop.example) whenever AFTERCARE_SMTP_URL or AFTERCARE_MAIL_PREVIEW is set: every link in a message starts with it'],
    [{ AFTERCARE_MAIL_FROM: 'Shop <not an address>' }, '[aftercare collector] AFTERCARE_MAIL_FROM: expected a sender such as "Shop <feedback@shop.example>" or feedback@shop.example, got "Shop <not an address>"'],
    [{ AFTERCARE_PUBLIC_URL: 'http://feedback.shop.example' }, '[aftercare collector] AFTERCARE_PUBLIC_URL: expected the collector\'s public origin, https://feedback.shop.example (no path: the links are /s/… and /u/… at its root; http:// only for a loopback address), got "http://feedback.shop.example"'],
    [{ AFTERCARE_PUBLIC_URL: 'https://shop.example/feedback' }, '[aftercare collector] AFTERCARE_PUBLIC_URL: expected the collector\'s public origin, https://feedback.shop.example (no path: the links are /s/… and /u/… at its root; http:// only for a loopback address), got "https://shop.example/…"'],
    [{ AFTERCARE_SEND_HOURS: '20-9' }, '[aftercare collector] AFTERCARE_SEND_HOURS: expected local hours FROM-TO with 0 ≤ FROM < TO ≤ 24, such as 09-20, got "20-9"'],
    [{ AFTERCARE_REMINDER_DAYS: '-1' }, '[aftercare collector] AFTERCARE_REMINDER_DAYS: expected an integer from 0 to 30, got "-1"'],
    [{ AFTERCARE_INVITE_COOLDOWN_DAYS: 'week' }, '[aftercare collector] AFTERCARE_INVITE_COOLDOWN_DAYS: expected an integer from 0 to 365, got "week"'],
    [{ AFTERCARE_BRAND_COLOR: 'green' }, '[aftercare collector] AFTERCARE_BRAND_COLOR: expected a colour as #rgb or #rrggbb, got "green"'],
    [{ AFTERCARE_SURVEY_REASONS: 'speed warranty' }, '[aftercare collector] AFTERCARE_SURVEY_REASONS: expected built-in reason ids (speed, staff, attitude, solved, communication, price, quality, delivery), space- or comma-separated, as the widget\'s data-reasons; got "warranty"'],
    [{ AFTERCARE_MAIL_PREVIEW: 'sure' }, '[aftercare collector] AFTERCARE_MAIL_PREVIEW: expected 1 or 0 (true or false), got "sure"'],
    [{ AFTERCARE_REDACT: 'email iban' }, '[aftercare collector] AFTERCARE_REDACT: expected a list of email, phone, id, card (space- or comma-separated), got "iban"'],
    [{ AFTERCARE_FORGET_SCOPE: 'all' }, '[aftercare collector] AFTERCARE_FORGET_SCOPE: expected delivery or customer, got "all"'],
    [{ AFTERCARE_WEBHOOK_ALLOW_PRIVATE: 'sure' }, '[aftercare collector] AFTERCARE_WEBHOOK_ALLOW_PRIVATE: expected 1 or 0 (true or false), got "sure"'],
    [{ AFTERCARE_HOST: 'bad host' }, '[aftercare collector] AFTERCARE_HOST: expected a host name or IP address to listen on, got "bad host"'],
    [{ AFTERCARE_INVITE_CHANNELS: 'email,sms' }, '[aftercare collector] AFTERCARE_INVITE_CHANNELS: expected a comma-separated list of email and webhook (texts through invitation.due events), got "sms"'],
    [{ AFTERCARE_INVITE_CHANNELS: 'webhook' }, '[aftercare collector] AFTERCARE_INVITE_CHANNELS: expected webhook only with AFTERCARE_WEBHOOK_URLS set: the invitation.due events go to those endpoints, whose sender (an SMS gateway) sends the text'],
    [{ AFTERCARE_INVITE_CHANNELS: 'webhook', AFTERCARE_WEBHOOK_URLS: 'https://hooks.example/x', AFTERCARE_WEBHOOK_SECRET: SECRET }, '[aftercare collector] AFTERCARE_PUBLIC_URL: expected the collector\'s public address (e.g. https://feedback.shop.example) whenever AFTERCARE_INVITE_CHANNELS includes webhook: the link in every text starts with it'],
    [{ AFTERCARE_OIDC_ISSUER: 'https://id.shop.example', AFTERCARE_OIDC_CLIENT_ID: 'a', AFTERCARE_OIDC_CLIENT_SECRET: 'b' }, '[aftercare collector] AFTERCARE_PUBLIC_URL: expected the dashboard\'s public origin with AFTERCARE_OIDC_ISSUER (the redirect URI is AFTERCARE_PUBLIC_URL/dashboard/sso/callback)'],
    [{ AFTERCARE_TIER_RULES: 'nps<=3 -> soon' }, '[aftercare collector] AFTERCARE_TIER_RULES: expected rules such as'],
    [{ AFTERCARE_TIER_HOURS: 'urgent=3/2' }, '[aftercare collector] AFTERCARE_TIER_HOURS: expected hours such as'],
    [{ AFTERCARE_ASSIGN_RULES: 'meta.store=Berlin -> store:Berlin' }, '[aftercare collector] AFTERCARE_ASSIGN_RULES: expected rules such as "meta.store=Berlin -> team:Berlin; else round-robin:Service"; rule 1 ("meta.store=Berlin -> store:Berlin"): expected a target: team:NAME, person:E-MAIL, round-robin:TEAM or manager-of:meta.KEY; got "store:Berlin"'],
  ])('%o → %s', (env, message) => {
    expect(() => loadConfig(env)).toThrow(message);
  });

  test('a secret is never echoed in the message', () => {
    expect(() => loadConfig({ AFTERCARE_ADMIN_TOKEN: 'my-secret-x' })).toThrow(expect.objectContaining({ message: expect.not.stringContaining('my-secret-x') }));
    expect(() => loadConfig({ AFTERCARE_DELIVERY_SECRET: 'my-secret-y' })).toThrow(expect.objectContaining({ message: expect.not.stringContaining('my-secret-y') }));
  });
});

describe('the standalone process', () => {
  test('bad configuration: exit code 2 and one [aftercare collector] line naming the variable', async () => {
    const { code, stdout, stderr } = await runCollector({ AFTERCARE_RATE_LIMIT: 'lots', AFTERCARE_DB: join(dir, 'never.db') });
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toBe('[aftercare collector] AFTERCARE_RATE_LIMIT: expected an integer from 1 to 1000000, got "lots"\n');
    expect(readdirSync(dir)).not.toContain('never.db');
  });

  test.each([
    ['http://[::127.0.0.1]:9/', 'loopback'],
    ['http://[::a9fe:a9fe]/', 'link-local'],
    ['http://[::ffff:10.0.0.1]/', 'private'],
    ['http://[64:ff9b::7f00:1]/', 'loopback'],
    ['http://[2002:a9fe:a9fe::1]/', 'link-local'],
  ])('a webhook URL %s (IPv4 carried in IPv6) is refused at start-up: exit 2 naming AFTERCARE_WEBHOOK_URLS', async (url, why) => {
    const secret = `whsec_${Buffer.alloc(32, 1).toString('base64')}`;
    const { code, stdout, stderr } = await runCollector({ AFTERCARE_WEBHOOK_URLS: url, AFTERCARE_WEBHOOK_SECRET: secret, AFTERCARE_DB: join(dir, 'never.db') });
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toBe(`[aftercare collector] AFTERCARE_WEBHOOK_URLS: expected public endpoints; http://${new URL(url).host} is a ${why} address (set AFTERCARE_WEBHOOK_ALLOW_PRIVATE=1 to allow it)\n`);
  });

  test.each([
    [{ AFTERCARE_TEST_HOOKS: '1' }, 'AFTERCARE_TEST_HOOKS'],
    [{ AFTERCARE_TEST_FAULT_RATE: '0.1' }, 'AFTERCARE_TEST_FAULT_RATE'],
  ])('test flags on a listener other than loopback: exit 2 naming the flag', async (flags, variable) => {
    const { code, stdout, stderr } = await runCollector({ ...flags, AFTERCARE_HOST: '0.0.0.0', AFTERCARE_DB: join(dir, 'never.db'), AFTERCARE_ADMIN_TOKEN: 'b'.repeat(24) });
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toBe(`[aftercare collector] ${variable}: expected only with a loopback AFTERCARE_HOST (127.0.0.1, ::1 or localhost), got "0.0.0.0": the test hooks move the clock and purge data\n`);
  });

  test('the demo refuses --test-hooks on a listener other than loopback', async () => {
    const proc = spawn(process.execPath, ['examples/start.mjs', '--test-hooks', '--host', '0.0.0.0', '--port', '0', '--no-seed', '--db', join(dir, 'demo-never.db')], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    proc.stderr.on('data', (c) => (stderr += c));
    const code = await new Promise((r) => proc.once('exit', r));
    expect(code).toBe(2);
    expect(stderr).toBe('[aftercare collector] --test-hooks: expected only with a loopback AFTERCARE_HOST (127.0.0.1, ::1 or localhost), got "0.0.0.0": the test hooks move the clock and purge data\n');
  });

  test('a new SQLite file and its WAL are readable by their owner alone (0600)', async () => {
    const db = join(dir, 'private', 'mode.db');
    const k = await spawnCollector({ AFTERCARE_DB: db, AFTERCARE_ADMIN_TOKEN: 'b'.repeat(24) });
    try {
      await fetch(`${k.url}/v1/responses`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ responses: [response()] }) });
      for (const f of readdirSync(join(dir, 'private'))) expect([f, statSync(join(dir, 'private', f)).mode & 0o777]).toEqual([f, 0o600]);
      expect(readdirSync(join(dir, 'private'))).toEqual(expect.arrayContaining(['mode.db', 'mode.db-wal']));
      expect(statSync(join(dir, 'private')).mode & 0o777).toBe(0o700);
    } finally {
      await k.kill();
    }
  });

  test('a port in use: exit code 2 and one line naming AFTERCARE_PORT', async () => {
    const busy = createServer();
    await new Promise<void>((r) => busy.listen(0, '127.0.0.1', r));
    try {
      const port = String((busy.address() as { port: number }).port);
      const { code, stderr } = await runCollector({ AFTERCARE_PORT: port, AFTERCARE_DB: join(dir, 'busy.db'), AFTERCARE_ADMIN_TOKEN: 'b'.repeat(24) });
      expect(code).toBe(2);
      expect(stderr).toBe(`[aftercare collector] AFTERCARE_PORT: expected an address to listen on; 127.0.0.1:${port} gave EADDRINUSE\n`);
    } finally {
      busy.close();
    }
  });

  test('first start without AFTERCARE_ADMIN_TOKEN: makes one, prints it once with a login line, keeps only its hash', async () => {
    const db = join(dir, 'first.db');
    const first = await spawnCollector({ AFTERCARE_DB: db });
    try {
      const token = first.createdToken!;
      expect(token).toMatch(/^[A-Za-z0-9_-]{32}$/);
      expect(first.output()).toContain(`collector listening on ${first.url}/v1/responses`);
      expect(first.output()).toContain(`dashboard login: ${first.url}/dashboard#token=${token}`);
      expect((await fetch(`${first.url}/v1/summary`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
    } finally {
      await first.kill();
    }
    const token = first.createdToken!;
    // Only the hash is on disk.
    const file = new Database(db, { readonly: true });
    const settings = file.prepare('SELECT key, value FROM collector_settings').all();
    file.close();
    expect(settings).toEqual([
      { key: 'admin_token_sha256', value: expect.stringMatching(/^[0-9a-f]{64}$/) },
      { key: 'suppression_salt', value: expect.stringMatching(/^[0-9a-f]{64}$/) },
    ]);
    for (const f of readdirSync(dir).filter((f) => f.startsWith('first.db'))) expect(readFileSync(join(dir, f)).includes(token)).toBe(false);
    // A restart prints no token, and the first one still works.
    const again = await spawnCollector({ AFTERCARE_DB: db });
    try {
      expect(again.createdToken).toBeUndefined();
      expect(again.output()).not.toContain(token);
      expect((await fetch(`${again.url}/v1/summary`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
      expect((await fetch(`${again.url}/v1/summary`, { headers: { authorization: `Bearer ${token.slice(1)}x` } })).status).toBe(401);
    } finally {
      await again.kill();
    }
  });

  test('the credential never appears in the logs, even when requests carry it or fail', async () => {
    const token = 'log-check-token-0123456789abcdefgh';
    const p = await spawnCollector({ AFTERCARE_DB: join(dir, 'logs.db'), AFTERCARE_ADMIN_TOKEN: token });
    try {
      await fetch(`${p.url}/v1/summary`, { headers: { authorization: `Bearer ${token}` } });
      await fetch(`${p.url}/v1/summary`, { headers: { authorization: `Bearer ${token}x` } });
      await fetch(`${p.url}/v1/responses`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ responses: [response()] }) });
      await fetch(`${p.url}/v1/responses`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{' });
    } finally {
      await p.kill();
    }
    expect(p.output()).not.toContain(token);
    expect(p.output()).not.toContain('admin token');
  });
});
