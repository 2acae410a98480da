// Single sign-on through OpenID Connect: the authorization code flow with PKCE (openid-client).
//
//   GET /dashboard/sso           → 302 to the provider, with a fresh state, nonce and PKCE challenge
//   GET /dashboard/sso/callback  → the code exchanged (client_secret_basic), the ID token checked
//                                  (issuer, audience, signature, nonce), then 302 /dashboard/ signed in,
//                                  or 302 /dashboard/#sso-error=unverified | not-invited | failed
//
// Why these choices:
// - State, nonce and code verifier live in a cookie, not the database: a flow that is never finished
//   leaves nothing behind. The cookie is signed with a key made at start (a restart only fails the
//   sign-ins in flight), lasts 10 minutes, is HttpOnly and scoped to /dashboard/sso. It is SameSite=Lax,
//   not Strict like the session: the provider sends the browser back cross-site, and a Strict cookie
//   would not come along. It holds no credential: without the provider's code it is worth nothing.
//   (The session cookie stays Strict: set on the callback, it is stored; the dashboard page that the
//   redirect opens does not need it, and the page's own requests are same-site, so they carry it.)
// - Only a verified e-mail counts (`email_verified === true`): the e-mail is what ties the provider's
//   account to a person here, and an unverified one could be anybody's.
// - People not invited are refused unless AFTERCARE_OIDC_CREATE (or the role claim) names a role.
// - The redirect URI comes from AFTERCARE_PUBLIC_URL, never from the request's Host header, which a
//   client (or a proxy) chooses.
// - Discovery runs on the first sign-in, not at start (a provider that is down must not keep the
//   collector from starting), and is kept once it worked.
import { randomBytes } from 'node:crypto';
import type { Context, Hono } from 'hono';
import { deleteCookie, getSignedCookie, setSignedCookie } from 'hono/cookie';
import * as oidc from 'openid-client';
import { ROLES, type Role } from './access.ts';

export interface OidcConfig {
  /** AFTERCARE_OIDC_ISSUER: https, or http on a loopback host (a provider on this machine). */
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** AFTERCARE_OIDC_CREATE: the role of people who sign in without an invitation; null refuses them. */
  create: Role | null;
  /** AFTERCARE_OIDC_ROLE_CLAIM: a claim whose value, when a role name, is used instead of `create`. */
  roleClaim: string | null;
}

/** The loopback hosts on which an http issuer is allowed (config.ts parseOidcConfig checks the same). */
export const LOOPBACK = new Set(['127.0.0.1', '[::1]', 'localhost']);


export interface SsoOptions {
  config: OidcConfig;
  /** AFTERCARE_PUBLIC_URL (read per request: the demo sets it once it knows its port). */
  publicUrl: () => string | undefined;
  now: () => number;
  /** The person with this (lower-case) e-mail, if any. */
  findPerson(email: string): Promise<{ id: string } | null>;
  createPerson(p: { email: string; name: string; role: Role }): Promise<{ id: string }>;
  /** Makes the session (cookie) for the person; false when they no longer exist. */
  start(c: Context, personId: string): Promise<boolean>;
  audit(c: Context, action: string, outcome: string, actor: string): Promise<void>;
}

const FLOW_COOKIE = 'aftercare_sso';
const FLOW_PATH = '/dashboard/sso';
const FLOW_SECONDS = 600;
type SsoError = 'unverified' | 'not-invited' | 'failed';

/** What a failure says in the log: the message and the provider's error code, never a token or the secret. */
function describe(e: unknown): string {
  if (!(e instanceof Error)) return String(e);
  const oauth = e as Error & { error?: unknown; error_description?: unknown; cause?: unknown };
  const code = typeof oauth.error === 'string' ? ` (${oauth.error}${typeof oauth.error_description === 'string' ? `: ${oauth.error_description}` : ''})` : '';
  const cause = oauth.cause instanceof Error ? ` (${oauth.cause.message})` : '';
  return `${e.message}${code}${cause}`;
}
const log = (message: string) => console.error(`[aftercare collector] sso: ${message}`);

/**
 * Mounts GET /dashboard/sso and GET /dashboard/sso/callback (mount only when the issuer is set).
 * @example ssoRoutes(app, { config, publicUrl: () => invitations.publicUrl, now, findPerson, createPerson, start, audit })
 */
