// Signing in by e-mail, end to end through a real SMTP server (tests/support/smtp-sink.mjs): an owner
// invites a person and the invitation arrives with its #join= link; the person asks for a sign-in link
// and it arrives with its #signin= code; the code opens one session (HttpOnly, SameSite=Strict cookie)
// and only once, and only for 15 minutes on the collector's clock (moved by POST /__test/clock). An
// unknown address gets the same answer and no mail (no list of staff from outside). Without SMTP the
// invitation's link is handed back to copy and the sign-in page offers no e-mail.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { loadInvitationConfig } from '../../src/config.ts';
import { ADMIN, startCollector, type Running } from '../support/harness.ts';
import { startSmtpSink, type SinkMessage, type SmtpSink } from '../support/smtp-sink.ts';

const FROM = 'Shop Feedback <feedback@shop.example>';
const ANA = 'ana@shop.example';
const MIN = 60_000;

/** For "no mail came": longer than a send to the local sink takes (a few ms), short for the suite. */
const settle = () => new Promise((r) => setTimeout(r, 500));

/** What the dashboard sends: its own origin (the CSRF guard and sameOriginOnly read it) and JSON. */
const dashboard = (k: Running, cookie?: string) => ({ origin: k.url, 'content-type': 'application/json', ...(cookie ? { cookie } : {}) });
const postJson = (k: Running, path: string, body: unknown, cookie?: string) => fetch(`${k.url}${path}`, { method: 'POST', headers: dashboard(k, cookie), body: JSON.stringify(body) });
const codeIn = (m: SinkMessage, kind: 'join' | 'signin') => new RegExp(`#${kind}=([A-Za-z0-9_-]{43})`).exec(m.text ?? '')?.[1];

