// Single sign-on against a real OpenID provider: tests/support/oidc-provider.mjs (`oidc-provider`) as a
// process, and a real collector served on 127.0.0.1 (the provider sends the "browser" back to it).
// The browser is fetch with manual redirects and a small cookie jar, so every hop — the collector's
// flow cookie, the provider's interaction cookies, the session cookie — is what a browser would carry.
// Covered: an invited person signs in; an unverified e-mail, a person not invited (no AFTERCARE_OIDC_CREATE)
// and a tampered state are refused with the contract's fragments and audited; a person not invited is
// created with the role claim's role; and parseOidcConfig's errors, by exact message.
import type { AddressInfo } from 'node:net';
import { createServer, type Server } from 'node:net';
import { serve } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { createCollector, type Collector } from '../../src/app.ts';
import { loadInvitationConfig } from '../../src/config.ts';
import { parseOidcConfig } from '../../src/config.ts';
import type { OidcConfig } from '../../src/http/sso.ts';
import { startOidcProvider, type OidcProvider } from '../support/oidc-provider.ts';

const TOKEN = 'x'.repeat(24);
const admin = { authorization: `Bearer ${TOKEN}` };
const CLIENT = { clientId: 'aftercare-dashboard', clientSecret: 'provider-issued-secret-0123456789' };

/** A port nobody listens on now: the provider must know the callback's address before the collector listens. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s: Server = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

/** A browser's cookies, per origin: name → value and path (enough for the collector and the provider). */
class Jar {
  private cookies = new Map<string, Map<string, { value: string; path: string }>>();
  header(url: URL): string {
    const mine = this.cookies.get(url.origin) ?? new Map();
    return [...mine].filter(([, c]) => url.pathname.startsWith(c.path)).map(([n, c]) => `${n}=${c.value}`).join('; ');
  }
  take(url: URL, res: Response) {
    const mine = this.cookies.get(url.origin) ?? new Map<string, { value: string; path: string }>();
    this.cookies.set(url.origin, mine);
    for (const line of res.headers.getSetCookie()) {
      const [pair, ...attrs] = line.split(';').map((s) => s.trim());
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq);
      const attr = (k: string) => attrs.find((a) => a.toLowerCase().startsWith(`${k}=`))?.slice(k.length + 1);
      const maxAge = attr('max-age');
      const expires = attr('expires');
      // A cookie deleted by the server (Max-Age=0 or an expiry in the past) leaves the jar, as in a browser.
      if ((maxAge !== undefined && Number(maxAge) <= 0) || (expires !== undefined && Date.parse(expires) <= Date.now())) mine.delete(name);
      else mine.set(name, { value: pair!.slice(eq + 1), path: attr('path') ?? '/' });
    }
  }
  has(origin: string, name: string) {
    return this.cookies.get(origin)?.has(name) ?? false;
  }
  async fetch(url: URL, init: RequestInit = {}) {
    const cookie = this.header(url);
    const res = await fetch(url, { ...init, redirect: 'manual', headers: { ...(init.headers as Record<string, string>), ...(cookie ? { cookie } : {}) } });
    this.take(url, res);
    return res;
  }
}

let provider: OidcProvider;
let port: number;
let base: string;

beforeAll(async () => {
  port = await freePort();
  base = `http://127.0.0.1:${port}`;
  provider = await startOidcProvider({ ...CLIENT, redirectUri: `${base}/dashboard/sso/callback` });
});
afterAll(() => provider?.stop());

/** A collector with single sign-on, served on the port the provider sends people back to. */
async function served(o: { create: OidcConfig['create']; roleClaim: string | null }) {
  const collector: Collector = await createCollector({
    db: ':memory:', adminToken: TOKEN, testHooks: true, startWorker: false, startInvitationWorker: false,
    invitations: { ...loadInvitationConfig({}), publicUrl: base },
    oidc: { issuer: provider.issuer, ...CLIENT, ...o },
  });
  const server = serve({ fetch: collector.app.fetch, port, hostname: '127.0.0.1' });
  await new Promise<void>((resolve) => (server.listening ? resolve() : server.once('listening', () => resolve())));
  return {
    collector,
    async stop() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        // The test's fetch keeps connections alive; a browser would go away too.
        (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
      });
      await collector.close();
    },
  };
}

