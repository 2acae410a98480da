// Passkeys (WebAuthn, through @simplewebauthn/server): a person registers one from an invitation link
// (joining the team) or from My account, and signs in with it later without typing anything. Sign-in
// is discoverable: the browser offers the passkeys it holds for this site, so the collector never says
// which accounts exist. Each ceremony's challenge is stored in the database (store/passkeys.ts) under a
// random ceremony id kept in a short-lived HttpOnly cookie, so any instance can finish it, once.
//
// The relying party is the dashboard's origin (AFTERCARE_PUBLIC_URL when set, so a passkey keeps
// working whichever host name reached this instance), its RP ID that origin's host name. Same-origin
// only and CSRF-guarded like the other sign-in routes (http/session.ts); bodies are JSON only.
import { generateAuthenticationOptions, generateRegistrationOptions, verifyAuthenticationResponse, verifyRegistrationResponse } from '@simplewebauthn/server';
import type { AuthenticationResponseJSON, RegistrationResponseJSON } from '@simplewebauthn/server';
import type { Context, Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { csrf } from 'hono/csrf';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { addPasskey, CHALLENGE_MS, passkeyById, passkeyJson, passkeysOf, passkeyUsed, deletePasskey, renamePasskey, saveChallenge, takeChallenge, type CeremonyPurpose } from '../store/passkeys.ts';
import type { Database } from '../store/schema.ts';
import { firstIssue, sameOrigin, sameOriginOnly } from './client.ts';
import { mediaType } from './limits.ts';

/** Names the stored challenge of this browser's ceremony; only sent back to the passkey routes. */
export const CEREMONY_COOKIE = 'aftercare_webauthn';
const CEREMONY_PATH = '/dashboard/passkeys';
/** The bootstrap owner signs in with the admin token only (see `refusesPasskeys`). */
const ADMIN_ID = 'admin';

interface Who {
  id: string;
  email: string | null;
  name: string;
}

export interface PasskeyOptions {
  db: Kysely<Database>;
  /** The name authenticators show for this site (the brand name). */
  rpName: string;
  /** The dashboard's origin (AFTERCARE_PUBLIC_URL); undefined: the request's own origin. */
  origin: () => string | undefined;
  now: () => number;
  start(c: Context, personId: string, method: 'passkey' | 'join'): Promise<boolean>;
  current(c: Context): Promise<Who | null>;
  /** The invitee of a live invitation, read only. */
  invitee(code: string): Promise<Who | null>;
  /** Marks the invitation used; its person id, or null when it is no longer live. */
  acceptInvite(code: string): Promise<string | null>;
  audit(c: Context, action: string, outcome: string, actor: string): Promise<void>;
  /**
   * The wrong-credential throttle of http/auth.ts (throttled, tooMany, failed): a refused passkey or a
   * dead invitation code counts toward it, as a wrong token does. Optional so tests can leave it out.
   */
  throttle?: { throttled(c: Context): Promise<string | null>; tooMany(c: Context, wait: string): Response; failed(c: Context): Promise<void> };
}

// Lengths far above what authenticators send (credential ids are at most 1,023 bytes) but bounded, so a
// hostile body costs little; the 64 KB body limit below caps the whole.
const b64url = (max: number) => z.string().min(1).max(max).regex(/^[A-Za-z0-9_-]+$/, 'expected base64url');
const code = z.string().min(1).max(200);
/** A passkey's name as people type it: trimmed, 1–100 characters (as a person's name), no control characters. */
const passkeyName = z
  .string()
  .trim()
  .min(1, 'expected a name of 1 to 100 characters')
  .max(100, 'expected a name of 1 to 100 characters')
  .regex(/^[^\p{Cc}]*$/u, 'expected no control characters');

const RegistrationResponse = z.looseObject({
  id: b64url(1400),
  rawId: b64url(1400),
  type: z.literal('public-key'),
  response: z.looseObject({
    clientDataJSON: b64url(20_000),
    attestationObject: b64url(60_000),
    transports: z.array(z.string().max(32)).max(10).optional(),
  }),
  clientExtensionResults: z.looseObject({}),
});
const AuthenticationResponse = z.looseObject({
  id: b64url(1400),
  rawId: b64url(1400),
  type: z.literal('public-key'),
  response: z.looseObject({
    clientDataJSON: b64url(20_000),
    authenticatorData: b64url(20_000),
    signature: b64url(2_000),
    userHandle: z.string().max(200).optional(),
  }),
  clientExtensionResults: z.looseObject({}),
});
const RegisterOptionsBody = z.object({ join: code.optional() });
const RegisterVerifyBody = z.object({ join: code.optional(), name: passkeyName.optional(), response: RegistrationResponse });
const LoginOptionsBody = z.object({});
const LoginVerifyBody = z.object({ response: AuthenticationResponse });
const RenameBody = z.object({ name: passkeyName });

/** A JSON body checked against `schema`; else the 415, 400 or 413 to answer with (never a 500 for a client's input). */
async function jsonBody<T>(c: Context, schema: z.ZodType<T>, example: string): Promise<T | Response> {
  if (mediaType(c) !== 'application/json') return c.json({ error: `content-type: expected application/json with ${example}` }, 415);
  let raw: unknown;
  try {
    const text = await c.req.text();
    // An empty body is an empty object: `fetch(url, {method: 'POST', headers})` without a body is common.
    raw = text.trim() === '' ? {} : JSON.parse(text);
  } catch {
    return c.json({ error: `body: expected JSON such as ${example}` }, 400);
  }
  const parsed = schema.safeParse(raw);
  return parsed.success ? parsed.data : c.json(firstIssue(parsed.error.issues), 400);
}

const smallBody = bodyLimit({
  maxSize: 64 * 1024,
  onError: (c) => c.json({ error: 'body: expected at most 65536 bytes' }, 413, { connection: 'close' }),
});

/** The audit's name for a person: their e-mail, else their name. */
const actorOf = (w: { email: string | null; name: string }) => w.email ?? w.name;

/**
 * The bootstrap owner ("admin") is whoever holds AFTERCARE_ADMIN_TOKEN: a passkey would outlive a new
 * token (changing the token must lock the old holder out), so that owner signs in with the token only.
 */
const refusesPasskeys = (id: string) => id === ADMIN_ID;
const ADMIN_REFUSAL = 'passkey: the admin token\'s owner signs in with the token only (a passkey would outlive a new token); invite yourself by e-mail under People to sign in with a passkey';

export function passkeyRoutes(app: Hono, o: PasskeyOptions): void {
  const guard = csrf({ origin: (_origin, c) => sameOrigin(c) });
  const refuseCrossOrigin = sameOriginOnly((origin) => `passkeys are used from the dashboard's own origin only (${origin})`);
  const edge = [refuseCrossOrigin, guard, smallBody] as const;

  /**
   * The relying party's origin: the configured one, else this request's own (the Origin header when it
   * is ours: behind a TLS-terminating proxy the request URL says http where the browser said https).
   */
  function originOf(c: Context): string {
    const configured = o.origin();
    if (configured) return new URL(configured).origin;
    const header = c.req.header('origin');
    return header && sameOrigin(c) ? header : new URL(c.req.url).origin;
  }

  async function begin(c: Context, challenge: string, purpose: CeremonyPurpose, personId: string | null, origin: string) {
    const ceremony = await saveChallenge(o.db, { challenge, purpose, personId, now: o.now() });
    setCookie(c, CEREMONY_COOKIE, ceremony, {
      httpOnly: true,
      sameSite: 'Strict',
      secure: origin.startsWith('https:'),
      path: CEREMONY_PATH,
      maxAge: CHALLENGE_MS / 1000,
    });
  }

  /** This browser's ceremony challenge, taken (one use), and the cookie cleared; null when there is none. */
  async function finish(c: Context, purpose: CeremonyPurpose, origin: string) {
    const ceremony = getCookie(c, CEREMONY_COOKIE);
    deleteCookie(c, CEREMONY_COOKIE, { path: CEREMONY_PATH, httpOnly: true, sameSite: 'Strict', secure: origin.startsWith('https:') });
    if (!ceremony || ceremony.length > 100) return null;
    return takeChallenge(o.db, ceremony, purpose, o.now());
  }
  const noCeremony = (c: Context, what: string) =>
    c.json({ error: `ceremony: no ${what} under way in this browser, or it took over ${CHALLENGE_MS / 60_000} minutes: start again` }, 400);
  const gone = (c: Context) => c.json({ error: 'join: this invitation link was already used, has expired or was replaced; ask for a new one' }, 410);
  const signedOut = (c: Context) => c.json({ error: 'session: not signed in' }, 401);
  /** A dead invitation code offered to finish a ceremony: counted like a wrong sign-in link. */
  const deadCode = async (c: Context) => {
    await o.throttle?.failed(c);
    return gone(c);
  };

  app.post('/dashboard/passkeys/register/options', ...edge, async (c) => {
    const body = await jsonBody(c, RegisterOptionsBody, '{"join": "<invitation code>"} or {}');
    if (body instanceof Response) return body;
    const who = body.join !== undefined ? await o.invitee(body.join) : await o.current(c);
    if (!who) return body.join !== undefined ? gone(c) : signedOut(c);
    if (refusesPasskeys(who.id)) return c.json({ error: ADMIN_REFUSAL }, 403);
    const origin = originOf(c);
    const existing = await passkeysOf(o.db, who.id);
    const options = await generateRegistrationOptions({
      rpName: o.rpName,
      rpID: new URL(origin).hostname,
      userName: who.email ?? who.name,
      userDisplayName: who.name,
      // The user handle: the person id, so a sign-in's userHandle can be checked against the passkey's owner.
      userID: new TextEncoder().encode(who.id),
      attestationType: 'none',
      // The authenticator refuses to make a second passkey for this person where one already is.
      excludeCredentials: existing.map((p) => ({ id: p.id, transports: p.transports })),
      // Discoverable (resident) keys: sign-in needs no e-mail typed first.
      authenticatorSelection: { residentKey: 'required', userVerification: 'preferred' },
    });
    await begin(c, options.challenge, 'register', who.id, origin);
    return c.json(options);
  });

  app.post('/dashboard/passkeys/register/verify', ...edge, async (c) => {
    const wait = await o.throttle?.throttled(c);
    if (wait) return o.throttle!.tooMany(c, wait);
    const body = await jsonBody(c, RegisterVerifyBody, '{"response": {…}, "name": "…", "join": "…"}');
    if (body instanceof Response) return body;
    const origin = originOf(c);
    const taken = await finish(c, 'register', origin);
    if (!taken?.personId) return noCeremony(c, 'passkey registration');
    const who = body.join !== undefined ? await o.invitee(body.join) : await o.current(c);
    if (!who) return body.join !== undefined ? deadCode(c) : signedOut(c);
    // The ceremony was begun for one person; finishing it as another (a changed session, another link) is refused.
    if (who.id !== taken.personId) return c.json({ error: 'ceremony: it was begun for someone else: start again' }, 400);
    if (refusesPasskeys(who.id)) return c.json({ error: ADMIN_REFUSAL }, 403);
    let verified: Awaited<ReturnType<typeof verifyRegistrationResponse>>;
    try {
      verified = await verifyRegistrationResponse({
        response: body.response as unknown as RegistrationResponseJSON,
        expectedChallenge: taken.challenge,
        expectedOrigin: origin,
        expectedRPID: new URL(origin).hostname,
        // Matches userVerification 'preferred': an authenticator without a PIN or biometrics still counts.
        requireUserVerification: false,
      });
    } catch (e) {
      return c.json({ error: `passkey: ${(e as Error).message}` }, 400);
    }
    if (!verified.verified) return c.json({ error: 'passkey: the registration could not be verified' }, 400);
    const { credential } = verified.registrationInfo;
    if (await passkeyById(o.db, credential.id)) return c.json({ error: 'passkey: this passkey is already registered' }, 409);
    if (body.join !== undefined && (await o.acceptInvite(body.join)) !== who.id) return deadCode(c);
    const count = (await passkeysOf(o.db, who.id)).length;
    await addPasskey(o.db, {
      id: credential.id,
      personId: who.id,
      publicKey: Buffer.from(credential.publicKey).toString('base64url'),
      counter: credential.counter,
      transports: (credential.transports ?? []).filter((t) => typeof t === 'string').slice(0, 10),
      name: body.name ?? `Passkey ${count + 1}`,
      createdMs: o.now(),
    });
    await o.audit(c, 'passkey.add', 'done', actorOf(who));
    // Joining signs the newcomer in; from My account they already are.
    if (body.join !== undefined && !(await o.start(c, who.id, 'passkey'))) return gone(c);
    return c.body(null, 204);
  });

  app.post('/dashboard/passkeys/login/options', ...edge, async (c) => {
    const body = await jsonBody(c, LoginOptionsBody, '{}');
    if (body instanceof Response) return body;
    const origin = originOf(c);
    // No allowCredentials: the browser offers whatever passkeys it holds for this site.
    const options = await generateAuthenticationOptions({ rpID: new URL(origin).hostname, userVerification: 'preferred' });
    await begin(c, options.challenge, 'login', null, origin);
    return c.json(options);
  });

  app.post('/dashboard/passkeys/login/verify', ...edge, async (c) => {
    const wait = await o.throttle?.throttled(c);
    if (wait) return o.throttle!.tooMany(c, wait);
    const body = await jsonBody(c, LoginVerifyBody, '{"response": {…}}');
    if (body instanceof Response) return body;
    const origin = originOf(c);
    const taken = await finish(c, 'login', origin);
    if (!taken) return noCeremony(c, 'passkey sign-in');
    // An unknown or wrong passkey is answered alike and recorded nowhere: it carried no valid credential
    // (as a refused admin token is not recorded), and naming whose it might be would help no one.
    const refused = async () => {
      await o.throttle?.failed(c);
      return c.json({ error: 'passkey: not recognised here (it may have been removed); sign in another way' }, 401);
    };
    const passkey = await passkeyById(o.db, body.response.id);
    if (!passkey) return refused();
    const handle = body.response.response.userHandle;
    // The user handle is the person id the passkey was made for: a mismatch means a tampered response.
    if (handle && Buffer.from(handle, 'base64url').toString('utf8') !== passkey.personId) return refused();
    let verified: Awaited<ReturnType<typeof verifyAuthenticationResponse>>;
    try {
      verified = await verifyAuthenticationResponse({
        response: body.response as unknown as AuthenticationResponseJSON,
        expectedChallenge: taken.challenge,
        expectedOrigin: origin,
        expectedRPID: new URL(origin).hostname,
        credential: { id: passkey.id, publicKey: new Uint8Array(Buffer.from(passkey.publicKey, 'base64url')), counter: passkey.counter, transports: passkey.transports },
        requireUserVerification: false,
      });
    } catch {
      // A bad signature, a counter that went backwards (a cloned authenticator), another origin: refused.
      return refused();
    }
    if (!verified.verified) return refused();
    await passkeyUsed(o.db, passkey.id, verified.authenticationInfo.newCounter, o.now());
    // False when the person was removed in between (their passkeys go with them).
    if (!(await o.start(c, passkey.personId, 'passkey'))) return refused();
    const person = await o.db.selectFrom('people').select(['email', 'name']).where('id', '=', passkey.personId).executeTakeFirst();
    await o.audit(c, 'passkey.signin', 'done', person ? actorOf(person) : passkey.personId);
    return c.body(null, 204);
  });
}

/**
 * PATCH /v1/me/passkeys/:id {name} and DELETE /v1/me/passkeys/:id: the caller's own passkeys only (the
 * app mounts these behind its credential check; `person` is the signed-in person's id). Removing a
 * passkey ends no session: it only stops that passkey signing in again.
 */
export function mePasskeyRoutes(app: Hono, o: { db: Kysely<Database>; person: (c: Context) => string }): void {
  const notFound = (c: Context) => c.json({ error: 'passkey: you have no passkey with this id' }, 404);
  app.patch('/v1/me/passkeys/:id', smallBody, async (c) => {
    const body = await jsonBody(c, RenameBody, '{"name": "Work laptop"}');
    if (body instanceof Response) return body;
    const me = o.person(c);
    const id = c.req.param('id');
    if (!(await renamePasskey(o.db, me, id, body.name))) return notFound(c);
    const passkey = await passkeyById(o.db, id);
    return passkey && passkey.personId === me ? c.json(passkeyJson(passkey)) : notFound(c);
  });
  app.delete('/v1/me/passkeys/:id', async (c) => {
    if (!(await deletePasskey(o.db, o.person(c), c.req.param('id')))) return notFound(c);
    return c.body(null, 204);
  });
}