describe('with SMTP: invitations and sign-in links by e-mail', () => {
  let sink: SmtpSink;
  let k: Running;
  beforeAll(async () => {
    sink = await startSmtpSink();
    // The public URL is only known once the collector listens on its port: a loopback one for the
    // config now (it requires one with SMTP), the real one once listening (Collector.invitations).
    const invitations = loadInvitationConfig({ AFTERCARE_SMTP_URL: sink.url('aftercare'), AFTERCARE_MAIL_FROM: FROM, AFTERCARE_PUBLIC_URL: 'http://127.0.0.1' });
    k = await startCollector({ invitations, testHooks: true, startInvitationWorker: false });
    k.c.invitations.publicUrl = k.url;
  });
  afterAll(async () => {
    await k?.close();
    await sink?.stop();
  });

  /** Moves the collector's clock forward (the links' expiry reads it). */
  const advance = async (ms: number) => {
    const r = await fetch(`${k.url}/__test/clock`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ advanceMs: ms }) });
    expect(r.status).toBe(200);
  };
  /** Asks for a sign-in link for ana and returns the code from the n-th message to her. */
  const signInCode = async (n: number) => {
    const res = await postJson(k, '/dashboard/signin/email', { email: ANA });
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ sent: true });
    const mail = (await sink.waitFor(n, { to: ANA }))[n - 1]!;
    const code = codeIn(mail, 'signin');
    expect(code, mail.text ?? '').toBeDefined();
    return code!;
  };

  test('the invitation arrives with its #join= link, the one the API answered', async () => {
    const res = await fetch(`${k.url}/v1/people`, {
      method: 'POST', headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' }, body: JSON.stringify({ email: ANA, name: 'Ana', role: 'manager' }),
    });
    expect(res.status).toBe(201);
    const body = (await res.json()) as { invitation: { url: string; sent: boolean } };
    expect(body.invitation.sent).toBe(true);
    expect(body.invitation.url).toMatch(new RegExp(`^${k.url}/dashboard/#join=[A-Za-z0-9_-]{43}$`));
    const [mail] = await sink.waitFor(1, { to: ANA });
    expect(mail!.envelope.from).toBe('feedback@shop.example');
    expect(mail!.subject).toContain('join the feedback team');
    expect(mail!.text).toContain(body.invitation.url);
    expect(mail!.text).toContain('as manager');
    expect(mail!.html).toContain(body.invitation.url);
  });

  test('a sign-in link for ana: 202, the mail, then the code opens one session', async () => {
    const code = await signInCode(2);
    const mail = sink.messages().filter((m) => m.envelope.to.includes(ANA))[1]!;
    expect(mail.subject).toContain('sign-in link');
    expect(mail.text).toContain(`${k.url}/dashboard/#signin=${code}`);

    const res = await postJson(k, '/dashboard/signin/link', { code });
    expect(res.status, await res.clone().text()).toBe(204);
    const [cookie] = res.headers.getSetCookie();
    expect(cookie).toMatch(/^aftercare_session=[^;]+;/);
    expect(cookie).toMatch(/;\s*HttpOnly/i);
    expect(cookie).toMatch(/;\s*SameSite=Strict/i);
    const session = await fetch(`${k.url}/dashboard/session`, { headers: { cookie: cookie!.split(';')[0]! } });
    expect(session.status).toBe(200);
    expect(await session.json()).toMatchObject({ method: 'link', person: { email: ANA, name: 'Ana', role: 'manager' }, signIn: { email: true, sso: false } });

    // One use: the same code again is gone, and no cookie comes with the answer.
    const again = await postJson(k, '/dashboard/signin/link', { code });
    expect(again.status).toBe(410);
    expect((await again.json()).error).toMatch(/^code: /);
    expect(again.headers.getSetCookie()).toEqual([]);
  });

  test('an unknown address gets the same 202 and no mail is sent', async () => {
    const before = sink.messages().length;
    const res = await postJson(k, '/dashboard/signin/email', { email: 'nobody@shop.example' });
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ sent: true });
    await settle();
    expect(sink.messages()).toHaveLength(before);
  });

  test('a link is good for 15 minutes on the collector’s clock: 15 min + 1 s is too late, 14 min 59 s is not', async () => {
    const late = await signInCode(3);
    await advance(15 * MIN + 1_000);
    const gone = await postJson(k, '/dashboard/signin/link', { code: late });
    expect(gone.status).toBe(410);
    expect(gone.headers.getSetCookie()).toEqual([]);

    const inTime = await signInCode(4);
    await advance(14 * MIN + 59_000);
    const ok = await postJson(k, '/dashboard/signin/link', { code: inTime });
    expect(ok.status, await ok.clone().text()).toBe(204);
    expect(ok.headers.getSetCookie()[0]).toMatch(/^aftercare_session=/);
  });

  test('sign-in routes are same-origin JSON only', async () => {
    // Another origin is refused before anything is read; a form post is not JSON.
    const cross = await fetch(`${k.url}/dashboard/signin/email`, { method: 'POST', headers: { origin: 'https://evil.example', 'content-type': 'application/json' }, body: JSON.stringify({ email: ANA }) });
    expect(cross.status).toBe(403);
    const form = await fetch(`${k.url}/dashboard/signin/link`, { method: 'POST', headers: { origin: k.url, 'content-type': 'application/x-www-form-urlencoded' }, body: 'code=x' });
    expect(form.status).toBe(415);
  });
});

describe('without SMTP', () => {
  let k: Running;
  beforeAll(async () => {
    k = await startCollector({ testHooks: true });
  });
  afterAll(() => k?.close());

  test('an invitation is not sent: its link comes back to copy', async () => {
    const res = await fetch(`${k.url}/v1/people`, {
      method: 'POST', headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' }, body: JSON.stringify({ email: ANA, role: 'agent' }),
    });
    expect(res.status).toBe(201);
    const { invitation } = (await res.json()) as { invitation: { url: string; sent: boolean; expiresAt: string } };
    expect(invitation.sent).toBe(false);
    // No AFTERCARE_PUBLIC_URL: the link is on the address the request came to.
    expect(invitation.url).toMatch(new RegExp(`^${k.url}/dashboard/#join=[A-Za-z0-9_-]{43}$`));
    expect(Date.parse(invitation.expiresAt) - Date.now()).toBeGreaterThan(7 * 24 * 60 * MIN - MIN);
  });

  test('the sign-in page is told no e-mail can be sent', async () => {
    const res = await fetch(`${k.url}/dashboard/session`);
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ signIn: { email: false, sso: false } });
  });
});