/**
 * Signs in with a new browser as `account`: follows the redirects from /dashboard/sso through the
 * provider and back, until the collector sends the browser anywhere but /dashboard/sso*. `tamper` may
 * change the callback URL the provider redirects to (what an attacker could hand a victim).
 */
async function signIn(account: string, tamper?: (callback: URL) => void) {
  await provider.login(account);
  const jar = new Jar();
  let url = new URL('/dashboard/sso', base);
  for (let hop = 0; hop < 12; hop++) {
    const res = await jar.fetch(url);
    if (res.status < 300 || res.status >= 400) throw new Error(`sso: ${res.status} at ${url.pathname}: ${await res.text()}`);
    await res.arrayBuffer();
    const next = new URL(res.headers.get('location')!, url);
    if (next.origin === base && !next.pathname.startsWith('/dashboard/sso')) return { jar, location: next.pathname + next.hash };
    if (next.origin === base && next.pathname === '/dashboard/sso/callback') tamper?.(next);
    url = next;
  }
  throw new Error('sso: more than 12 redirects');
}

/** GET /dashboard/session with the browser's cookies. */
async function session(jar: Jar) {
  const res = await jar.fetch(new URL('/dashboard/session', base));
  return { status: res.status, body: (await res.json()) as { method?: string; person?: { email: string; name: string; role: string } } };
}

async function auditOf(action: string) {
  const res = await fetch(`${base}/v1/audit?action=${action}`, { headers: admin });
  expect(res.status).toBe(200);
  return ((await res.json()) as { entries: Array<{ actor: string; outcome: string }> }).entries;
}

describe('single sign-on, people not invited refused (AFTERCARE_OIDC_CREATE unset)', () => {
  let app: Awaited<ReturnType<typeof served>>;
  beforeAll(async () => {
    app = await served({ create: null, roleClaim: null });
    const res = await fetch(`${base}/v1/people`, {
      method: 'POST', headers: { ...admin, 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'Ana@Shop.example', name: 'Ana', role: 'agent' }),
    });
    expect(res.status).toBe(201);
  });
  afterAll(() => app?.stop());

  test('the start redirects to the provider with PKCE, state and nonce, and a flow cookie scoped to /dashboard/sso', async () => {
    const res = await fetch(`${base}/dashboard/sso`, { redirect: 'manual' });
    expect(res.status).toBe(302);
    const to = new URL(res.headers.get('location')!);
    expect(to.origin).toBe(provider.issuer);
    expect(to.searchParams.get('redirect_uri')).toBe(`${base}/dashboard/sso/callback`);
    expect(to.searchParams.get('code_challenge_method')).toBe('S256');
    expect(to.searchParams.get('state')).toBeTruthy();
    expect(to.searchParams.get('nonce')).toBeTruthy();
    expect(to.searchParams.get('scope')).toBe('openid email profile');
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith('aftercare_sso='))!;
    expect(cookie).toMatch(/; Max-Age=600/);
    expect(cookie).toMatch(/; Path=\/dashboard\/sso/);
    expect(cookie).toMatch(/; HttpOnly/);
    expect(cookie).toMatch(/; SameSite=Lax/);
  });

  test('an invited person signs in: the session is theirs, made by sso, and the flow cookie is gone', async () => {
    const { jar, location } = await signIn('ana@shop.example');
    expect(location).toBe('/dashboard/');
    expect(jar.has(base, 'aftercare_sso')).toBe(false);
    const s = await session(jar);
    expect(s.status).toBe(200);
    expect(s.body.method).toBe('sso');
    expect(s.body.person).toMatchObject({ email: 'ana@shop.example', name: 'Ana', role: 'agent' });
  });

  test('an unverified e-mail is refused, and audited with the address', async () => {
    const { jar, location } = await signIn('ben@shop.example');
    expect(location).toBe('/dashboard/#sso-error=unverified');
    expect((await session(jar)).status).toBe(401);
    expect(await auditOf('signin.sso')).toContainEqual(expect.objectContaining({ actor: 'ben@shop.example', outcome: 'refused: unverified' }));
  });

  test('a verified person who was not invited is refused, not created', async () => {
    const { jar, location } = await signIn('new@shop.example');
    expect(location).toBe('/dashboard/#sso-error=not-invited');
    expect((await session(jar)).status).toBe(401);
    expect(await auditOf('signin.sso')).toContainEqual(expect.objectContaining({ actor: 'new@shop.example', outcome: 'refused: not-invited' }));
    const people = (await (await fetch(`${base}/v1/people`, { headers: admin })).json()) as { people: Array<{ email: string | null }> };
    expect(people.people.map((p) => p.email)).not.toContain('new@shop.example');
  });

  test('a tampered state is refused: the code is never exchanged for this browser; one log line, no secret', async () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
    let code = '';
    const { jar, location } = await signIn('ana@shop.example', (callback) => {
      code = callback.searchParams.get('code')!;
      callback.searchParams.set('state', 'forged-state-value');
    });
    // Read before the restore, which forgets the calls.
    const lines = logged.mock.calls.map((args) => args.join(' '));
    logged.mockRestore();
    expect(location).toBe('/dashboard/#sso-error=failed');
    expect(lines).toEqual(['[aftercare collector] sso: invalid response encountered (unexpected "state" response parameter value)']);
    expect(code).not.toBe('');
    expect(lines.join('\n')).not.toContain(code);
    expect(lines.join('\n')).not.toContain(CLIENT.clientSecret);
    expect((await session(jar)).status).toBe(401);
    expect(await auditOf('signin.sso')).toContainEqual(expect.objectContaining({ actor: 'unknown', outcome: 'refused: failed' }));
  });

  test('a callback without the flow cookie (another browser, or after 10 minutes) is refused', async () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
    const res = await fetch(`${base}/dashboard/sso/callback?code=anything&state=anything`, { redirect: 'manual' });
    const lines = logged.mock.calls.map((args) => args.join(' '));
    logged.mockRestore();
    expect(lines).toEqual(['[aftercare collector] sso: no sign-in in progress (the flow cookie is missing, expired or altered)']);
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/dashboard/#sso-error=failed');
  });
});