export function ssoRoutes(app: Hono, o: SsoOptions) {
  const key = randomBytes(32);
  const issuer = new URL(o.config.issuer);
  // parseOidcConfig allows http only on a loopback host: then (and only then) openid-client may use it.
  const insecure = issuer.protocol === 'http:' && LOOPBACK.has(issuer.hostname);
  let discovered: Promise<oidc.Configuration> | null = null;

  /** The provider's metadata, found once; a failed discovery is forgotten so the next sign-in tries again. */
  function provider(): Promise<oidc.Configuration> {
    discovered ??= (async () => {
      const options = insecure ? { execute: [oidc.allowInsecureRequests] } : undefined;
      const found = await oidc.discovery(issuer, o.config.clientId, undefined, oidc.ClientSecretBasic(o.config.clientSecret), options);
      // client_secret_basic is the default every provider must accept unless it lists others; one that
      // lists client_secret_post and not basic gets the secret in the body instead.
      const methods = found.serverMetadata().token_endpoint_auth_methods_supported;
      if (!methods || methods.includes('client_secret_basic') || !methods.includes('client_secret_post')) return found;
      const post = new oidc.Configuration(found.serverMetadata(), o.config.clientId, undefined, oidc.ClientSecretPost(o.config.clientSecret));
      if (insecure) oidc.allowInsecureRequests(post);
      return post;
    })().catch((e: unknown) => {
      discovered = null;
      throw e;
    });
    return discovered;
  }

  const noPublicUrl = (c: Context) =>
    c.json({ error: 'sso: AFTERCARE_PUBLIC_URL is not set; the OpenID provider sends people back to AFTERCARE_PUBLIC_URL/dashboard/sso/callback' }, 503);
  const cookieOptions = (base: string) => ({ httpOnly: true, sameSite: 'Lax' as const, secure: base.startsWith('https:'), path: FLOW_PATH });

  app.get(FLOW_PATH, async (c) => {
    const base = o.publicUrl();
    if (!base) return noPublicUrl(c);
    let config: oidc.Configuration;
    try {
      config = await provider();
    } catch (e) {
      log(`discovery of ${issuer.href} failed: ${describe(e)}`);
      return c.redirect('/dashboard/#sso-error=failed', 302);
    }
    const state = oidc.randomState();
    const nonce = oidc.randomNonce();
    const verifier = oidc.randomPKCECodeVerifier();
    // All three are base64url and the expiry digits: a dot separates them unambiguously.
    const flow = [state, nonce, verifier, o.now() + FLOW_SECONDS * 1000].join('.');
    await setSignedCookie(c, FLOW_COOKIE, flow, key, { ...cookieOptions(base), maxAge: FLOW_SECONDS });
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: `${base}/dashboard/sso/callback`,
      scope: 'openid email profile',
      state,
      nonce,
      code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
    });
    return c.redirect(url.href, 302);
  });

  app.get(`${FLOW_PATH}/callback`, async (c) => {
    const base = o.publicUrl();
    if (!base) return noPublicUrl(c);
    const signed = await getSignedCookie(c, key, FLOW_COOKIE);
    // One use: whatever happens next, this flow is over.
    deleteCookie(c, FLOW_COOKIE, cookieOptions(base));
    const refuse = async (code: SsoError, actor: string) => {
      await o.audit(c, 'signin.sso', `refused: ${code}`, actor);
      return c.redirect(`/dashboard/#sso-error=${code}`, 302);
    };
    const [state, nonce, verifier, exp] = typeof signed === 'string' ? signed.split('.') : [];
    if (!state || !nonce || !verifier || !(Number(exp) > o.now())) {
      // No sign-in in flight from this browser (none started, older than 10 minutes, or the cookie was
      // altered): logged, not audited, as a request without a credential is not (it names nobody).
      log('no sign-in in progress (the flow cookie is missing, expired or altered)');
      return c.redirect('/dashboard/#sso-error=failed', 302);
    }
    let email: string | null = null;
    try {
      const config = await provider();
      // The URL the provider sent the browser to, rebuilt on the public address: behind a proxy the
      // request's own URL differs, and the token endpoint compares redirect_uri exactly.
      const current = new URL(`${base}/dashboard/sso/callback`);
      current.search = new URL(c.req.url).search;
      const tokens = await oidc.authorizationCodeGrant(config, current, { pkceCodeVerifier: verifier, expectedState: state, expectedNonce: nonce, idTokenExpected: true });
      let claims: Record<string, unknown> = { ...tokens.claims() };
      const roleClaim = o.config.roleClaim;
      // Many providers put only `sub` in an ID token from the code flow and the rest in userinfo
      // (which checks the subject is the same); asked only when something we need is missing.
      const missing = !('email' in claims) || !('email_verified' in claims) || !('name' in claims) || (roleClaim !== null && !(roleClaim in claims));
      if (missing && config.serverMetadata().userinfo_endpoint) {
        claims = { ...claims, ...(await oidc.fetchUserInfo(config, tokens.access_token, String(claims.sub))) };
      }
      email = typeof claims.email === 'string' && /^[^\s@]+@[^\s@]+$/.test(claims.email.trim()) ? claims.email.trim().toLowerCase() : null;
      if (!email || claims.email_verified !== true) return await refuse('unverified', email ?? 'unknown');
      let person = await o.findPerson(email);
      if (!person) {
        const claimed = roleClaim !== null ? claims[roleClaim] : undefined;
        const role = typeof claimed === 'string' && (ROLES as readonly string[]).includes(claimed) ? (claimed as Role) : o.config.create;
        if (!role) return await refuse('not-invited', email);
        const name = typeof claims.name === 'string' && claims.name.trim() ? claims.name.trim().slice(0, 200) : email;
        person = await o.createPerson({ email, name, role });
      }
      // The session core audits the sign-in itself (method sso); false: the person was removed meanwhile.
      if (!(await o.start(c, person.id))) return await refuse('failed', email);
      return c.redirect('/dashboard/', 302);
    } catch (e) {
      log(describe(e));
      return refuse('failed', email ?? 'unknown');
    }
  });
}