describe('single sign-on, people not invited created (AFTERCARE_OIDC_CREATE=viewer, role claim aftercare_role)', () => {
  let app: Awaited<ReturnType<typeof served>>;
  beforeAll(async () => {
    app = await served({ create: 'viewer', roleClaim: 'aftercare_role' });
  });
  afterAll(() => app?.stop());

  test('a verified person not invited is created with the role the claim names, and signed in', async () => {
    const { jar, location } = await signIn('new@shop.example');
    expect(location).toBe('/dashboard/');
    const s = await session(jar);
    expect(s.status).toBe(200);
    expect(s.body.person).toMatchObject({ email: 'new@shop.example', name: 'Nora New', role: 'manager' });
  });

  test('without a role in the claim, the AFTERCARE_OIDC_CREATE role', async () => {
    const { jar, location } = await signIn('ana@shop.example');
    expect(location).toBe('/dashboard/');
    expect((await session(jar)).body.person).toMatchObject({ email: 'ana@shop.example', role: 'viewer' });
  });

  test('an unverified e-mail is still refused, and nobody is created', async () => {
    expect((await signIn('ben@shop.example')).location).toBe('/dashboard/#sso-error=unverified');
    const people = (await (await fetch(`${base}/v1/people`, { headers: admin })).json()) as { people: Array<{ email: string | null }> };
    expect(people.people.map((p) => p.email)).not.toContain('ben@shop.example');
  });
});

describe('single sign-on without AFTERCARE_PUBLIC_URL', () => {
  test('503 naming the variable', async () => {
    const collector = await createCollector({
      db: ':memory:', adminToken: TOKEN, startWorker: false, startInvitationWorker: false,
      invitations: loadInvitationConfig({}), oidc: { issuer: provider.issuer, ...CLIENT, create: null, roleClaim: null },
    });
    const res = await collector.app.request('/dashboard/sso');
    expect(res.status).toBe(503);
    expect(((await res.json()) as { error: string }).error).toContain('AFTERCARE_PUBLIC_URL');
    await collector.close();
  });
});

describe('parseOidcConfig', () => {
  const ok = { AFTERCARE_OIDC_ISSUER: 'https://id.shop.example', AFTERCARE_OIDC_CLIENT_ID: 'aftercare', AFTERCARE_OIDC_CLIENT_SECRET: 's3cret-value' };

  test('null without an issuer; the values, trimmed, with one', () => {
    expect(parseOidcConfig({})).toBeNull();
    expect(parseOidcConfig({ AFTERCARE_OIDC_ISSUER: '  ' })).toBeNull();
    expect(parseOidcConfig({ ...ok, AFTERCARE_OIDC_CREATE: ' agent ', AFTERCARE_OIDC_ROLE_CLAIM: 'roles.aftercare' })).toEqual({
      issuer: 'https://id.shop.example', clientId: 'aftercare', clientSecret: 's3cret-value', create: 'agent', roleClaim: 'roles.aftercare',
    });
    expect(parseOidcConfig({ ...ok, AFTERCARE_OIDC_ISSUER: 'http://127.0.0.1:5556/dex' })!.issuer).toBe('http://127.0.0.1:5556/dex');
    expect(parseOidcConfig({ ...ok, AFTERCARE_OIDC_ISSUER: 'http://[::1]:8080' })!.issuer).toBe('http://[::1]:8080');
    expect(parseOidcConfig({ ...ok, AFTERCARE_OIDC_ISSUER: 'http://localhost:8080' })).not.toBeNull();
  });

  test.each([
    ['http://id.shop.example', 'AFTERCARE_OIDC_ISSUER', 'expected the OpenID provider\'s issuer, an https URL such as https://accounts.google.com (http only on 127.0.0.1, ::1 or localhost), got "http://id.shop.example"'],
    ['not a url', 'AFTERCARE_OIDC_ISSUER', 'expected the OpenID provider\'s issuer, an https URL such as https://accounts.google.com (http only on 127.0.0.1, ::1 or localhost), got "not a url"'],
    ['https://id.shop.example/?tenant=1', 'AFTERCARE_OIDC_ISSUER', 'got "https://id.shop.example/?tenant=1"'],
    ['http://10.0.0.5:8080', 'AFTERCARE_OIDC_ISSUER', 'got "http://10.0.0.5:8080"'],
  ])('issuer %s is refused', (issuer, variable, message) => {
    expect(() => parseOidcConfig({ ...ok, AFTERCARE_OIDC_ISSUER: issuer })).toThrow(expect.objectContaining({ variable, message: expect.stringContaining(message) }));
  });

  test('the client id and secret are required with the issuer', () => {
    expect(() => parseOidcConfig({ ...ok, AFTERCARE_OIDC_CLIENT_ID: '' })).toThrow(
      '[aftercare collector] AFTERCARE_OIDC_CLIENT_ID: expected the client id the OpenID provider gave the collector, whenever AFTERCARE_OIDC_ISSUER is set',
    );
    expect(() => parseOidcConfig({ ...ok, AFTERCARE_OIDC_CLIENT_SECRET: undefined })).toThrow(
      '[aftercare collector] AFTERCARE_OIDC_CLIENT_SECRET: expected the client secret the OpenID provider gave the collector, whenever AFTERCARE_OIDC_ISSUER is set',
    );
  });

  test('AFTERCARE_OIDC_CREATE is a role; AFTERCARE_OIDC_ROLE_CLAIM a claim name', () => {
    expect(() => parseOidcConfig({ ...ok, AFTERCARE_OIDC_CREATE: 'boss' })).toThrow(
      '[aftercare collector] AFTERCARE_OIDC_CREATE: expected a role (owner, manager, agent, viewer) for people who sign in without an invitation, or unset to refuse them, got "boss"',
    );
    expect(() => parseOidcConfig({ ...ok, AFTERCARE_OIDC_ROLE_CLAIM: 'role claim' })).toThrow(
      '[aftercare collector] AFTERCARE_OIDC_ROLE_CLAIM: expected a claim name of 1 to 64 characters A–Z a–z 0–9 _ : . -, got "role claim"',
    );
    expect(() => parseOidcConfig({ ...ok, AFTERCARE_OIDC_ROLE_CLAIM: 'r'.repeat(65) })).toThrow(/AFTERCARE_OIDC_ROLE_CLAIM/);
  });
});
